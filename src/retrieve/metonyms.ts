/**
 * Capitals and seats of power that news writing uses for their governments and countries
 * ("Moscow demands…" = Russia demands; "Washington is open to talks" = the United States):
 * for checking that an answer names who the question names, either way round. General
 * knowledge of news writing, never picked from the articles. Not used for "where" answers, where
 * Paris is a place and not France.
 */
import { fold } from '../corpus/text.ts';

const GROUPS: string[][] = [
  ['Moscow', 'Moscou', 'Kremlin', 'Russia', 'Russie', 'Russian', 'russe'],
  ['Washington', 'White House', 'Maison-Blanche', 'United States', 'États-Unis', 'American', 'américain'],
  ['Kyiv', 'Kiev', 'Ukraine', 'Ukrainian', 'ukrainien'],
  ['Paris', 'Élysée', 'France', 'French', 'français'],
  ['London', 'Londres', 'Downing Street', 'United Kingdom', 'Royaume-Uni', 'Britain', 'British', 'britannique'],
  ['Berlin', 'Germany', 'Allemagne', 'German', 'allemand'],
  ['Beijing', 'Pékin', 'China', 'Chine', 'Chinese', 'chinois'],
];

const BY_KEY = new Map<string, string[]>();
for (const group of GROUPS) for (const name of group) BY_KEY.set(fold(name), group.filter((other) => other !== name));

/** The other ways news writing names the same government or country ([] when `name` is none of them). */
export function metonymsOf(name: string): string[] {
  return BY_KEY.get(fold(name).trim()) ?? [];
}
