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

/** Splits text into trimmed sentences; line breaks always end a sentence. */
export function splitSentences(text: string, lang: Lang, offset = 0): Sentence[] {
  const sentences: Sentence[] = [];
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
        sentences.push({ start: start + offset, end: start + trimmed.length + offset, text: trimmed });
      }
      cursor = at + piece.length;
    }
  }
  return sentences;
}
