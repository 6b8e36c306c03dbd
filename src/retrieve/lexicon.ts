/**
 * The French↔English bridge for offline cross-language retrieval: a bilingual lexicon of general
 * news vocabulary (lexicon/fr-en.json) looked up by stems, so inflected forms match. A query is
 * expanded into the other language; names are left to the character n-grams.
 */
import { readFileSync } from 'node:fs';
import snowball from 'snowball-stemmers';
import { contentWords } from '../corpus/text.ts';
import type { Lang } from '../types.ts';
import { aliases } from './aliases.ts';

const stemmers: Record<Lang, { stem(word: string): string }> = {
  en: snowball.newStemmer('english'),
  fr: snowball.newStemmer('french'),
};

function key(text: string, lang: Lang): string {
  return contentWords(text).map((w) => stemmers[lang].stem(w)).join(' ');
}

const MAX_PHRASE = 4;

export class Lexicon {
  /** source language → stem key → target-language phrases */
  private readonly maps: Record<Lang, Map<string, Set<string>>> = { en: new Map(), fr: new Map() };

  constructor(pairs: ReadonlyArray<readonly [string, string]>) {
    for (const [fr, en] of pairs) {
      this.insert('fr', key(fr, 'fr'), en);
      this.insert('en', key(en, 'en'), fr);
    }
  }

  private insert(lang: Lang, stemKey: string, translation: string): void {
    if (stemKey === '') return;
    const map = this.maps[lang];
    let set = map.get(stemKey);
    if (!set) map.set(stemKey, (set = new Set()));
    set.add(translation);
  }

  /** Loads the lexicon shipped with the project, with the alias table's FR↔EN name variants. */
  static load(path = new URL('./lexicon/fr-en.json', import.meta.url)): Lexicon {
    const pairs = JSON.parse(readFileSync(path, 'utf8')) as [string, string][];
    return new Lexicon([...pairs, ...aliases().translationPairs()]);
  }

  /** Number of distinct source keys per language. */
  get size(): { en: number; fr: number } {
    return { en: this.maps.en.size, fr: this.maps.fr.size };
  }

  /**
   * Translations of the query's words and phrases (longest match first) into the other language,
   * joined as one text. Empty when nothing is known.
   */
  expand(query: string, from: Lang): string {
    return this.translate(query, from, false);
  }

  /**
   * The query rendered in the other language: known words and phrases replaced by their
   * translations (longest match first), unknown words (names, numbers) kept as they are.
   * With `keepUnknown` false, only the translations are returned.
   */
  translate(query: string, from: Lang, keepUnknown = true): string {
    const words = contentWords(query);
    const stems = words.map((w) => stemmers[from].stem(w));
    const map = this.maps[from];
    const out: string[] = [];
    let i = 0;
    while (i < stems.length) {
      let matched = 0;
      for (let n = Math.min(MAX_PHRASE, stems.length - i); n >= 1; n--) {
        const found = map.get(stems.slice(i, i + n).join(' '));
        if (found) {
          out.push(...found);
          matched = n;
          break;
        }
      }
      if (matched === 0 && keepUnknown) out.push(words[i] ?? '');
      i += Math.max(1, matched);
    }
    return out.join(' ');
  }
}
