/**
 * The corpus vocabulary, for telling whether a question's names occur anywhere in the articles.
 * It keeps every folded word, and apart the words that appear capitalised at least once (names,
 * places, organisations). Names are matched fuzzily by character-trigram Dice similarity, so
 * transliterations count (Kuleba/Kouleba, Yermak/Jermak, Sergei/Sergueï) while unrelated names
 * do not (Orbán, Merkel, Marseille).
 */
import { fold } from '../corpus/text.ts';

function trigrams(word: string): string[] {
  const marked = `<${word}>`;
  const out: string[] = [];
  for (let i = 0; i + 3 <= marked.length; i++) out.push(marked.slice(i, i + 3));
  return out;
}

export class Vocabulary {
  private readonly known = new Set<string>();
  private readonly capitalised = new Set<string>();
  private byTrigram: Map<string, string[]> | undefined;

  constructor(texts: Iterable<string>) {
    // Each distinct spelling is folded once: a large corpus repeats its words millions of times.
    const seen = new Set<string>();
    for (const text of texts) {
      for (const [token] of text.matchAll(/[\p{L}\p{N}]+/gu)) {
        if (seen.has(token)) continue;
        seen.add(token);
        const folded = fold(token);
        this.known.add(folded);
        if (/^\p{Lu}/u.test(token)) this.capitalised.add(folded);
      }
    }
  }

  /** Exact folded word, in any case. */
  has(word: string): boolean {
    return this.known.has(word);
  }

  /** Best trigram-Dice similarity of `word` (folded) to a word the corpus writes capitalised, 0..1. */
  nameSimilarity(word: string): number {
    if (this.capitalised.has(word)) return 1;
    if (!this.byTrigram) {
      this.byTrigram = new Map();
      for (const w of this.capitalised) {
        if (w.length < 3) continue;
        for (const g of new Set(trigrams(w))) {
          const list = this.byTrigram.get(g);
          if (list) list.push(w);
          else this.byTrigram.set(g, [w]);
        }
      }
    }
    const mine = new Set(trigrams(word));
    const shared = new Map<string, number>();
    for (const g of mine) for (const w of this.byTrigram.get(g) ?? []) shared.set(w, (shared.get(w) ?? 0) + 1);
    let best = 0;
    for (const [w, count] of shared) {
      const dice = (2 * count) / (mine.size + new Set(trigrams(w)).size);
      if (dice > best) best = dice;
    }
    return best;
  }
}
