/**
 * The `crisisbot` command as a user runs it: `node bin/crisisbot.js …` in the repository, with a
 * temp DATA_DIR. Each spawn costs about a second, so there are few of them.
 */
import { execFile } from 'node:child_process';
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import { REPO_DIR, removeDir, SEED_IDS, SEEDS_DIR, tempDir } from '../support/seed-index.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function crisisbot(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/crisisbot.js', ...args],
      { cwd: REPO_DIR, env: { ...process.env, CORPUS_DIR: SEEDS_DIR, EMBEDDINGS: 'local', ANSWERS: 'extractive', LOG_LEVEL: 'warn', ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const onlyLine = (text: string): string => {
  const lines = text.trim().split('\n');
  expect(lines, text).toHaveLength(1);
  return lines[0] ?? '';
};

describe('crisisbot CLI', () => {
  let root: string;
  let dataDir: string;

  beforeAll(() => {
    root = tempDir('crisisbot-cli-');
    dataDir = join(root, 'data');
  });
  afterAll(() => removeDir(root));

  // Independent of the shared index: run side by side.
  it.concurrent('ingest prints a summary that mentions articles and chunks', async () => {
    const run = await crisisbot(['ingest'], { DATA_DIR: join(root, 'fresh') });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Indexed 5 articles, \d+ chunks/u);
    expect(run.stdout).toMatch(/embedded \d+ chunks/u);
  });

  it.concurrent('summary --doc \'\' is refused as a usage error instead of summarising the whole corpus', async () => {
    const run = await crisisbot(['summary', '--doc', ''], { DATA_DIR: dataDir });
    expect(run.code).toBe(2);
    expect(onlyLine(run.stderr)).toBe('error: --doc is empty: give an article id or part of its title (or leave --doc out to summarise the whole corpus).');
    expect(run.stdout).toBe('');
  });

  it.concurrent('a bad flag value is a usage error: exit 2', async () => {
    const run = await crisisbot(['search', '--k', 'zero', 'sanctions'], { DATA_DIR: dataDir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/positive whole number/u);
    expect(run.stdout).toBe('');
  });

  it.concurrent('a missing corpus folder is exit 2 with a one-line message', async () => {
    const run = await crisisbot(['--corpus', '/nonexistent/corpus', 'search', 'sanctions'], { DATA_DIR: join(root, 'none') });
    expect(run.code).toBe(2);
    expect(onlyLine(run.stderr)).toBe('error: Corpus folder not found: /nonexistent/corpus (set CORPUS_DIR or pass --corpus).');
    expect(run.stdout).toBe('');
  });

  it('search --json ingests first when there is no index, then prints exactly one JSON object', async () => {
    const run = await crisisbot(['search', 'What did Peskov say about sanctions?', '--json'], { DATA_DIR: dataDir });
    expect(run.code, run.stderr).toBe(0);
    const { articles } = await loadCorpus(SEEDS_DIR);
    const parsed = JSON.parse(onlyLine(run.stdout)) as { query: string; results: Array<Record<string, unknown>> };
    expect(Object.keys(parsed).sort()).toEqual(['query', 'results']);
    expect(parsed.query).toBe('What did Peskov say about sanctions?');
    expect(parsed.results).toHaveLength(5);
    parsed.results.forEach((r, i) => {
      expect(Object.keys(r).sort()).toEqual(['chunkId', 'docId', 'end', 'lang', 'rank', 'score', 'start', 'text', 'title']);
      expect(r.rank).toBe(i + 1);
      expect(typeof r.score).toBe('number');
      expect(['en', 'fr']).toContain(r.lang);
      expect(r.chunkId).toBe(`${String(r.docId)}#${String(r.chunkId).split('#')[1]}`);
      const article = articles.find((a) => a.docId === r.docId);
      expect(article?.text.slice(r.start as number, r.end as number)).toBe(r.text);
    });
    expect(parsed.results.map((r) => r.docId).slice(0, 3)).toContain(SEED_IDS.writtenResponseFr);
    expect(readFileSync(join(dataDir, 'CURRENT'), 'utf8')).toMatch(/^index-/u);
  });

  it('ask --json prints the Answer contract', async () => {
    const run = await crisisbot(['ask', 'Combien', 'de', 'soldats', 'Biden', 'va-t-il', 'envoyer', 'en', "Europe de l'Est ?", '--json'], { DATA_DIR: dataDir });
    expect(run.code, run.stderr).toBe(0);
    const answer = JSON.parse(onlyLine(run.stdout)) as Record<string, unknown> & { citations: Array<Record<string, unknown>> };
    for (const key of ['question', 'language', 'abstained', 'answer', 'citations', 'passages', 'method']) expect(answer).toHaveProperty(key);
    expect(answer.question).toBe("Combien de soldats Biden va-t-il envoyer en Europe de l'Est ?");
    expect(answer.language).toBe('fr');
    expect(answer.abstained).toBe(false);
    expect(answer.method).toBe('extractive');
    expect(answer.citations.length).toBeGreaterThan(0);
    for (const c of answer.citations) expect(Object.keys(c).sort()).toEqual(['chunkId', 'docId', 'end', 'n', 'quote', 'start', 'title']);
    expect(String(answer.answer)).toMatch(/\[1\]/u);
  });

  it('eval --json --set report on a small dataset prints the metrics of that half only', async () => {
    const dataset = join(root, 'mini.jsonl');
    const items = [
      { id: 'm0', split: 'tune', lang: 'en', question: 'Who is Peskov?', answerable: true, docs: [SEED_IDS.writtenResponseFr], evidence: ['Peskov'], answer: ['Peskov'] },
      { id: 'm1', lang: 'en', question: 'What did Peskov say about sanctions against Putin?', answerable: true, docs: [SEED_IDS.writtenResponseFr], evidence: ['Peskov'], answer: ['Peskov|destruct'] },
      { id: 'm2', lang: 'fr', question: "Combien de soldats Biden va-t-il envoyer en Europe de l'Est ?", answerable: true, docs: [SEED_IDS.troopsEn], evidence: ['limited number of soldiers|not many'], answer: ['limited|not many'] },
      { id: 'm3', lang: 'en', question: 'Who won the 2018 football World Cup?', answerable: false, docs: [], evidence: [], answer: [] },
    ];
    writeFileSync(dataset, `${items.map((i) => JSON.stringify({ split: 'report', ...i })).join('\n')}\n`);
    const run = await crisisbot(['eval', '--json', '--set', 'report', '--dataset', dataset], { DATA_DIR: dataDir });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(onlyLine(run.stdout)) as { retrieval: Record<string, unknown>; answers: Record<string, unknown>; perQuestion: unknown[] };
    expect(Object.keys(report).sort()).toEqual(['answerable', 'answers', 'crossLanguage', 'perQuestion', 'questions', 'retrieval']);
    expect(report).toMatchObject({ questions: 3, answerable: 2, crossLanguage: 2 });
    expect(Object.keys(report.retrieval).sort()).toEqual(['cross', 'mrrAt10', 'recallAt1', 'recallAt3', 'recallAt5', 'relevance']);
    expect(Object.keys(report.answers).sort()).toEqual(
      [
        'abstentionPrecision',
        'abstentionRecall',
        'citationValidity',
        'citations',
        'falseAbstentionRate',
        'firstQuoteHit',
        'hitRate',
        'latencyMeanMs',
        'latencyP95Ms',
        'quotePrecision',
        'wrongAbstentions',
      ].sort(),
    );
    expect(report.retrieval.recallAt5).toBe(1);
    expect(report.answers.citationValidity).toBe(1);
    expect(report.answers.abstentionRecall).toBe(1);
    expect(report.perQuestion).toHaveLength(3);
  });

  it('search on a corrupt index exits non-zero with one line naming the fix, and no stack trace', async () => {
    const generation = readFileSync(join(dataDir, 'CURRENT'), 'utf8').trim();
    truncateSync(join(dataDir, generation, 'lexical.bin'), 50);
    const run = await crisisbot(['search', 'sanctions', '--json'], { DATA_DIR: dataDir });
    expect(run.code).not.toBe(0);
    const line = onlyLine(run.stderr);
    expect(line).toMatch(/^error: The index in .* is corrupt/u);
    expect(line).toMatch(/crisisbot ingest/u);
    expect(run.stderr).not.toMatch(/\n\s+at /u);
    expect(run.stdout).toBe('');
  });
});
