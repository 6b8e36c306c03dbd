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

/** Normalised form of a text plus, for each normalised character, its offset in the original. */
function normaliseWithMap(text: string): { folded: string; map: number[] } {
  let folded = '';
  const map: number[] = [];
  let lastWasSpace = false;
  for (let i = 0; i < text.length; i++) {
    const raw = text[i] ?? '';
    const ch = FOLD[raw] ?? raw;
    if (/\s/.test(ch)) {
      if (lastWasSpace) continue;
      folded += ' ';
      map.push(i);
      lastWasSpace = true;
    } else {
      folded += ch.toLowerCase();
      map.push(i);
      lastWasSpace = false;
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
