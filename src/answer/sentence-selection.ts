/**
 * Picking the sentences that answer a question, not the ones that repeat it. Sentences of the top
 * passages and their neighbours in the article (across chunk boundaries) are scored for relevance
 * (n-gram and stem overlap, both languages) plus a bonus when they carry the kind of answer asked
 * (a figure, a date, a place, a name, a cause); the best one that passes the answer check is
 * quoted first. A second or third sentence is added only when it passes a minimum on its own and
 * adds something the first does not. When the same fact is in an article in the asker's
 * language, that one is quoted. Used by the extractive answerer, /check and /timeline.
 */
import { contentWords, fold } from '../corpus/text.ts';
import { leadSpan } from './answer-text.ts';
import { TITLE_WORD, answerSpans, dates, hasCause, personNames, places, quantities } from '../retrieve/answer-kinds.ts';
import { kindItems, kindWords, peopleIn } from './category-heads.ts';
import { INSTRUCTION_PENALTY, looksLikeInstructions } from '../retrieve/instructions.ts';
import type { Lexicon } from '../retrieve/lexicon.ts';
import { asksActivity, asksByListVerb, relevanceText, type QuestionAnalysis } from '../retrieve/question.ts';
import { SentenceScorer } from '../retrieve/sentence-scorer.ts';
import { metonymsOf } from '../retrieve/metonyms.ts';
import { aliases } from '../retrieve/aliases.ts';
import { TermMatcher, textWords, type TextWords } from '../retrieve/term-matcher.ts';
import type { Passage } from '../types.ts';
import { PRONOUN_SAID, checkAnswer, focusUnits, isNationality, namesSpeaker, withoutPreposition, type CheckFailure, type Verdict } from './answer-check.ts';
import { isQuotable, type ArticleSentence, type ArticleSentences } from './article-sentences.ts';
import { attributionAfter, contextOf, leansBack, sameFact } from './sentence-context.ts';

export interface SelectionOptions {
  /** Passages whose sentences (and neighbours) are considered. */
  passages: number;
  /** Neighbouring sentences taken on each side of a passage. */
  radius: number;
  /** Added to the relevance of a sentence that carries the kind of answer asked. */
  kindBonus: number;
  /** Multiplies the score of a sentence outside every retrieved passage. */
  neighbourFactor: number;
  /** Candidates down to this share of the best score may replace a best one that fails the check… */
  fallbackRelative: number;
  /** …if their own relevance reaches this share of the best relevance (a far weaker sentence answers something else). */
  fallbackRelevance: number;
  /** Most sentences quoted. */
  maxQuotes: number;
  /** A further quote needs at least this score on its own… */
  extraMinimum: number;
  /** …and at least this share of the first quote's score. */
  extraRelative: number;
  /** Most characters of quotes. */
  maxChars: number;
  /** Cross-language similarity at which two sentences tell the same fact. */
  sameFact: number;
  /** Share of the question's focus words an answer (with the sentences it leans on) must contain. */
  minCoverage: number;
  /**
   * Weight of the IDF-weighted share of the question's focus units (names whole, other words, in
   * any language or spelling) a sentence mentions, beside the n-gram/stem score: the word that
   * sets the question apart ("influence", "useless") counts more than the ones every candidate has.
   */
  coverageWeight: number;
}

export const DEFAULT_SELECTION: SelectionOptions = {
  passages: 5,
  radius: 2,
  kindBonus: 0.12,
  neighbourFactor: 0.9,
  fallbackRelative: 0.3,
  fallbackRelevance: 0.5,
  maxQuotes: 3,
  extraMinimum: 0.35,
  extraRelative: 0.85,
  maxChars: 700,
  sameFact: 0.45,
  minCoverage: 0.4,
  coverageWeight: 0.1,
};

/** A scored candidate sentence. */
export interface ScoredSentence {
  sentence: ArticleSentence;
  /** Relevance to the question (0..1) before the kind bonus and rank prior. */
  relevance: number;
  score: number;
  rank: number;
  neighbour: boolean;
  /** Quoted only because it names who spoke the words of the first quote. */
  speaker?: true;
}

/** The outcome: quotes that answer, or (answered false) the closest sentence and why it does not. */
export interface Selection {
  answered: boolean;
  quotes: ScoredSentence[];
  failure?: CheckFailure;
}

