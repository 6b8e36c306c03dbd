/**
 * Sentence segmentation with the ICU rules built into Node (`Intl.Segmenter`, locale-aware for
 * French and English). No extra dependency: ICU's sentence rules are the well-kept library here,
 * and they report exact offsets, which citations need.
 */
import type { Lang } from '../types.ts';

/** A sentence and its offsets in the text it came from. */
export interface Sentence {
  start: number;
  end: number;
  text: string;
}

const segmenters = new Map<Lang, Intl.Segmenter>();

function segmenter(lang: Lang): Intl.Segmenter {
  let found = segmenters.get(lang);
  if (!found) {
    found = new Intl.Segmenter(lang, { granularity: 'sentence' });
    segmenters.set(lang, found);
  }
  return found;
}

/**
 * Titles and initials that end in a full stop without ending the sentence ("Mr. Biden",
 * "M. Macron", "Dr. Martin", "Mark A. Milley"). ICU's default rules break after them.
 */
const ABBREVIATION = /(?:^|[\s(«"'’-])(?:Mr|Mrs|Ms|Messrs|Dr|Drs|Prof|Pr|Gen|Lt|Col|Maj|Capt|Cdt|Sgt|Adm|Gov|Sen|Rep|Amb|Sec|St|Ste|Jr|Sr|Mgr|Me|Mme|Mmes|Mlle|Mlles|MM|\p{Lu})\.$/u;
/** A closing guillemet or curly quote that ICU left at the start of the next sentence. */
const LEADING_CLOSE = /^[»”]/u;

/** Texts longer than this are segmented line by line, in windows of at most {@link WINDOW} characters. */
const LONG_TEXT = 20_000;
const WINDOW = 4_000;

/** Where to end a window of `text` starting at `from`: after the last sentence end before the limit. */
function windowEnd(text: string, from: number): number {
  const slice = text.slice(from, from + WINDOW);
  let last = -1;
  for (const match of slice.matchAll(/[.!?…]["»”)]?\s+/gu)) last = match.index + match[0].length;
  if (last > WINDOW / 4) return from + last;
  const space = slice.lastIndexOf(' ');
  return space > 0 ? from + space + 1 : from + WINDOW;
}

/**
 * The parts of a text to segment, with their offsets: the whole text, or for a long one its lines
 * cut into windows. V8's Intl.Segmenter takes time quadratic in the length of what it segments
 * (10,000 short sentences: about 15 s), so a megabyte-long article must not go to it whole. Line
 * breaks end sentences anyway, and windows end after a sentence end.
 */
function* segmentParts(text: string): Generator<[number, string]> {
  if (text.length <= LONG_TEXT) {
    yield [0, text];
    return;
  }
  let lineStart = 0;
  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    let start = lineStart;
    while (lineEnd - start > WINDOW) {
      const end = windowEnd(text, start);
      yield [start, text.slice(start, end)];
      start = end;
    }
    if (lineEnd > start) yield [start, text.slice(start, lineEnd)];
    lineStart = lineEnd + 1;
  }
}

/** Splits text into trimmed sentences; line breaks always end a sentence. */
export function splitSentences(text: string, lang: Lang, offset = 0): Sentence[] {
  const spans: Array<{ start: number; end: number }> = [];
  for (const [base, part] of segmentParts(text)) {
    for (const { segment, index } of segmenter(lang).segment(part)) pushSpans(text, segment, base + index, spans);
  }
  return mergeSpans(text, spans).map(({ start, end }) => ({ start: start + offset, end: end + offset, text: text.slice(start, end) }));
}

/** The sentence spans of one ICU segment at `index` in `text`. */
function pushSpans(text: string, segment: string, index: number, spans: Array<{ start: number; end: number }>): void {
  const lead = segment.length - segment.trimStart().length;
  const body = segment.trim();
  if (body === '') return;
  // ICU keeps a closing quote glued to the next sentence at times; a line break is a hard stop.
  let cursor = index + lead;
  for (const piece of body.split(/\n+/u)) {
    const at = text.indexOf(piece, cursor);
    const trimmed = piece.trim();
    if (trimmed !== '') {
      const start = at + (piece.length - piece.trimStart().length);
      spans.push({ start, end: start + trimmed.length });
    }
    cursor = at + piece.length;
  }
}

/** Rejoins spans ICU split wrongly: after a closing quote, after an abbreviation. */
function mergeSpans(text: string, spans: Array<{ start: number; end: number }>): Array<{ start: number; end: number }> {
  const merged: Array<{ start: number; end: number }> = [];
  for (const span of spans) {
    const previous = merged[merged.length - 1];
    const sameLine = previous !== undefined && !text.slice(previous.end, span.start).includes('\n');
    // One character, not the rest of the text: testing a slice to the end made this quadratic
    // (a 5 MiB article of short sentences took many minutes).
    if (previous && sameLine && LEADING_CLOSE.test(text.charAt(span.start))) {
      // "« Nous ne céderons pas. » Le ministre…": the guillemet closes the previous sentence;
      // "« C'est destructeur. », a déclaré Peskov.": the rest is the same sentence.
      const after = text.slice(span.start + 1, span.end);
      const rest = after.trimStart();
      if (rest === '' || !/^[\p{Lu}\p{N}«"“]/u.test(rest)) {
        previous.end = rest === '' ? span.start + 1 : span.end;
        continue;
      }
      previous.end = span.start + 1;
      merged.push({ start: span.end - rest.length, end: span.end });
      continue;
    }
    if (previous && sameLine && ABBREVIATION.test(text.slice(previous.start, previous.end))) {
      previous.end = span.end;
      continue;
    }
    merged.push({ ...span });
  }
  return merged;
}
