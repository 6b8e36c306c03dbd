/**
 * A spelling key for names written in Latin letters by different languages' conventions —
 * mostly Slavic names as English and French write them: Grushko/Grouchko, Yermak/Jermak,
 * Kashin/Kachin, Shoigu/Choïgou, Volodin/Volodine, Zelenskyy/Zelensky, Sergei/Sergueï.
 * Two names with the same key (or close keys) are taken for the same name. Folded input
 * (lower case, no accents) expected. General spelling conventions, not a list of names.
 */
const RULES: Array<[RegExp, string]> = [
  [/tch/gu, 'ch'],
  [/sch/gu, 'ch'],
  [/sh/gu, 'ch'],
  [/zh/gu, 'j'],
  [/kh/gu, 'h'],
  [/ou/gu, 'u'],
  [/gu(?=[ei])/gu, 'g'],
  [/ck/gu, 'k'],
  [/ph/gu, 'f'],
  [/[yj]/gu, 'i'],
  [/w/gu, 'v'],
  [/tz/gu, 'ts'],
  [/z$/u, 's'],
  [/(.)\1+/gu, '$1'],
  [/(?<=.{4})e$/u, ''],
];

/** The spelling key of a folded word. */
export function spellingKey(word: string): string {
  let key = word;
  for (const [pattern, replacement] of RULES) key = key.replace(pattern, replacement);
  return key;
}
