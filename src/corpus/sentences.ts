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

/** Splits text into trimmed sentences; line breaks always end a sentence. */
export function splitSentences(text: string, lang: Lang, offset = 0): Sentence[] {
  const spans: Array<{ start: number; end: number }> = [];
  for (const { segment, index } of segmenter(lang).segment(text)) {
    const lead = segment.length - segment.trimStart().length;
    const body = segment.trim();
    if (body === '') continue;
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
  const merged: Array<{ start: number; end: number }> = [];
  for (const span of spans) {
    const previous = merged[merged.length - 1];
    const sameLine = previous !== undefined && !text.slice(previous.end, span.start).includes('\n');
    if (previous && sameLine && LEADING_CLOSE.test(text.slice(span.start))) {
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
  return merged.map(({ start, end }) => ({ start: start + offset, end: end + offset, text: text.slice(start, end) }));
}
