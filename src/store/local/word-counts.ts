/**
 * The corpus vocabulary kept with a local generation (`vocabulary.json`): per folded word, how
 * many articles write it and how many write it capitalised. Counts let an ingest add and remove
 * articles without rescanning the corpus; serving only needs which words are there, and so never
 * reads every article text to answer "does the corpus know this name?".
 */
import { textWords } from '../../corpus/vocabulary-words.ts';
import type { VocabularyWords } from '../../ports.ts';

interface Stored {
  words: string[];
  articles: number[];
  capitalised: number[];
}

export class WordCounts {
  /** Word → [articles writing it, articles writing it capitalised]. */
  private readonly counts = new Map<string, [number, number]>();

  /** Counts the words of every text. */
  static of(texts: Iterable<string>): WordCounts {
    const counts = new WordCounts();
    for (const text of texts) counts.add(text);
    return counts;
  }

  /** Reads what `toJSON` wrote; throws on another shape. */
  static fromJSON(json: string): WordCounts {
    const stored = JSON.parse(json) as Partial<Stored>;
    const { words, articles, capitalised } = stored;
    if (!Array.isArray(words) || !Array.isArray(articles) || !Array.isArray(capitalised) || articles.length !== words.length || capitalised.length !== words.length) {
      throw new Error('vocabulary.json has an unexpected shape');
    }
    const counts = new WordCounts();
    words.forEach((word, i) => counts.counts.set(String(word), [Number(articles[i]), Number(capitalised[i])]));
    return counts;
  }

  /** One article's words (each counted once per article). */
  add(text: string): void {
    this.change(text, 1);
  }

  /** Takes back what `add` counted for this text. */
  remove(text: string): void {
    this.change(text, -1);
  }

  private change(text: string, by: 1 | -1): void {
    for (const [word, capitalised] of textWords(text)) {
      const count = this.counts.get(word) ?? [0, 0];
      count[0] += by;
      if (capitalised) count[1] += by;
      if (count[0] <= 0) this.counts.delete(word);
      else this.counts.set(word, count);
    }
  }

  /** The words present, and those written capitalised somewhere. */
  words(): VocabularyWords {
    const known = new Set<string>();
    const capitalised = new Set<string>();
    for (const [word, [, upper]] of this.counts) {
      known.add(word);
      if (upper > 0) capitalised.add(word);
    }
    return { known, capitalised };
  }

  toJSON(): string {
    const stored: Stored = { words: [], articles: [], capitalised: [] };
    for (const [word, [articles, capitalised]] of this.counts) {
      stored.words.push(word);
      stored.articles.push(articles);
      stored.capitalised.push(capitalised);
    }
    return JSON.stringify(stored);
  }
}
