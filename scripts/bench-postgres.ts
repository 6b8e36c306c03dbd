/**
 * `npm run bench -- --store postgres [--articles N] [--lexical postings]`: the PostgreSQL backend on the
 * embedded engine (PGlite + pgvector + pg_textsearch, served by scripts/pg-serve.ts in its own process,
 * data on disk), over the synthetic corpus: ingest chunks/s, open time, retrieval and lexical-only
 * p50/p95, peak RSS of the bot process and of the database process, database size per chunk.
 * `--lexical postings` measures the BM25 fallback for servers without pg_textsearch. PGlite is one single-threaded WASM Postgres:
 * these figures bound a development engine, not a native PostgreSQL server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { createAssistant, createEmbedder, ingestCorpus } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createPostgresBackend } from '../src/store/postgres/lazy.ts';
import type { LexicalMode } from '../src/store/postgres/schema.ts';
import type { Lang } from '../src/types.ts';
import { makeSyntheticCorpus } from './make-synthetic-corpus.ts';

const QUESTIONS: Array<{ lang: Lang; text: string }> = [
  { lang: 'en', text: 'What did Russia threaten to do if its demands were not met?' },
  { lang: 'en', text: 'How many soldiers will Biden send to Eastern Europe?' },
  { lang: 'fr', text: 'Que demande le Kremlin à l’OTAN ?' },
  { lang: 'en', text: 'What sanctions were promised in the event of an attack on Ukraine?' },
  { lang: 'fr', text: 'Où Biden propose-t-il de rencontrer Poutine ?' },
];

function du(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  return total;
}

/** Peak resident memory (VmHWM) of a process, MiB. */
function peakRss(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmHWM:'));
  return Number(line?.replace(/\D+/gu, '') ?? 0) / 1024;
}

async function serveEngine(dataDir: string, repo: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'scripts/pg-serve.ts'), '--port', '0', '--data', dataDir], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  while (!out.includes('\n')) {
    if (child.exitCode !== null) throw new Error('pg:serve exited');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url: out.trim().replace(/^DATABASE_URL=/u, ''), child };
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export interface PostgresBenchResult {
  articles: number;
  chunks: number;
  ingestSeconds: number;
  chunksPerSecond: number;
  openSeconds: number;
  retrieveP50Ms: number;
  retrieveP95Ms: number;
  lexical: LexicalMode;
  lexicalP50Ms: number;
  lexicalP95Ms: number;
  botPeakRssMiB: number;
  enginePeakRssMiB: number;
  databaseMiB: number;
  bytesPerChunk: number;
}

/** Runs the Postgres scenario under `work` (a fresh folder). */
export async function benchPostgres(work: string, articles: number, repo: string, seeds: string, lexical: LexicalMode = 'bm25-index'): Promise<PostgresBenchResult> {
  const corpusDir = join(work, 'corpus-pg');
  makeSyntheticCorpus({ seedsDir: seeds, outDir: corpusDir, articles, seed: 42 });
  const dbDir = join(work, 'pglite-data');
  const engine = await serveEngine(dbDir, repo);
  try {
    const config = loadConfig({ CORPUS_DIR: corpusDir, DATA_DIR: join(work, 'unused'), STORE: 'postgres', DATABASE_URL: engine.url, LOG_LEVEL: 'silent' });
    const embedder = await createEmbedder(config);
    const backend = createPostgresBackend(engine.url, { lexical });
    let started = performance.now();
    const summary = await ingestCorpus(config, embedder, { backend });
    const ingestSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const assistant = await createAssistant(config, { refresh: false, backend });
    const openSeconds = (performance.now() - started) / 1000;
    for (const q of QUESTIONS) await assistant.retriever.retrieve(q.text, 5, q.lang);
    const samples: number[] = [];
    for (let i = 0; i < 60; i++) {
      const q = QUESTIONS[i % QUESTIONS.length]!;
      const t = performance.now();
      await assistant.retriever.retrieve(q.text, 5, q.lang);
      samples.push(performance.now() - t);
    }
    const lexicalSamples: number[] = [];
    for (let i = 0; i < 60; i++) {
      const t = performance.now();
      await assistant.snapshot.lexical.search(QUESTIONS[i % QUESTIONS.length]!.text, 10);
      lexicalSamples.push(performance.now() - t);
    }
    const client = new pg.Client(engine.url);
    await client.connect();
    const { rows } = await client.query<{ bytes: string }>('SELECT pg_database_size(current_database()) AS bytes');
    await client.end();
    await backend.close();
    const databaseBytes = Number(rows[0]?.bytes ?? du(dbDir));
    return {
      articles: summary.articles,
      chunks: summary.chunks,
      ingestSeconds,
      chunksPerSecond: summary.embeddedChunks / ingestSeconds,
      openSeconds,
      retrieveP50Ms: percentile(samples, 50),
      retrieveP95Ms: percentile(samples, 95),
      lexical,
      lexicalP50Ms: percentile(lexicalSamples, 50),
      lexicalP95Ms: percentile(lexicalSamples, 95),
      botPeakRssMiB: process.resourceUsage().maxRSS / 1024,
      enginePeakRssMiB: peakRss(engine.child.pid!),
      databaseMiB: databaseBytes / 1024 / 1024,
      bytesPerChunk: databaseBytes / Math.max(1, summary.chunks),
    };
  } finally {
    // Waited for, so the caller can remove its data folder (a busy PGlite ignores SIGTERM: SIGKILL after 3 s).
    const exited = engine.child.exitCode !== null || engine.child.signalCode !== null ? Promise.resolve() : once(engine.child, 'exit');
    engine.child.kill('SIGTERM');
    const timer = setTimeout(() => engine.child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  }
}

/** The result as a small markdown table. */
export function postgresMarkdown(r: PostgresBenchResult): string {
  const rows: Array<[string, string]> = [
    ['articles / chunks', `${r.articles} / ${r.chunks}`],
    ['full ingest: wall, chunks/s', `${r.ingestSeconds.toFixed(1)} s, ${r.chunksPerSecond.toFixed(0)} chunks/s`],
    ['open (no ingest)', `${r.openSeconds.toFixed(2)} s`],
    ['retrieve p50 / p95 (warm)', `${r.retrieveP50Ms.toFixed(1)} / ${r.retrieveP95Ms.toFixed(1)} ms`],
    [`lexical top-10 alone p50 / p95 (${r.lexical})`, `${r.lexicalP50Ms.toFixed(1)} / ${r.lexicalP95Ms.toFixed(1)} ms`],
    ['peak RSS: bot process / PGlite process', `${r.botPeakRssMiB.toFixed(0)} / ${r.enginePeakRssMiB.toFixed(0)} MiB`],
    ['database size, per chunk', `${r.databaseMiB.toFixed(1)} MiB, ${(r.bytesPerChunk / 1024).toFixed(1)} KiB`],
  ];
  return ['| STORE=postgres on PGlite | value |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}
