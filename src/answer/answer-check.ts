/**
 * Checking an answer sentence against what was asked, before giving it: the asked year, a figure
 * for "how many", a date for "when", a place for "where", a person for "who", an outcome for
 * "what came out of", a statement by the named speaker, and every name the question insists on.
 * A sentence that fails is not an answer; the answerer then says the articles don't say it and
 * shows what they do say.
 */
import { answerSpans, dates, isHedged, reportsSpeech, statesOutcome, years, type Span } from '../retrieve/answer-kinds.ts';
import { contentWords, fold, isStopword } from '../corpus/text.ts';
import { aliases } from '../retrieve/aliases.ts';
import { metonymsOf } from '../retrieve/metonyms.ts';
import { countryNames } from '../retrieve/countries.ts';
import { kindWords, namesKindOf } from './category-heads.ts';
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
  /** The two sentences before it: where a quotation attributed further on by "he said" names its speaker. */
  before?: string[];
}

const SPEECH_WORD =
  /^(?:warn|warned|warns|tell|tells|declare|declared|announce|announced|reply|replied|respond|responded|react|reacted|add|added|state|stated|claim|claimed|describe|described|call|called|averti|avertit|dit|declare|annonce|repondu|reagi|qualifie|affirme|estime|ajoute|explique)$/u;

const WANT_WORD = /^(?:want|wants|wanted|wish|wishes|veut|veulent|voulait|vouloir|souhaite|souhaitent)$/u;

/** "…, he added." / "a-t-il ajouté": the sentence's speaker is named before it. */
export const PRONOUN_SAID = /\b(?:he|she|they)\s+(?:said|added|stressed|told|noted|warned|estimated|explained)\b|-t-(?:il|elle)\b|\bdit-(?:il|elle)\b/iu;

const KIND_REASON = { 'how-many': 'figure', 'how-much': 'figure', when: 'date', where: 'place', who: 'person' } as const;

/** The question's names this sentence must mention (names that are everywhere in the article are not). */
export interface NameFilter {
  (name: string): boolean;
}

/** Words of a role, not of a person's name: "the foreign minister" is not met by any "minister". */
const ROLE_WORD =
  /^(?:minister|ministre|president|secretary|secretaire|spokesman|spokeswoman|spokesperson|porte|parole|ambassador|ambassadeur|chancellor|chancelier|adviser|advisor|conseiller|chief|chef|general|head|envoy|leader|dirigeant|official|responsable|premier|prime|deputy|adjoint|foreign|affaires|etrangeres|defense|defence|state|etat)$/u;

/**
 * Share of the speaker's words that must be found (two of three, both of two); a person named
 * with first name and surname is met by the surname alone ("Wendy Sherman" → "Sherman a déclaré").
 */
function speakerMet(speaker: string[], text: TextWords, matcher: TermMatcher): boolean {
  // "the British PM" is a role a known person holds: met by that person's name too.
  const phrase = speaker.join(' ');
  if (aliases().has(phrase) && matcher.mentions(phrase, text)) return true;
  // "le ministre russe" is met by "son ministre" in a sentence on the Kremlin: a nationality by its government's metonyms.
  const found = speaker.filter((w) => matcher.matches(w, text) || metonymsOf(w).some((other) => matcher.mentions(other, text))).length;
  if (found >= Math.ceil((2 * speaker.length) / 3)) return true;
  const surname = speaker[speaker.length - 1];
  const personal = speaker.length === 2 && !speaker.some((w) => ROLE_WORD.test(w));
  return personal && surname !== undefined && surname.length >= 4 && matcher.matches(surname, text);
}

/** Whether a sentence names the speaker outside its quotations ("…, a déclaré Stoltenberg"). */
export function namesSpeaker(speaker: string[], sentence: string, matcher: TermMatcher): boolean {
  return speakerMet(speaker, textWords(outsideQuotes(sentence)), matcher);
}

/** The text outside quotation marks: who is named inside a quotation is spoken of, not speaking. */
export function outsideQuotes(text: string): string {
  let inside = false;
  let out = '';
  for (const char of text) {
    if ('«»“”"'.includes(char)) {
      // » and ” close; «, “ and straight quotes toggle (articles also close with «).
      inside = char === '»' || char === '”' ? false : !inside;
      out += ' ';
      continue;
    }
    if (!inside) out += char;
  }
  return out;
}

