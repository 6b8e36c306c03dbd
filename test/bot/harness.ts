/**
 * Starts the real bot (discord.js client) against the fake Discord, with a temporary DATA_DIR and a
 * capturing logger; `close()` shuts both down. Also helpers to read what the bot sent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBot, type RunningBot } from '../../src/bot/client.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Assistant } from '../../src/ports.ts';
import { createLocalBackend } from '../../src/store/local/backend.ts';
import { captureLogger, type CapturedLogger } from '../support/capture-logger.ts';
import { FakeDiscord, type RecordedRequest, type WireEmbed, type WireMessage } from '../support/fake-discord.ts';

/** A token-shaped secret that must never appear in logs. */
export const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.fake.secret-token-value-0123456789';

export interface Harness {
  fake: FakeDiscord;
  bot: RunningBot;
  logs: CapturedLogger;
  config: Config;
  close(): Promise<void>;
}

/** Bot configuration for a fake Discord (environment-style overrides, as in `.env`). */
export function botConfig(fake: FakeDiscord, env: Record<string, string> = {}): Config {
  return loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl, DATA_DIR: mkdtempSync(join(tmpdir(), 'crisisbot-bot-')), ...env });
}

/** Starts fake Discord and the bot; resolves once the client is ready. */
export async function startHarness(assistant: Assistant, env: Record<string, string> = {}): Promise<Harness> {
  const fake = await FakeDiscord.start();
  const config = botConfig(fake, env);
  // The secrets main() gives the process logger.
  const logs = captureLogger([TOKEN]);
  const bot = await startBot({ config, assistant, logger: logs.logger, stores: createLocalBackend(config.DATA_DIR) });
  return {
    fake,
    bot,
    logs,
    config,
    async close() {
      await bot.stop();
      await fake.close();
      rmSync(config.DATA_DIR, { recursive: true, force: true });
    },
  };
}

/** A message the bot sent, whatever the route: channel message, interaction reply, edit or follow-up. */
export interface SentMessage {
  request: RecordedRequest;
  route: 'channel' | 'callback' | 'edit' | 'followup';
  channelId?: string;
  payload: WireMessage;
}

/** Every message-carrying request in `requests`, with its message payload. */
export function sentMessages(requests: RecordedRequest[]): SentMessage[] {
  const out: SentMessage[] = [];
  for (const request of requests) {
    const channel = /^\/channels\/(\d+)\/messages$/u.exec(request.path);
    if (request.method === 'POST' && channel) out.push({ request, route: 'channel', channelId: channel[1]!, payload: request.body });
    else if (/\/callback$/u.test(request.path) && (request.body.type === 4 || request.body.type === 7)) out.push({ request, route: 'callback', payload: request.body.data ?? {} });
    else if (request.method === 'PATCH' && /\/messages\/@original$/u.test(request.path)) out.push({ request, route: 'edit', payload: request.body });
    else if (request.method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/u.test(request.path)) out.push({ request, route: 'followup', payload: request.body });
  }
  return out;
}

/** All the text a user sees in a payload: content, embed titles, descriptions, fields, footers. */
export function visibleText(payload: WireMessage): string {
  const parts: string[] = [payload.content ?? ''];
  for (const embed of payload.embeds ?? []) {
    parts.push(embed.title ?? '', embed.description ?? '', embed.footer?.text ?? '');
    for (const field of embed.fields ?? []) parts.push(field.name, field.value);
  }
  return parts.filter(Boolean).join('\n');
}

/** Waits a little for stragglers, to assert that nothing more was sent. */
export const settle = (ms = 150): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a payload carries the 👍/👎 row (the last message of an answer). */
export function hasFeedback(payload: WireMessage): boolean {
  return buttonIds(payload).some((id) => id.startsWith('feedback:'));
}

/** The custom ids of a payload's buttons, in order. */
export function buttonIds(payload: WireMessage | undefined): string[] {
  return (payload?.components ?? []).flatMap((row) => (row.components ?? []).map((button) => button.custom_id ?? ''));
}

/** The payload's `i`-th embed; fails the test when there is none. */
export function embedOf(payload: WireMessage | undefined, i = 0): WireEmbed {
  const embed = payload?.embeds?.[i];
  if (!embed) throw new Error(`expected an embed at ${i} in ${JSON.stringify(payload)}`);
  return embed;
}

/** Waits until `count` answers have been fully sent (their last message carries 👍/👎). */
export async function waitForAnswers(fake: FakeDiscord, count = 1): Promise<SentMessage[]> {
  await fake.until(() => sentMessages(fake.requests).filter((m) => hasFeedback(m.payload)).length >= count, 5_000, `${count} complete answer(s)`);
  return sentMessages(fake.requests);
}
