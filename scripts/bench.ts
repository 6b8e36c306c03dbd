/**
 * Performance benchmark of the offline default (local n-gram embedder, extractive answers):
 * ingest throughput, warm query latency (`retrieve()` and the full `ask()` path), index size on
 * disk and peak RSS, on the seed articles and on a seeded synthetic corpus, plus an incremental
 * re-ingest after one file changes. Prints a Markdown table, or one JSON object with `--json`.
 *
 * Each scenario runs in its own child process so that its peak RSS is its own.
 * This is a measurement tool, not a test: nothing here fails a build.
 *
 * Usage: npm run bench [-- --articles N] [--skip-large] [--json]
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { createAssistant, createBackend, createEmbedder, ingestCorpus } from '../src/app.ts';
import { loadConfig, type Config } from '../src/config.ts';
import type { Lang } from '../src/types.ts';
import { makeSyntheticCorpus } from './make-synthetic-corpus.ts';

const SCRIPT = fileURLToPath(import.meta.url);
const REPO = resolve(SCRIPT, '..', '..');
const SEEDS = join(REPO, 'seeds');
const SYNTHETIC_SEED = 42;
const WARMUP_ROUNDS = 3;
const TIMED_CALLS = 200;

/**
 * General news questions about the crisis (and a few off-topic ones), in both languages.
 * Deliberately not the evaluation questions: this measures speed, not quality.
 */
const BENCH_QUESTIONS: ReadonlyArray<{ lang: Lang; text: string }> = [
  { lang: 'en', text: 'What is happening at the border between Russia and Ukraine?' },
  { lang: 'en', text: 'How many Russian soldiers are deployed near Ukraine?' },
  { lang: 'en', text: 'What does Moscow demand from NATO?' },
  { lang: 'en', text: 'Is a Russian invasion of Ukraine likely?' },
  { lang: 'en', text: 'What did the German foreign minister say in Munich?' },
  { lang: 'en', text: 'Who is accused of shelling in eastern Ukraine?' },
  { lang: 'en', text: 'What did Joe Biden propose to Vladimir Putin?' },
  { lang: 'en', text: 'Where could Biden and Putin meet?' },
  { lang: 'en', text: 'What did Emmanuel Macron and Putin agree on?' },
  { lang: 'en', text: 'What did Boris Johnson say about diplomacy?' },
  { lang: 'en', text: 'Why should Americans leave Ukraine?' },
  { lang: 'en', text: 'Is the US embassy in Kyiv still open?' },
  { lang: 'en', text: 'What did Lloyd Austin say about a conflict?' },
  { lang: 'en', text: 'What sanctions could the West impose on Russia?' },
  { lang: 'en', text: 'What is the security conference in Munich about?' },
  { lang: 'en', text: 'Who won the football world cup?' },
  { lang: 'fr', text: 'Que se passe-t-il à la frontière ukrainienne ?' },
  { lang: 'fr', text: 'Combien de troupes russes sont massées près de l’Ukraine ?' },
  { lang: 'fr', text: 'Quelles sont les exigences de la Russie envers l’OTAN ?' },
  { lang: 'fr', text: 'La Russie prépare-t-elle une invasion ?' },
  { lang: 'fr', text: 'Qu’a répondu Washington à la lettre de Moscou ?' },
  { lang: 'fr', text: 'Que pense Zelensky du risque de guerre ?' },
  { lang: 'fr', text: 'Les séparatistes respectent-ils le cessez-le-feu ?' },
  { lang: 'fr', text: 'Pourquoi Biden a-t-il téléphoné au Kremlin ?' },
  { lang: 'fr', text: 'Quel rôle joue Antony Blinken dans les négociations ?' },
  { lang: 'fr', text: 'Que demande Jens Stoltenberg à la Russie ?' },
  { lang: 'fr', text: 'Quelles mesures de confiance sont proposées ?' },
  { lang: 'fr', text: 'Où se trouvent les exercices militaires russes ?' },
  { lang: 'fr', text: 'La diplomatie peut-elle encore éviter un conflit ?' },
  { lang: 'fr', text: 'Quel temps fera-t-il demain à Paris ?' },
];

