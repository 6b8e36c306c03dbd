/**
 * Text normalisation shared by the local embedder and the lexical index: accent folding,
 * tokenisation, French and English stopwords (the `stopword` package) and Snowball stems
 * (`snowball-stemmers`). Every token is stemmed by BOTH stemmers, so a name or cognate gets the
 * same terms whatever the language of the text it sits in.
 */
import snowball from 'snowball-stemmers';
import { eng, fra } from 'stopword';

const englishStemmer = snowball.newStemmer('english');
const frenchStemmer = snowball.newStemmer('french');

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

/** Splits folded text into word tokens (letters and digits). */
export function words(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
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
