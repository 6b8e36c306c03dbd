/**
 * What a one-question `crisisbot ask` loads on the offline default (local embeddings, extractive
 * answers), spawned as a user runs it and watched by a module hook: none of the adapters and
 * libraries it does not use. Each of them costs start-up time (discord.js alone ~0.8 s of CPU),
 * and a static import anywhere on the path would bring one back unnoticed.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_DIR, removeDir, SEEDS_DIR, tempDir } from '../support/seed-index.ts';

/** Preloaded into the child: logs every module it loads (ESM through a load hook, CommonJS from the require cache at exit). */
function moduleLogHook(logFile: string): string {
  const hooks = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) { appendFileSync(${JSON.stringify(logFile)}, url + '\\n'); return next(url, context); }`;
  const main = `import Module, { register } from 'node:module';
import { appendFileSync } from 'node:fs';
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});
process.on('exit', () => appendFileSync(${JSON.stringify(logFile)}, Object.keys(Module._cache).join('\\n') + '\\n'));`;
  return `data:text/javascript,${encodeURIComponent(main)}`;
}

function run(args: string[], env: Record<string, string>, nodeArgs: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...nodeArgs, 'bin/crisisbot.js', ...args], { cwd: REPO_DIR, env: { ...process.env, ...env }, timeout: 90_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** The package a loaded file belongs to (`@scope/name` or `name`), or undefined outside node_modules. */
function packageOf(file: string): string | undefined {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/[^]*$/u.exec(file.split('\\').join('/'));
  return match?.[1]?.replace(/\/node_modules\/.*$/u, '');
}

describe('crisisbot ask on the offline default', () => {
  let root: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    root = tempDir('crisisbot-ask-modules-');
    env = { CORPUS_DIR: SEEDS_DIR, DATA_DIR: join(root, 'data'), EMBEDDINGS: 'local', ANSWERS: 'extractive', LOG_LEVEL: 'warn' };
    const ingest = await run(['ingest', '--json'], env);
    expect(ingest.code, ingest.stderr).toBe(0);
  }, 120_000);
  afterAll(() => removeDir(root));

  it('answers without loading Discord, OpenAI, PostgreSQL, metrics, LangChain or the claim-check libraries', async () => {
    const logFile = join(root, 'modules.log');
    const ask = await run(['ask', '--json', 'What did Russia threaten to do if its demands were not met?'], env, ['--import', moduleLogHook(logFile)]);
    expect(ask.code, ask.stderr).toBe(0);
    expect(JSON.parse(ask.stdout)).toMatchObject({ language: 'en', abstained: false });

    const files = readFileSync(logFile, 'utf8').split('\n').filter(Boolean);
    const packages = new Set(files.map(packageOf).filter((name): name is string => name !== undefined));
    // The hook works: what an answer needs is in the log.
    expect(packages).toContain('hnswlib-node');
    expect(packages).toContain('snowball-stemmers');
    const unused = ['discord.js', '@discordjs/rest', '@discordjs/ws', 'openai', 'pg', 'pg-pool', '@electric-sql/pglite', 'prom-client', '@langchain/core', 'chrono-node', 'linkedom', '@mozilla/readability', 'cli-progress'];
    expect(unused.filter((name) => packages.has(name))).toEqual([]);
  }, 120_000);
});
