/**
 * Renders search results, the source list, help, a full passage and one-line notes as Discord
 * messages within Discord's limits.
 */
import type { APIEmbed } from 'discord.js';
import type { SourceEntry } from '../../ports.ts';
import type { Chunk, Retrieval } from '../../types.ts';
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
export function renderSearch(retrieval: Retrieval): RenderedMessage[] {
  if (retrieval.passages.length === 0) return [renderLine(`No passages matched “${truncate(retrieval.query, 200)}”.`)];
  const messages: RenderedMessage[] = [];
  let embed: APIEmbed = { color: EMBED_COLOR, title: truncate(`Top passages for “${retrieval.query}”`, LIMITS.embedTitle), fields: [] };
  let refs: Array<{ n: number; chunkId: string }> = [];
  const flush = (): void => {
    messages.push({ embeds: [embed], components: passageRows(refs, LIMITS.rows) });
  };
  for (const passage of retrieval.passages) {
    const name = truncate(`${passage.rank}. ${passage.chunk.title}`, LIMITS.fieldName);
    const value = truncate(`${passage.chunk.text.replace(/\s+/gu, ' ')}\n*${passage.chunk.id} · score ${passage.score.toFixed(3)}*`, LIMITS.fieldValue);
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
export function renderSources(sources: SourceEntry[]): RenderedMessage[] {
  if (sources.length === 0) return [renderLine('The index holds no articles yet.')];
  const lines = sources.map((entry) => `• ${formatSource(entry)}`);
  return pagedEmbeds(`Sources (${sources.length} article${sources.length === 1 ? '' : 's'})`, lines.join('\n'));
}

/** The command list. */
export function renderHelp(entries: readonly HelpEntry[], channelQa: boolean): RenderedMessage[] {
  const lines = entries.map((entry) => `**${entry.usage}**\n${entry.description}`);
  lines.push(
    channelQa
      ? 'You can also mention me with a question, or ask in the Q&A channels; I answer in a thread, where follow-up questions keep the context.'
      : 'You can also mention me with a question; I answer in a thread, where follow-up questions (mentioning me) keep the context.',
  );
  return pagedEmbeds('crisisbot — cited answers about the Russia–Ukraine crisis of early 2022', lines.join('\n\n'), 'Every claim cites a verbatim passage of the curated articles.');
}

/** The full text of a cited passage (shown ephemerally). */
export function renderPassage(n: number, chunk: Chunk): RenderedMessage[] {
  return pagedEmbeds(`[${n}] ${chunk.title}`, chunk.text, `${chunk.id} · ${chunk.lang.toUpperCase()} · characters ${chunk.start}–${chunk.end}`);
}
