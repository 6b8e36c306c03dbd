/**
 * The corpus vocabulary, for telling whether a question's names occur anywhere in the articles.
 * It keeps every folded word, and apart the words that appear capitalised at least once (names,
 * places, organisations). Names are matched fuzzily by character-trigram Dice similarity, so
 * transliterations count (Kuleba/Kouleba, Yermak/Jermak, Sergei/Sergueï) while unrelated names
 * do not (Orbán, Merkel, Marseille).
 */
import { textWords } from '../corpus/vocabulary-words.ts';
import type { VocabularyWords } from '../ports.ts';
import { editDistance } from './term-matcher.ts';
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
  private byInitial: Map<string, string[]> | undefined;

  /**
   * From the article texts, or from the words a store kept at ingest; `dictionary`: real words
   * beside the corpus's that a typo may stand for (read at the first {@link corrected} call).
   */
  constructor(
    source: Iterable<string> | VocabularyWords,
    private readonly dictionary: () => Iterable<string> = () => [],
  ) {
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

  /**
   * The word a mistyped word stands for ("seperatist" → "separatist"; "brussles" → "brussels"
   * with the constructor's `dictionary` of real words beside the corpus's): the closest word that starts with the same letter and is one edit away
   * (two for words of eight letters or more, at most one letter longer or shorter), within the
   * tolerance the answer check's term matcher has. Undefined when the word is the corpus's own, shorter than five letters, or equally close to two
   * words that are not forms of one (no shared five-letter start).
   */
  corrected(word: string): string | undefined {
    if (word.length < 5 || this.known.has(word)) return undefined;
    const max = word.length >= 8 ? 2 : 1;
    let best = max + 1;
    let closest: string[] = [];
    for (const candidate of this.wordsStartingWith(word[0] ?? '')) {
      if (Math.abs(candidate.length - word.length) > 1) continue;
      const distance = editDistance(word, candidate, max);
      if (distance > max || distance > best) continue;
      if (distance < best) closest = [];
      best = distance;
      closest.push(candidate);
    }
    if (closest.length === 0) return undefined;
    const stem = closest[0]!.slice(0, 5);
    if (!closest.every((w) => w.startsWith(stem))) return undefined;
    return closest.reduce((a, b) => (b.length < a.length ? b : a));
  }

  private wordsStartingWith(initial: string): string[] {
    if (!this.byInitial) {
      this.byInitial = new Map();
      for (const w of new Set([...this.known, ...this.dictionary()])) {
        if (w.length < 4) continue;
        const list = this.byInitial.get(w[0]!);
        if (list) list.push(w);
        else this.byInitial.set(w[0]!, [w]);
      }
    }
    return this.byInitial.get(initial) ?? [];
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
