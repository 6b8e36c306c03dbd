/**
 * Whether a word is a real English or French word, for telling a typo ("seperatist") from a real
 * word the articles do not use ("attended"). The word lists are wooorm's `an-array-of-english-words`
 * and `an-array-of-french-words` (MIT). On the first look-up their JSON text is read and folded
 * (lower case, no accents or ligatures, as questions are typed), and a hash table of where each
 * word starts in it is built: a look-up is then a hash probe (under a microsecond; searching the
 * text took about 4 ms). The table is an `Int32Array` over the text (8 MB) rather than a `Set` of
 * 570,000 strings: on a busy two-core machine the first look-up takes 0.53–0.67 s this way (0.43–0.52 s
 * for the text alone), and 1.0–1.25 s with a Set, whose strings also cost 16 MB more heap.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const QUOTE = 0x22;

/** FNV-1a over the UTF-16 units of `text` from `start` to `end`. */
function hash(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The strings of JSON arrays of plain words (no escapes), found by where they start in the text. */
export class WordTable {
  /** Open addressing, linear probing: a word's start offset + 1, or 0 for an empty slot. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(private readonly text: string) {
    if (text.includes('\\')) throw new Error('WordTable: the word list has escaped characters');
    let size = 1;
    while (size < text.length / 4) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (let open = text.indexOf('"'); open >= 0; ) {
      const close = text.indexOf('"', open + 1);
      if (close < 0) break;
      this.insert(open + 1, close);
      open = text.indexOf('"', close + 1);
    }
  }

  /** Into the first free slot from the word's hash (a word listed twice takes two: harmless). */
  private insert(start: number, end: number): void {
    let slot = hash(this.text, start, end) & this.mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
    this.slots[slot] = start + 1;
  }

  has(word: string): boolean {
    if (word === '' || word.includes('"')) return false;
    for (let slot = hash(word, 0, word.length) & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = this.slots[slot] ?? 0;
      if (at === 0) return false;
      if (this.text.charCodeAt(at - 1 + word.length) === QUOTE && this.text.startsWith(word, at - 1)) return true;
    }
  }
}

let table: WordTable | undefined;

/** Both word lists, folded, read and indexed once. */
function words(): WordTable {
  if (!table) {
    const require = createRequire(import.meta.url);
    const read = (name: string): string => readFileSync(require.resolve(`${name}/index.json`), 'utf8').toLowerCase();
    // The English list is plain ASCII and neither has ligatures or curly apostrophes: lower case and
    // accents stripped is `fold` for them, in half its time on 8 MB.
    table = new WordTable(`${read('an-array-of-english-words')}\n${read('an-array-of-french-words').normalize('NFD').replace(/\p{M}+/gu, '')}`);
  }
  return table;
}

/** True when `word` (folded as `fold` does: lower case, no accents) is in either language's word list. */
export function isDictionaryWord(word: string): boolean {
  return words().has(word);
}
