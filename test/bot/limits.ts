/** An independent check of Discord's message limits, for asserting on what the bot sent. */
import { expect } from 'vitest';

/** Asserts a message payload (REST JSON or rendered) is within every Discord limit. */
export function expectWithinDiscordLimits(payload: any): void {
  expect((payload.content ?? '').length).toBeLessThanOrEqual(2000);
  const embeds: any[] = payload.embeds ?? [];
  expect(embeds.length).toBeLessThanOrEqual(10);
  let total = 0;
  for (const embed of embeds) {
    expect((embed.title ?? '').length).toBeLessThanOrEqual(256);
    expect((embed.description ?? '').length).toBeLessThanOrEqual(4096);
    expect((embed.footer?.text ?? '').length).toBeLessThanOrEqual(2048);
    const fields: any[] = embed.fields ?? [];
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
  const rows: any[] = payload.components ?? [];
  expect(rows.length).toBeLessThanOrEqual(5);
  const ids = new Set<string>();
  for (const row of rows) {
    expect(row.components.length).toBeGreaterThan(0);
    expect(row.components.length).toBeLessThanOrEqual(5);
    for (const button of row.components) {
      expect(button.custom_id.length).toBeLessThanOrEqual(100);
      expect(ids.has(button.custom_id)).toBe(false);
      ids.add(button.custom_id);
      expect((button.label ?? '').length).toBeLessThanOrEqual(80);
    }
  }
}
