/**
 * Dates in article text, resolved against the article's own date with chrono-node (its English
 * and French parsers). A date that depends on a reference the article does not give ("Thursday"
 * in an undated article) is kept with `date: null` — "date unclear" — never guessed.
 */
import * as chrono from 'chrono-node';
import type { Lang } from '../types.ts';

/** How much of a date is known: `2022-01-28`, the week of `2022-02-21`, `2022-02`, `2021`. */
export type DatePrecision = 'day' | 'week' | 'month' | 'year';

/** An article's own date (from sources.json, its byline or its text), as precise as it is known. */
export interface ReferenceDate {
  year: number;
  month?: number;
  day?: number;
}

/** A date expression found in a text. */
export interface DateMention {
  /** The words as written, e.g. `on Friday, January 28` or `mardi`. */
  text: string;
  /** Offsets in the text searched. */
  start: number;
  end: number;
  /** `YYYY-MM-DD`, `YYYY-MM` or `YYYY` by precision; null when it cannot be resolved. */
  date: string | null;
  precision: DatePrecision;
  /** Components the text states itself (for comparing a claim's date with an article's). */
  stated: { year?: number; month?: number; day?: number; weekday?: number };
  /** Inside quotation marks (someone's words, not the narration's dating). */
  quoted: boolean;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Formats a resolved date at its precision. */
export function formatDate(year: number, month: number | undefined, day: number | undefined, precision: DatePrecision): string {
  if (precision === 'year' || month === undefined) return String(year);
  if ((precision === 'month' || day === undefined)) return `${year}-${pad(month)}`;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (sources.json dates). */
export function parseReference(value: string | undefined): ReferenceDate | undefined {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/u.exec(value?.trim() ?? '');
  if (!match) return undefined;
  const reference: ReferenceDate = { year: Number(match[1]) };
  if (match[2]) reference.month = Number(match[2]);
  if (match[3]) reference.day = Number(match[3]);
  return reference;
}

function referenceInstant(reference: ReferenceDate): Date {
  return new Date(Date.UTC(reference.year, (reference.month ?? 7) - 1, reference.day ?? 1, 12));
}

const parsers: Record<Lang, chrono.Chrono> = { en: chrono.en.casual, fr: chrono.fr.casual };

/** "for 20 years", "pendant deux semaines", "depuis trois jours": durations, not dates. */
const DURATION = /^(?:for|during|over|pendant|durant|depuis\s+(?:\d|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix))\b/iu;
const WEEK_WORDS = /\b(?:week|weeks|semaine|semaines)\b/iu;
/** Times of day alone ("11:40 a.m.", "this morning") say nothing about the date. */
const TIME_ONLY = /^(?:at\s+|à\s+)?\d{1,2}(?:[:h.]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?|h)?$/iu;
/**
 * Vague or non-date phrases chrono reads as dates: "the next few days", "now", "eight hours",
 * "in three weeks" (French "en trois semaines" is a duration), "last year" in a comparison.
 */
const VAGUE = /\b(?:few|coming|prochains?|prochaines?|ces derniers|these|now|maintenant|hours?|heures?|minutes?|last year|this year|next year|l'an dernier|l'année dernière|cette année)\b|^en\s+\S+\s+(?:jours|semaines|mois|ans)\b/iu;

/** The year whose `month`/`day` falls on `weekday`, nearest to `era` (within 6 years). */
export function yearFromWeekday(month: number, day: number, weekday: number, era: number): number | undefined {
  for (let offset = 0; offset <= 6; offset++) {
    for (const year of offset === 0 ? [era] : [era - offset, era + offset]) {
      if (new Date(Date.UTC(year, month - 1, day)).getUTCDay() === weekday) return year;
    }
  }
  return undefined;
}

/** Spans of the text inside quotation marks (“…”, «…», "…"). */
export function quotedSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const pattern = /“[^”]*”?|«[^»]*»?|"[^"]*"?/gu;
  for (const match of text.matchAll(pattern)) spans.push([match.index, match.index + match[0].length]);
  return spans;
}

function inside(spans: Array<[number, number]>, start: number, end: number): boolean {
  return spans.some(([a, b]) => start >= a && end <= b);
}

