/** `crisisbot check`, `timeline` and `eval-claims` as a user runs them (spawned, temp DATA_DIR). */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_DIR, removeDir, SEEDS_DIR, tempDir } from '../support/seed-index.ts';

function crisisbot(args: string[], dataDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/crisisbot.js', ...args],
      { cwd: REPO_DIR, env: { ...process.env, CORPUS_DIR: SEEDS_DIR, DATA_DIR: dataDir, EMBEDDINGS: 'local', ANSWERS: 'extractive', LOG_LEVEL: 'warn' }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('crisisbot check / timeline / eval-claims', () => {
  let root: string;
  beforeAll(async () => {
    root = tempDir('crisisbot-cli-commands-');
    expect((await crisisbot(['ingest'], join(root, 'data'))).code).toBe(0);
  });
  afterAll(() => removeDir(root));

  it.concurrent('check --json prints { claim, language, verdict, statements } with answer-contract citations', async () => {
    const run = await crisisbot(['check', 'Biden sent 100,000 US troops to Ukraine', '--json'], join(root, 'data'));
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as Record<string, unknown> & { statements: Array<Record<string, unknown>> };
    expect(Object.keys(out).sort()).toEqual(['claim', 'language', 'statements', 'verdict']);
    expect(out).toMatchObject({ claim: 'Biden sent 100,000 US troops to Ukraine', language: 'en', verdict: 'contradicted' });
    expect(Object.keys(out.statements[0]!).sort()).toEqual(['citations', 'reason', 'text', 'verdict']);
    expect(out.statements[0]!.citations).toEqual([expect.objectContaining({ n: 1, chunkId: expect.any(String), docId: expect.any(String), title: expect.any(String), quote: expect.any(String), start: expect.any(Number), end: expect.any(Number) })]);
  });

  it.concurrent('timeline --json prints events in date order, dates as YYYY-MM-DD or null', async () => {
    const run = await crisisbot(['timeline', '--json'], join(root, 'data'));
    expect(run.code, run.stderr).toBe(0);
    const { events } = JSON.parse(run.stdout) as { events: Array<{ date: string | null; dateText: string; text: string; citations: unknown[] }> };
    for (const event of events) expect(event.date === null || /^\d{4}-\d{2}-\d{2}$/u.test(event.date), String(event.date)).toBe(true);
    const days = events.map((e) => e.date).filter((d): d is string => d !== null);
    expect(days.length).toBeGreaterThanOrEqual(10);
    expect(days).toEqual([...days].sort());
    for (const event of events) expect(event.citations.length).toBeGreaterThan(0);
    const topic = await crisisbot(['timeline', '--topic', '', '--json'], join(root, 'data'));
    expect(topic.code).toBe(2);
  });

  it.concurrent('eval-claims scores eval/claims.jsonl', async () => {
    const run = await crisisbot(['eval-claims', '--json'], join(root, 'data'));
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { claims: number; accuracy: number; contradictedWithoutQuote: number };
    expect(report.claims).toBeGreaterThanOrEqual(24);
    expect(report.accuracy).toBeGreaterThanOrEqual(0.85);
    expect(report.contradictedWithoutQuote).toBe(0);
  });
});
