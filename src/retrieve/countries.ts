/**
 * Country names in English and French from the runtime's ICU data (`Intl.DisplayNames`), folded
 * with hyphens as spaces ("etats unis", "russie"): names whether or not the asker capitalises
 * them ("who is russia sending…"), and what a "which countries" question is answered by.
 */
import { aliasKey } from './aliases.ts';

let names: string[] | undefined;

/** Folded text with hyphens and punctuation as single spaces, for whole-phrase lookups. */
export function spacedKey(text: string): string {
  // The alias table's folding, with elided articles as spaces too: "l'Allemagne" names "allemagne".
  return ` ${aliasKey(text).replace(/'/gu, ' ').replace(/\s+/gu, ' ').trim()} `;
}

/** Every country name the runtime knows, in English and French (four letters or more). */
export function countryNames(): readonly string[] {
  if (names) return names;
  const found = new Set<string>();
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const lang of ['en', 'fr']) {
    const display = new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' });
    for (const a of letters) {
      for (const b of letters) {
        const name = display.of(a + b);
        if (name !== undefined && name !== a + b) found.add(spacedKey(name).trim());
      }
    }
  }
  names = [...found].filter((n) => n.length >= 4);
  return names;
}

/** The country names a text mentions, folded ("russia", "etats unis"). */
export function countriesIn(text: string): string[] {
  const spaced = spacedKey(text);
  return countryNames().filter((name) => spaced.includes(` ${name} `));
}