const DAY_MS = 86_400_000;

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function mondayOf(date: Date): Date {
  return new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * DAY_MS);
}

/** Options for {@link findDates}. */
export interface FindDatesOptions {
  /** The article's own date; relative dates need it. */
  reference?: ReferenceDate | undefined;
  /** A year near the corpus's dates, to place "Friday, January 28" (weekday + day, no year). */
  era?: number | undefined;
}

type Stated = DateMention['stated'];

function statedOf(component: chrono.ParsedComponents): Stated {
  const stated: Stated = {};
  for (const key of ['year', 'month', 'day', 'weekday'] as const) {
    const value = component.isCertain(key) ? component.get(key) : null;
    if (value !== null) stated[key] = value;
  }
  return stated;
}

/** Resolves one chrono result against the reference; null date when it cannot be. */
function resolveParsed(result: chrono.ParsedResult, again: chrono.ParsedResult | undefined, options: FindDatesOptions): Pick<DateMention, 'date' | 'precision' | 'stated'> {
  const stated = statedOf(result.start);
  const first = result.start.date();
  const dependent = again === undefined || isoDay(again.start.date()) !== isoDay(first);
  const reference = options.reference;
  if (!dependent && stated.year !== undefined) {
    const precision: DatePrecision = stated.day !== undefined ? 'day' : stated.month !== undefined ? 'month' : 'year';
    return { date: formatDate(stated.year, stated.month, stated.day, precision), precision, stated };
  }
  if (WEEK_WORDS.test(result.text)) {
    return { date: reference?.day !== undefined ? isoDay(mondayOf(first)) : null, precision: 'week', stated };
  }
  if (stated.month !== undefined && stated.day !== undefined && /\d/u.test(result.text)) {
    // "4 février", "Friday, January 28": the year comes from the article, or from the weekday.
    const year = reference ? first.getUTCFullYear() : stated.weekday !== undefined && options.era !== undefined ? yearFromWeekday(stated.month, stated.day, stated.weekday, options.era) : undefined;
    return { date: year === undefined ? null : formatDate(year, stated.month, stated.day, 'day'), precision: 'day', stated };
  }
  if (stated.day === undefined && stated.weekday === undefined && stated.month !== undefined) {
    return { date: reference ? formatDate(first.getUTCFullYear(), stated.month, undefined, 'month') : null, precision: 'month', stated };
  }
  return { date: reference?.day !== undefined ? isoDay(first) : null, precision: 'day', stated };
}