export class SentenceSelector {
  constructor(
    private readonly scorer: SentenceScorer,
    private readonly sentences: ArticleSentences,
    private readonly lexicon: Lexicon,
    private readonly options: SelectionOptions = DEFAULT_SELECTION,
  ) {}

  /** Scores the sentences of the top passages and their neighbours, best first. */
  async candidates(analysis: QuestionAnalysis, passages: Passage[]): Promise<ScoredSentence[]> {
    // A list question reads the whole of the articles found, and more of them: the things asked are named all through them.
    const top = passages.slice(0, listsByName(analysis) ? LIST_PASSAGES : this.options.passages);
    const radius = analysis.list ? LIST_RADIUS : this.options.radius;
    const pool = (await this.sentences.around(top, radius)).filter((c) => isQuotable(c.sentence.text));
    const matcher = new TermMatcher(this.lexicon, analysis.lang);
    const texts = await this.attributed(analysis, pool, matcher);
    const scores = this.scorer.score(relevanceText(analysis), analysis.lang, texts);
    const own = textWords(analysis.text);
    const coverage = weightedCoverage(focusUnits(analysis), texts.map((t) => textWords(t)), matcher);
    const w = this.options.coverageWeight;
    return pool
      .map((c, i) => {
        const relevance = scores[i]?.score ?? 0;
        const heading = SENTENCE_END.test(c.sentence.text) ? 1 : 0.75;
        const prior = 0.05 * (1 - (c.rank - 1) / Math.max(1, top.length));
        const kind = carriesKind(analysis, c.sentence.text, (span) => matcher.mentions(span, own), matcher) ? this.options.kindBonus : 0;
        // A sentence that reads as instructions to the reader is poor evidence: scored down.
        const trust = looksLikeInstructions(c.sentence.text) ? INSTRUCTION_PENALTY : 1;
        const score = (relevance * heading + w * (coverage[i] ?? 0) + kind + prior) * (c.neighbour ? this.options.neighbourFactor : 1) * trust;
        return { sentence: c.sentence, relevance, score, rank: c.rank, neighbour: c.neighbour };
      })
      .sort((a, b) => b.score - a.score || a.sentence.start - b.sentence.start);
  }

  /**
   * The texts to score: for "according to X" / "what did X say", a sentence that says only "he
   * estimated" is read with X's name when a sentence just before names X (through other "he said"s).
   */
  private async attributed(analysis: QuestionAnalysis, pool: Array<{ sentence: ArticleSentence }>, matcher: TermMatcher): Promise<string[]> {
    const speaker = analysis.constraints.speaker;
    return Promise.all(
      pool.map(async ({ sentence }) => {
        if (speaker.length === 0 || !PRONOUN_SAID.test(sentence.text) || namesSpeaker(speaker, sentence.text, matcher)) return sentence.text;
        const article = await this.sentences.of(sentence.docId);
        for (let k = sentence.index - 1; k >= Math.max(0, sentence.index - SPEAKER_REACH); k--) {
          const previous = article[k]?.text ?? '';
          if (namesSpeaker(speaker, previous, matcher)) return `${sentence.text} ${speaker.join(' ')}`;
          if (!PRONOUN_SAID.test(previous)) break;
        }
        return sentence.text;
      }),
    );
  }

  /** Checks one candidate against the question (with the sentences it leans on). */
  async check(analysis: QuestionAnalysis, candidate: ScoredSentence, matcher: TermMatcher, mustName: (name: string) => boolean): Promise<Verdict> {
    const article = await this.sentences.of(candidate.sentence.docId);
    const context = contextOf(article, candidate.sentence.index);
    const after = attributionAfter(article, candidate.sentence.index);
    const before = article.slice(Math.max(0, candidate.sentence.index - 2), candidate.sentence.index).map((s) => s.text);
    const input = { text: candidate.sentence.text, context, after, before, title: candidate.sentence.title, ...(candidate.sentence.year !== undefined ? { articleYear: candidate.sentence.year } : {}) };
    return checkAnswer(analysis, input, matcher, mustName, this.options.minCoverage);
  }