/** What one scenario measured. Times in seconds unless the name says `Ms`. */
export interface ScenarioResult {
  name: string;
  articles: number;
  chunks: number;
  corpusMiB: number;
  generateSeconds?: number;
  ingestSeconds: number;
  /** CPU time of the ingest, all threads (user + system). */
  ingestCpuSeconds: number;
  chunksPerSecond: number;
  /** 1-minute load average when the scenario started (the machine may be shared). */
  loadAverage: number;
  /** createAssistant (no refresh) until it serves; the vectors may still be loading then. */
  openSeconds: number;
  /** createAssistant until the vectors are in memory too (the timed queries start after it). */
  vectorsReadySeconds: number;
  retrieveP50Ms: number;
  retrieveP95Ms: number;
  askP50Ms: number;
  askP95Ms: number;
  /** CPU time of the timed calls (all threads), milliseconds: mean and p95 per call. */
  retrieveCpuMs: number;
  retrieveCpuP95Ms: number;
  askCpuMs: number;
  askCpuP95Ms: number;
  indexMiB: number;
  indexFiles: Record<string, number>;
  /** Peak RSS of the scenario's process once the first ingest is done, and at the end. */
  ingestRssMiB: number;
  peakRssMiB: number;
  /** Peak RSS of a process that only serves: opens the index and answers the timed queries. */
  servingRssMiB: number;
  /** `crisisbot ask` in a fresh process on the ingested index (process start → answer printed), median of 3. */
  firstAnswer: { seconds: number; cpuSeconds: number; rssMiB: number };
  incremental?: { seconds: number; embeddedChunks: number; fileChunks: number; changed: string[] };
}

/** One target with its measured value. */
export interface TargetResult {
  target: string;
  measured: string;
  pass: boolean;
}

/** Nearest-rank percentile of unsorted samples. */
function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function mean(samples: number[]): number {
  return samples.reduce((sum, x) => sum + x, 0) / samples.length;
}

async function sizeOf(dir: string): Promise<{ total: number; files: Record<string, number> }> {
  const files: Record<string, number> = {};
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const bytes = (await stat(join(entry.parentPath, entry.name))).size;
    files[entry.name] = bytes;
    total += bytes;
  }
  return { total, files };
}

async function generationDir(dataDir: string): Promise<string> {
  return join(dataDir, (await readFile(join(dataDir, 'CURRENT'), 'utf8')).trim());
}

const MIB = 1024 * 1024;

/**
 * Times `fn` over the question list: warm-up rounds, then `TIMED_CALLS` calls; returns their wall
 * times and the process's CPU time during each (all threads), in milliseconds. On a shared machine
 * wall time also counts waiting for a core; CPU time does not.
 */
async function timeQueries(fn: (q: { lang: Lang; text: string }) => Promise<unknown>): Promise<{ samples: number[]; cpu: number[] }> {
  for (let round = 0; round < WARMUP_ROUNDS; round++) for (const q of BENCH_QUESTIONS) await fn(q);
  const samples: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < TIMED_CALLS; i++) {
    const q = BENCH_QUESTIONS[i % BENCH_QUESTIONS.length];
    if (!q) continue;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await fn(q);
    samples.push(performance.now() - started);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000);
  }
  return { samples, cpu };
}

