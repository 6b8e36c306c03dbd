/** Plain-text renderings for the local console: the same content as the Discord embeds, as text. */
import { formatFootnote, formatSource, type HelpEntry } from '../bot/command-layer.ts';
import type { SourceEntry } from '../ports.ts';
import type { Answer, Citation, Retrieval, Summary } from '../types.ts';

const oneLine = (text: string): string => text.replace(/\s+/gu, ' ').trim();
const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);

function footnotes(citations: Citation[]): string {
  return citations.length === 0 ? '' : `\n\n${citations.map((citation) => formatFootnote(citation)).join('\n')}`;
}

function notice(text: string | undefined): string {
  return text ? `⚠ ${text}\n` : '';
}

/** An answer with its numbered footnotes `[n] Title — “quote…”`. */
export function answerText(answer: Answer): string {
  return `${notice(answer.notice)}${answer.answer}${footnotes(answer.citations)}`;
}

/** A summary: title, text, footnotes. */
export function summaryText(summary: Summary): string {
  return `${notice(summary.notice)}${summary.title}\n\n${summary.summary}${footnotes(summary.citations)}`;
}

/** The top passages, numbered, with chunk ids. */
export function searchText(retrieval: Retrieval): string {
  if (retrieval.passages.length === 0) return `No passages matched “${retrieval.query}”.`;
  return retrieval.passages
    .map((p) => `${p.rank}. ${p.chunk.title} (${p.chunk.id}, score ${p.score.toFixed(3)})\n   ${clip(oneLine(p.chunk.text), 300)}`)
    .join('\n');
}

/** One line per article. */
export function sourcesText(sources: SourceEntry[]): string {
  if (sources.length === 0) return 'The index holds no articles yet.';
  return [`${sources.length} article${sources.length === 1 ? '' : 's'}:`, ...sources.map((entry) => `• ${formatSource(entry)}`)].join('\n');
}

/** The shared command list, in console words. */
export function helpText(entries: readonly HelpEntry[]): string {
  const lines = entries.map((entry) => `  ${entry.usage.replace(/^\//u, '').padEnd(42)} ${entry.description}`);
  return [
    'Commands (type a question directly to ask it):',
    ...lines,
    '  reset                                      Forget the conversation (follow-ups use it).',
    '  exit                                       Quit (or Ctrl-D).',
  ].join('\n');
}
