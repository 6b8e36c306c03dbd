/**
 * Compares one statement of a claim with one sentence of an article: does the sentence give the
 * statement's numbers, dates, actors and polarity, or does it differ on one of them? The
 * differences found are what a `contradicted` verdict quotes.
 */
import { fold, stems } from '../corpus/text.ts';
import type { Lang } from '../types.ts';
import { actorsOf, isNegated, numbersOf, sameNumber, type NumberFact } from './check-facts.ts';
import { dateClauses, findDates, type DateMention, type ReferenceDate } from './timeline-dates.ts';

/** What differs between the statement and the sentence. */
export interface Difference {
  kind: 'number' | 'date' | 'actor' | 'negation';
  /** As the statement words it ("100,000", "on Monday", "Johnson"). */
  claimed: string;
  /** As the article words it ("8,500", "on Wednesday", "Biden"). */
  found: string;
}

/** The outcome of comparing one statement with one sentence. */
export interface Comparison {
  differences: Difference[];
  /** Facts of the statement the sentence does not give at all (a number, a date, an actor). */
  missing: string[];
}

/** The statement's facts, computed once per statement. */
export interface StatementFacts {
  text: string;
  lang: Lang;
  dates: DateMention[];
  numbers: NumberFact[];
  negated: boolean;
}

export function statementFacts(text: string, lang: Lang, era?: number): StatementFacts {
  const dates = findDates(text, lang, { era });
  return { text, lang, dates, numbers: numbersOf(text, dates), negated: isNegated(text) };
}

/** The article-side sentence with what is needed to read its dates. */
export interface SentenceContext {
  text: string;
  lang: Lang;
  reference?: ReferenceDate | undefined;
  era?: number | undefined;
  /** Names in the sentences around it (who "he" is). */
  context: string;
  /** Similarity of the statement without its names to this sentence (0..1): what was done, whoever did it. */
  predicate: number;
  /** The sentence's clause closest to the statement. */
  clause: string;
  /** Translates a word into the other language (the lexicon), for units like soldiers/soldats. */
  translate: (word: string, from: Lang) => string;
}

function sameUnit(a: string | undefined, b: string | undefined, sentence: SentenceContext, statementLang: Lang): boolean {
  if (a === undefined || b === undefined) return false;
  const left = new Set([...stems(fold(a)), ...fold(sentence.translate(a, statementLang)).split(/\s+/u).flatMap((w) => (w ? stems(w) : []))]);
  return stems(fold(b)).some((s) => left.has(s));
}

function compareNumbers(statement: StatementFacts, found: NumberFact[], sentence: SentenceContext, out: Comparison): void {
  for (const number of statement.numbers) {
    const sameKind = found.filter((f) => sameUnit(number.unit, f.unit, sentence, statement.lang));
    const pool = sameKind.length > 0 ? sameKind : found;
    if (pool.some((f) => sameNumber(f.value, number.value))) continue;
    const other = pool[0];
    if (other && (sameKind.length > 0 || found.length === 1)) out.differences.push({ kind: 'number', claimed: number.raw, found: other.raw });
    else out.missing.push(number.raw);
  }
}

function weekdayOf(date: string): number | undefined {
  return /^\d{4}-\d{2}-\d{2}$/u.test(date) ? new Date(`${date}T12:00:00Z`).getUTCDay() : undefined;
}

/** True when every component the statement states agrees with what the sentence's date gives. */
function datesAgree(claimed: DateMention, found: DateMention): boolean {
  const [year, month, day] = (found.date ?? '').split('-').map(Number);
  const given = {
    year: found.stated.year ?? (found.date ? year : undefined),
    month: found.stated.month ?? (found.date && found.precision !== 'year' ? month : undefined),
    day: found.stated.day ?? (found.precision === 'day' ? day : undefined),
    weekday: found.stated.weekday ?? (found.date ? weekdayOf(found.date) : undefined),
  };
  return (['year', 'month', 'day', 'weekday'] as const).every((key) => {
    const want = claimed.stated[key];
    const have = given[key];
    return want === undefined || have === undefined || want === have;
  });
}

function compareDates(statement: StatementFacts, found: DateMention[], out: Comparison): void {
  for (const claimed of statement.dates) {
    if (found.some((f) => datesAgree(claimed, f))) continue;
    // The article's date of the same kind: a month for a month, a weekday for a weekday.
    const keys = Object.keys(claimed.stated) as Array<keyof DateMention['stated']>;
    const narration = found.filter((f) => !f.quoted);
    const other = narration.find((f) => f.precision === claimed.precision) ?? narration.find((f) => keys.some((k) => f.stated[k] !== undefined)) ?? narration[0] ?? found[0];
    if (other) out.differences.push({ kind: 'date', claimed: claimed.text, found: other.date && !other.text.includes(other.date) ? `${other.text} (${other.date})` : other.text });
    else out.missing.push(claimed.text);
  }
}

/**
 * Who did it: the statement's first named actor (person, else group) is absent from the sentence
 * and its context, while the sentence names someone else for what the statement says (the rest
 * of the statement matches it: `predicate` is that similarity).
 */