  /** The quotes that answer the question, or the closest sentence and why it does not answer. */
  async select(analysis: QuestionAnalysis, passages: Passage[]): Promise<Selection> {
    const candidates = await this.candidates(analysis, passages);
    const best = candidates[0];
    if (!best) return { answered: false, quotes: [] };
    const matcher = new TermMatcher(this.lexicon, analysis.lang);
    const mustName = await this.nameFilter(analysis, candidates, matcher);
    let firstFailure: CheckFailure | undefined;
    for (const candidate of this.definitionsFirst(analysis, candidates, matcher)) {
      if (candidate.score < best.score * this.options.fallbackRelative) break;
      if (!(await this.relevantEnough(analysis, candidate, best, matcher))) continue;
      // "Which cities…": a list's first quote names one of them itself, not only the sentence it leans on.
      if (asksKind(analysis) && listItems(analysis, candidate.sentence.text, matcher).length === 0) continue;
      const verdict = await this.check(analysis, candidate, matcher, mustName);
      const answer = verdict.ok ? candidate : await this.follower(analysis, candidate, verdict, candidates, matcher, mustName);
      if (!answer) {
        firstFailure ??= verdict.ok ? undefined : verdict;
        continue;
      }
      const first = await this.preferLanguage(analysis, answer, candidates, passages, matcher, mustName);
      const quotes = await this.extras(analysis, first, candidates, matcher, mustName);
      return { answered: true, quotes: await this.withSpeaker(analysis, quotes) };
    }
    const shown = await this.preferLanguage(analysis, best, candidates, passages, matcher, () => false, true);
    return { answered: false, quotes: [shown], ...(firstFailure ? { failure: firstFailure } : {}) };
  }

  /**
   * A sentence on topic that lacks only the kind of answer asked may have it in the next one, which
   * goes on about it: "…si la Russie coupait l'approvisionnement en gaz de l'Europe." then "Le gaz
   * requis serait dans ce cas livré depuis l'Afrique du Nord…" answers "Where would Europe get gas?".
   */
  private async follower(
    analysis: QuestionAnalysis,
    candidate: ScoredSentence,
    verdict: Verdict,
    candidates: ScoredSentence[],
    matcher: TermMatcher,
    mustName: (name: string) => boolean,
  ): Promise<ScoredSentence | undefined> {
    if (verdict.ok || !KIND_FAILURES.has(verdict.reason)) return undefined;
    const article = await this.sentences.of(candidate.sentence.docId);
    const next = article[candidate.sentence.index + 1];
    if (next === undefined || !leansBack(next.text) || !isQuotable(next.text) || !carriesKind(analysis, next.text, (span) => matcher.mentions(span, textWords(analysis.text)), matcher)) return undefined;
    // …and speaks of what was asked itself ("le gaz"), not only of what the sentence before said ("it will happen").
    const names = new Set(analysis.constraints.names.flatMap((n) => contentWords(n)));
    if (!analysis.focus.some((w) => !names.has(w) && matcher.matches(w, textWords(next.text)))) return undefined;
    const known = candidates.find((c) => c.sentence.docId === next.docId && c.sentence.start === next.start);
    const follower: ScoredSentence = known ?? { ...candidate, sentence: next, neighbour: true };
    return (await this.check(analysis, follower, matcher, mustName)).ok ? follower : undefined;
  }

  /** "Who is X": sentences that say what X is come before those that only name X (a headline "X : …"). */
  private definitionsFirst(analysis: QuestionAnalysis, candidates: ScoredSentence[], matcher: TermMatcher): ScoredSentence[] {
    if (!analysis.definition) return candidates;
    const own = textWords(analysis.text);
    const describes = (c: ScoredSentence): boolean => carriesKind(analysis, c.sentence.text, (span) => matcher.mentions(span, own), matcher);
    const floor = (candidates[0]?.score ?? 0) * this.options.fallbackRelative;
    const near = candidates.filter((c) => c.score >= floor);
    return [...near.filter(describes), ...near.filter((c) => !describes(c)), ...candidates.filter((c) => c.score < floor)];
  }

  /**
   * A fallback must be about as relevant as the best candidate, read with the sentences it leans
   * on ("…dans les prochains jours », a-t-il affirmé." carries its topic in the sentences before).
   */
  private async relevantEnough(analysis: QuestionAnalysis, candidate: ScoredSentence, best: ScoredSentence, matcher: TermMatcher): Promise<boolean> {
    const bar = best.relevance * this.options.fallbackRelevance;
    if (candidate.relevance >= bar) return true;
    // A sentence that mentions everything asked, some of it by another name ("the British Prime Minister
    // must meet…" for "Boris Johnson"), is relevant however few words it shares with the question.
    const words = textWords(candidate.sentence.text);
    if (focusUnits(analysis).every((unit) => matcher.mentions(unit, words))) return true;
    const article = await this.sentences.of(candidate.sentence.docId);
    const around = [...contextOf(article, candidate.sentence.index), candidate.sentence.text, ...attributionAfter(article, candidate.sentence.index)];
    if (around.length === 1) return false;
    return (this.scorer.score(relevanceText(analysis), analysis.lang, [around.join(' ')])[0]?.score ?? 0) >= bar;
  }