/** "Volodymyr Zelensky called for…": a capitalised name right before an English speech verb is who speaks. */
const NAMED_SPEAKER = /((?:\p{Lu}[\p{L}'’-]+\s+){1,3})(?:said|says|told|called|stressed|warned|noted|added|declared|stated|announced|explained|claimed|replied|estimated)\b/gu;

/**
 * Whether the sentence has someone else as the subject of its speech verb, the asked speaker being
 * named only around it ("During a conversation with the French president, Zelensky called for…").
 */
function someoneElseSpeaks(speaker: string[], text: string, matcher: TermMatcher): boolean {
  const outside = outsideQuotes(text);
  // The subject with its title: "US Secretary of Defense Lloyd Austin estimated".
  const subjects = [...outside.matchAll(NAMED_SPEAKER)].map((m) => {
    const end = (m.index ?? 0) + (m[1] ?? '').length;
    const clause = outside.slice(Math.max(0, end - 60), end);
    return clause.slice(clause.search(/[^,;:]*$/u));
  });
  if (subjects.length === 0) return false;
  return !subjects.some((subject) => speakerMet(speaker, textWords(subject), matcher));
}

/**
 * The speaker is quoted when a sentence that reports speech names the speaker: the sentence
 * itself; or, when it says "he said" or goes on with a quotation, a sentence it leans on that
 * names them; or, when it does not report speech at all, a sentence it leans on that does both.
 */
function speakerQuoted(speaker: string[], input: CheckInput, matcher: TermMatcher): boolean {
  const names = (text: string): boolean => speakerMet(speaker, textWords(outsideQuotes(text)), matcher);
  if (names(input.text) && reportsSpeech(input.text)) return !someoneElseSpeaks(speaker, input.text, matcher);
  // Inside a quotation attributed further on ("…", a-t-il affirmé): the speaker is named before or there.
  const after = input.after ?? [];
  if (after.length > 0 && [input.text, ...input.context, ...after].some(names)) return true;
  // "The statements did not convince Biden." then "« We have reason… »" … ", he said.": the speaker is named just before.
  if (after.some((s) => PRONOUN_SAID.test(s)) && (input.before ?? []).some(names)) return true;
  if (input.context.length === 0) return false;
  if (reportsSpeech(input.text)) return input.context.some(names);
  // Only the sentence right before: "Les pourparlers…" three sentences after Lavrov spoke is not Lavrov's…
  // …or, when that one says only "she added", the one it goes on from ("Sherman a déclaré…" then "…, a-t-elle ajouté").
  for (const s of [...input.context].reverse()) {
    if (!reportsSpeech(s)) return false;
    if (names(s)) return true;
    if (!PRONOUN_SAID.test(s)) return false;
  }
  return false;
}

/** Checks the answer kind of the sentence itself: a figure (of the thing counted), date, place, person. */
function kindFailure(analysis: QuestionAnalysis, input: CheckInput, matcher: TermMatcher): CheckFailure | undefined {
  const type = analysis.type;
  if (!(type in KIND_REASON) || analysis.definition) return undefined;
  const reason = KIND_REASON[type as keyof typeof KIND_REASON];
  const own = textWords(analysis.text);
  // The answer must bring something the question does not already name ("à Poutine" is no place).
  // A figure or a person must be in the sentence itself; a date or place may be in a sentence it leans on.
  // …and so may a person who said it, when the sentence says only "he added" ("Who said there was still time?").
  const leans = type === 'when' || type === 'where' || (type === 'who' && PRONOUN_SAID.test(input.text));
  // "Qui a dit que…": inside a quotation closed further on by "a-t-il affirmé", the speaker is the one named just before it.
  const quoted = type === 'who' && asksWhenSaid(analysis) && (input.after ?? []).some((s) => PRONOUN_SAID.test(s));
  const texts = quoted ? [input.text, ...input.context, ...(input.before ?? [])] : leans ? [input.text, ...input.context] : [input.text];
  // "When did Biden announce…" asks when it was said: dates after the speech verb count then.
  const found = (text: string): Span[] => (type === 'when' && asksWhenSaid(analysis) ? dates(text) : answerSpans(type, text));
  // "…ont déclaré aux journalistes à Washington que…": where it was said is not where the thing asked is.
  // "When did Russia invade?" is not answered by "it will happen in the next few days": a date ahead answers no past question.
  const past = type === 'when' && asksPast(analysis);
  const placed = (text: string): Span[] => found(text).filter((span) => (type !== 'where' || asksWhenSaid(analysis) || !saidAt(text, span)) && !(past && FORWARD.test(fold(span.text))));
  // "Qui est le président ukrainien ?": the alias table knows who holds the role; the answer names them.
  if (type === 'who' && roleHolders(analysis).length > 0) return namesHolder(analysis, texts) ? undefined : { reason };
  const spans = texts.flatMap(placed).filter((s) => type === 'how-many' || type === 'how-much' || !matcher.mentionsEither(withoutPreposition(s.text), own));
  if (spans.length === 0) return { reason };
  if (type === 'who' && !roleHeldBy(analysis, input.text, matcher)) return { reason };
  if ((type === 'how-many' || type === 'how-much') && !spans.some((span) => figureOfFocus(analysis, input.text, span, matcher))) return { reason };
  return undefined;
}

/**
 * "Who is the British prime minister?", "qui est le président ukrainien ?": when the alias table knows
 * who holds the role asked, the answer names that person ("…conseiller du président ukrainien Andriy
 * Jermak" names the president's adviser, not the president).
 */
function namesHolder(analysis: QuestionAnalysis, texts: string[]): boolean {
  const holders = roleHolders(analysis);
  return holders.length === 0 || holders.some((holder) => writesName(holder, texts.join(' ')));
}

/** Who the alias table says holds a role the question names ("président ukrainien" → Volodymyr Zelensky, Zelensky). */
export function roleHolders(analysis: QuestionAnalysis): string[] {
  return [...new Set(analysis.constraints.names.flatMap((name) => aliases().holdersOf(name)))];
}

/** Whether a text writes a name itself (the role, though one of the holder's aliases, is no answer). */
export function writesName(name: string, text: string): boolean {
  return ` ${contentWords(text).join(' ')} `.includes(` ${contentWords(name).join(' ')} `);
}

/** A place span without its preposition and article ("à Berlin" → "Berlin"), to tell whether the question names it. */
export function withoutPreposition(span: string): string {
  // …and the kind of place before a name ("la province de Rostov" is Rostov: the question may say "province").
  return span
    .replace(/^(?:(?:in|at|to|from|near|before|inside|à|en|au|aux|dans|depuis|vers|près de|devant)\s+)?(?:(?:the|la|le|les|un|une|a|an)\s+|l['’]\s*)?/iu, '')
    .replace(/^(?:province|region|région|oblast|district|city|ville|town|port|zone)\s+(?:of\s+|de\s+|d['’]|du\s+)(?=\p{Lu})/iu, '');
}

/** "ministre ukrainien": the nationality adjective right after a role word. */
function nationalityAfterRole(words: string[]): string[] {
  return words.filter((w, i) => i > 0 && ROLE_HEAD.test(words[i - 1] ?? '') && metonymsOf(w).length > 0);
}

/** Words of a role that a qualifier names the holder of ("Ukraine's defense minister", "ministre russe"). */
const ROLE_HEAD = /^(?:minister|ministre|president|president|secretary|secretaire|spokesman|spokeswoman|spokesperson|porte|ambassador|ambassadeur|ambassadrice|chancellor|chancelier|adviser|advisor|conseiller|conseillere|envoy|envoye|premier)$/u;
const QUALIFIER_REACH = 4;

/**
 * "Who is Ukraine's defense minister?": the role in the sentence must be held for the one asked
 * about, named within a few words of it ("ministre ukrainien des Affaires étrangères"), not another
 * country's ("son ministre de la Défense", the Kremlin's).
 */
function roleHeldBy(analysis: QuestionAnalysis, sentence: string, matcher: TermMatcher): boolean {
  const asked = contentWords(analysis.text);
  if (!asked.some((w) => ROLE_HEAD.test(w)) || titlesNamedPerson(analysis)) return true;
  // …and, in French, a nationality written as an adjective after the role ("le ministre ukrainien de la Défense").
  const nationalities = nationalityAfterRole(asked);
  const qualifiers = [...analysis.constraints.names, ...nationalities].filter((n) => !contentWords(n).some((w) => ROLE_HEAD.test(w) || ROLE_WORD.test(w)));
  if (qualifiers.length === 0) return complementNear(analysis, sentence, matcher);
  // The portfolio too: "Ukraine's defense minister" is not Ukraine's foreign minister.
  const inNames = new Set(analysis.constraints.names.flatMap((n) => contentWords(n)));
  const portfolio = analysis.focus.filter((w) => !inNames.has(w) && !ROLE_HEAD.test(w) && !nationalities.includes(w));
  const tokens = contentWords(sentence);
  return tokens.some((token, i) => {
    if (!ROLE_HEAD.test(token)) return false;
    const window = tokens.slice(Math.max(0, i - QUALIFIER_REACH), i + QUALIFIER_REACH + 1).join(' ');
    const words = textWords(window);
    if (!portfolio.every((w) => matcher.matches(w, words))) return false;
    return qualifiers.some((q) => matcher.mentions(q, words) || qualifies(fold(q), window, matcher) || metonymsOf(q).some((m) => matcher.mentions(m, words)));
  });
}

/**
 * "Who did ambassador Sullivan meet…", "que pense le ministre Lavrov…": every role word of the
 * question titles a person it names (the name right after it), so no role is asked about.
 */
function titlesNamedPerson(analysis: QuestionAnalysis): boolean {
  const tokens = analysis.text.match(/[\p{L}][\p{L}-]*/gu) ?? [];
  const nameWords = new Set(analysis.constraints.names.flatMap((n) => contentWords(n)));
  const heads = tokens.flatMap((token, i) => (ROLE_HEAD.test(fold(token)) ? [i] : []));
  return heads.length > 0 && heads.every((i) => {
    const next = tokens[i + 1] ?? '';
    return /^\p{Lu}/u.test(next) && nameWords.has(fold(next)) && metonymsOf(next).length === 0;
  });
}

/** "le porte-parole de l'Élysée", "the spokesman for the Pentagon": the role and the word it belongs to. */
const ROLE_OF_WHAT = /\b(?:minister|ministre|president|secretary|secretaire|spokesman|spokeswoman|spokesperson|porte[ -]parole|ambassador|ambassadeur|ambassadrice|chancellor|chancelier|adviser|advisor|conseiller|conseillere|envoy|envoye)\s+(?:de|du|des|of|for|to)\s+(?:(?:la|le|les|the)\s+|l')?([a-z]{3,})/u;

/**
 * "Comment s'appelle le porte-parole de l'Élysée ?": a role said with what it belongs to, no name
 * given, is held where the sentence says that word by a role ("porte-parole du Kremlin" is not it).
 */
function complementNear(analysis: QuestionAnalysis, sentence: string, matcher: TermMatcher): boolean {
  const complement = ROLE_OF_WHAT.exec(fold(analysis.text))?.[1];
  // "le porte-parole de la ministre": a role of a role is read by the checks above, not here.
  if (complement === undefined || isStopword(complement) || ROLE_WORD.test(complement)) return true;
  const tokens = contentWords(sentence);
  return tokens.some((token, i) => ROLE_HEAD.test(token) && matcher.matches(complement, textWords(tokens.slice(Math.max(0, i - QUALIFIER_REACH), i + QUALIFIER_REACH + 1).join(' '))));
}

/** Words news writing uses interchangeably for what is counted ("soldats" are "troops"). */
const COUNT_GROUPS = [
  ['soldiers', 'troops', 'forces', 'servicemen', 'units', 'soldats', 'troupes', 'militaires', 'hommes', 'unites'],
  ['people', 'persons', 'personnes', 'gens', 'habitants', 'residents'],
];

function countedSynonyms(head: string): string[] {
  return COUNT_GROUPS.find((group) => group.includes(head))?.filter((w) => w !== head) ?? [];
}

/** Whether the sentence has the thing counted with its qualifier next to it ("soldats ukrainiens", "Ukrainian soldiers"). */
function namesCounted(head: string, qualifier: string, sentence: string, matcher: TermMatcher): boolean {
  const tokens = contentWords(sentence);
  return tokens.some((token, i) => {
    if (![head, ...countedSynonyms(head)].some((w) => matcher.matches(w, textWords(token)))) return false;
    return [tokens[i - 1], tokens[i + 1]].some((n) => n !== undefined && qualifies(qualifier, n, matcher));
  });
}

/** The qualifier of the thing counted, in any form or with a typo: "ukranian" is met by "ukrainiens". */
function qualifies(qualifier: string, sentence: string, matcher: TermMatcher): boolean {
  const words = textWords(sentence);
  if (matcher.matches(qualifier, words)) return true;
  const stem = qualifier.slice(0, 4);
  return stem.length === 4 && [...words.words].some((w) => w.startsWith(stem));
}

/**
 * Whether a figure counts what was asked: the thing counted ("soldats"), or else one of the
 * question's words other than its names, is among the words around the figure (three before it,
 * its unit after it): "100,000 Russian troops" does not answer how much Russia earns from gas.
 */
export function figureOfFocus(analysis: QuestionAnalysis, sentence: string, span: Span, matcher: TermMatcher): boolean {
  // "How long did the meeting last?": a duration, whatever stands around it ("plus de huit heures").
  if (analysis.duration) return TIME_UNIT.test(fold(`${span.text} ${sentence.slice(span.end).trim().split(/\s+/u).slice(0, 1).join(' ')}`));
  const before = sentence.slice(0, span.start).trim().split(/\s+/u).slice(-3).join(' ');
  const after = sentence.slice(span.end).trim().split(/\s+/u).slice(0, 3).join(' ');
  const around = textWords(`${before} ${span.text} ${after}`);
  const [head, counted] = analysis.counted;
  // A qualifier is a word like "russes" / "Ukrainian", not the subject ("combien de soldats Biden…") nor "US".
  const subject = new Set(analysis.constraints.names.flatMap((n) => contentWords(n)));
  // A nationality stays a qualifier though it is written as a name: "how many Russian soldiers" is no count of Ukrainian ones.
  const qualifier = counted !== undefined && counted.length >= 4 && (!subject.has(counted) || isNationality(counted)) ? counted : undefined;
  // "how many Russian soldiers": soldiers by the figure, and the sentence about Russians.
  // …by the figure too: "accusant l'OTAN de vouloir déployer 15.000 soldats près de la Russie" counts no Russian soldiers.
  // (or the sentence names them whole, "29 soldats ukrainiens…, en 2020 environ 50 morts").
  if (qualifier !== undefined && head !== undefined && !qualifies(qualifier, `${before} ${span.text} ${after}`, matcher) && !namesCounted(head, qualifier, sentence, matcher)) return false;
  if (head !== undefined) return [head, ...countedSynonyms(head)].some((w) => matcher.matches(w, around));
  const names = new Set(analysis.constraints.names.flatMap((n) => contentWords(n)));
  const words = analysis.focus.filter((w) => !names.has(w));
  return words.length === 0 || words.some((w) => matcher.matches(w, around));
}

/** A word for a country's people or things ("Estonian", "russes"): it starts as a country name does. */
export function isNationality(word: string): boolean {
  const start = fold(word).slice(0, 4);
  return metonymsOf(word).length > 0 || (start.length === 4 && countryNames().some((name) => name.startsWith(start)));
}

const TIME_UNIT = /\b(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|secondes?|heures?|jours?|journees?|semaines?|mois|ans|annees?|decennies?)\b/u;

/** A place that only says where something was said ("told reporters in Oslo", "a déclaré mardi aux journalistes à Washington"). */
const SAID_AT = /\b(?:journalistes|reporters|press|presse|told|said|declared|stated|announced|declare|declares|annonce|affirme)\b[^.;:]{0,25}$/u;

function saidAt(text: string, span: Span): boolean {
  return SAID_AT.test(fold(text.slice(Math.max(0, span.start - 45), span.start)));
}

/** A question about what already happened: "when did…", "when was…", "quand a-t-il…", "quand la Russie a-t-elle envahi…". */
const PAST_QUESTION = /\b(?:did|was|were|has|have|had)\b|\b(?:a|ont|avait|avaient|est|sont)-t-(?:il|elle|ils|elles|on)\b|\bquand\b.*\b(?:a|ont) (?:ete|eu)\b/u;
/** A date that points ahead: "in the next few days", "next week", "dans les prochains jours", "d'ici la mi-février". */
const FORWARD = /\b(?:next|coming|upcoming|within|prochain|prochaine|prochains|prochaines|d'ici|venir|dans (?:deux|trois|quatre|quelques|\d+))\b/u;

function asksPast(analysis: QuestionAnalysis): boolean {
  return PAST_QUESTION.test(fold(analysis.text));
}

const SPEECH_QUESTION = /\b(?:announce|announced|say|said|declare|declared|state|stated|annonce|annoncer|dit|dire|declarer|speak|spoke|speech|told|press conference|news conference|briefing|interview|parle|parler|discours|conference de presse|point presse|entretien|statement|statements|communique|declaration|press release|put out|issued|brief|briefed|reporters|journalists|journalistes)\b/u;

/** Whether a "when" question asks when something was said or announced. */
export function asksWhenSaid(analysis: QuestionAnalysis): boolean {
  return SPEECH_QUESTION.test(fold(analysis.text));
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
function coversTopic(analysis: QuestionAnalysis, raw: string, matcher: TermMatcher, minCoverage: number): boolean {
  const units = focusUnits(analysis);
  if (units.length === 0) return true;
  const text = textWords(raw);
  // "Moscou pourrait envahir" is met by "Russia had amassed" (a capital for its country), except where a place is asked.
  // A name is met whole or by its surname; any other word also by its forms ("fighting" → "combattent").
  const names = new Set(analysis.constraints.names);
  // "Quels responsables ukrainiens…", "which cities…": the words of the kind asked are met by a name of that kind
  // ("Volodymyr Zelensky", "à Berlin"); the topic is the rest ("ukrainiens"), covered as any topic is.
  const kind = analysis.asked !== undefined && namesKindOf(analysis.asked, raw, analysis.text) === true ? kindWords(analysis.asked) : new Set<string>();
  const topical = units.filter((unit) => !kind.has(fold(unit)));
  // "A spoken or a written answer": the two words offered count as one unit, met by either.
  const choices = analysis.alternatives;
  if (topical.length + choices.length === 0) return true;
  const found = topical.filter((unit) => matcher.mentions(unit, text) || (!names.has(unit) && matcher.matches(unit, text)));
  const chosen = choices.filter((pair) => pair.some((word) => matcher.matches(word, text))).length;
  if (found.length + chosen < minCoverage * (topical.length + choices.length)) return false;
  const speaker = new Set(analysis.constraints.speaker.flatMap((w) => contentWords(w)));
  if (speaker.size === 0) return true;
  // "What did Biden warn Putin about": the speech verb says how it was said, not what about.
  // Nor does "wants" in "what does the report say Russia wants": what is wanted is the answer, not a topic.
  const topic = units.slice(analysis.constraints.names.length).filter((unit) => !speaker.has(unit) && !SPEECH_WORD.test(unit) && !WANT_WORD.test(unit));
  return topic.length === 0 || topic.some((unit) => found.includes(unit));
}

/**
 * Whether a sentence only repeats the question: every word of it (speech verbs aside) is one the
 * question already has ("Biden a répondu à Poutine." for "Que propose Biden à Poutine ?").
 */
export function repeatsQuestion(analysis: QuestionAnalysis, sentence: string, matcher: TermMatcher): boolean {
  const own = textWords(analysis.text);
  const words = contentWords(sentence).filter((w) => !/^\d+$/u.test(w));
  return words.length > 0 && words.every((w) => SPEECH_WORD.test(w) || matcher.mentionsEither(w, own));
}

/** The verdict for one sentence. `mustName` says which of the question's names count here. */
/**
 * "Who is Boris Johnson going to meet?": who is asked about by what they do ("meet"); a sentence
 * that only names Johnson (and someone else) does not answer it. At least one of the question's
 * words other than its names must be there.
 */
function relationNamed(analysis: QuestionAnalysis, words: TextWords, matcher: TermMatcher, text: string): boolean {
  const capitalised = [...text.matchAll(/(?<=\S\s+)\p{Lu}[\p{L}'’-]+/gu)].map((m) => fold(m[0]));
  if (analysis.type !== 'who' || analysis.definition) return true;
  // Names typed in lower case ("who will replace stoltenberg") are names too: the sentence writes them capitalised.
  const names = new Set([...analysis.constraints.names.flatMap((n) => contentWords(n)), ...capitalised]);
  const others = analysis.focus.filter((w) => !names.has(w));
  return others.length === 0 || others.some((w) => matcher.matches(w, words));
}

/** "What does Zelensky ask Russia to do?", "que demande-t-il à la Russie de faire": who is asked (folded). */
const ASKS_SOMEONE_EN = /\b(?:ask|asks|asked|asking|call|calls|called|calling|urge|urges|urged|urging|demand|demands|demanded|tell|tells|told)\s+(?:on\s+|upon\s+)?(?:the\s+)?([a-z][\w'-]*)\s+to\b/u;
const ASKS_SOMEONE_FR = /\b(?:demande|demandent|demandait|demande-t-il|demande-t-elle|appelle|appellent|appele|appelait|exhorte|exhortent|enjoint|presse)\s+(?:a\s+|aux\s+)?(?:la\s+|le\s+|les\s+|l')?([a-z][\w-]*)\s+(?:de|d'|a)\b/u;
/** A call in a sentence ("calls for", "appelle à" too), and one that names who it calls on in the few words after it. */
const CALL_ANY = /\b(?:ask\w*|call\w*|urg\w*|demand\w*|told|tell\w*|appel\w*|exhort\w*|enjoin\w*|press\w*|invit\w*|plead\w*|plaid\w*)\b/u;
const CALL_IN_TEXT = /\b(?:ask\w*|call\w*\s+(?:on|upon)|urg\w*|demand\w*|told|tell\w*|appel\w*|exhort\w*|enjoin\w*|press\w*|invit\w*)\s+((?:\S+\s+){0,3}\S+)/gu;

/**
 * "What does Zelensky ask Russia to do?": a sentence that calls on someone must call on the one
 * asked about ("calling on Russia to take steps"), not on others ("called on Westerners not to
 * sow panic"), and a sentence with no call at all does not tell what was asked.
 */
function addresseeNamed(analysis: QuestionAnalysis, text: string, matcher: TermMatcher): boolean {
  const asked = fold(analysis.text).replace(/[’]/gu, "'");
  const addressee = ASKS_SOMEONE_EN.exec(asked)?.[1] ?? ASKS_SOMEONE_FR.exec(asked)?.[1];
  if (addressee === undefined || !analysis.constraints.names.some((n) => fold(n) === addressee || contentWords(n).includes(addressee))) return true;
  // What someone asks of another is told by a call: a sentence with none does not tell it.
  if (!CALL_ANY.test(fold(text))) return false;
  const calls = [...fold(text).matchAll(CALL_IN_TEXT)].map((m) => m[1] ?? '');
  if (calls.length === 0) return true;
  return calls.some((after) => { const words = textWords(after); return matcher.mentions(addressee, words) || metonymsOf(addressee).some((m) => matcher.mentions(m, words)); });
}

/**
 * Verbs that say what the answer is ("de quoi X accuse-t-il Y", "what did X threaten", "what does
 * X deny", "what did X promise"): the answer is what the sentence accuses of, threatens…, so a
 * sentence without such a verb (or its noun) does not give it. Folded, English and French; the
 * noun in the question ("la menace a augmenté", "the promise", "the ceasefire agreement") asks by no verb.
 */
const DEFINING_VERBS: Array<[RegExp, RegExp]> = [
  [/\b(?:accus\w*|blam\w*|reproch\w*)\b/u, /\b(?:accus\w*|blam\w*|reproch\w*|charg(?:e|es|ed|ing)\s+(?:\w+\s+)?with)\b/u],
  [/\bthreaten\w*|(?<!\b(?:la|une|les|des|de|du|cette|sa|son|ses|leur|the|a|this|that)\s)\bmenac\w*/u, /\b(?:threat\w*|menac\w*)\b/u],
  [/\b(?:deny|denies|denied|nie|nient|niait|dement\w*)\b/u, /\b(?:deny|denies|denied|denial|nie|nient|niait|dement\w*|dementi\w*|rejet\w*|reject\w*)\b/u],
  [/(?<!\b(?:the|a|this|that|its|his|her)\s)\bpromis\w*|\bpromet\w*/u, /\b(?:promis\w*|promet\w*|pledg\w*|engag\w*|vow\w*)\b/u],
  [/\bagree(?:d|s|ing)?\b|\bconvenu\w*|\bconvien\w*|\bconvenir\b|\bs'(?:entend|accord)\w*/u, /\bagree\w*|\bconvenu\w*|\bconvien\w*|\baccord\w*|\bentendu\w*|\bs'entend\w*/u],
];

/** "What did French diplomats think of…", "que pense Sherman de…": an opinion is told where someone is reported saying it. */
const OPINION = /\b(?:think|thinks|thought|pense|pensent|pensait|juge|jugent|jugeait|consider|considers|considered|considere|considerent)\b/u;

/** Whether the sentence itself (what is quoted, not what it leans on) has the verb the question asks by, when it asks by one. */
function definingVerbMet(analysis: QuestionAnalysis, text: string): boolean {
  if (analysis.type === 'yes-no') return true;
  const asked = fold(analysis.text);
  const said = fold(text);
  if (OPINION.test(asked) && !reportsSpeech(text)) return false;
  return DEFINING_VERBS.every(([inQuestion, inSentence]) => !inQuestion.test(asked) || inSentence.test(said));
}

/**
 * "le chef de la diplomatie russe" is met by "son homologue russe", "his Russian counterpart": news
 * writing names the holder of a role by their rank in another country. Only for a role the alias
 * table knows (not a person), and only with the role's own nationality beside "counterpart".
 */
function counterpartNamed(name: string, text: string): boolean {
  if (!aliases().has(name) || aliases().isPerson(name)) return false;
  const nationality = contentWords(name).filter((w) => metonymsOf(w).length > 0);
  if (nationality.length === 0) return false;
  const tokens = contentWords(text);
  return tokens.some((token, i) => /^(?:homologue|homologues|counterpart|counterparts)$/u.test(token) && tokens.slice(Math.max(0, i - 2), i + 3).some((w) => nationality.some((n) => n === w || metonymsOf(n).some((m) => fold(m) === w))));
}

/** Moving troops in and out: a count of those deployed does not answer how many withdrew, nor the reverse. */
const MOVED_IN = /\b(?:deploy\w*|sent|send\w*|amass\w*|mass(?:ed|ing)|build-?up|deplo\w*|envo\w+|mass[ée]\w*|concentr\w*|renfor\w*|reinforc\w*)\b/u;
const MOVED_OUT = /\b(?:withdr[ae]w\w*|pull(?:ed|ing)? (?:back|out)|retir\w*|retrait\w*|repli\w*|recul\w*)\b/u;

/** Counts of the dead and wounded: no answer to how many are stationed, and the reverse. */
const CASUALTIES = /\b(?:killed|died|dead|deaths?|wounded|injured|casualties|fatalities|lose|loses|losing|lost|losses|perdu|perdus|perdre|pertes|morts?|tues?|blesses?|deces|victimes)\b/u;

function oppositeMovement(analysis: QuestionAnalysis, text: string): boolean {
  if (analysis.type !== 'how-many' && analysis.type !== 'how-much') return false;
  const asked = fold(analysis.text);
  const said = fold(text);
  if (CASUALTIES.test(asked) !== CASUALTIES.test(said)) return true;
  // A withdrawal is news only when said: a count of troops present is no count of troops withdrawn.
  if (MOVED_OUT.test(asked) && !MOVED_IN.test(asked)) return !MOVED_OUT.test(said);
  if (MOVED_IN.test(asked) && !MOVED_OUT.test(asked)) return MOVED_OUT.test(said) && !MOVED_IN.test(said);
  return false;
}

export function checkAnswer(analysis: QuestionAnalysis, input: CheckInput, matcher: TermMatcher, mustName: NameFilter = () => true, minCoverage = 0): Verdict {
  const c = analysis.constraints;
  const all = textWords([...input.context, input.text].join(' '));
  if (!coversTopic(analysis, [...input.context, input.text].join(' '), matcher, minCoverage)) return { ok: false, reason: 'topic' };
  // "Which banks…", "quel est le budget…": the thing asked must be named, not only its surroundings.
  if (analysis.asked !== undefined && !matcher.matches(analysis.asked, all) && namesKindOf(analysis.asked, [...input.context, input.text].join(' '), analysis.text) !== true) return { ok: false, reason: 'topic' };
  if (analysis.type !== 'yes-no' && repeatsQuestion(analysis, input.text, matcher)) return { ok: false, reason: 'topic' };
  if (!relationNamed(analysis, all, matcher, [...input.context, input.text].join(' '))) return { ok: false, reason: 'topic' };
  if (!addresseeNamed(analysis, input.text, matcher)) return { ok: false, reason: 'topic' };
  if (!definingVerbMet(analysis, input.text)) return { ok: false, reason: 'topic' };
  if (oppositeMovement(analysis, [...input.context, input.text].join(' '))) return { ok: false, reason: 'topic' };
  const withTitle = textWords([input.title ?? '', ...input.context, input.text].join(' '));
  const speaker = new Set(c.speaker.flatMap((w) => contentWords(w)));
  for (const name of c.names) {
    if (!mustName(name) || matcher.mentions(name, withTitle)) continue;
    // The speaker is checked below, where a quotation's attribution may name them further off.
    if (contentWords(name).every((w) => speaker.has(w))) continue;
    // "Moscow" is met by "la Russie" (a capital for its government), except where a place is asked.
    if (analysis.type !== 'where' && metonymsOf(name).some((other) => matcher.mentions(other, withTitle))) continue;
    // …when the one whose counterpart it is, named by the question too, is there ("Blinken… son homologue russe").
    if (c.names.some((other) => other !== name && matcher.mentions(other, withTitle)) && counterpartNamed(name, [...input.context, input.text].join(' '))) continue;
    return { ok: false, reason: 'name', name };
  }
  if (c.speaker.length > 0 && !speakerQuoted(c.speaker, input, matcher)) return { ok: false, reason: 'speaker', speaker: c.speaker.join(' ') };
  const failure = yearFailure(analysis, input) ?? kindFailure(analysis, input, matcher);
  if (failure) return { ok: false, ...failure };
  if (c.outcome && (!statesOutcome(input.text) || isHedged(input.text))) return { ok: false, reason: 'outcome' };
  if (c.soFar && isHedged(input.text)) return { ok: false, reason: 'current' };
  return { ok: true };
}
