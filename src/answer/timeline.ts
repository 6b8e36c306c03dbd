/**
 * The offline timeline: sentences of the articles that carry a date, each dated against its
 * article's own date (see timeline-dates.ts), merged when two articles report the same event,
 * and put in date order with verbatim citations. Dates that cannot be resolved stay `null`.
 */
import { splitSentences } from '../corpus/sentences.ts';
import type { Article, Chunk, Citation, Lang, Timeline, TimelineEvent, TimelinePrecision } from '../types.ts';
import { articleReference, dateClauses, findDates, parseReference, type DateMention } from './timeline-dates.ts';

/** An article with its chunks in reading order. */
export interface TimelineSource {
  article: Article;
  chunks: Chunk[];
}

/** A dated sentence (or clause) of one article, before merging. */
export interface EventCandidate {
  date: string | null;
  precision: TimelinePrecision;
  dateText: string;
  quote: string;
  start: number;
  end: number;
  chunk: Chunk;
  lang: Lang;
}

export interface TimelineOptions {
  language: Lang;
  /** Similarity of two sentences (either language), 0..1: the same event above `mergeAt`. */
  similarity: (a: { text: string; lang: Lang }, b: { text: string; lang: Lang }) => number;
  mergeAt?: number;
  /** Keeps only events this accepts (a topic's passages). */
  accept?: (candidate: EventCandidate) => boolean;
  topic?: string;
}

/** Most common year among the articles' own dates: places "Friday, January 28" with no year. */
export function corpusEra(articles: Article[]): number | undefined {
  const counts = new Map<number, number>();
  for (const article of articles) {
    const year = parseReference(article.source.date)?.year;
    if (year !== undefined) counts.set(year, (counts.get(year) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0];
}

/** The narration's dates of a sentence (quoted words are someone's, not the article's dating). */
function narrationDates(text: string, lang: Lang, reference: ReturnType<typeof articleReference>, era: number | undefined): DateMention[] {
  return findDates(text, lang, { reference, era }).filter((m) => !m.quoted);
}

/** Words of a sentence outside its date phrases: a dateline ("Alexis Guilleux 11:40 a.m., February 18, 2022") has few. */
function wordsBesides(text: string, mentions: DateMention[]): number {
  let rest = text;
  for (const m of [...mentions].sort((a, b) => b.start - a.start)) rest = rest.slice(0, m.start) + rest.slice(m.end);
  return (rest.match(/\p{L}{2,}/gu) ?? []).length;
}

/** The dated sentences of one article. */
export function articleEvents(source: TimelineSource, era: number | undefined): EventCandidate[] {
  const { article, chunks } = source;
  const reference = articleReference(article.source.date, article.text, article.lang, era);
  const out: EventCandidate[] = [];
  for (const sentence of splitSentences(article.text, article.lang)) {
    if (!/[.!?…"»”)]$/u.test(sentence.text)) continue; // headings repeat the body
    const mentions = narrationDates(sentence.text, article.lang, reference, era);
    if (mentions.length === 0 || wordsBesides(sentence.text, mentions) < 5) continue;
    for (const clause of dateClauses(sentence.text, mentions)) {
      const start = sentence.start + clause.start;
      const end = sentence.start + clause.end;
      const chunk = chunks.find((c) => c.start <= start && c.end >= end);
      if (!chunk) continue;
      const quote = article.text.slice(start, end).replace(/[,;]\s*$/u, '');
      const { date, precision, text: dateText } = clause.mention;
      out.push({ date, precision, dateText, quote, start, end: start + quote.length, chunk, lang: article.lang });
    }
  }
  return out;
}

/** Groups candidates reporting the same event: same date (or one unclear) and similar sentences. */
function mergeCandidates(candidates: EventCandidate[], options: TimelineOptions): EventCandidate[][] {
  const threshold = options.mergeAt ?? 0.5;
  const groups: EventCandidate[][] = [];
  const dated = [...candidates].sort((a, b) => Number(a.date === null) - Number(b.date === null));
  for (const candidate of dated) {
    const home = groups.find((group) =>
      group.every((other) => other.chunk.docId !== candidate.chunk.docId) &&
      group.some((other) => (candidate.date === null || other.date === candidate.date) && options.similarity({ text: other.quote, lang: other.lang }, { text: candidate.quote, lang: candidate.lang }) >= threshold),
    );
    if (home) home.push(candidate);
    else groups.push([candidate]);
  }
  return groups;
}

/** Date order, unclear dates last; ties in article then reading order. */
function compareGroups(a: EventCandidate[], b: EventCandidate[]): number {
  const [x, y] = [a[0] as EventCandidate, b[0] as EventCandidate];
  if (x.date === null || y.date === null) return Number(x.date === null) - Number(y.date === null) || x.chunk.docId.localeCompare(y.chunk.docId) || x.start - y.start;
  return x.date.localeCompare(y.date) || x.chunk.docId.localeCompare(y.chunk.docId) || x.start - y.start;
}

/** One event from a group: the sentence in the user's language when there is one; citations numbered from `next`. */
function toEvent(group: EventCandidate[], language: Lang, next: number): TimelineEvent {
  const ordered = [...group].sort((a, b) => Number(b.lang === language) - Number(a.lang === language));
  const lead = ordered[0] as EventCandidate;
  const dated = group.find((c) => c.date !== null) ?? lead;
  const citations: Citation[] = ordered.map((c, i) => ({ n: next + i, chunkId: c.chunk.id, docId: c.chunk.docId, title: c.chunk.title, quote: c.quote, start: c.start, end: c.end }));
  const markers = citations.map((c) => `[${c.n}]`).join('');
  return { date: dated.date, precision: dated.precision, dateText: dated.dateText, text: `${lead.quote} ${markers}`, citations };
}

/** Builds the offline timeline over the given articles. */
export function buildTimeline(sources: TimelineSource[], options: TimelineOptions): Timeline {
  const era = corpusEra(sources.map((s) => s.article));
  const candidates = sources.flatMap((source) => articleEvents(source, era)).filter((c) => options.accept?.(c) ?? true);
  const groups = mergeCandidates(candidates, options).sort(compareGroups);
  const events: TimelineEvent[] = [];
  let next = 1;
  for (const group of groups) {
    const event = toEvent(group, options.language, next);
    next += event.citations.length;
    events.push(event);
  }
  return { ...(options.topic ? { topic: options.topic } : {}), language: options.language, events, method: 'extractive' };
}