/** Ingests `corpusDir` into an empty `dataDir`, then measures queries, size and (optionally) an incremental re-ingest. */
async function measure(name: string, corpusDir: string, dataDir: string, touch?: string): Promise<ScenarioResult> {
  const config: Config = loadConfig({ CORPUS_DIR: corpusDir, DATA_DIR: dataDir, EMBEDDINGS: 'local', ANSWERS: 'extractive', LOG_LEVEL: 'silent' });
  const corpus = await sizeOf(corpusDir);
  const embedder = await createEmbedder(config);

  const loadAverage = loadavg()[0] ?? 0;
  const cpu = process.cpuUsage();
  let started = performance.now();
  const summary = await ingestCorpus(config, embedder);
  const ingestSeconds = (performance.now() - started) / 1000;
  const ingestCpu = process.cpuUsage(cpu);
  const ingestRssMiB = process.resourceUsage().maxRSS / 1024;

  const serving = await serveChild(corpusDir, dataDir);
  const firstAnswer = await firstAnswerOf(corpusDir, dataDir);
  const index = await sizeOf(await generationDir(dataDir));

  const result: ScenarioResult = {
    name,
    articles: summary.articles,
    chunks: summary.chunks,
    corpusMiB: corpus.total / MIB,
    ingestSeconds,
    ingestCpuSeconds: (ingestCpu.user + ingestCpu.system) / 1e6,
    chunksPerSecond: summary.embeddedChunks / ingestSeconds,
    loadAverage,
    ...serving,
    firstAnswer,
    indexMiB: index.total / MIB,
    indexFiles: index.files,
    ingestRssMiB,
    peakRssMiB: 0,
  };

  if (touch !== undefined) {
    const path = join(corpusDir, touch);
    const original = await readFile(path, 'utf8');
    const [title = '', ...rest] = original.split('\n');
    await writeFile(path, `${title} (updated)\n${rest.join('\n')}\nThis article was updated after publication with new details from officials in Kyiv and Moscow.\n`);
    started = performance.now();
    const again = await ingestCorpus(config, embedder);
    const seconds = (performance.now() - started) / 1000;
    // The corpus files' records of the new generation (files.json since index format 3).
    const files = JSON.parse(await readFile(join(await generationDir(dataDir), 'files.json'), 'utf8')) as Record<string, { chunks: number }>;
    const docId = touch.replace(/\.[^.]+$/u, '');
    result.incremental = { seconds, embeddedChunks: again.embeddedChunks, fileChunks: files[docId]?.chunks ?? -1, changed: again.changed };
  }
  result.peakRssMiB = process.resourceUsage().maxRSS / 1024;
  return result;
}

type Serving = Pick<ScenarioResult, 'openSeconds' | 'vectorsReadySeconds' | 'retrieveP50Ms' | 'retrieveP95Ms' | 'askP50Ms' | 'askP95Ms' | 'retrieveCpuMs' | 'retrieveCpuP95Ms' | 'askCpuMs' | 'askCpuP95Ms' | 'servingRssMiB'>;

/**
 * Child-process entry of `serve`: opens the index (no refresh; it serves before its vectors are in
 * memory), waits for the vectors, then for the background re-hash that open starts (a few seconds
 * after the vectors are in, on the other core: generation-check.ts) so that the timed calls measure
 * the steady state, then times warm retrieve() and ask().
 */
async function serve(corpusDir: string, dataDir: string): Promise<Serving> {
  const config: Config = loadConfig({ CORPUS_DIR: corpusDir, DATA_DIR: dataDir, EMBEDDINGS: 'local', ANSWERS: 'extractive', LOG_LEVEL: 'silent' });
  const backend = createBackend(config);
  const started = performance.now();
  const assistant = await createAssistant(config, { refresh: false, backend });
  const openSeconds = (performance.now() - started) / 1000;
  await assistant.snapshot.vectors.loading?.();
  const vectorsReadySeconds = (performance.now() - started) / 1000;
  // The check's timer and worker do not keep a process alive: this interval does, meanwhile.
  const alive = setInterval(() => undefined, 1_000);
  await backend.index.settled?.();
  clearInterval(alive);
  const retriever = assistant.retriever;
  const retrieve = await timeQueries((q) => retriever.retrieve(q.text, 5, q.lang));
  const ask = await timeQueries((q) => assistant.ask(q.text));
  return {
    openSeconds,
    vectorsReadySeconds,
    retrieveP50Ms: percentile(retrieve.samples, 50),
    retrieveP95Ms: percentile(retrieve.samples, 95),
    askP50Ms: percentile(ask.samples, 50),
    askP95Ms: percentile(ask.samples, 95),
    retrieveCpuMs: mean(retrieve.cpu),
    retrieveCpuP95Ms: percentile(retrieve.cpu, 95),
    askCpuMs: mean(ask.cpu),
    askCpuP95Ms: percentile(ask.cpu, 95),
    servingRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}

/**
 * Runs {@link serve} in its own process, so its peak RSS is that of serving alone — from the compiled
 * dist/ (as `npm start` serves), or through tsx when there is no build.
 */
async function serveChild(corpusDir: string, dataDir: string): Promise<Serving> {
  const compiled = join(REPO, 'dist', 'scripts', 'bench.js');
  const entry = existsSync(compiled) ? [compiled] : [...process.execArgv, SCRIPT];
  const args = [...entry, '--scenario', 'serve', '--work', dataDir, '--corpus', corpusDir];
  // As `npm start` serves: with glibc's malloc asking for huge pages (bin/with-huge-pages.sh).
  const env = { ...process.env, GLIBC_TUNABLES: process.env.GLIBC_TUNABLES ?? 'glibc.malloc.hugetlb=1' };
  const { stdout } = await exec(process.execPath, args, { maxBuffer: 16 * MIB, cwd: REPO, env });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as Serving;
}

/**
 * Preloaded into the measured process: appends its own CPU time and peak RSS at exit, one line per
 * process (`crisisbot` may start itself again with huge pages: bin/huge-pages.js; both count).
 */
const USAGE_HOOK = `data:text/javascript,${encodeURIComponent(
  'import{appendFileSync}from"node:fs";process.on("exit",()=>{const c=process.cpuUsage();appendFileSync(process.env.CRISISBOT_BENCH_USAGE,JSON.stringify({cpuSeconds:(c.user+c.system)/1e6,rssMiB:process.resourceUsage().maxRSS/1024})+"\\n")})',
)}`;

/** The CPU time of every process of a run (summed) and the largest peak RSS among them. */
function usageOf(lines: string): { cpuSeconds: number; rssMiB: number } {
  const usages = lines.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { cpuSeconds: number; rssMiB: number });
  return { cpuSeconds: usages.reduce((sum, usage) => sum + usage.cpuSeconds, 0), rssMiB: Math.max(...usages.map((usage) => usage.rssMiB)) };
}
const FIRST_QUESTION = 'What did Russia threaten to do if its demands were not met?';