  /**
   * Names the answer must mention: all the question's names except those found in a fifth or
   * more of the sentences of the candidates' articles (Russia, Ukraine in this corpus).
   */
  private async nameFilter(analysis: QuestionAnalysis, candidates: ScoredSentence[], matcher: TermMatcher): Promise<(name: string) => boolean> {
    const names = analysis.constraints.names;
    if (names.length === 0) return () => true;
    const docIds = [...new Set(candidates.slice(0, 12).map((c) => c.sentence.docId))];
    const texts = (await Promise.all(docIds.map((id) => this.sentences.of(id)))).flat().map((s) => textWords(s.text));
    const common = new Set(names.filter((name) => texts.filter((t) => matcher.mentions(name, t)).length >= 0.2 * Math.max(1, texts.length)));
    return (name) => !common.has(name);
  }

  /** The same fact told in the asker's language, when an article in it carries it (and it passes the check). */
  private async preferLanguage(
    analysis: QuestionAnalysis,
    chosen: ScoredSentence,
    candidates: ScoredSentence[],
    passages: Passage[],
    matcher: TermMatcher,
    mustName: (name: string) => boolean,
    unchecked = false,
  ): Promise<ScoredSentence> {
    if (chosen.sentence.lang === analysis.lang) return chosen;
    const docIds = [...new Set(passages.map((p) => p.chunk).filter((c) => c.lang === analysis.lang).map((c) => c.docId))];
    const pool = (await Promise.all(docIds.map((id) => this.sentences.of(id)))).flat().filter((s) => isQuotable(s.text));
    if (pool.length === 0) return chosen;
    const similarity = this.scorer.score(chosen.sentence.text, chosen.sentence.lang, pool.map((s) => s.text));
    let bestAt = -1;
    similarity.forEach((s, i) => {
      const text = pool[i]?.text ?? '';
      if (s.similarity >= this.options.sameFact && sameFact(chosen.sentence.text, text) && sameNames(chosen.sentence.text, text, matcher) && (bestAt < 0 || s.similarity > (similarity[bestAt]?.similarity ?? 0))) bestAt = i;
    });
    const twin = pool[bestAt];
    if (!twin) return chosen;
    const known = candidates.find((c) => c.sentence.docId === twin.docId && c.sentence.start === twin.start);
    const replacement: ScoredSentence = known ?? { ...chosen, sentence: twin, neighbour: true };
    if (unchecked) return replacement;
    const verdict = await this.check(analysis, replacement, matcher, mustName);
    return verdict.ok ? replacement : chosen;
  }

  /** The first quote plus up to two more that pass on their own and add something new. */
  /**
   * "Qui a dit que…" answered by words inside a quotation ("« … prêts à attaquer l'Ukraine. … », a-t-il
   * affirmé"): the sentence just before that names its speaker ("…n'ont pas convaincu Joe Biden.") is
   * quoted too, so the answer can name who said it.
   */
  private async withSpeaker(analysis: QuestionAnalysis, quotes: ScoredSentence[]): Promise<ScoredSentence[]> {
    const first = quotes[0];
    if (analysis.type !== 'who' || first === undefined || personNames(first.sentence.text).length > 0 || quotes.length >= this.options.maxQuotes) return quotes;
    const article = await this.sentences.of(first.sentence.docId);
    if (!attributionAfter(article, first.sentence.index).some((s) => PRONOUN_SAID.test(s))) return quotes;
    for (let k = first.sentence.index - 1; k >= Math.max(0, first.sentence.index - 2); k--) {
      const sentence = article[k];
      if (sentence === undefined || !isQuotable(sentence.text)) continue;
      // Someone named in full ("Joe Biden", "Kaja Tamm"), known to the alias table or not.
      if (!FULL_NAME.test(sentence.text.replace(/^\S+\s*/u, ''))) continue;
      if (quotes.some((q) => q.sentence.start === sentence.start && q.sentence.docId === sentence.docId)) return quotes;
      return [...quotes, { ...first, sentence, neighbour: true, speaker: true }];
    }
    return quotes;
  }

