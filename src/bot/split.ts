/**
 * Splitting text to fit Discord's length limits, cleanly: at paragraph breaks, then sentence ends,
 * then line breaks, then spaces — and never inside or away from a `[n]` citation marker. Pure and
 * free of discord.js, so the console and tests can use it too.
 */

/** A citation marker such as `[3]` or `[1, 2]`. */
const MARKER = String.raw`\[\d+(?:\s*,\s*\d+)*\]`;
/** The end of a sentence, with closing quotes/brackets and any markers that belong to it. */
const SENTENCE_END = new RegExp(String.raw`[.!?…]["'”’»)\]]*(?:\s*${MARKER})*(?=\s|$)`, 'gu');
const PARAGRAPH = /\n[ \t]*\n/gu;
const LINE = /\n/gu;
/** Whitespace that may break a line: not when a marker follows (it stays with its claim). */
const SPACE = new RegExp(String.raw`\s+(?!${MARKER})`, 'gu');

/** Largest end index ≤ `max` of a match of `pattern` in `text` (`useEnd`: after the match, else before it). */
function lastBreak(text: string, pattern: RegExp, max: number, useEnd: boolean): number {
  let best = -1;
  for (const match of text.matchAll(pattern)) {
    const at = useEnd ? match.index + match[0].length : match.index;
    if (at > max) break;
    if (at > 0) best = at;
  }
  return best;
}

/** A hard cut at `max`, moved back so it neither splits a surrogate pair nor a `[n]` marker. */
function hardCut(text: string, max: number): number {
  let cut = max;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  const open = text.lastIndexOf('[', cut - 1);
  if (open > 0 && /^\[[\d,\s]*$/u.test(text.slice(open, cut)) && new RegExp(`^${MARKER}`, 'u').test(text.slice(open))) cut = open;
  return cut > 0 ? cut : max;
}

/** Where to end the next piece of `text` (longer than `max`). */
function findCut(text: string, max: number): number {
  // Match on more than the window, so a sentence end or marker straddling `max` is seen whole.
  const view = text.slice(0, max + 200);
  const paragraph = lastBreak(view, PARAGRAPH, max, false);
  if (paragraph >= max * 0.5) return paragraph;
  const sentence = lastBreak(view, SENTENCE_END, max, true);
  if (sentence >= max * 0.3) return sentence;
  const line = lastBreak(view, LINE, max, false);
  if (line >= max * 0.3) return line;
  const best = Math.max(paragraph, sentence, line, lastBreak(view, SPACE, max, false));
  return best > 0 ? best : hardCut(text, max);
}

/**
 * Splits `text` into pieces of at most `max` characters (trimmed, none empty). Text that fits is
 * returned whole. A `[n]` marker is never cut, nor separated from the text before it.
 */
export function splitText(text: string, max: number): string[] {
  if (max < 8) throw new RangeError(`splitText: max must be at least 8, got ${max}`);
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const cut = findCut(rest, max);
    const piece = rest.slice(0, cut).trimEnd();
    if (piece) pieces.push(piece);
    rest = rest.slice(cut).trimStart();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/** Shortens `text` to at most `max` characters at a word boundary, ending with `…` when cut. */
export function truncate(text: string, max: number): string {
  const flat = text.trim();
  if (flat.length <= max) return flat;
  const room = flat.slice(0, max - 1);
  const space = room.lastIndexOf(' ');
  const cut = space >= max * 0.6 ? room.slice(0, space) : room;
  const code = cut.charCodeAt(cut.length - 1);
  const safe = code >= 0xd800 && code <= 0xdbff ? cut.slice(0, -1) : cut;
  return `${safe.trimEnd()}…`;
}

/** Packs lines into groups of at most `max` characters (joined with `\n`); an over-long line is truncated. */
export function packLines(lines: string[], max: number): string[] {
  const groups: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = truncate(raw, max);
    if (current && current.length + 1 + line.length > max) {
      groups.push(current);
      current = line;
    } else {
      current = current ? `${current}\n${line}` : line;
    }
  }
  if (current) groups.push(current);
  return groups;
}