/**
 * Start → first answer: `crisisbot ask` (the bin, so the compiled dist/ when it is up to date) in a
 * fresh process on the ingested corpus, timed from spawn to exit; the median of three runs by wall time.
 */
async function firstAnswerOf(corpusDir: string, dataDir: string): Promise<ScenarioResult['firstAnswer']> {
  const runs: Array<ScenarioResult['firstAnswer']> = [];
  for (let i = 0; i < 3; i++) {
    const usageFile = join(dataDir, `.bench-usage-${i}.json`);
    const started = performance.now();
    await exec(process.execPath, ['--import', USAGE_HOOK, join(REPO, 'bin', 'crisisbot.js'), '--corpus', corpusDir, '--data', dataDir, 'ask', '--json', FIRST_QUESTION], {
      maxBuffer: 16 * MIB,
      cwd: REPO,
      env: { ...process.env, CRISISBOT_BENCH_USAGE: usageFile, LOG_LEVEL: 'silent', EMBEDDINGS: 'local', ANSWERS: 'extractive' },
    });
    const seconds = (performance.now() - started) / 1000;
    const usage = usageOf(await readFile(usageFile, 'utf8'));
    await rm(usageFile, { force: true });
    runs.push({ seconds, ...usage });
  }
  return runs.sort((a, b) => a.seconds - b.seconds)[1]!;
}

/** Child-process entry: runs one scenario under `work` and prints its result as JSON. */
async function runScenario(scenario: string, work: string, articles: number): Promise<ScenarioResult> {
  if (scenario === 'seeds') return measure('seeds', SEEDS, join(work, 'data-seeds'));
  const corpusDir = join(work, 'corpus-synthetic');
  const started = performance.now();
  makeSyntheticCorpus({ seedsDir: SEEDS, outDir: corpusDir, articles, seed: SYNTHETIC_SEED });
  const generateSeconds = (performance.now() - started) / 1000;
  const touched = `syn_${String(Math.floor(articles / 2)).padStart(5, '0')}.txt`;
  const result = await measure(`synthetic ${articles}`, corpusDir, join(work, 'data-synthetic'), touched);
  return { ...result, generateSeconds };
}

const exec = promisify(execFile);

async function child(scenario: string, work: string, articles: number): Promise<ScenarioResult> {
  const args = [...process.execArgv, SCRIPT, '--scenario', scenario, '--work', work, '--articles', String(articles)];
  const { stdout } = await exec(process.execPath, args, { maxBuffer: 16 * MIB, cwd: REPO });
  const last = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as ScenarioResult;
}

