/**
 * The French↔English bridge for offline cross-language retrieval: a bilingual lexicon of general
 * news vocabulary (lexicon/fr-en.json) looked up by stems, so inflected forms match. A query is
 * expanded into the other language; names are left to the character n-grams.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { contentWords, fold, STEMMING_PACKAGES, stemmerOf } from '../corpus/text.ts';
import type { Lang } from '../types.ts';
import { aliases } from './aliases.ts';
import { editDistance } from './term-matcher.ts';

function key(text: string, lang: Lang): string {
  const stemmer = stemmerOf(lang);
  return contentWords(text).map((w) => stemmer.stem(w)).join(' ');
}

const MAX_PHRASE = 4;
const LANGS: readonly Lang[] = ['en', 'fr'];

/** Where the build stores the shipped lexicon's stem keys (beside the compiled module only). */
const STEM_KEYS = new URL('./lexicon/stem-keys.json', import.meta.url);

/**
 * Both sides' stem keys, computed once by the build (`writeStemKeys`): a start then reads them
 * (~50 KB of JSON) instead of stemming every entry, ~0.1 s of CPU a side and the largest part of a
 * first question's own work. `fingerprint` names what they were computed from.
 */
export interface StemKeys {
  fingerprint: string;
  maps: Record<Lang, Array<[string, string[]]>>;
}

/** The entries and the versions of the stemmer and stopword packages: what the keys depend on besides this code, which the build recompiles with them. */
function fingerprintOf(pairs: ReadonlyArray<readonly [string, string]>): string {
  return createHash('sha256').update(JSON.stringify([STEMMING_PACKAGES, pairs])).digest('hex');
}

/** Stored stem keys, or undefined when there are none (running from the sources) or they are unreadable. */
function readStemKeys(path: URL): StemKeys | undefined {
  try {
    const keys = JSON.parse(readFileSync(path, 'utf8')) as Partial<StemKeys>;
    return typeof keys.fingerprint === 'string' && LANGS.every((lang) => Array.isArray(keys.maps?.[lang])) ? (keys as StemKeys) : undefined;
  } catch {
    return undefined;
  }
}

export class Lexicon {
  /**
   * source language → stem key → target-language phrases, each built at its first use: stemming
   * every entry takes ~0.1–0.2 s of CPU per language, and an English question needs only the
   * English side (what a one-question `crisisbot ask` starts with).
   */
  private readonly maps: Record<Lang, Map<string, Set<string>> | undefined> = { en: undefined, fr: undefined };

  constructor(private readonly pairs: ReadonlyArray<readonly [string, string]>) {}

  /** The map from `lang` stem keys to their translations (built on first call). */
  private mapOf(lang: Lang): Map<string, Set<string>> {
    let map = this.maps[lang];
    if (!map) {
      map = new Map();
      for (const [fr, en] of this.pairs) {
        if (lang === 'fr') insert(map, key(fr, 'fr'), en);
        else insert(map, key(en, 'en'), fr);
      }
      this.maps[lang] = map;
    }
    return map;
  }

  /**
   * Loads the lexicon shipped with the project, with the alias table's FR↔EN name variants, and the
   * stem keys the build stored for exactly these entries when there are any.
   */
  static load(path = new URL('./lexicon/fr-en.json', import.meta.url), options: { stemKeys?: URL | false } = {}): Lexicon {
    const pairs = JSON.parse(readFileSync(path, 'utf8')) as [string, string][];
    const lexicon = new Lexicon([...pairs, ...aliases().translationPairs()]);
    const stemKeys = options.stemKeys ?? STEM_KEYS;
    if (stemKeys) lexicon.useStemKeys(readStemKeys(stemKeys));
    return lexicon;
  }

  /** Both sides' stem keys (what `writeStemKeys` stores). */
  stemKeys(): StemKeys {
    const entries = (lang: Lang): Array<[string, string[]]> => [...this.mapOf(lang)].map(([stemKey, translations]) => [stemKey, [...translations]]);
    return { fingerprint: fingerprintOf(this.pairs), maps: { en: entries('en'), fr: entries('fr') } };
  }

  /** Takes stored stem keys when they were computed from this lexicon's entries; true if taken. */
  useStemKeys(keys: StemKeys | undefined): boolean {
    if (!keys || keys.fingerprint !== fingerprintOf(this.pairs)) return false;
    for (const lang of LANGS) this.maps[lang] = new Map(keys.maps[lang].map(([stemKey, translations]) => [stemKey, new Set(translations)]));
    return true;
  }

  /** Single-word entries per source language, folded, for typo lookups (built on first call). */
  private readonly singles: Record<Lang, string[] | undefined> = { en: undefined, fr: undefined };

  /**
   * The translations of the one single-word entry a word is a typo of (one edit away, same first
   * letter: "minster" → minister, "inflaton" → inflation); undefined when none or several are.
   */
  private nearEntry(word: string, lang: Lang): Set<string> | undefined {
    const folded = fold(word);
    if (folded.length < MIN_TYPO_LENGTH) return undefined;
    this.singles[lang] ??= [...new Set(this.pairs.map((pair) => fold(pair[lang === 'fr' ? 0 : 1])).filter((w) => !w.includes(' ')))];
    const keys = new Set(this.singles[lang].filter((w) => w[0] === folded[0] && Math.abs(w.length - folded.length) <= 1 && editDistance(w, folded, 1) <= 1).map((w) => key(w, lang)));
    const only = keys.size === 1 ? [...keys][0] : undefined;
    return only === undefined ? undefined : this.mapOf(lang).get(only);
  }

  /** Number of distinct source keys per language. */
  get size(): { en: number; fr: number } {
    return { en: this.mapOf('en').size, fr: this.mapOf('fr').size };
  }

  /** The lexicon's one-word entries of both languages, folded: real words a typo may stand for. */
  words(): string[] {
    return [...new Set(this.pairs.flat().filter((w) => !w.includes(' ')).map(fold))];
  }

  /** Whether the lexicon has an entry for this word in either language (a real word, not a typo). */
  knows(word: string): boolean {
    return this.mapOf('en').has(key(word, 'en')) || this.mapOf('fr').has(key(word, 'fr'));
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
    const stemmer = stemmerOf(from);
    const stems = words.map((w) => stemmer.stem(w));
    const map = this.mapOf(from);
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
      // A word the lexicon does not know may be a typo of one it does ("minster", "inflaton").
      const near = matched === 0 ? this.nearEntry(words[i] ?? '', from) : undefined;
      if (near) {
        out.push(...near);
        matched = 1;
      }
      if (matched === 0 && keepUnknown) out.push(words[i] ?? '');
      i += Math.max(1, matched);
    }
    return out.join(' ');
  }
}

/** Shortest word a typo is looked for in: shorter words are one letter away from too many others. */
const MIN_TYPO_LENGTH = 6;

function insert(map: Map<string, Set<string>>, stemKey: string, translation: string): void {
  if (stemKey === '') return;
  let set = map.get(stemKey);
  if (!set) map.set(stemKey, (set = new Set()));
  set.add(translation);
}

/** Stores the shipped lexicon's stem keys beside this module (`node bin/build.js` runs it on the compiled code). */
export function writeStemKeys(path = STEM_KEYS): void {
  writeFileSync(path, `${JSON.stringify(Lexicon.load(undefined, { stemKeys: false }).stemKeys())}\n`);
}
