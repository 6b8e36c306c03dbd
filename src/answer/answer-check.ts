/**
 * Checking an answer sentence against what was asked, before giving it: the asked year, a figure
 * for "how many", a date for "when", a place for "where", a person for "who", an outcome for
 * "what came out of", a statement by the named speaker, and every name the question insists on.
 * A sentence that fails is not an answer; the answerer then says the articles don't say it and
 * shows what they do say.
 */
import { answerSpans, isHedged, reportsSpeech, statesOutcome, years } from '../retrieve/answer-kinds.ts';
import { contentWords } from '../corpus/text.ts';
import { aliases } from '../retrieve/aliases.ts';
import type { QuestionAnalysis } from '../retrieve/question.ts';
import { textWords, type TermMatcher, type TextWords } from '../retrieve/term-matcher.ts';

/** Why a sentence does not answer the question. */
export type CheckFailure =
  | { reason: 'name'; name: string }
  | { reason: 'speaker'; speaker: string }
  | { reason: 'year'; asked: number[]; found: number[] }
  | { reason: 'figure' | 'date' | 'place' | 'person' | 'outcome' | 'current' | 'topic' };

export type Verdict = { ok: true } | ({ ok: false } & CheckFailure);

/** A candidate sentence and the sentences before it that it leans on ("La réunion…", an open quotation). */
export interface CheckInput {
  text: string;
  /** Earlier sentences it refers back to, nearest last (may be empty). */
  context: string[];
  /** Year the article was published, when known. */
  articleYear?: number;
  /** The article's title: what its sentences are about without naming it again ("Biden appelle Poutine"). */
  title?: string;
  /** The sentences after it up to the attribution of a quotation it is part of ("…, a-t-il affirmé."). */
  after?: string[];
}

const KIND_REASON = { 'how-many': 'figure', 'how-much': 'figure', when: 'date', where: 'place', who: 'person' } as const;

/** The question's names this sentence must mention (names that are everywhere in the article are not). */
export interface NameFilter {
  (name: string): boolean;
}

/** Share of the speaker's words that must be found (two of three, both of two). */
function speakerMet(speaker: string[], text: TextWords, matcher: TermMatcher): boolean {
  // "the British PM" is a role a known person holds: met by that person's name too.
  const phrase = speaker.join(' ');
  if (aliases().has(phrase) && matcher.mentions(phrase, text)) return true;
  const found = speaker.filter((w) => matcher.matches(w, text)).length;
  return found >= Math.ceil((2 * speaker.length) / 3);
}

/**
 * The speaker is quoted when a sentence that reports speech names the speaker: the sentence
 * itself; or, when it says "he said" or goes on with a quotation, a sentence it leans on that
 * names them; or, when it does not report speech at all, a sentence it leans on that does both.
 */
function speakerQuoted(speaker: string[], input: CheckInput, matcher: TermMatcher): boolean {
  const names = (text: string): boolean => speakerMet(speaker, textWords(text), matcher);
  if (names(input.text) && reportsSpeech(input.text)) return true;
  // Inside a quotation attributed further on ("…", a-t-il affirmé): the speaker is named before or there.
  const after = input.after ?? [];
  if (after.length > 0 && [input.text, ...input.context, ...after].some(names)) return true;
  if (input.context.length === 0) return false;
  if (reportsSpeech(input.text)) return input.context.some(names);
  return input.context.some((s) => reportsSpeech(s) && names(s));
}

/** Checks the answer kind of the sentence itself: a figure (of the thing counted), date, place, person. */
function kindFailure(analysis: QuestionAnalysis, input: CheckInput, matcher: TermMatcher): CheckFailure | undefined {
  const type = analysis.type;
  if (!(type in KIND_REASON) || analysis.definition) return undefined;
  const reason = KIND_REASON[type as keyof typeof KIND_REASON];
  const own = textWords(analysis.text);
  // The answer must bring something the question does not already name ("à Poutine" is no place).
  // A figure or a person must be in the sentence itself; a date or place may be in a sentence it leans on.
  const texts = type === 'when' || type === 'where' ? [input.text, ...input.context] : [input.text];
  const spans = texts.flatMap((text) => answerSpans(type, text)).filter((s) => type === 'how-many' || type === 'how-much' || !matcher.mentions(s.text, own));
  if (spans.length === 0) return { reason };
  if ((type === 'how-many' || type === 'how-much') && analysis.counted.length > 0) {
    const sentence = textWords(input.text);
    const head = analysis.counted[0] ?? '';
    if (!matcher.matches(head, sentence)) return { reason };
  }
  return undefined;
}

/** Checks the asked years against the years of the sentence, its context, or the article's date. */
function yearFailure(analysis: QuestionAnalysis, input: CheckInput): CheckFailure | undefined {
  const asked = analysis.constraints.years;
  if (asked.length === 0) return undefined;
  const own = years(input.text);
  const near = own.length > 0 ? own : years(input.context.join(' '));
  if (near.some((y) => asked.includes(y))) return undefined;
  if (near.length > 0) return { reason: 'year', asked, found: near };
  if (input.articleYear !== undefined && asked.includes(input.articleYear)) return undefined;
  return { reason: 'year', asked, found: [] };
}

/** The focus as units: each name of the question whole ("British PM", "Jens Stoltenberg"), then the other focus words. */
export function focusUnits(analysis: QuestionAnalysis): string[] {
  const names = analysis.constraints.names;
  const inNames = new Set(names.flatMap((n) => contentWords(n)));
  return [...names, ...analysis.focus.filter((w) => !inNames.has(w))];
}

/**
 * Whether a sentence (with what it leans on) addresses the question: at least `minCoverage` of the
 * focus units; and for "what did X say about Y", one of Y's words (a sentence where the same person
 * speaks of something else does not answer "what did Biden say about the attack").
 */
function coversTopic(analysis: QuestionAnalysis, text: TextWords, matcher: TermMatcher, minCoverage: number): boolean {
  const units = focusUnits(analysis);
  if (units.length === 0) return true;
  const found = units.filter((unit) => matcher.mentions(unit, text));
  if (found.length < minCoverage * units.length) return false;
  const speaker = new Set(analysis.constraints.speaker.flatMap((w) => contentWords(w)));
  if (speaker.size === 0) return true;
  const topic = units.slice(analysis.constraints.names.length).filter((unit) => !speaker.has(unit));
  return topic.length === 0 || topic.some((unit) => found.includes(unit));
}

/** The verdict for one sentence. `mustName` says which of the question's names count here. */
export function checkAnswer(analysis: QuestionAnalysis, input: CheckInput, matcher: TermMatcher, mustName: NameFilter = () => true, minCoverage = 0): Verdict {
  const c = analysis.constraints;
  const all = textWords([...input.context, input.text].join(' '));
  if (!coversTopic(analysis, all, matcher, minCoverage)) return { ok: false, reason: 'topic' };
  const withTitle = textWords([input.title ?? '', ...input.context, input.text].join(' '));
  for (const name of c.names) {
    if (mustName(name) && !matcher.mentions(name, withTitle)) return { ok: false, reason: 'name', name };
  }
  if (c.speaker.length > 0 && !speakerQuoted(c.speaker, input, matcher)) return { ok: false, reason: 'speaker', speaker: c.speaker.join(' ') };
  const failure = yearFailure(analysis, input) ?? kindFailure(analysis, input, matcher);
  if (failure) return { ok: false, ...failure };
  if (c.outcome && (!statesOutcome(input.text) || isHedged(input.text))) return { ok: false, reason: 'outcome' };
  if (c.soFar && isHedged(input.text)) return { ok: false, reason: 'current' };
  return { ok: true };
}
