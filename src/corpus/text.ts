/**
 * Text normalisation shared by the local embedder and the lexical index: accent folding,
 * tokenisation, French and English stopwords (the `stopword` package) and Snowball stems
 * (`snowball-stemmers`). Every token is stemmed by BOTH stemmers, so a name or cognate gets the
 * same terms whatever the language of the text it sits in.
 */
import { createRequire } from 'node:module';
import type * as Snowball from 'snowball-stemmers';
import type * as Stopword from 'stopword';
import type { Lang } from '../types.ts';

// Both packages are CommonJS and large (0.9 MB and 0.2 MB of source). `import` would make Node scan
// all of it for export names (cjs-module-lexer) before running it: ~150 ms of CPU at every start
// that `require` does not spend (measured on Node 20; src/corpus/text.ts is loaded by every command).
const require = createRequire(import.meta.url);
const snowball = require('snowball-stemmers') as typeof Snowball;
const { eng, fra } = require('stopword') as typeof Stopword;

/** The versions of the two packages, for what stores their output (the lexicon's stem keys). */
export const STEMMING_PACKAGES = {
  'snowball-stemmers': (require('snowball-stemmers/package.json') as { version: string }).version,
  stopword: (require('stopword/package.json') as { version: string }).version,
};

const englishStemmer = snowball.newStemmer('english');
const frenchStemmer = snowball.newStemmer('french');

/** The Snowball stemmer of a language (shared instances; stemming is synchronous). */
export function stemmerOf(lang: Lang): { stem(word: string): string } {
  return lang === 'fr' ? frenchStemmer : englishStemmer;
}

/** Lower-cases, folds accents and ligatures, and unifies apostrophes. */
export function fold(text: string): string {
  return text
    .toLowerCase()
    .replace(/œ/gu, 'oe')
    .replace(/æ/gu, 'ae')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[\u2019\u2018\u02bc`]/gu, "'");
}

const STOPWORDS = new Set<string>([...eng, ...fra].map(fold));
// Elided French articles and pronouns ("l'Ukraine", "d'Europe", "qu'il") are split off as tokens.
for (const elided of ['l', 'd', 'j', 'm', 'n', 's', 't', 'c', 'qu', 'jusqu', 'lorsqu', 'puisqu', "'s"]) STOPWORDS.add(elided);
// Question and auxiliary words the lists miss: they say nothing about the topic.
for (const filler of ['say', 'says', 'will', 'does', 'doing', 'done', 'quoi', 'va', 'vont', 'ete']) STOPWORDS.add(filler);

/** True for words that carry no topic (either language). Expects folded input. */
export function isStopword(folded: string): boolean {
  return STOPWORDS.has(folded);
}

const WORD_CHAR = /^[\p{L}\p{N}]$/u;
/** Per UTF-16 unit outside the surrogate range: 0 not looked up yet, 1 letter or digit, 2 neither. */
const wordUnit = new Uint8Array(0x10000);
const astralWord = new Map<number, boolean>();

/**
 * The runs of letters and digits (`[\p{L}\p{N}]+`, code-point-wise) of a text, scanned by char
 * code with a lazily filled lookup table: about three times faster than the regular expression,
 * with the same result (astral code points and lone surrogates included).
 */
function letterRuns(text: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    let isWord: boolean;
    let width = 1;
    if (unit >= 0xd800 && unit <= 0xdfff) {
      const point = text.codePointAt(i) as number;
      width = point > 0xffff ? 2 : 1;
      let known = astralWord.get(point);
      if (known === undefined) {
        known = WORD_CHAR.test(String.fromCodePoint(point));
        if (astralWord.size < 10_000) astralWord.set(point, known);
      }
      isWord = known;
    } else {
      let kind = wordUnit[unit] as number;
      if (kind === 0) {
        kind = WORD_CHAR.test(String.fromCharCode(unit)) ? 1 : 2;
        wordUnit[unit] = kind;
      }
      isWord = kind === 1;
    }
    if (isWord) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push(text.slice(start, i));
      start = -1;
    }
    i += width - 1;
  }
  if (start >= 0) out.push(text.slice(start));
  return out;
}

/** Splits folded text into word tokens (letters and digits). */
export function words(text: string): string[] {
  return letterRuns(fold(text));
}

/** Content tokens: folded words that are not stopwords. */
export function contentWords(text: string): string[] {
  return words(text).filter((w) => !isStopword(w));
}

const stemCache = new Map<string, string[]>();

/** The distinct stems of a folded word under both stemmers (one or two strings). */
export function stems(word: string): string[] {
  let found = stemCache.get(word);
  if (!found) {
    const en = englishStemmer.stem(word);
    const fr = frenchStemmer.stem(word);
    found = en === fr ? [en] : [en, fr];
    if (stemCache.size > 200_000) stemCache.clear();
    stemCache.set(word, found);
  }
  return found;
}

/** Index terms of a text: every content word's stems under both stemmers. */
export function terms(text: string): string[] {
  return contentWords(text).flatMap(stems);
}
