/**
 * Is this question word in that sentence, whatever its language or spelling? A word matches a
 * sentence word by stem (both stemmers), through the FR↔EN lexicon, through the alias table
 * (Pentagon ↔ département de la Défense), by a shared 5-letter prefix (withdrawn / withdrawals),
 * or, for names, within one edit (Zelenksy / Zelensky, Sherman / Shermann).
 */
import { contentWords, fold, stems, words } from '../corpus/text.ts';
import type { Lang } from '../types.ts';
import { aliasKey, aliases, holdsPhrase, isDeputyWord } from './aliases.ts';
import type { Lexicon } from './lexicon.ts';
import { metonymsOf } from './metonyms.ts';
import { spellingKey } from './transliteration.ts';

/** The office, not its holder: "the foreign ministry" is no minister (the stems of "ministry" and "minister" agree). */
const INSTITUTION = /^(?:ministry|ministries|ministere|ministeres|department|departement|secretariat|presidency|presidence)$/u;

/** The noun a role is named by, first in French ("ministre russe…"), last in English ("Russian … minister"). */
const ROLE_HEAD = /^(?:minister|ministre|secretary|secretaire|chief|chef|head|patron|president|presidente|presidency|presidence|chancellor|chancelier|spokesman|spokeswoman|porte)$/u;

/** The words of a text, folded, with their stems, for repeated lookups. */
export interface TextWords {
  words: Set<string>;
  stems: Set<string>;
  /** Folded text with single spaces and hyphens as spaces, for multi-word alias variants. */
  key: string;
  /** Spelling keys of the words of four letters or more (Grouchko and Grushko alike). */
  spellings: Set<string>;
}

const cache = new Map<string, TextWords>();

/** The words of a text (cached: the same sentences are read for many questions). */
export function textWords(text: string): TextWords {
  let found = cache.get(text);
  if (!found) {
    const all = words(text);
    found = { words: new Set(all), stems: new Set(all.flatMap(stems)), key: ` ${aliasKey(text)} `, spellings: new Set(all.filter((w) => w.length >= 4).map(spellingKey)) };
    if (cache.size >= 20_000) cache.clear();
    cache.set(text, found);
  }
  return found;
}

/** Optimal string alignment distance, stopping early above `max`. */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous2: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (previous2[j - 2] ?? 0) + 1);
      row.push(value);
      best = Math.min(best, value);
    }
    if (best > max) return max + 1;
    previous2 = previous;
    previous = row;
  }
  return previous[b.length] ?? max + 1;
}

export class TermMatcher {
  private readonly forms = new Map<string, { stems: Set<string>; prefixes: Set<string>; phrases: string[] }>();

  constructor(
    private readonly lexicon: Lexicon,
    private readonly lang: Lang,
  ) {}

  /** Stems, prefixes and multi-word variants a question word (or name) may appear as. */
  private formsOf(term: string): { stems: Set<string>; prefixes: Set<string>; phrases: string[] } {
    const cached = this.forms.get(term);
    if (cached) return cached;
    const variants = aliases().variants(term);
    // A known name is matched through its alias variants only: the lexicon would split
    // "président américain" (a variant of Biden) into words that match any president.
    const translations = aliases().has(term) ? [] : contentWords(this.lexicon.translate(term, this.lang, false));
    // A term of several words is met only as a whole (its variants), never by any one of its words.
    const single = fold(term).includes(' ') ? translations : [fold(term), ...translations];
    const singles = [...new Set([...single, ...variants.filter((v) => !v.includes(' '))])].filter((w) => w !== '');
    const result = {
      stems: new Set(singles.flatMap((w) => contentWords(w).flatMap(stems))),
      prefixes: new Set(singles.filter((w) => w.length >= 6).map((w) => w.slice(0, 5))),
      phrases: variants.filter((v) => v.includes(' ')),
    };
    this.forms.set(term, result);
    return result;
  }

  /**
   * True when the question word or name appears in the text, in any of its forms. A name is not
   * met by a shared prefix: "Volodin" is not "Volodymyr" (a word is: withdrawn / withdrawals).
   */
  matches(term: string, text: TextWords, name = false): boolean {
    const forms = this.formsOf(term);
    if (forms.phrases.some((p) => holdsPhrase(text.key, p))) return true;
    for (const stem of forms.stems) if (text.stems.has(stem)) return true;
    const folded = fold(term);
    if (folded.length >= 4 && !folded.includes(' ') && text.spellings.has(spellingKey(folded))) return true;
    for (const word of text.words) {
      if (!name && word.length >= 6 && forms.prefixes.has(word.slice(0, 5))) return true;
      if (folded.length >= 5 && word.length >= 5 && word[0] === folded[0] && editDistance(word, folded, folded.length >= 8 ? 2 : 1) <= (folded.length >= 8 ? 2 : 1)) return true;
    }
    return false;
  }

  /** The same matcher for text written in the other language (a French sentence's span against an English question). */
  private sibling: TermMatcher | undefined;

  /** True when a term written in either language (a span of a sentence in the other one) appears. */
  mentionsEither(term: string, text: TextWords): boolean {
    if (this.mentions(term, text)) return true;
    this.sibling ??= new TermMatcher(this.lexicon, this.lang === 'fr' ? 'en' : 'fr');
    return this.sibling.mentions(term, text);
  }

  /**
   * True when a name (one or more words) appears: any alias variant whole, or its last word
   * (the surname: "Jens Stoltenberg" is met by "Stoltemberg").
   */
  mentions(name: string, text: TextWords): boolean {
    if (this.matches(name, text, true)) return true;
    const parts = contentWords(name);
    const last = parts[parts.length - 1];
    if (parts.length <= 1 || last === undefined) return false;
    // A known role met by its head word only ("son ministre de la Défense") is not a deputy's ("vice-ministre").
    if (aliases().has(name) && !aliases().isPerson(name)) return this.headNotDeputy(parts.find((w) => ROLE_HEAD.test(w)) ?? last, text, parts.filter((w) => metonymsOf(w).length > 0));
    return this.matches(last, text, true);
  }

  /**
   * Whether the word appears in the text other than right after "vice", "deputy", "former"…, and,
   * when the role has a nationality, not beside another one ("ministre ukrainien" is no Russian minister).
   */
  private headNotDeputy(word: string, text: TextWords, nationality: string[] = []): boolean {
    const tokens = text.key.trim().split(' ');
    const ours = new Set(nationality.flatMap((n) => [fold(n), ...metonymsOf(n).map((m) => aliasKey(m))]));
    const foreign = (w: string): boolean => metonymsOf(w).length > 0 && !ours.has(w);
    return tokens.some((token, i) => {
      if (isDeputyWord(tokens[i - 1] ?? '') || INSTITUTION.test(token) || !this.matches(word, textWords(token), true)) return false;
      return nationality.length === 0 || !tokens.slice(Math.max(0, i - 1), i + 3).some(foreign);
    });
  }
}
