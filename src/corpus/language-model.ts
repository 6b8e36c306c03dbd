/**
 * tinyld's normal model restricted to French and English: what `detectLanguage` loads when the build
 * has written it beside the compiled code (`dist/src/corpus/tinyld-fr-en.cjs`).
 *
 * Loading tinyld decodes its n-gram tables for all 60-odd languages (~0.4 s of CPU on this project's
 * 2-core machine, the largest single cost of a one-question `crisisbot ask`). Detection restricted
 * with `only: ['fr', 'en']` reads nothing but the French and English entries: a unique n-gram of
 * another language is skipped, and the scores are summed over the allowed languages only. So the
 * build writes tinyld's own module (MIT) with its data literal cut down to those entries (~50 KB
 * instead of ~590 KB; ~0.07 s to load): the same code on the same numbers, the same answers for
 * detection restricted to these two languages (a test compares them on the seeds' phrases and the
 * eval questions). The file names the sha256 of the tinyld build it was cut from, and is used only
 * while that is the installed one; otherwise (and when running from the sources) tinyld is loaded whole.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import type * as Tinyld from 'tinyld';

const require = createRequire(import.meta.url);

/** The languages the restricted model keeps, as `detect`'s `only` option; detection through it must pass exactly these. */
export const MODEL_LANGUAGES: string[] = ['fr', 'en'];
/** The same languages by tinyld's internal (ISO 639-3) codes. */
const KEPT = new Set(['fra', 'eng']);

/** Where the build writes the restricted model (beside the compiled module only). */
export const RESTRICTED_MODEL = new URL('./tinyld-fr-en.cjs', import.meta.url);

/** In tinyld's bundle: the data literal's declaration, and the statement that decodes it. */
const LITERAL = 'var X=';
const DECODE = 'var v=X,';

/** The installed tinyld's CommonJS bundle (its normal model). */
function tinyldSource(): string {
  return readFileSync(require.resolve('tinyld'), 'utf8');
}

/** The restricted model's first line: what it was cut from. */
function headerOf(source: string): string {
  const sha = createHash('sha256').update(source).digest('hex');
  return `// tinyld normal model, ${[...KEPT].join(' and ')} entries only, cut from the bundle with sha256 ${sha} by crisisbot's build.\n`;
}

interface Model {
  multiples: Record<string, string>;
  uniques: Record<string, string | number>;
  [field: string]: unknown;
}

/** The bundle's data literal (`X`) and language table (`C`: base-36 index → ISO 639-3), read by running the bundle with them exported. */
function modelOf(source: string): { model: Model; languages: Record<string, string> } {
  if (source.split(DECODE).length !== 2 || source.split(LITERAL).length !== 2) throw new Error("tinyld's bundle is not laid out as expected");
  const exported = source.replace(DECODE, `module.exports.__crisisbot={model:X,languages:C};${DECODE}`);
  const module = { exports: {} as { __crisisbot?: { model: Model; languages: Record<string, string> } } };
  // Build time only: tinyld's own bundle, run to read its tables.
  runInNewContext(exported, { module, exports: module.exports });
  const found = module.exports.__crisisbot;
  if (!found) throw new Error("tinyld's bundle did not expose its model");
  return found;
}

/** The model with only the kept languages' entries: unique n-grams of theirs, and their 4-character (language, score) units of the shared ones. */
function restrict(model: Model, languages: Record<string, string>): Model {
  const kept = (base36: string): boolean => KEPT.has(languages[parseInt(base36, 36)] ?? '');
  const uniques = Object.fromEntries(Object.entries(model.uniques).filter(([, lang]) => kept(lang.toString())));
  const multiples: Record<string, string> = {};
  for (const [gram, units] of Object.entries(model.multiples)) {
    if (units.length % 4 !== 0) throw new Error(`tinyld's model has an entry of unexpected length (${JSON.stringify(gram)})`);
    const own = (units.match(/.{4}/gu) ?? []).filter((unit) => kept(unit.slice(0, 2))).join('');
    // An entry left with no unit scores nothing, exactly like a missing one.
    if (own) multiples[gram] = own;
  }
  return { ...model, uniques, multiples };
}

/** tinyld's bundle with its data literal replaced by the restricted model, under the header naming its source. */
export function restrictedSource(source: string): string {
  const { model, languages } = modelOf(source);
  const start = source.indexOf(LITERAL) + LITERAL.length;
  const end = source.indexOf(';var ', start);
  // The literal ends where the next declaration starts: check that the cut is exactly the model.
  const cut: unknown = runInNewContext(`(${source.slice(start, end)})`);
  if (end < 0 || JSON.stringify(cut) !== JSON.stringify(model)) throw new Error("tinyld's model literal could not be located");
  return headerOf(source) + source.slice(0, start) + JSON.stringify(restrict(model, languages)) + source.slice(end);
}

/** Writes the restricted model of the installed tinyld (the build calls this from the compiled code). */
export function writeRestrictedModel(path: URL = RESTRICTED_MODEL): void {
  writeFileSync(path, restrictedSource(tinyldSource()));
}

/**
 * The detector to use with `only: MODEL_LANGUAGES`: the restricted model at `path` when it was cut
 * from the installed tinyld, else tinyld itself (whole model).
 */
export function loadDetector(path: URL = RESTRICTED_MODEL): typeof Tinyld {
  let restricted: string;
  try {
    restricted = readFileSync(path, 'utf8');
  } catch {
    return require('tinyld') as typeof Tinyld;
  }
  if (!restricted.startsWith(headerOf(tinyldSource()))) return require('tinyld') as typeof Tinyld;
  return require(fileURLToPath(path)) as typeof Tinyld;
}
