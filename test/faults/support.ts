/**
 * Helpers of the fault suite (`npm run test:faults`): the `crisisbot` command run as a user runs
 * it, a synthetic corpus large enough for an ingest to take a moment, the state of a DATA_DIR, and
 * the check that no secret or interaction token reached any output line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { captureOutput, capturedOutputs } from '../support/captured-output.ts';
import { REPO_DIR, SEEDS_DIR } from '../support/seed-index.ts';

/** Secrets every fault test hands to the processes it runs; none may appear in any output. */
export const SECRETS = {
  OPENAI_API_KEY: 'sk-fault-suite-0123456789abcdefghijklmnopqrstuvwxyz',
  DISCORD_TOKEN: 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.fault.suite-token-0123456789abcdef',
};

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcess;
  result: Promise<Run>;
  /** Output so far. */
  output(): string;
}

/**
 * A clean environment: PATH and HOME, blank crisisbot variables (so `.env` cannot fill them), the
 * suite's secrets (every process holds them, so any path that logs them is caught), then `env`.
 * glibc's huge pages are set as `crisisbot` sets them, so it runs in the process started (no second
 * process: bin/huge-pages.js, tested in test/cli/huge-pages.test.ts) and a kill -9 hits the one at work.
 */
export function faultEnv(env: Record<string, string>): Record<string, string> {
  const blank = { DISCORD_GUILD_ID: '', DISCORD_API_URL: '', ANSWER_CHANNEL_IDS: '', OPENAI_BASE_URL: '', EMBEDDINGS: '', ANSWERS: '', ...SECRETS };
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1', ...blank, LOG_LEVEL: 'info', ...env };
}

/** Starts `crisisbot <args>` (bin/crisisbot.js, as installed) with a clean environment. */
export function startCli(args: string[], env: Record<string, string>): RunningCli {
  const child = spawn(process.execPath, ['bin/crisisbot.js', ...args], { cwd: REPO_DIR, env: faultEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const result = new Promise<Run>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  captureOutput(`crisisbot ${args.join(' ')}`, () => stdout + stderr);
  return { child, result, output: () => stdout + stderr };
}

/** Where a bot on `STORE=postgres` runs: the fake Discord, the database, the corpus root and the metrics port. */
export interface PostgresBotSetup {
  fake: { apiUrl: string; until: (test: () => boolean, timeoutMs: number, what: string) => Promise<unknown> };
  databaseUrl: string;
  root: string;
  metricsPort: number;
  env?: Record<string, string>;
}

/** Starts `crisisbot start` on `STORE=postgres` with health and metrics, and waits until it serves. */
export async function startPostgresBot(setup: PostgresBotSetup): Promise<RunningCli> {
  const bot = startCli(['start'], {
    DISCORD_API_URL: setup.fake.apiUrl,
    STORE: 'postgres',
    DATABASE_URL: setup.databaseUrl,
    CORPUS_DIR: join(setup.root, 'corpus'),
    DATA_DIR: join(setup.root, 'data'),
    METRICS_PORT: String(setup.metricsPort),
    INDEX_POLL_SECONDS: '1',
    LOG_LEVEL: 'info',
    ...setup.env,
  });
  await setup.fake.until(() => bot.output().includes('Serving /healthz and /metrics') || bot.child.exitCode !== null, 150_000, 'the bot to start');
  return bot;
}

/** Runs `crisisbot <args>` to its end (killed after `timeoutMs`). */
export async function cli(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<Run> {
  const running = startCli(args, env);
  const timer = setTimeout(() => running.child.kill('SIGKILL'), timeoutMs);
  try {
    return await running.result;
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves once the output so far satisfies `test` (polled), or rejects after `timeoutMs`. */
export async function waitForOutput(running: RunningCli, test: (output: string) => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test(running.output())) {
    if (running.child.exitCode !== null || Date.now() > deadline) throw new Error(`output never matched; got:\n${running.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const seedParagraphs = readdirSync(SEEDS_DIR)
  .filter((name) => name.endsWith('.txt'))
  .flatMap((name) => readFileSync(join(SEEDS_DIR, name), 'utf8').split(/\n\s*\n/u))
  .map((p) => p.trim())
  .filter((p) => p.length > 120 && !/commentaire|subscribe|newsletter/iu.test(p));

/**
 * Writes `count` distinct articles (seed paragraphs in a different order, and a sentence naming
 * the article) into `dir`; returns their doc ids.
 */
export function syntheticCorpus(dir: string, count: number): string[] {
  mkdirSync(dir, { recursive: true });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = `synthetic-${String(i).padStart(4, '0')}`;
    const paragraphs = Array.from({ length: 6 }, (_, j) => seedParagraphs[(i * 7 + j * 13) % seedParagraphs.length] ?? '');
    const marker = `Dispatch ${i} of the synthetic corpus reports on checkpoint number ${i * 31 + 7}.`;
    writeFileSync(join(dir, `${id}.txt`), [marker, ...paragraphs].join('\n\n'));
    ids.push(id);
  }
  return ids;
}

/** The generation folders and other entries of a DATA_DIR. */
export function dataDirEntries(dataDir: string): { generations: string[]; current: string | undefined; other: string[] } {
  if (!existsSync(dataDir)) return { generations: [], current: undefined, other: [] };
  const entries = readdirSync(dataDir);
  const current = entries.includes('CURRENT') ? readFileSync(join(dataDir, 'CURRENT'), 'utf8').trim() : undefined;
  return { generations: entries.filter((e) => e.startsWith('index-')), current, other: entries.filter((e) => !e.startsWith('index-') && e !== 'CURRENT') };
}

/** Fails when any secret, or any string matching an interaction-token shape, appears in `text`. */
export function expectNoSecrets(text: string, extra: string[] = []): void {
  for (const secret of [...Object.values(SECRETS), ...extra]) expect(text.includes(secret), `a secret reached the output:\n${text}`).toBe(false);
  expect(text).not.toMatch(/itoken-\d+-x{10,}/u);
}

/** Scans the output of every process this test file started (see no-secrets.setup.ts); returns how many. */
export function expectNoSecretsInCapturedOutput(): number {
  const outputs = capturedOutputs();
  for (const { label, read } of outputs) {
    const text = read();
    for (const line of text.split('\n')) {
      const leaked = Object.entries(SECRETS).find(([, secret]) => line.includes(secret))?.[0] ?? (/itoken-\d+-x{10,}/u.test(line) ? 'an interaction token' : undefined);
      expect(leaked, `${leaked ?? ''} reached a log line of \`${label}\`:\n${line}`).toBeUndefined();
    }
  }
  return outputs.length;
}