  private async extras(analysis: QuestionAnalysis, first: ScoredSentence, candidates: ScoredSentence[], matcher: TermMatcher, mustName: (name: string) => boolean): Promise<ScoredSentence[]> {
    const chosen = [first];
    let chars = first.sentence.text.length;
    const article = await this.sentences.of(first.sentence.docId);
    const covered = (text: string): Set<string> => new Set(analysis.focus.filter((w) => matcher.matches(w, textWords(text))));
    const have = covered([...contextOf(article, first.sentence.index), first.sentence.text].join(' '));
    // "What technologies…" → "…technologies." then "C'est une technologie nécessaire à l'IA, aux lasers…":
    // the sentence that goes on about the first one is part of the answer (not for span answers).
    const next = SPAN_TYPES.has(analysis.type) ? undefined : continuation(article, first.sentence.index, analysis, have, matcher);
    const goesOn = next !== undefined;
    if (next && goesOn && isQuotable(next.text) && /[.!?…"»”]$/u.test(next.text) && chars + next.text.length <= this.options.maxChars) {
      const detail = candidates.find((c) => c.sentence === next) ?? { ...first, sentence: next, neighbour: true };
      // The detail of what the first announces is the answer: it leads, the announcement follows as its context.
      if (next.index - first.sentence.index <= 2 && detailsAsked(analysis, first.sentence.text, next.text, matcher)) chosen.unshift(detail);
      else chosen.push(detail);
      chars += next.text.length;
    }
    // "Which countries…", "quels responsables…", "list everything…": the few sentences that together name them.
    // ("Which technologies…" has no kind of name to tell one from another by: its quotes are chosen as any others.)
    if (listsByName(analysis)) return this.listed(analysis, chosen, candidates, matcher, mustName);
    // "What has Blinken done": each thing the person named did, in the sentences that pass on their own
    // ("what did the US and NATO do with the requests" asks one thing two bodies did).
    if (asksActivity(analysis.text) && analysis.constraints.names.some(isPersonName)) return this.activities(analysis, chosen, candidates, matcher, mustName);
    // A figure, date, place or name is carried by one sentence: more would only dilute it.
    if (SPAN_TYPES.has(analysis.type)) return chosen;
    for (const candidate of candidates) {
      if (chosen.length >= this.options.maxQuotes) break;
      if (candidate.relevance < this.options.extraMinimum || candidate.score < first.score * this.options.extraRelative) continue;
      // A headline only sums up what the sentences say: it may answer, never add to an answer.
      if (!SENTENCE_END.test(candidate.sentence.text)) continue;
      if (chars + candidate.sentence.text.length > this.options.maxChars) continue;
      if (chosen.some((c) => this.duplicate(c, candidate))) continue;
      const adds = [...covered(candidate.sentence.text)].filter((w) => !have.has(w));
      if (adds.length === 0) continue;
      if (!(await this.check(analysis, candidate, matcher, mustName)).ok) continue;
      chosen.push(candidate);
      chars += candidate.sentence.text.length;
      for (const w of adds) have.add(w);
    }
    return chosen;
  }

  /**
   * A list question's further quotes: sentences near the first in score that pass the check on their
   * own and name something of the kind asked that the quotes so far do not (another country, outlet,
   * official), best first, until the quotes run out.
   */
  private async listed(analysis: QuestionAnalysis, chosen: ScoredSentence[], candidates: ScoredSentence[], matcher: TermMatcher, mustName: (name: string) => boolean): Promise<ScoredSentence[]> {
    const first = chosen[0];
    if (first === undefined) return chosen;
    const key = (item: string): string => fold(item.split(' ').at(-1) ?? item);
    const named = new Set(chosen.flatMap((c) => listItems(analysis, c.sentence.text, matcher)).map(key));
    let chars = chosen.reduce((sum, c) => sum + c.sentence.text.length, 0);
    // Things of a kind told by name (outlets, countries, people, towns) answer however few words they share with the question.
    const floor = first.score * (asksKind(analysis) ? KIND_RELATIVE : LIST_RELATIVE);
    for (const candidate of candidates) {
      if (chosen.length >= this.options.maxQuotes || candidate.score < floor) break;
      if (!SENTENCE_END.test(candidate.sentence.text) || chars + candidate.sentence.text.length > this.options.maxChars * LIST_CHARS) continue;
      // A sentence that names no one new is a repeat (its translation names the same); one that does is no repeat, however alike.
      const fresh = listItems(analysis, candidate.sentence.text, matcher).filter((item) => !named.has(key(item)));
      if (fresh.length === 0 || !(await this.check(analysis, candidate, matcher, mustName)).ok) continue;
      chosen.push(candidate);
      chars += candidate.sentence.text.length;
      for (const item of fresh) named.add(key(item));
    }
    return chosen;
  }

  /**
   * "What has Blinken done in this crisis": the further sentences near the first in score that pass the
   * check on their own (so name who is asked about) and are no repeat of a quote, each one more thing done.
   */
  private async activities(analysis: QuestionAnalysis, chosen: ScoredSentence[], candidates: ScoredSentence[], matcher: TermMatcher, mustName: (name: string) => boolean): Promise<ScoredSentence[]> {
    const first = chosen[0];
    if (first === undefined) return chosen;
    let chars = chosen.reduce((sum, c) => sum + c.sentence.text.length, 0);
    for (const candidate of candidates) {
      if (chosen.length >= this.options.maxQuotes || candidate.score < first.score * LIST_RELATIVE) break;
      if (!SENTENCE_END.test(candidate.sentence.text) || chars + candidate.sentence.text.length > this.options.maxChars * LIST_CHARS) continue;
      if (chosen.some((c) => this.duplicate(c, candidate)) || !(await this.check(analysis, candidate, matcher, mustName)).ok) continue;
      chosen.push(candidate);
      chars += candidate.sentence.text.length;
    }
    return chosen;
  }

  private duplicate(a: ScoredSentence, b: ScoredSentence): boolean {
    if (a.sentence.docId === b.sentence.docId && a.sentence.start === b.sentence.start) return true;
    if (a.sentence.lang !== b.sentence.lang) return sameFact(a.sentence.text, b.sentence.text) && (this.scorer.score(a.sentence.text, a.sentence.lang, [b.sentence.text])[0]?.similarity ?? 0) >= this.options.sameFact;
    return SentenceScorer.cosine(this.scorer.vector(a.sentence.text), this.scorer.vector(b.sentence.text)) > 0.8;
  }
}

/** A person's name: one the alias table knows as a person's, or a first name and surname as typed ("Kaja Tamm"). */
function isPersonName(name: string): boolean {
  return aliases().isPerson(name) || /^\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}{2,}$/u.test(name);
}

