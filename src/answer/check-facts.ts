/**
 * The facts a claim and a sentence are compared on, in French and English: numbers (with the
 * word they count), actors (people, countries and institutions under one key per language) and
 * negation. Deterministic and offline; dates come from timeline-dates.ts.
 */
import { fold, isStopword } from '../corpus/text.ts';
import type { Lang } from '../types.ts';
import type { DateMention } from './timeline-dates.ts';

/** A number the text states, with the folded word after it ("8,500 soldiers" → 8500, `soldiers`). */
export interface NumberFact {
  value: number;
  raw: string;
  start: number;
  end: number;
  unit?: string;
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, hundred: 100,
  deux: 2, trois: 3, quatre: 4, cinq: 5, sept: 7, huit: 8, neuf: 9, dix: 10, onze: 11, douze: 12, quinze: 15,
  vingt: 20, trente: 30, quarante: 40, cinquante: 50, cent: 100,
  half: 0.5, moitie: 0.5, third: 1 / 3, tiers: 1 / 3, quarter: 0.25, quart: 0.25,
};
const MULTIPLIERS: Record<string, number> = { thousand: 1e3, mille: 1e3, million: 1e6, millions: 1e6, billion: 1e9, milliard: 1e9, milliards: 1e9 };

/** Digits with thousands groups ("8,500", "8 500", "100.000") or decimals, or a number word. */
const NUMBER = /(?<![\p{L}\d])(\d{1,3}(?:(?:[ \u00a0\u202f]|[,.](?=\d{3}(?!\d)))\d{3})+|\d+(?:[.,]\d+)?)(?:\s*(%|pour cent|percent))?(?:\s+(thousand|mille|millions?|billion|milliards?))?(?![\p{L}\d])|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|deux|trois|quatre|cinq|sept|huit|neuf|dix|onze|douze|quinze|vingt|trente|quarante|cinquante|cent|half|moiti[ée]|third|tiers|quarter|quart)\b/giu;

function parseDigits(raw: string): number {
  const grouped = /^\d{1,3}(?:[ \u00a0\u202f,.]\d{3})+$/u.test(raw);
  return grouped ? Number(raw.replace(/[^\d]/gu, '')) : Number(raw.replace(',', '.'));
}

