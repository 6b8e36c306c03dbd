/**
 * Language identification (tinyld), restricted to the languages crisisbot speaks.
 *
 * tinyld's model is loaded at the first detection, not at import, so commands that detect nothing
 * (an ingest with nothing new, `summary --doc`, the Discord bot before its first question) need not
 * pay for it. From the compiled code that is its normal model cut down to French and English by the
 * build (./language-model.ts: ~0.07 s to load instead of ~0.4 s, same decisions); from the sources,
 * the whole model. `require` (tinyld ships a CommonJS build) keeps detection synchronous.
 *
 * Its light model (68 KB, ~0.1 s to load) was measured as a cheaper first opinion and rejected: on
 * the 11,201 two-to-five-word phrases of the seed sentences it disagreed with this model 513 times
 * where it was "sure" (its best language scoring at least twice the other), e.g. "Western sanctions
 * against Russia" read as French.
 */
import type * as Tinyld from 'tinyld';
import type { Lang } from '../types.ts';
import { loadDetector, MODEL_LANGUAGES } from './language-model.ts';

let model: typeof Tinyld | undefined;
const tinyld = (): typeof Tinyld => (model ??= loadDetector());

/**
 * Detects French or English. Falls back to `fallback` when the library cannot tell
 * (empty text, names only).
 */
export function detectLanguage(text: string, fallback: Lang = 'en'): Lang {
  const sample = text.slice(0, 4000);
  if (!/\p{L}/u.test(sample)) return fallback;
  const found = tinyld().detect(sample, { only: MODEL_LANGUAGES });
  return found === 'fr' || found === 'en' ? found : fallback;
}
