/**
 * The corpus vocabulary (folded words), for telling whether a question's words — and above all
 * its names — occur anywhere in the articles. Names are matched fuzzily by character-trigram Dice
 * similarity, so transliterations count (Kuleba/Kouleba, Yermak/Jermak, Shoigu/Choïgou) while
 * unrelated names do not (Orbán, Merkel).
 */
import { words } from '../corpus/text.ts';

function trigrams(word: string): string[] {
  const marked = `<${word}>`;
  const out: string[] = [];
  for (let i = 0; i + 3 <= marked.length; i++) out.push(marked.slice(i, i + 3));
  return out;
}

export class Vocabulary {
  private readonly known = new Set<string>();
  private byTrigram: Map<string, string[]> | undefined;

  constructor(texts: Iterable<string>) {
    for (const text of texts) for (const word of words(text)) this.known.add(word);
  }

  /** Exact folded word. */
  has(word: string): boolean {
    return this.known.has(word);
  }

  /** Best trigram-Dice similarity of `word` (folded) to any corpus word, 0..1. */
  similarity(word: string): number {
    if (this.known.has(word)) return 1;
    if (!this.byTrigram) {
      this.byTrigram = new Map();
      for (const w of this.known) {
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
