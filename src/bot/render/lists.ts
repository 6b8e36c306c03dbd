/**
 * Renders search results, the source list, help, a full passage and one-line notes as Discord
 * messages within Discord's limits.
 */
import type { APIEmbed } from 'discord.js';
import type { SourceEntry } from '../../ports.ts';
import { strings } from '../../i18n/index.ts';
import type { Chunk, Lang, Retrieval } from '../../types.ts';
import { formatSource, type HelpEntry } from '../command-layer.ts';
import { splitText, truncate } from '../split.ts';
import { passageRows } from './components.ts';
import { EMBED_COLOR, LIMITS, embedLength, type RenderedMessage } from './limits.ts';

/** One short line as a message (errors, cooldown, "busy"). */
export function renderLine(text: string): RenderedMessage {
  return { content: truncate(text, LIMITS.content), embeds: [], components: [] };
}

/** Messages of one embed each, from description pages; the first gets the title. */
function pagedEmbeds(title: string, text: string, footer?: string): RenderedMessage[] {
  const pages = splitText(text, LIMITS.embedDescription);
  return pages.map((description, i) => {
    const embed: APIEmbed = { color: EMBED_COLOR, description, ...(i === 0 ? { title: truncate(title, LIMITS.embedTitle) } : {}) };
    if (footer && i === pages.length - 1) embed.footer = { text: footer };
    return { embeds: [embed], components: [] };
  });
}

/** The top passages for a query: one field per passage, with "Passage n" buttons for the full text. */
export function renderSearch(retrieval: Retrieval, lang: Lang = 'en'): RenderedMessage[] {
  const t = strings(lang).bot;
  if (retrieval.passages.length === 0) return [renderLine(t.noPassages(truncate(retrieval.query, 200)))];
  const messages: RenderedMessage[] = [];
  let embed: APIEmbed = { color: EMBED_COLOR, title: truncate(t.topPassages(retrieval.query), LIMITS.embedTitle), fields: [] };
  let refs: Array<{ n: number; chunkId: string }> = [];
  const flush = (): void => {
    messages.push({ embeds: [embed], components: passageRows(refs, LIMITS.rows, lang) });
  };
  for (const passage of retrieval.passages) {
    const name = truncate(`${passage.rank}. ${passage.chunk.title}`, LIMITS.fieldName);
    const value = truncate(`${passage.chunk.text.replace(/\s+/gu, ' ')}\n*${passage.chunk.id} · ${t.score} ${passage.score.toFixed(3)}*`, LIMITS.fieldValue);
    const fields = embed.fields ?? [];
    if (fields.length >= LIMITS.fields || refs.length >= LIMITS.rows * LIMITS.buttonsPerRow || embedLength(embed) + name.length + value.length > LIMITS.embedTotal) {
      flush();
      embed = { color: EMBED_COLOR, fields: [] };
      refs = [];
    }
    embed.fields = [...(embed.fields ?? []), { name, value }];
    refs.push({ n: passage.rank, chunkId: passage.chunk.id });
  }
  flush();
  return messages;
}

/** The articles in the index. */
export function renderSources(sources: SourceEntry[], lang: Lang = 'en'): RenderedMessage[] {
  const t = strings(lang).bot;
  if (sources.length === 0) return [renderLine(t.noArticles)];
  const lines = sources.map((entry) => `• ${formatSource(entry, lang)}`);
  return pagedEmbeds(t.sourcesTitle(sources.length), lines.join('\n'));
}

/** The command list. */
export function renderHelp(entries: readonly HelpEntry[], channelQa: boolean, lang: Lang = 'en'): RenderedMessage[] {
  const t = strings(lang).bot;
  const lines = entries.map((entry) => `**${entry.usage}**\n${entry.description}`);
  lines.push(channelQa ? t.helpMentionQa : t.helpMention);
  return pagedEmbeds(t.helpTitle, lines.join('\n\n'), t.helpFooter);
}

/** The full text of a cited passage (shown ephemerally). */
export function renderPassage(n: number, chunk: Chunk, lang: Lang = 'en'): RenderedMessage[] {
  return pagedEmbeds(`[${n}] ${chunk.title}`, chunk.text, strings(lang).bot.passageFooter(chunk.id, chunk.lang, chunk.start, chunk.end));
}
