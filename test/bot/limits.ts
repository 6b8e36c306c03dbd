/** An independent check of Discord's message limits, for asserting on what the bot sent. */
import { expect } from 'vitest';
import type { WireMessage } from '../support/fake-discord.ts';

/** Asserts a message payload (REST JSON or rendered) is within every Discord limit. */
export function expectWithinDiscordLimits(payload: WireMessage | undefined): void {
  if (!payload) throw new Error('no payload');
  expect((payload.content ?? '').length).toBeLessThanOrEqual(2000);
  const embeds = payload.embeds ?? [];
  expect(embeds.length).toBeLessThanOrEqual(10);
  let total = 0;
  for (const embed of embeds) {
    expect((embed.title ?? '').length).toBeLessThanOrEqual(256);
    expect((embed.description ?? '').length).toBeLessThanOrEqual(4096);
    expect((embed.footer?.text ?? '').length).toBeLessThanOrEqual(2048);
    const fields = embed.fields ?? [];
    expect(fields.length).toBeLessThanOrEqual(25);
    for (const field of fields) {
      expect(field.name.length).toBeGreaterThan(0);
      expect(field.name.length).toBeLessThanOrEqual(256);
      expect(field.value.length).toBeLessThanOrEqual(1024);
      total += field.name.length + field.value.length;
    }
    total += (embed.title ?? '').length + (embed.description ?? '').length + (embed.footer?.text ?? '').length + (embed.author?.name ?? '').length;
  }
  expect(total).toBeLessThanOrEqual(6000);
  const rows = payload.components ?? [];
  expect(rows.length).toBeLessThanOrEqual(5);
  const ids = new Set<string>();
  for (const row of rows) {
    const buttons = row.components ?? [];
    expect(buttons.length).toBeGreaterThan(0);
    expect(buttons.length).toBeLessThanOrEqual(5);
    for (const button of buttons) {
      const id = button.custom_id ?? '';
      expect(id.length).toBeGreaterThan(0);
      expect(id.length).toBeLessThanOrEqual(100);
      expect(ids.has(id)).toBe(false);
      ids.add(id);
      expect((button.label ?? '').length).toBeLessThanOrEqual(80);
    }
  }
}
