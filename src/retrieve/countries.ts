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

/** UN M.49 codes of continents and large regions: Africa, Oceania, Americas, Asia, Europe and their main parts. */
const REGION_CODES = ['002', '009', '019', '142', '150', '015', '145', '151', '155', '021', '419'];

let regions: string[] | undefined;

/** Continent and region names in English and French from ICU ("asia", "asie", "europe de l est"). */
export function regionNames(): readonly string[] {
  if (regions) return regions;
  const found = new Set<string>();
  for (const lang of ['en', 'fr']) {
    const display = new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' });
    for (const code of REGION_CODES) {
      const name = display.of(code);
      if (name !== undefined && name !== code) found.add(spacedKey(name).trim());
    }
  }
  regions = [...found];
  return regions;
}

/** The continents and regions a text names, folded, however it is typed ("could asia supply…"). */
export function regionsIn(text: string): string[] {
  const spaced = spacedKey(text);
  return regionNames().filter((name) => spaced.includes(` ${name} `));
}
