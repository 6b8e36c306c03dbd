/**
 * Language identification (tinyld), restricted to the languages crisisbot speaks.
 *
 * tinyld's models are loaded at their first use, not at import: the normal model decodes its n-gram
 * tables when loaded (~0.4 s of CPU on this project's 2-core machine), most of what a one-question
 * `crisisbot ask` spent before answering. A question is first put to the light model (68 KB,
 * ~0.1 s to load), which decides when it is sure; only when it is not is the normal model loaded.
 * `require` (tinyld ships a CommonJS build of each model) keeps both functions synchronous.
 */
import { createRequire } from 'node:module';
import type * as TinyldNormal from 'tinyld';
import type * as TinyldLight from 'tinyld/light';
import type { Lang } from '../types.ts';

const require = createRequire(import.meta.url);
let normalModel: typeof TinyldNormal | undefined;
let lightModel: typeof TinyldLight | undefined;
const normal = (): typeof TinyldNormal => (normalModel ??= require('tinyld') as typeof TinyldNormal);
const light = (): typeof TinyldLight => (lightModel ??= require('tinyld/light') as typeof TinyldLight);

const ONLY: { only: string[] } = { only: ['fr', 'en'] };
/** At most 4,000 characters are looked at. */
const sampleOf = (text: string): string => text.slice(0, 4000);
const hasLetters = (sample: string): boolean => /\p{L}/u.test(sample);

/**
 * Detects French or English with tinyld's normal model (articles, claims, topics). Falls back to
 * `fallback` when the library cannot tell (empty text, names only).
 */
export function detectLanguage(text: string, fallback: Lang = 'en'): Lang {
  const sample = sampleOf(text);
  if (!hasLetters(sample)) return fallback;
  const found = normal().detect(sample, ONLY);
  return found === 'fr' || found === 'en' ? found : fallback;
}

/**
 * A question's language: tinyld's light model decides when it is sure — its best language scores
 * at least twice the other (or is the only one it found) — otherwise {@link detectLanguage} does.
 * Measured against {@link detectLanguage} alone: the same on every eval question (292 when this was
 * written; test/corpus/language.test.ts keeps it so), every seed sentence (152), the tests'
 * questions but a German one, and 78 of the 79 French interface strings (`/vérifier
 * affirmation:<texte>`, a command line, not a question); the light model decides 91% of the eval
 * questions alone. Whole articles keep the normal model: on mixed-language synthetic articles the
 * two differ on 7 of 2,000.
 */
/** The light model's lowest score it is trusted with. */
const LIGHT_FLOOR = 0.1;

export function detectQuestionLanguage(text: string, fallback: Lang = 'en'): Lang {
  const sample = sampleOf(text);
  if (!hasLetters(sample)) return fallback;
  const [best, second] = light().detectAll(sample, ONLY);
  // Sure means a clear score too: on a few words it scores both languages low and can be wrong
  // ("Western sanctions against Russia": fr 0.034 against en 0.007), where the normal model is right.
  if (best && (best.lang === 'fr' || best.lang === 'en') && best.accuracy >= LIGHT_FLOOR && 2 * (second?.accuracy ?? 0) <= best.accuracy) return best.lang;
  return detectLanguage(sample, fallback);
}
