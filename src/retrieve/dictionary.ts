/**
 * Whether a word is a real English or French word, for telling a typo ("seperatist") from a real
 * word the articles do not use ("attended"). The word lists are wooorm's `an-array-of-english-words`
 * and `an-array-of-french-words` (MIT); their JSON text is searched as it is (a quoted word), which
 * costs a few milliseconds a look-up and no parse of 600,000 words at start. French words are
 * looked up without accents, as questions are typed.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

let lists: string[] | undefined;

function wordLists(): string[] {
  if (!lists) {
    const require = createRequire(import.meta.url);
    const read = (name: string): string => readFileSync(require.resolve(`${name}/index.json`), 'utf8').toLowerCase();
    lists = [read('an-array-of-english-words'), read('an-array-of-french-words').normalize('NFD').replace(/\p{M}/gu, '')];
  }
  return lists;
}

/** True when `word` (folded: lower case, no accents) is in either language's word list. */
export function isDictionaryWord(word: string): boolean {
  const quoted = `"${word}"`;
  return wordLists().some((list) => list.includes(quoted));
}
