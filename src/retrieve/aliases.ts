/**
 * Names of news institutions, places and people that are written several ways: metonyms
 * (Pentagon ↔ US Defense Department ↔ département de la Défense), translations (Élysée ↔ French
 * presidency) and transliterations (Kyiv/Kiev, Kuleba/Kouleba). General knowledge of the
 * field, never picked from the articles (aliases.json).
 *
 * Matching works on folded text (lower case, no accents, straight apostrophes, hyphens as
 * spaces). Variants of three letters or fewer written in capitals in the file ("UN", "EU",
 * "US") only match capitalised text, so "un"/"us" as ordinary words never count.
 */
import { readFileSync } from 'node:fs';
import { fold } from '../corpus/text.ts';

/** One entity and the ways it is written; `fr`/`en` say which language writes which variant. */
interface AliasGroup {
  en: string[];
  fr: string[];
}

/** Folded form used for alias matching: "Maison-Blanche" → "maison blanche". */
export function aliasKey(text: string): string {
  return fold(text)
    .replace(/[-‐‑–—]/gu, ' ')
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Words before a role that make it someone else's: a deputy, or a former holder. */
const NOT_THE_HOLDER = new Set(['vice', 'deputy', 'adjoint', 'adjointe', 'former', 'ancien', 'ancienne', 'ex', 'sous']);

/** "vice", "deputy", "former"…: a word that makes the role after it someone else's. */
export function isDeputyWord(folded: string): boolean {
  return NOT_THE_HOLDER.has(folded);
}

/**
 * Whether a folded text key (" words … ", spaces around) holds the folded phrase as the thing
 * itself: not right after "vice"/"deputy"/"former" ("vice ministre russe des affaires etrangeres"
 * is not the Russian foreign minister).
 */
export function holdsPhrase(key: string, phrase: string): boolean {
  for (let at = key.indexOf(` ${phrase} `); at >= 0; at = key.indexOf(` ${phrase} `, at + 1)) {
    const before = key.slice(0, at).trimEnd();
    if (!NOT_THE_HOLDER.has(before.slice(before.lastIndexOf(' ') + 1))) return true;
  }
  return false;
}

function isAcronym(variant: string): boolean {
  return variant.length <= 3 && variant === variant.toUpperCase();
}

/** The alias table, loaded once. */
export class Aliases {
  private readonly groups: AliasGroup[];
  /** folded variant → indexes of the groups that hold it */
  private readonly byKey = new Map<string, number[]>();
  /** Acronyms matched only in capitals. */
  private readonly acronyms = new Set<string>();
  /** Longest variant, in words. */
  private readonly maxWords: number;

  constructor(groups: AliasGroup[]) {
    this.groups = groups;
    let maxWords = 1;
    groups.forEach((group, i) => {
      for (const variant of [...group.en, ...group.fr]) {
        if (isAcronym(variant)) this.acronyms.add(variant);
        const key = aliasKey(variant);
        const list = this.byKey.get(key) ?? [];
        if (!list.includes(i)) list.push(i);
        this.byKey.set(key, list);
        maxWords = Math.max(maxWords, key.split(' ').length);
      }
    });
    this.maxWords = maxWords;
  }

  static load(path = new URL('./aliases.json', import.meta.url)): Aliases {
    return new Aliases(JSON.parse(readFileSync(path, 'utf8')) as AliasGroup[]);
  }

  /** Every variant of the entities `text` names (including the text itself, folded). */
  variants(text: string): string[] {
    const key = aliasKey(text);
    const groups = this.byKey.get(key) ?? [];
    return [...new Set([key, ...groups.flatMap((i) => [...(this.groups[i]?.en ?? []), ...(this.groups[i]?.fr ?? [])].map(aliasKey))])];
  }

  /**
   * The people the table says hold a role named in `text` ("British prime minister" → Boris Johnson,
   * Johnson): the variants, written as in the table, of a group that also has a full personal name.
   * Empty when `text` is no role of a known person (or is already that person's name).
   */
  holdersOf(text: string): string[] {
    const groups = (this.byKey.get(aliasKey(text)) ?? []).map((i) => this.groups[i]).filter((g): g is AliasGroup => g !== undefined);
    return groups.flatMap((group) => {
      // A person: a full name whose surname is a variant on its own ("Boris Johnson", "Johnson").
      const all = [...group.en, ...group.fr];
      const surnames = all.filter((v) => /^\p{Lu}[\p{Ll}'’-]+$/u.test(v));
      const full = all.filter((v) => /^\p{Lu}[\p{Ll}'’-]+ \p{Lu}[\p{Ll}'’-]+$/u.test(v) && surnames.includes(v.split(' ')[1] ?? ''));
      const names = [...full, ...surnames.filter((v) => full.some((f) => f.endsWith(` ${v}`)))];
      const role = !names.some((v) => aliasKey(v) === aliasKey(text));
      return full.length > 0 && role ? names : [];
    });
  }

  /** Whether `text` is one of a person's names in the table ("Blinken", "Boris Johnson"; not a role of theirs). */
  isPerson(text: string): boolean {
    const key = aliasKey(text);
    return (this.byKey.get(key) ?? []).some((i) => {
      const group = this.groups[i];
      if (!group) return false;
      const all = [...group.en, ...group.fr];
      return all.some((v) => v.includes(' ') && all.includes(v.split(' ').pop() ?? '')) && all.some((v) => aliasKey(v) === key && /^\p{Lu}/u.test(v));
    });
  }

  /** True when `text` is a known variant of some entity. */
  has(text: string): boolean {
    return this.byKey.has(aliasKey(text));
  }

  /**
   * The entity mentions in a text: each the original words and their group indexes, longest
   * match first, acronyms only where written in capitals.
   */
  mentions(text: string): Array<{ text: string; groups: number[] }> {
    const tokens = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’]*/gu) ?? [];
    const found: Array<{ text: string; groups: number[] }> = [];
    for (let i = 0; i < tokens.length; ) {
      let matched = 0;
      // "vice-ministre russe des Affaires étrangères", "Deputy Secretary…", "former NATO chief": not the role's holder.
      const deputy = i > 0 && NOT_THE_HOLDER.has(fold(tokens[i - 1] ?? ''));
      for (let n = deputy ? 0 : Math.min(this.maxWords, tokens.length - i); n >= 1; n--) {
        const words = tokens.slice(i, i + n);
        const groups = this.byKey.get(aliasKey(words.join(' ')));
        if (!groups) continue;
        if (n === 1 && (words[0] ?? '').length <= 3 && !this.acronyms.has(words[0] ?? '')) continue;
        found.push({ text: words.join(' '), groups });
        matched = n;
        break;
      }
      i += Math.max(1, matched);
    }
    return found;
  }

  /** Cross-language variant pairs `[fr, en]` for the FR↔EN lexicon (acronyms left out). */
  translationPairs(): Array<[string, string]> {
    const pairs: Array<[string, string]> = [];
    for (const group of this.groups) {
      for (const fr of group.fr) for (const en of group.en) if (!isAcronym(fr) && !isAcronym(en)) pairs.push([fr, en]);
    }
    return pairs;
  }
}

let shared: Aliases | undefined;

/** The shipped alias table (loaded on first use). */
export function aliases(): Aliases {
  shared ??= Aliases.load();
  return shared;
}
