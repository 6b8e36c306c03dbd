/**
 * METRICS_PORT: the real bot process serves /healthz and /metrics (prom-client); the tests scrape them
 * over HTTP after real traffic (an answer, a vote, a Discord rate limit), and count provider errors
 * from the real openai client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OpenAIChatModel } from '../../src/answer/openai-chat-model.ts';
import { createMetrics } from '../../src/ops/metrics.ts';
import { createOpenAIClient } from '../../src/providers/openai-client.ts';
import { TOKEN, buttonIds, hasFeedback, sentMessages } from '../bot/harness.ts';
import { THREAT_QUESTION } from '../bot/real-assistant.ts';
import { start } from '../bot/run-process.ts';
import { FakeDiscord } from '../support/fake-discord.ts';
import { freePort } from '../support/engines.ts';
import { chatCompletion, failures, fakeClientConfig, startFakeOpenAI } from '../support/fake-openai.ts';

/** The value of one sample line of the exposition text, e.g. `crisisbot_answers_total{method="extractive",outcome="answered"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('METRICS_PORT on the running bot', () => {
  it('serves /healthz (gateway, index generation and age, store) and /metrics after an answer, a vote and a rate limit', async () => {
    const discord = await FakeDiscord.start();
    const dataDir = mkdtempSync(join(tmpdir(), 'crisisbot-metrics-'));
    const port = await freePort();
    const run = start('src/main.ts', { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: discord.apiUrl, DATA_DIR: dataDir, METRICS_PORT: String(port), LOG_LEVEL: 'info' });
    const base = `http://127.0.0.1:${port}`;
    try {
      await discord.until(() => run.output().stderr.includes('Serving /healthz and /metrics'), 25_000, 'the metrics log line');
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', gateway: { connected: true }, index: { generation: expect.stringMatching(/\S/u), ageSeconds: expect.any(Number) }, store: { reachable: true } });

      // The answer's first message is rate limited once: Discord says wait 300 ms.
      discord.failNext('POST', /^\/channels\/\d+\/messages$/u, 429, { message: 'You are being rate limited.', retry_after: 0.3, global: false }, { 'retry-after': '0.3', 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '0.3', 'x-ratelimit-bucket': 'b1', 'x-ratelimit-scope': 'user' });
      discord.postMessage({ content: THREAT_QUESTION, mentionBot: true });
      const answer = await discord.waitFor((r) => sentMessages([r]).some((m) => hasFeedback(m.payload)), 10_000);
      const vote = buttonIds(answer.body).find((id) => id.startsWith('feedback:') && id.includes('up'))!;
      await discord.until(() => discord.messages.size > 0, 5_000, 'the answer message');
      discord.pressButton(vote, [...discord.messages.values()].at(-1));
      await discord.until(() => run.output().stderr.includes('Feedback recorded'), 5_000, 'the vote');

      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/u);
      const text = await metrics.text();
      expect(sample(text, 'crisisbot_answers_total{method="extractive",outcome="answered"}')).toBe(1);
      expect(sample(text, 'crisisbot_answer_duration_seconds_count{method="extractive"}')).toBe(1);
      expect(sample(text, 'crisisbot_feedback_votes_total{vote="up"}')).toBe(1);
      expect(sample(text, 'crisisbot_discord_rate_limits_total{scope="route"}')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'crisisbot_discord_rate_limit_wait_seconds_total')).toBeGreaterThan(0);
      expect(sample(text, 'crisisbot_index_articles')).toBe(5);
      expect(sample(text, 'crisisbot_index_chunks')).toBeGreaterThan(5);
      expect(text).toContain('crisisbot_process_resident_memory_bytes');

      run.child.kill('SIGTERM');
      expect((await run.result).code).toBe(0);
      await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
      await discord.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses to start, naming METRICS_PORT, when the port is taken', async () => {
    const discord = await FakeDiscord.start();
    const dataDir = mkdtempSync(join(tmpdir(), 'crisisbot-metrics-'));
    const taken = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => taken.once('listening', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const result = await start('src/main.ts', { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: discord.apiUrl, DATA_DIR: dataDir, METRICS_PORT: String(port) }).result;
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/Cannot serve \/healthz and \/metrics on 127\.0\.0\.1:\d+ \(EADDRINUSE\); change METRICS_PORT/u);
    } finally {
      taken.close();
      await discord.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 40_000);
});

describe('provider errors', () => {
  it('counts each failed reply by status, and deadline expiries as timeout', async () => {
    const fake = await startFakeOpenAI();
    const metrics = createMetrics();
    try {
      fake.queueChat(failures.serverError(), failures.serverError(), 'fine');
      const model = new OpenAIChatModel({ client: createOpenAIClient(fakeClientConfig(fake, { OPENAI_MAX_RETRIES: 2 })), model: 'm' });
      await model.complete({ system: 's', user: 'u' });
      fake.queueChat({ body: chatCompletion('never'), stall: true });
      const slow = new OpenAIChatModel({ client: createOpenAIClient(fakeClientConfig(fake, { OPENAI_DEADLINE_MS: 300 })), model: 'm' });
      await expect(slow.complete({ system: 's', user: 'u' })).rejects.toMatchObject({ code: 'PROVIDER_TIMEOUT' });
      const text = await metrics.text();
      expect(sample(text, 'crisisbot_provider_errors_total{status="500"}')).toBe(2);
      expect(sample(text, 'crisisbot_provider_errors_total{status="timeout"}')).toBe(1);
    } finally {
      metrics.close();
      await fake.close();
    }
  });
});