/** The numbers of a text, leaving out those inside date phrases and the mangled "100 XNUMX". */
export function numbersOf(text: string, dates: DateMention[] = []): NumberFact[] {
  const facts: NumberFact[] = [];
  for (const match of text.matchAll(NUMBER)) {
    const start = match.index;
    const end = start + match[0].length;
    if (dates.some((d) => start < d.end && end > d.start)) continue;
    if (/^\s*XNUMX/u.test(text.slice(end))) continue; // a number the source mangled cannot be compared
    const value = match[1] !== undefined ? parseDigits(match[1]) * (MULTIPLIERS[fold(match[3] ?? '')] ?? 1) : (NUMBER_WORDS[fold(match[4] ?? '')] ?? NaN);
    if (!Number.isFinite(value)) continue;
    const unit = /^[\s%]*(?:(?:more|plus|de|d'|of|than|que|environ|about)\s+)*([\p{L}-]{3,})/u.exec(fold(text.slice(end)))?.[1];
    facts.push({ value, raw: match[0].trim(), start, end, ...(unit ? { unit } : {}) });
  }
  return facts;
}

/** Two stated numbers are the same when equal to within rounding (100,000 and "100 000"). */
export function sameNumber(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(1e-9, 0.005 * Math.max(Math.abs(a), Math.abs(b)));
}

/** Countries and institutions under one key, whatever the language or form. */
const GROUPS: Record<string, string[]> = {
  us: ['united states', 'u.s.', 'us', 'usa', 'america', 'american', 'americans', 'washington', 'etats-unis', 'americain', 'americaine', 'americains', 'americaines', 'white house', 'maison blanche', 'pentagon', 'pentagone'],
  russia: ['russia', 'russian', 'russians', 'moscow', 'moscou', 'kremlin', 'russie', 'russe', 'russes'],
  ukraine: ['ukraine', 'ukrainian', 'ukrainians', 'kiev', 'kyiv', 'ukrainien', 'ukrainienne', 'ukrainiens', 'ukrainiennes'],
  nato: ['nato', 'otan', 'atlantic alliance', 'alliance atlantique'],
  germany: ['germany', 'german', 'allemagne', 'allemand', 'allemande', 'allemands', 'berlin'],
  france: ['france', 'french', 'francais', 'francaise', 'paris', 'elysee'],
  uk: ['britain', 'british', 'united kingdom', 'uk', 'london', 'londres', 'britannique', 'royaume-uni', 'downing street'],
  china: ['china', 'chinese', 'chine', 'chinois', 'chinoise', 'beijing', 'pekin'],
  eu: ['european union', 'eu', 'union europeenne', 'ue'],
  un: ['united nations', 'onu', 'nations unies', 'security council', 'conseil de securite'],
  belarus: ['belarus', 'bielorussie', 'minsk'],
  turkey: ['turkey', 'turquie', 'ankara'],
};
/** People whose names the two languages spell differently. */
const PEOPLE: Record<string, string[]> = {
  putin: ['putin', 'poutine'],
  zelensky: ['zelensky', 'zelenski', 'zelenskyy', 'zelenskiy'],
  stoltenberg: ['stoltenberg', 'stoltemberg'],
  shoigu: ['shoigu', 'choigou'],
  sherman: ['sherman', 'shermann'],
  kuleba: ['kuleba', 'kouleba'],
  blinken: ['blinken'],
};
const ALIAS = new Map<string, string>();
for (const [key, forms] of Object.entries({ ...GROUPS, ...PEOPLE })) for (const form of forms) ALIAS.set(form, key);
const PEOPLE_KEYS = new Set(Object.keys(PEOPLE));
const MAX_ALIAS_WORDS = 2;

/** Capitalised words that are not names: sentence openers, titles, months and days. */
const NOT_NAMES = new Set(
  ('the a an in on at for of and but he she it they we i this that these those his her their its le la les un une des du de en au aux ' +
    'il elle ils elles nous on ce cette ces son sa ses leur leurs mais et pour dans sur par lors selon alors president minister ministre ' +
    'secretary secretaire general chancellor chancelier prime premier monday tuesday wednesday thursday friday saturday sunday lundi mardi ' +
    'etat etats according selon pendant alors ainsi cependant however meanwhile yet still toutefois defense state foreign affairs interior affaires etrangeres exterieur interieur mercredi jeudi vendredi samedi dimanche january february march april may june july august september october november december ' +
    'janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre read lire also aussi photo with avec').split(' '),
);

/** Actors of a text: group keys (`us`, `russia`, …), people (folded name words) and the names as written. */
export interface Actors {
  groups: Set<string>;
  people: Set<string>;
  /** Person names as written, in order ("Joe Biden", "Dmitri Peskov"), each with its folded keys. */
  names: Array<{ text: string; keys: string[] }>;
}

interface Token {
  raw: string;
  folded: string;
  start: number;
  end: number;
}

function tokensOf(text: string): Token[] {
  return [...text.matchAll(/[\p{L}][\p{L}.'’-]*/gu)].map((m) => {
    const raw = m[0].replace(/[.'’-]+$/u, '');
    return { raw, folded: fold(raw).replace(/^(?:l|d|qu)'/u, ''), start: m.index, end: m.index + raw.length };
  });
}

/** Group alias starting at token i: its key and length in tokens. */
function groupAt(tokens: Token[], i: number): { key: string; length: number } | undefined {
  for (let n = MAX_ALIAS_WORDS; n >= 1; n--) {
    const phrase = tokens.slice(i, i + n).map((t) => t.folded).join(' ');
    const key = ALIAS.get(phrase) ?? ALIAS.get(phrase.replace(/'s$/u, ''));
    if (key && (n > 1 || phrase !== 'us' || tokens[i]?.raw === 'US')) return { key, length: n };
  }
  return undefined;
}

function isNameWord(token: Token | undefined): token is Token {
  return token !== undefined && /^\p{Lu}\p{Ll}/u.test(token.raw.replace(/^[ldLD]['’]/u, '')) && !NOT_NAMES.has(token.folded) && !isStopword(token.folded) && token.folded.length > 2;
}

/** Finds the actors a text names. */
export function actorsOf(text: string): Actors {
  const actors: Actors = { groups: new Set(), people: new Set(), names: [] };
  const tokens = tokensOf(text);
  for (let i = 0; i < tokens.length; i++) {
    const group = groupAt(tokens, i);
    if (group && !PEOPLE_KEYS.has(group.key)) {
      actors.groups.add(group.key);
      i += group.length - 1;
      continue;
    }
    if (!group && !isNameWord(tokens[i])) continue;
    let j = i;
    while (j + 1 < tokens.length && (isNameWord(tokens[j + 1]) || (groupAt(tokens, j + 1) && PEOPLE_KEYS.has(groupAt(tokens, j + 1)?.key ?? ''))) && text.slice(tokens[j]?.end, tokens[j + 1]?.start).trim() === '') j++;
    const run = tokens.slice(i, j + 1);
    // A lone capitalised adverb opening the text is an ordinary word ("Également", "Finally").
    if (i === 0 && run.length === 1 && !group && /(?:ment|ly)$/u.test(run[0]?.folded ?? '')) continue;
    const keys = run.map((t) => ALIAS.get(t.folded) ?? t.folded);
    for (const key of keys) actors.people.add(key);
    actors.names.push({ text: text.slice(run[0]?.start, run[run.length - 1]?.end), keys });
    i = j;
  }
  return actors;
}

const NEGATION: Record<Lang, RegExp> = {
  en: /\b(?:not|no|never|none|nor|neither|without|den(?:y|ies|ied))\b|n't\b/iu,
  fr: /(?:^|[\s(«"])(?:ne\b|n['’])|\b(?:pas|jamais|aucune?|sans|nie|nient|dément)\b/iu,
};

/** True when the text is negated (either language's markers, since claims and sources mix them). */
export function isNegated(text: string): boolean {
  return NEGATION.en.test(text) || NEGATION.fr.test(text);
}