function compareActors(statement: StatementFacts, sentence: SentenceContext, out: Comparison): void {
  const claimed = actorsOf(statement.text);
  const here = actorsOf(sentence.text);
  const around = actorsOf(sentence.context);
  // The sentences before count only for a sentence that names no one ("he said").
  const present = (key: string): boolean => here.people.has(key) || (here.names.length === 0 && around.people.has(key));
  const subject = claimed.names[0];
  // Other people may be named in the sentences before or the title ("Biden appelle Poutine").
  const missingPeople = claimed.names.slice(1).filter((n) => n.keys.every((k) => !here.people.has(k) && !around.people.has(k))).map((n) => n.text);
  if (subject && subject.keys.every((k) => !present(k))) missingPeople.unshift(subject.text);
  if (subject && subject.keys.every((k) => !present(k))) {
    const others = here.names.filter((n) => n.keys.every((k) => !claimed.people.has(k)) && !NOT_PEOPLE.test(n.text));
    // The one named in the clause that matches the statement, else the last one (the speaker).
    const complement = (n: { text: string }): boolean => COMPLEMENT.test(sentence.text.slice(0, sentence.text.indexOf(n.text)));
    const ranked = others.filter((n) => !complement(n));
    const other = ranked.find((n) => sentence.clause.includes(n.text)) ?? ranked[0];
    if (other && sentence.predicate >= PREDICATE_MATCH) {
      out.differences.push({ kind: 'actor', claimed: subject.text, found: other.text });
      return;
    }
  }
  const groupsClaimed = [...claimed.groups].filter((g) => !here.groups.has(g));
  const groupsFound = [...here.groups].filter((g) => !claimed.groups.has(g));
  if (groupsClaimed.length === 1 && groupsFound.length === 1 && claimed.people.size > 0 && missingPeople.length === 0) {
    out.differences.push({ kind: 'actor', claimed: groupsClaimed[0] as string, found: groupsFound[0] as string });
    return;
  }
  out.missing.push(...missingPeople);
}

/** A name right after "of", "de", "to"… is a complement ("the statements of Biden"), not who acted. */
const COMPLEMENT = /\b(?:of|to|with|against|by|de|du|des|à|avec|contre|par)\s+$/iu;
/** The rest of the statement must match this well for a different actor to count as a swap. */
const PREDICATE_MATCH = 0.3;
/** Capitalised place and event words that are not who did something. */
const NOT_PEOPLE = /^(?:Eastern|Central|Western|Northern|Southern|Europe|Asia|Africa|Donbass|Donbas|Crimea|Crimée|Nord Stream.*)$/u;

/** A clause of a sentence and its similarity to the statement. */
export interface Clause {
  text: string;
  score: number;
}

/** The clause of the sentence closest to the statement (negation is read there, not sentence-wide). */
export function closestClause(sentence: string, score: (texts: string[]) => number[]): Clause {
  const pieces = sentence.split(/[,;:]["”»]?\s+|\s+(?=\b(?:but|mais|while|tandis que|alors que)\b)/u).filter((p) => /\p{L}{3,}/u.test(p));
  const texts = pieces.length > 0 ? pieces : [sentence];
  const scores = score(texts);
  let best = 0;
  for (let i = 1; i < texts.length; i++) if ((scores[i] ?? 0) > (scores[best] ?? 0)) best = i;
  return { text: texts[best] ?? sentence, score: scores[best] ?? 0 };
}

/** A negation differs only where the clause speaks of the statement's content this closely. */
const NEGATION_MATCH = 0.3;

/**
 * "In 2021, 29 died, in 2020 about 50": a statement dated 2021 is compared with the clause dated
 * 2021 only, so the 50 of 2020 does not confirm it.
 */
function datedPart(statement: StatementFacts, sentence: SentenceContext, dates: DateMention[]): [string, DateMention[]] {
  const narration = dates.filter((d) => !d.quoted);
  if (statement.dates.length === 0 || narration.length < 2) return [sentence.text, dates];
  const part = dateClauses(sentence.text, narration).find((c) => statement.dates.some((claimed) => datesAgree(claimed, c.mention)));
  if (!part) return [sentence.text, dates];
  const text = sentence.text.slice(part.start, part.end);
  return [text, findDates(text, sentence.lang, { reference: sentence.reference, era: sentence.era })];
}

/** Compares a statement with a sentence (`clause`: its closest clause, for negation). */
export function compareStatement(statement: StatementFacts, sentence: SentenceContext, clause: Clause): Comparison {
  const out: Comparison = { differences: [], missing: [] };
  const dates = findDates(sentence.text, sentence.lang, { reference: sentence.reference, era: sentence.era });
  compareDates(statement, dates, out);
  compareNumbers(statement, numbersOf(...datedPart(statement, sentence, dates)), sentence, out);
  compareActors(statement, sentence, out);
  if (statement.negated !== isNegated(clause.text) && clause.score >= NEGATION_MATCH && out.missing.length === 0) {
    const marker = (statement.negated ? statement.text : clause.text).match(/\b(?:not|no|never|without)\b|n't|\bn['’]\S+\s+\S+\s+pas\b|\bne\s+\S+\s+pas\b|\b(?:pas|jamais|aucune?)\b/iu)?.[0] ?? '';
    out.differences.push({ kind: 'negation', claimed: statement.negated ? marker : '', found: statement.negated ? '' : marker || clause.text });
  }
  return out;
}