/** A list question's further quote needs at least this share of the first quote's score. */
const LIST_RELATIVE = 0.5;
/** …or this share, when it names a thing of the kind asked by its name. */
const KIND_RELATIVE = 0;
/** A role word ("porte-parole", "minister"), matched once. */
const ROLE = new RegExp(TITLE_WORD.source, 'iu');
/** A list's quotes may be this much longer than another answer's: each names one more of the things asked. */
const LIST_CHARS = 1.5;
/** Sentences read on each side of a passage for a list question: the whole of a news article. */
const LIST_RADIUS = 60;

/**
 * Whether a question is answered as a list of things told by name: things of a kind ("which countries",
 * "quels responsables") or anything asked for with a list verb ("list everything…").
 */
export function listsByName(analysis: QuestionAnalysis): boolean {
  return asksKind(analysis) || (analysis.list && asksByListVerb(analysis.text));
}

/** Passages a list question reads (the articles they are from, whole). */
export const LIST_PASSAGES = 12;

/** A list question for things of a kind told by name: "which countries", "quelles agences", "which officials". */
function asksKind(analysis: QuestionAnalysis): boolean {
  return analysis.list && analysis.asked !== undefined && (kindItems(analysis.asked, '') !== undefined || asksRole(analysis));
}

/** What a list question asks for that a sentence names: things of the kind asked, else people and places by name. */
function listItems(analysis: QuestionAnalysis, text: string, matcher: TermMatcher): string[] {
  const kind = analysis.asked === undefined ? undefined : kindItems(analysis.asked, text);
  if (kind !== undefined) return kindWords(analysis.asked ?? '').has('responsables') ? ofNationality(analysis, text, kind, matcher) : kind;
  const people = peopleIn(text);
  // "Quels porte-parole…", "which ministers…": the role is named in the sentence (the check sees to it), the items are the people.
  if (analysis.type === 'who' || asksRole(analysis)) return people;
  // Anything else ("quelles réunions", "everything Russia accuses NATO of"): what is told by name, place, figure or date.
  const named = places(text).map((s) => withoutPreposition(s.text)).filter((p) => /^\p{Lu}/u.test(p));
  return [...people, ...named, ...quantities(text).map((s) => s.text), ...dates(text).map((s) => s.text)];
}

