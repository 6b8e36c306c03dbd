/**
 * Buttons and their custom ids: `passage:<n>:<chunkId>` opens the full cited passage,
 * `feedback:<up|down>:<answerId>` records a vote. Custom ids are at most 100 characters.
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';
import { strings } from '../../i18n/index.ts';
import type { Lang } from '../../types.ts';
import { LIMITS } from './limits.ts';

/** A parsed button custom id. */
export type ButtonAction = { kind: 'passage'; n: number; chunkId: string } | { kind: 'feedback'; vote: 'up' | 'down'; answerId: string };

/** The custom id of a "Passage n" button, or undefined when the chunk id is too long to fit. */
export function passageCustomId(n: number, chunkId: string): string | undefined {
  const id = `passage:${n}:${chunkId}`;
  return id.length <= LIMITS.customId ? id : undefined;
}

/** The custom id of a feedback button. */
export function feedbackCustomId(vote: 'up' | 'down', answerId: string): string {
  return `feedback:${vote}:${answerId}`.slice(0, LIMITS.customId);
}

/** Parses a custom id this bot made; undefined for anything else. */
export function parseCustomId(customId: string): ButtonAction | undefined {
  const passage = /^passage:(\d+):(.+)$/u.exec(customId);
  if (passage?.[1] && passage[2]) return { kind: 'passage', n: Number(passage[1]), chunkId: passage[2] };
  const feedback = /^feedback:(up|down):(.+)$/u.exec(customId);
  if (feedback?.[2]) return { kind: 'feedback', vote: feedback[1] === 'up' ? 'up' : 'down', answerId: feedback[2] };
  return undefined;
}

/** Rows of "Passage n" buttons, at most `maxRows` rows of five, one per distinct (n, chunk). */
export function passageRows(refs: Array<{ n: number; chunkId: string }>, maxRows: number, lang: Lang = 'en'): Array<APIActionRowComponent<APIButtonComponent>> {
  const buttons: ButtonBuilder[] = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    const customId = passageCustomId(ref.n, ref.chunkId);
    if (!customId || seen.has(customId)) continue;
    seen.add(customId);
    buttons.push(new ButtonBuilder().setCustomId(customId).setLabel(strings(lang).bot.passageButton(ref.n)).setStyle(ButtonStyle.Secondary));
  }
  const rows: Array<APIActionRowComponent<APIButtonComponent>> = [];
  for (let i = 0; i < buttons.length && rows.length < maxRows; i += LIMITS.buttonsPerRow) {
    rows.push(new ActionRowBuilder<ButtonBuilder>().addComponents(buttons.slice(i, i + LIMITS.buttonsPerRow)).toJSON());
  }
  return rows;
}

/** The 👍/👎 row under an answer. */
export function feedbackRow(answerId: string): APIActionRowComponent<APIButtonComponent> {
  return new ActionRowBuilder<ButtonBuilder>()
    .addComponents(
      new ButtonBuilder().setCustomId(feedbackCustomId('up', answerId)).setEmoji('👍').setStyle(ButtonStyle.Secondary),
      new ButtonBuilder().setCustomId(feedbackCustomId('down', answerId)).setEmoji('👎').setStyle(ButtonStyle.Secondary),
    )
    .toJSON();
}