const MONTHS: Record<string, number> = {
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
  janvier: 1, fevrier: 2, mars: 3, avril: 4, mai: 5, juin: 6, juillet: 7, aout: 8, septembre: 9, octobre: 10, novembre: 11, decembre: 12,
};
const MONTH_NAMES = 'january|february|march|april|may|june|july|august|september|october|november|december|janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre';
/** "in 2021", "en 2014", "since 2014": a bare year chrono does not read. */
const BARE_YEAR = /\b(?:in|en|since|depuis|of|de|until|jusqu'en)\s+((?:19|20)\d{2})\b/giu;
/** "in December", "en décembre", "mid-February", "d'ici la mi-février": a month without a day. */
const BARE_MONTH = new RegExp(`\\b(?:(?:in|en|by|early|late|début|fin|d'ici)\\s+)?(?:(mid|mi)-)?(${MONTH_NAMES})\\b(?:\\s+((?:19|20)\\d{2}))?`, 'giu');

function monthNumber(name: string): number {
  return MONTHS[name.toLowerCase().normalize('NFD').replace(/\p{M}+/gu, '')] ?? 0;
}

/** Year and month expressions chrono leaves out, outside the spans it found. */
function extraMentions(text: string, taken: Array<[number, number]>, reference: ReferenceDate | undefined): Omit<DateMention, 'quoted'>[] {
  const found: Omit<DateMention, 'quoted'>[] = [];
  const free = (start: number, end: number): boolean => !taken.some(([a, b]) => start < b && end > a);
  for (const match of text.matchAll(BARE_YEAR)) {
    const year = Number(match[1]);
    if (free(match.index, match.index + match[0].length)) {
      found.push({ text: match[0], start: match.index, end: match.index + match[0].length, date: String(year), precision: 'year', stated: { year } });
    }
  }
  for (const match of text.matchAll(BARE_MONTH)) {
    const end = match.index + match[0].length;
    // "May" alone is a verb more often than a month; a bare month needs "in/en/mid-" or a year.
    if (!free(match.index, end) || (!/\s|-/u.test(match[0]) && match[3] === undefined)) continue;
    if (/^may$/iu.test(match[2] ?? '') && match[3] === undefined && match[1] === undefined) continue;
    const month = monthNumber(match[2] ?? '');
    const statedYear = match[3] ? Number(match[3]) : undefined;
    // A month named without a year is the last such month up to the article's (news is about the recent past).
    const year = statedYear ?? (reference?.month !== undefined ? (month <= reference.month ? reference.year : reference.year - 1) : undefined);
    const stated: Stated = { month, ...(statedYear !== undefined ? { year: statedYear } : {}) };
    found.push({ text: match[0], start: match.index, end, date: year === undefined ? null : formatDate(year, month, undefined, 'month'), precision: 'month', stated });
  }
  return found;
}

/** Every date expression of `text` (in the article's language), resolved where the reference allows. */
export function findDates(text: string, lang: Lang, options: FindDatesOptions = {}): DateMention[] {
  const instant = options.reference ? referenceInstant(options.reference) : new Date(Date.UTC(2000, 6, 1, 12));
  const later = new Date(instant.getTime() + 400 * DAY_MS);
  const parser = parsers[lang];
  const results = parser.parse(text, { instant, timezone: 0 }).filter((r) => !DURATION.test(r.text) && !TIME_ONLY.test(r.text.trim()) && !VAGUE.test(r.text));
  const shifted = parser.parse(text, { instant: later, timezone: 0 });
  const quotes = quotedSpans(text);
  const mentions: DateMention[] = results.map((result) => {
    const again = shifted.find((r) => r.index === result.index && r.text === result.text);
    const start = result.index;
    const text = result.text.trim().replace(/[,;:.]+$/u, '');
    const end = start + text.length;
    return { text, start, end, ...resolveParsed(result, again, options), quoted: inside(quotes, start, end) };
  });
  const taken = mentions.map((m): [number, number] => [m.start, m.end]);
  for (const extra of extraMentions(text, taken, options.reference)) mentions.push({ ...extra, quoted: inside(quotes, extra.start, extra.end) });
  return mentions.sort((a, b) => a.start - b.start);
}

/**
 * The article's own date: its sources.json/byline date, else the first full date near the top of
 * its text ("Joe Biden announced on Friday, January 28, …", the year placed by the weekday).
 */
export function articleReference(sourceDate: string | undefined, text: string, lang: Lang, era?: number): ReferenceDate | undefined {
  const stated = parseReference(sourceDate);
  if (stated) return stated;
  const head = text.slice(0, 600);
  const first = findDates(head, lang, { era }).find((m) => !m.quoted && m.precision === 'day' && m.date !== null && m.stated.day !== undefined);
  return first?.date ? parseReference(first.date) : undefined;
}

/**
 * Splits "In 2021, 29 died, in 2020 about 50" at the clause boundary before each further date;
 * without such boundaries, each date gets the whole sentence.
 */
export function dateClauses(text: string, mentions: DateMention[]): Array<{ start: number; end: number; mention: DateMention }> {
  const dated = mentions.filter((m, i) => i === 0 || m.date !== mentions[i - 1]?.date);
  const cuts: number[] = [0];
  for (const mention of dated.slice(1)) {
    const before = text.slice(cuts[cuts.length - 1], mention.start);
    const boundary = Math.max(before.lastIndexOf(', '), before.lastIndexOf('; '));
    // No clause boundary between two dates ("began in 2019 and was paused in 2020"): the whole sentence for each.
    if (boundary <= 0) return dated.map((m) => ({ start: 0, end: text.length, mention: m }));
    cuts.push((cuts[cuts.length - 1] ?? 0) + boundary + 2);
  }
  return cuts.map((start, i) => {
    const end = i + 1 < cuts.length ? (cuts[i + 1] as number) - 2 : text.length;
    return { start, end, mention: dated[i] as DateMention };
  });
}

