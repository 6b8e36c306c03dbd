/**
 * Locating quotes: a quote is valid only when it is a verbatim span of the cited chunk, after
 * whitespace normalisation (and typographic quote/apostrophe folding). Offsets point into the
 * article's cleaned text.
 */
import type { Chunk } from '../types.ts';

const FOLD: Record<string, string> = {
  '\u2019': "'",
  '\u2018': "'",
  '\u02bc': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u00ab': '"',
  '\u00bb': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u00a0': ' ',
  '\u202f': ' ',
};

/**
 * French typography puts a (thin) space inside guillemets and before ! ? ; : — quotes written
 * without it ("destructrices") must still match « destructrices »: such spaces are dropped.
 */
const NO_SPACE_AFTER = new Set(['\u00ab']);
const NO_SPACE_BEFORE = new Set(['\u00bb', '!', '?', ';', ':']);

/** Normalised form of a text plus, for each normalised character, its offset in the original. */
function normaliseWithMap(text: string): { folded: string; map: number[] } {
  let folded = '';
  const map: number[] = [];
  let lastWasSpace = false;
  let glued = false;
  for (let i = 0; i < text.length; i++) {
    const raw = text[i] ?? '';
    const ch = FOLD[raw] ?? raw;
    if (/\s/.test(ch)) {
      if (lastWasSpace || glued) continue;
      folded += ' ';
      map.push(i);
      lastWasSpace = true;
    } else {
      if (lastWasSpace && NO_SPACE_BEFORE.has(raw)) {
        folded = folded.slice(0, -1);
        map.pop();
      }
      // Lower-casing can lengthen a character ("İ" → "i̇"): one map entry per folded character.
      const lower = ch.toLowerCase();
      folded += lower;
      for (let j = 0; j < lower.length; j++) map.push(i);
      lastWasSpace = false;
      glued = NO_SPACE_AFTER.has(raw);
    }
  }
  return { folded, map };
}

/** Whitespace-normalised, case- and quote-folded form used for comparisons. */
export function normaliseForMatch(text: string): string {
  return normaliseWithMap(text).folded.trim();
}

/**
 * Finds `quote` inside `chunk.text`. Returns the exact span of the chunk text it matches and its
 * offsets in the article's cleaned text, or undefined when the quote is not in the chunk.
 */
export function locateQuote(quote: string, chunk: Chunk): { quote: string; start: number; end: number } | undefined {
  const needle = normaliseForMatch(quote.replace(/^[\s"'«»“”…]+|[\s"'«»“”…]+$/g, '').replace(/\.\.\.$|…$/, ''));
  if (needle.length < 3) return undefined;
  const { folded, map } = normaliseWithMap(chunk.text);
  const at = folded.indexOf(needle);
  if (at < 0) return undefined;
  const localStart = map[at] ?? 0;
  const lastIndex = map[at + needle.length - 1] ?? localStart;
  const localEnd = lastIndex + 1;
  return { quote: chunk.text.slice(localStart, localEnd), start: chunk.start + localStart, end: chunk.start + localEnd };
}
