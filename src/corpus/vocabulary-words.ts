/**
 * The words of a text as the name check sees them (retrieve/vocabulary.ts): every run of letters
 * and digits, folded, with whether the text ever writes it capitalised. Shared by the stores,
 * which keep the corpus vocabulary with the index (built at ingest, so serving never rescans
 * every article), and by the retriever, which builds it from the texts when a store keeps none.
 */
import { fold } from './text.ts';

/** Folded word → written capitalised at least once, for one text. */
export function textWords(text: string, into: Map<string, boolean> = new Map(), seen = new Set<string>()): Map<string, boolean> {
  // Each distinct spelling is folded once (`seen` may be shared by texts adding into the same map).
  for (const [token] of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    if (seen.has(token)) continue;
    seen.add(token);
    const folded = fold(token);
    if (/^\p{Lu}/u.test(token)) into.set(folded, true);
    else if (!into.has(folded)) into.set(folded, false);
  }
  return into;
}