function targets(seeds: ScenarioResult, large: ScenarioResult | undefined): TargetResult[] {
  const ms = (n: number): string => `${n.toFixed(2)} ms`;
  const out: TargetResult[] = [
    { target: 'seeds: full ingest < 3 s', measured: `${seeds.ingestSeconds.toFixed(2)} s`, pass: seeds.ingestSeconds < 3 },
    { target: 'seeds: warm retrieve() p95 < 20 ms', measured: ms(seeds.retrieveP95Ms), pass: seeds.retrieveP95Ms < 20 },
    { target: 'seeds: warm ask() p95 < 20 ms', measured: ms(seeds.askP95Ms), pass: seeds.askP95Ms < 20 },
    { target: 'seeds: start → first answer < 1 s', measured: `${seeds.firstAnswer.seconds.toFixed(2)} s`, pass: seeds.firstAnswer.seconds < 1 },
  ];
  if (large) {
    out.push(
      { target: `${large.name}: start → first answer < 3 s`, measured: `${large.firstAnswer.seconds.toFixed(2)} s`, pass: large.firstAnswer.seconds < 3 },
      { target: `${large.name}: warm retrieve() p95 ≤ 10 ms`, measured: `${ms(large.retrieveP95Ms)} (CPU p95 ${ms(large.retrieveCpuP95Ms)})`, pass: large.retrieveP95Ms <= 10 },
      { target: `${large.name}: serving RSS ≤ 0.8 GB (800 MiB)`, measured: `${Math.round(large.servingRssMiB)} MiB`, pass: large.servingRssMiB <= 800 },
      { target: `${large.name}: warm ask() p95 < 60 ms`, measured: ms(large.askP95Ms), pass: large.askP95Ms < 60 },
      { target: `${large.name}: ingest ≥ 1,500 chunks/s`, measured: `${Math.round(large.chunksPerSecond)} chunks/s`, pass: large.chunksPerSecond >= 1500 },
    );
    if (large.incremental) {
      const inc = large.incremental;
      out.push({ target: `${large.name}: re-ingest after 1 changed file re-embeds only its chunks`, measured: `${inc.embeddedChunks} of ${inc.fileChunks}`, pass: inc.embeddedChunks === inc.fileChunks && inc.changed.length === 1 });
    }
  }
  return out;
}