/**
 * "Quels responsables ukrainiens…", "which German politicians…": the people named with that nationality
 * within a few words ("le ministre ukrainien des Affaires étrangères a ordonné Dmitro Kouleba"), not
 * anyone in a sentence that mentions Ukraine.
 */
function ofNationality(analysis: QuestionAnalysis, text: string, people: string[], matcher: TermMatcher): string[] {
  const kind = kindWords(analysis.asked ?? '');
  const head = new Set((analysis.asked ?? '').split(/[\s'-]+/u));
  const nationalities = [...analysis.focus.filter((w) => !kind.has(w) && !head.has(w) && isNationality(w)), ...(US_ASKED.test(fold(analysis.text)) ? US_WORDS : [])];
  if (nationalities.length === 0) return people;
  const tokens = text.split(/\s+/u);
  // The seat of power a role belongs to says it too: "porte-parole du Kremlin" is a Russian official.
  const seats = nationalities.flatMap((n) => [...metonymsOf(n), ...metonymsOf(n.replace(/s$/u, ''))]);
  // Near the name, a role and the nationality ("président ukrainien Andriy Jermak", "Annalena Baerbock, the German Minister").
  return people.filter((name) => {
    const at = tokens.findIndex((t) => t.startsWith(name.split(' ')[0] ?? name));
    const near = tokens.slice(Math.max(0, at - NATIONALITY_REACH), at + NATIONALITY_REACH + 1);
    const roles = near.flatMap((t, i) => (ROLE.test(t) ? [near.slice(i + 1, i + 4).join(' ')] : []));
    if (at < 0 || roles.length === 0) return false;
    return nationalities.some((n) => matcher.matches(n, textWords(near.join(' ')))) || roles.some((after) => seats.some((seat) => matcher.mentions(seat, textWords(after))));
  });
}

/** "the us officials", "which us diplomats": "us" typed in lower case before a noun is the United States, not "us". */
const US_ASKED = /\b(?:the|which|what|list|name|quels|quelles|les|des)\s+(?:us|u\.s\.?)\s+\p{L}{3,}/u;
const US_WORDS = ['us', 'american', 'americain', 'americaine', 'etats'];

/** Words between a person's name and the nationality that qualifies them ("the German Minister for Foreign Affairs"). */
const NATIONALITY_REACH = 8;

/** "Quels porte-parole…", "which ministers…": a list of people by their role. */
function asksRole(analysis: QuestionAnalysis): boolean {
  return analysis.asked !== undefined && ROLE.test(analysis.asked.replace(/s$/u, ''));
}

/** How a sentence ends, and a headline does not. */
const SENTENCE_END = /[.!?…"»)]$/u;

/** How many sentences back a "he said" may find its speaker, through other "he said"s. */
const SPEAKER_REACH = 3;

/** A first name and a surname. */
const FULL_NAME = /\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}{2,}/u;

/** How far past an announcing sentence the detail asked about is looked for ("…the worst-case scenario." then four sentences of it). */
const CONTINUATION_REACH = 4;

/**
 * The sentence that goes on about the first one: the next, when it leans back and covers the
 * question; after a sentence that announces what was asked, the first of the following ones that
 * covers a focus word the first lacks ("What would happen to communications…" → "Communications
 * would be jammed.", three sentences on), else the next.
 */
export function continuation<S extends { text: string }>(article: S[], index: number, analysis: QuestionAnalysis, have: Set<string>, matcher: TermMatcher): S | undefined {
  const covered = (text: string): Set<string> => new Set(analysis.focus.filter((w) => matcher.matches(w, textWords(text))));
  const next = article[index + 1];
  if (next === undefined) return undefined;
  const first = article[index];
  if (first === undefined || !announces(first.text, analysis, matcher)) return leansBack(next.text) && covered(next.text).size > 0 ? next : undefined;
  const following = article.slice(index + 1, index + 1 + CONTINUATION_REACH);
  return following.find((s) => [...covered(s.text)].some((w) => !have.has(w))) ?? next;
}

/** Check failures that say only that the kind of answer asked is missing (not the topic, speaker or year). */
const KIND_FAILURES = new Set(['figure', 'date', 'place', 'person']);

/**
 * Whether the sentence after the first gives the detail of what the first only announces: the first
 * ends on the thing asked ("…presented the worst-case scenario.") or the next names the thing asked
 * again, specified ("…technologies… à la Russie." then "C'est une technologie nécessaire à l'IA…").
 */
function detailsAsked(analysis: QuestionAnalysis, first: string, next: string, matcher: TermMatcher): boolean {
  if (analysis.type !== 'what') return false;
  // …ending on the thing itself, not on when it was done ("…rejected these requests on Wednesday.").
  const announced = announces(first, analysis, matcher) && dates(first).every((d) => d.end < first.replace(/[\s.!?…"»”]+$/u, '').length);
  const asked = analysis.asked;
  if (asked !== undefined && matcher.matches(asked, textWords(first))) return announced || matcher.matches(asked, textWords(next));
  // "What would happen to communications…": the first announces, the next names what was asked and the first lacks.
  const names = new Set(analysis.constraints.names.flatMap((n) => contentWords(n)));
  const lacking = analysis.focus.filter((w) => !names.has(w) && !matcher.matches(w, textWords(first)));
  return announced && lacking.some((w) => matcher.matches(w, textWords(next)));
}

/** Question types answered by a span (a figure, date, place, name): one sentence carries it. */
const SPAN_TYPES = new Set(['who', 'when', 'where', 'how-many', 'how-much']);

/** Whether a sentence carries the kind of answer asked, not counting what the question itself names. */
export function carriesKind(analysis: QuestionAnalysis, sentence: string, inQuestion: (span: string) => boolean, matcher?: TermMatcher): boolean {
  if (analysis.type === 'why') return hasCause(sentence);
  // "Who is X": a sentence that says what X is (a title or an apposition by the name), not one that only names X.
  if (analysis.definition && matcher) {
    const lead = leadSpan(analysis, sentence, matcher);
    const asked = new Set(contentWords(analysis.text));
    return lead !== undefined && contentWords(lead.text).some((w) => !asked.has(w));
  }
  const spans = answerSpans(analysis.type, sentence);
  return spans.some((s) => !inQuestion(s.text));
}

/**
 * For each text, the IDF-weighted share of the units it mentions; the IDF is taken over the texts
 * themselves, so a unit every candidate mentions weighs little and a rare one much.
 */
export function weightedCoverage(units: string[], texts: TextWords[], matcher: TermMatcher): number[] {
  if (units.length === 0 || texts.length === 0) return texts.map(() => 0);
  const hits = units.map((unit) => texts.map((text) => matcher.mentions(unit, text)));
  const idf = hits.map((row) => Math.log((texts.length + 1) / (row.filter(Boolean).length + 1)) + 0.1);
  const total = idf.reduce((a, b) => a + b, 0);
  return texts.map((_, t) => hits.reduce((sum, row, u) => sum + (row[t] ? (idf[u] ?? 0) : 0), 0) / total);
}

/**
 * Whether a sentence in the other language names the same people and places: a translation keeps
 * them (Kiev/Kyiv, OTAN/NATO), a different sentence with similar words does not ("Viatcheslav
 * Volodine" is not "Volodymyr Zelensky").
 */
export function sameNames(a: string, b: string, matcher: TermMatcher): boolean {
  const names = [...a.matchAll(/(?<=[\p{L},;:'’"«“]\s+)\p{Lu}[\p{L}'’-]{3,}/gu)].map((m) => m[0]);
  if (names.length === 0) return true;
  const words = textWords(b);
  const found = names.filter((name) => matcher.mentionsEither(name, words)).length;
  return found >= 0.5 * names.length;
}

/**
 * Whether a sentence ends on what the question asks about, announcing it rather than giving it
 * ("…presented the worst-case scenario." / "…a présenté ses exigences :"): what follows is the answer.
 */
export function announces(sentence: string, analysis: QuestionAnalysis, matcher: TermMatcher): boolean {
  if (/:\s*$/u.test(sentence)) return true;
  const tail = contentWords(sentence).slice(-1);
  const names = new Set(analysis.constraints.names.flatMap((n) => contentWords(n)));
  const asked = analysis.focus.filter((w) => !names.has(w));
  return tail.length > 0 && tail.some((w) => asked.some((f) => matcher.matches(f, textWords(w))));
}
