/**
 * The corpus vocabulary, for telling whether a question's names occur anywhere in the articles.
 * It keeps every folded word, and apart the words that appear capitalised at least once (names,
 * places, organisations). Names are matched fuzzily by character-trigram Dice similarity, so
 * transliterations count (Kuleba/Kouleba, Yermak/Jermak, Sergei/Sergueï) while unrelated names
 * do not (Orbán, Merkel, Marseille).
 */
import { textWords } from '../corpus/vocabulary-words.ts';
import type { VocabularyWords } from '../ports.ts';
import { spellingKey } from './transliteration.ts';

function trigrams(word: string): string[] {
  const marked = `<${word}>`;
  const out: string[] = [];
  for (let i = 0; i + 3 <= marked.length; i++) out.push(marked.slice(i, i + 3));
  return out;
}

export class Vocabulary {
  private readonly known: ReadonlySet<string>;
  private readonly capitalised: ReadonlySet<string>;
  private byTrigram: Map<string, string[]> | undefined;
  private spellings: Set<string> | undefined;
  private byKey: Map<string, string> | undefined;

  /** From the article texts, or from the words a store kept at ingest. */
  constructor(source: Iterable<string> | VocabularyWords) {
    if ('known' in source && 'capitalised' in source) {
      this.known = source.known;
      this.capitalised = source.capitalised;
      return;
    }
    const words = new Map<string, boolean>();
    const seen = new Set<string>();
    for (const text of source) textWords(text, words, seen);
    this.known = new Set(words.keys());
    this.capitalised = new Set([...words].filter(([, capitalised]) => capitalised).map(([word]) => word));
  }

  /** Exact folded word, in any case. */
  has(word: string): boolean {
    return this.known.has(word);
  }

  /**
   * The corpus's spelling of a name the corpus does not write as given: "grushko" → "grouchko",
   * "yermak" → "jermak". Undefined when the word is the corpus's own or no name spells like it.
   */
  respelled(word: string): string | undefined {
    if (word.length < 4 || this.known.has(word)) return undefined;
    if (!this.byKey) {
      this.byKey = new Map();
      for (const w of this.capitalised) if (w.length >= 4 && !this.byKey.has(spellingKey(w))) this.byKey.set(spellingKey(w), w);
    }
    return this.byKey.get(spellingKey(word));
  }

  /** Best trigram-Dice similarity of `word` (folded) to a word the corpus writes capitalised, 0..1. */
  nameSimilarity(word: string): number {
    if (this.capitalised.has(word)) return 1;
    // The same name in another language's spelling (Grushko/Grouchko, Yermak/Jermak).
    this.spellings ??= new Set([...this.capitalised].filter((w) => w.length >= 4).map(spellingKey));
    if (word.length >= 4 && this.spellings.has(spellingKey(word))) return 1;
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