function markdown(results: ScenarioResult[], checks: TargetResult[]): string {
  const rows: Array<[string, (r: ScenarioResult) => string]> = [
    ['articles / chunks', (r) => `${r.articles} / ${r.chunks}`],
    ['corpus size', (r) => `${r.corpusMiB.toFixed(2)} MiB`],
    ['corpus generation', (r) => (r.generateSeconds === undefined ? '—' : `${r.generateSeconds.toFixed(2)} s`)],
    ['full ingest (fresh DATA_DIR): wall / CPU', (r) => `${r.ingestSeconds.toFixed(2)} s / ${r.ingestCpuSeconds.toFixed(2)} s`],
    ['ingest throughput', (r) => `${Math.round(r.chunksPerSecond)} chunks/s`],
    ['start → first answer (fresh `crisisbot ask`): wall / CPU', (r) => `${r.firstAnswer.seconds.toFixed(2)} s / ${r.firstAnswer.cpuSeconds.toFixed(2)} s`],
    ['index open (createAssistant, no refresh): serving / vectors in', (r) => `${r.openSeconds.toFixed(2)} s / ${r.vectorsReadySeconds.toFixed(2)} s`],
    ['warm retrieve() p50 / p95', (r) => `${r.retrieveP50Ms.toFixed(2)} / ${r.retrieveP95Ms.toFixed(2)} ms`],
    ['warm ask() p50 / p95', (r) => `${r.askP50Ms.toFixed(2)} / ${r.askP95Ms.toFixed(2)} ms`],
    ['warm retrieve() CPU per call (all threads), mean / p95', (r) => `${r.retrieveCpuMs.toFixed(2)} / ${r.retrieveCpuP95Ms.toFixed(2)} ms`],
    ['warm ask() CPU per call (all threads), mean / p95', (r) => `${r.askCpuMs.toFixed(2)} / ${r.askCpuP95Ms.toFixed(2)} ms`],
    ['index size on disk', (r) => `${r.indexMiB.toFixed(2)} MiB`],
    ['1-min load average at start', (r) => r.loadAverage.toFixed(2)],
    ['peak RSS (after ingest / overall)', (r) => `${r.ingestRssMiB.toFixed(0)} / ${r.peakRssMiB.toFixed(0)} MiB`],
    ['peak RSS serving (open + timed queries / fresh `crisisbot ask`)', (r) => `${r.servingRssMiB.toFixed(0)} / ${r.firstAnswer.rssMiB.toFixed(0)} MiB`],
    ['incremental re-ingest (1 file changed)', (r) => (r.incremental ? `${r.incremental.seconds.toFixed(2)} s, ${r.incremental.embeddedChunks} chunks re-embedded (file has ${r.incremental.fileChunks})` : '—')],
  ];
  const lines = [`| metric | ${results.map((r) => r.name).join(' | ')} |`, `|---|${results.map(() => '---:').join('|')}|`];
  for (const [label, cell] of rows) lines.push(`| ${label} | ${results.map(cell).join(' | ')} |`);
  lines.push('', '| target | measured | result |', '|---|---:|:---:|');
  for (const check of checks) lines.push(`| ${check.target} | ${check.measured} | ${check.pass ? 'PASS' : 'FAIL'} |`);
  const sizes = results.map((r) => `${r.name}: ${Object.entries(r.indexFiles).map(([f, b]) => `${f} ${(b / MIB).toFixed(2)} MiB`).join(', ')}`);
  lines.push('', `Index files — ${sizes.join('; ')}.`);
  lines.push(`Node ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? 'unknown'}); ${BENCH_QUESTIONS.length} questions, ${WARMUP_ROUNDS} warm-up rounds, ${TIMED_CALLS} timed calls each.`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      articles: { type: 'string', default: '10000' },
      'skip-large': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      store: { type: 'string', default: 'local' },
      // --store postgres: `postings` measures the BM25 fallback instead of pg_textsearch's index.
      lexical: { type: 'string', default: 'bm25-index' },
      // Internal: run one scenario in this process (used by the parent for per-scenario peak RSS).
      scenario: { type: 'string' },
      work: { type: 'string' },
      corpus: { type: 'string' },
    },
  });
  const articles = Number(values.articles);
  if (!Number.isInteger(articles) || articles <= 0) {
    console.error('usage: bench [--store local|postgres] [--articles N] [--lexical bm25-index|postings] [--skip-large] [--json]');
    process.exit(2);
  }
  if (values.scenario === 'serve' && values.work !== undefined && values.corpus !== undefined) {
    process.stdout.write(`${JSON.stringify(await serve(values.corpus, values.work))}\n`);
    return;
  }
  if (values.scenario !== undefined && values.work !== undefined) {
    process.stdout.write(`${JSON.stringify(await runScenario(values.scenario, values.work, articles))}\n`);
    return;
  }
  if (values.store === 'postgres') {
    // The PostgreSQL backend on the embedded engine (scripts/bench-postgres.ts).
    const { benchPostgres, postgresMarkdown } = await import('./bench-postgres.ts');
    const work = await mkdtemp(join(tmpdir(), 'crisisbot-bench-pg-'));
    try {
      const lexical = values.lexical === 'postings' ? 'postings' : 'bm25-index';
      const result = await benchPostgres(work, articles, REPO, SEEDS, lexical);
      process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${postgresMarkdown(result)}\n`);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
    return;
  }
  if (values.store !== 'local') {
    console.error('usage: bench [--store local|postgres] [--articles N] [--lexical bm25-index|postings] [--skip-large] [--json]');
    process.exit(2);
  }
  // Start-up is measured on the compiled JavaScript, as `npm start` and `crisisbot` run it.
  await exec(process.execPath, [join(REPO, 'bin', 'build.js'), '--if-stale'], { cwd: REPO });
  const work = await mkdtemp(join(tmpdir(), 'crisisbot-bench-'));
  try {
    if (!values.json) console.error('Benchmarking the seeds…');
    const seeds = await child('seeds', work, articles);
    let large: ScenarioResult | undefined;
    if (!values['skip-large']) {
      if (!values.json) console.error(`Benchmarking a synthetic corpus of ${articles} articles…`);
      large = await child('synthetic', work, articles);
    }
    const results = large ? [seeds, large] : [seeds];
    const checks = targets(seeds, large);
    if (values.json) process.stdout.write(`${JSON.stringify({ node: process.version, cpus: cpus().length, results, targets: checks })}\n`);
    else process.stdout.write(`${markdown(results, checks)}\n`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
