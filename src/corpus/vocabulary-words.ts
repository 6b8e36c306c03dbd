/**
 * The words of a text as the name check sees them (retrieve/vocabulary.ts): every run of letters
 * and digits, folded, with whether the text ever writes it capitalised. Shared by the stores,
 * which keep the corpus vocabulary with the index (built at ingest, so serving never rescans
 * every article), and by the retriever, which builds it from the texts when a store keeps none.
 */
import { fold } from './text.ts';

/** Folded spellings, shared by every text (an ingest counts each article's words: most recur). Bounded. */
const folded = new Map<string, string>();
const FOLDED_MAX = 200_000;

function foldOnce(token: string): string {
  let out = folded.get(token);
  if (out === undefined) {
    if (folded.size >= FOLDED_MAX) folded.clear();
    out = fold(token);
    folded.set(token, out);
  }
  return out;
}

/** Folded word → written capitalised at least once, for one text. */
export function textWords(text: string, into: Map<string, boolean> = new Map(), seen = new Set<string>()): Map<string, boolean> {
  // Each distinct spelling is folded once (`seen` may be shared by texts adding into the same map).
  for (const [token] of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    if (seen.has(token)) continue;
    seen.add(token);
    const word = foldOnce(token);
    if (/^\p{Lu}/u.test(token)) into.set(word, true);
    else if (!into.has(word)) into.set(word, false);
  }
  return into;
}
