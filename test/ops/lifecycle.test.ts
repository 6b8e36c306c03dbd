/**
 * `npm start` as a service manager runs it (systemd, `docker stop`, `kill`): the signal goes to npm.
 * The bot must stop taking questions, finish the answer under way, close the gateway with 1000 and
 * exit 0 — and it must run the compiled JavaScript, not transpile TypeScript at start.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TOKEN, hasFeedback, sentMessages } from '../bot/harness.ts';
import { THREAT_QUESTION } from '../bot/real-assistant.ts';
import { ROOT, startNpm } from '../bot/run-process.ts';
import { FakeDiscord } from '../support/fake-discord.ts';
import { chatCompletion, startFakeOpenAI, TEST_API_KEY } from '../support/fake-openai.ts';

type LogLine = { msg: string; build?: string; left?: number };

// What `prestart` would do, done once up front: after a source edit, compiling takes a while on a busy machine.
beforeAll(() => {
  execFileSync(process.execPath, ['bin/build.js', '--if-stale'], { cwd: ROOT, stdio: 'ignore' });
}, 180_000);

it('SIGTERM to `npm start` finishes the answer under way, refuses new questions, closes the gateway with 1000 and exits 0', async () => {
  const discord = await FakeDiscord.start();
  const openai = await startFakeOpenAI();
  const dataDir = mkdtempSync(join(tmpdir(), 'crisisbot-lifecycle-'));
  // The model answers slowly, so the answer is still being computed when the signal arrives.
  openai.queueChat({ body: chatCompletion('{"answer":"not JSON the verifier accepts","citations":[]}'), delayMs: 1_500 });
  const env = { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: discord.apiUrl, DATA_DIR: dataDir, LOG_LEVEL: 'debug', ANSWERS: 'llm', OPENAI_BASE_URL: openai.baseURL, OPENAI_API_KEY: TEST_API_KEY };
  const run = startNpm(['start'], env);
  try {
    await discord.until(() => run.output().stderr.includes('Connected to Discord'), 25_000, 'the ready log line');
    discord.postMessage({ content: THREAT_QUESTION, mentionBot: true });
    await discord.until(() => openai.requestsTo('chat').length > 0, 10_000, 'the chat request');
    run.child.kill('SIGTERM');
    await discord.until(() => run.output().stderr.includes('Shutting down'), 5_000, 'the shutdown log line');
    discord.postMessage({ content: 'Is anyone there?', mentionBot: true });
    const result = await run.result;
    expect(result.code).toBe(0);
    const answers = sentMessages(discord.requests).filter((m) => hasFeedback(m.payload));
    expect(answers).toHaveLength(1);
    expect(discord.closeCodes).toEqual([1000]);
    const logs = result.stderr.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as LogLine);
    expect(logs.find((l) => l.msg === 'Starting')?.build).toBe('dist');
    expect(logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['Shutting down', 'Answered', 'Disconnecting from Discord']));
    expect(logs.findIndex((l) => l.msg === 'Answered')).toBeLessThan(logs.findIndex((l) => l.msg === 'Disconnecting from Discord'));
    expect(result.stderr).not.toContain(TOKEN);
  } finally {
    if (run.child.exitCode === null) run.child.kill('SIGKILL');
    await discord.close();
    await openai.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 60_000);

describe('a token Discord rejects', () => {
  for (const status of [401, 403, 400]) {
    it(`(HTTP ${status}) ends \`npm start\` within seconds with a line saying what to fix`, async () => {
      const discord = await FakeDiscord.start();
      const dataDir = mkdtempSync(join(tmpdir(), 'crisisbot-token-'));
      if (status === 401) discord.acceptToken = 'another-token';
      else for (let i = 0; i < 5; i++) discord.failNext('GET', /^\/gateway\/bot$/u, status, { message: status === 403 ? 'Missing Access' : `Bad token ${TOKEN}`, code: 0 });
      const run = startNpm(['start', '--silent'], { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: discord.apiUrl, DATA_DIR: dataDir });
      try {
        const started = Date.now();
        const result = await Promise.race([run.result, new Promise<undefined>((resolve) => setTimeout(resolve, 20_000, undefined))]);
        expect(result, 'npm start still running after 20 s').toBeDefined();
        expect(Date.now() - started).toBeLessThan(20_000);
        expect(result!.code).toBe(1);
        expect(result!.stderr).toMatch(/Discord rejected DISCORD_TOKEN.*Developer Portal/u);
        expect(result!.stderr).not.toContain(TOKEN);
      } finally {
        if (run.child.exitCode === null) run.child.kill('SIGKILL');
        await discord.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    }, 40_000);
  }
});
