/** `npm start` with a token: the real process connects to the fake Discord, answers, and shuts down on SIGTERM. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { FakeDiscord } from '../support/fake-discord.ts';
import { TOKEN, buttonIds, sentMessages } from './harness.ts';
import { THREAT_DOCS, THREAT_QUESTION } from './real-assistant.ts';
import { start } from './run-process.ts';

it('connects with DISCORD_TOKEN, answers a mention from the seeds, logs no secret, and exits cleanly on SIGTERM', async () => {
  const fake = await FakeDiscord.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'crisisbot-main-'));
  const run = start('src/main.ts', { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl, DATA_DIR: dataDir, LOG_LEVEL: 'debug' });
  try {
    const identify = await fake.waitForFrame((f) => f.direction === 'fromBot' && f.op === 2, 20_000);
    expect(identify.d?.token).toBe(TOKEN);
    await fake.until(() => run.output().stderr.includes('Connected to Discord'), 10_000, 'the ready log line');
    fake.postMessage({ content: THREAT_QUESTION, mentionBot: true });
    const answer = await fake.waitFor((r) => sentMessages([r]).length > 0, 10_000);
    expect(buttonIds(answer.body)[0]).toMatch(new RegExp(`^passage:1:(${THREAT_DOCS.join('|')})#`, 'u'));
    run.child.kill('SIGTERM');
    const result = await run.result;
    expect(result.code).toBe(0);
    const logs = result.stderr.trim().split('\n').map((line) => JSON.parse(line) as { msg: string });
    expect(logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['Connected to Discord', 'Answered', 'Shutting down', 'Disconnecting from Discord']));
    expect(result.stderr).not.toContain(TOKEN);
    expect(result.stdout).toBe('');
  } finally {
    if (run.child.exitCode === null) run.child.kill('SIGKILL');
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
