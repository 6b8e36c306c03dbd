/**
 * The offline claim checker. A claim is split into statements; each is retrieved like a
 * question, its closest article sentences are compared with it (numbers, dates, actors,
 * negation — check-compare.ts), and it gets a verdict: `supported` when a close sentence gives
 * its content with nothing differing, `contradicted` when a close sentence speaks of the same
 * thing but differs (and that sentence is quoted), `mixed` when articles disagree, else
 * `not_found`. Citations are verbatim sentence spans, numbered across the claim.
 */
import { fold, words } from '../corpus/text.ts';
import { splitSentences } from '../corpus/sentences.ts';
import type { SentenceCandidate, SentenceScorer } from '../retrieve/sentence-scorer.ts';
import type { Article, CheckVerdict, CheckedStatement, Citation, ClaimCheck, Lang, Retrieval } from '../types.ts';
import { strings } from '../i18n/index.ts';
import { closestClause, compareStatement, statementFacts, type Comparison, type Difference, type StatementFacts } from './check-compare.ts';
import { actorsOf } from './check-facts.ts';
import { articleReference } from './timeline-dates.ts';

/** What the checker needs from the application: retrieval, scoring, the lexicon, the articles. */
export interface CheckerDeps {
  retrieve: (text: string, k: number, lang: Lang) => Promise<Retrieval>;
  isCovered: (retrieval: Retrieval) => boolean;
  scorer: SentenceScorer;
  translate: (text: string, from: Lang) => string;
  article: (docId: string) => Article | undefined;
  /** Year of the corpus's dates (see `corpusEra`). */
  era?: number | undefined;
}

/** Score bars (the sentence scorer's 0..1 scale): same subject to contradict, closer to support. */
export interface CheckThresholds {
  related: number;
  supported: number;
  /** Share of the statement's non-name words a supporting sentence must give. */
  coverage: number;
  /** Sentences compared per statement. */
  candidates: number;
}

export const DEFAULT_CHECK_THRESHOLDS: CheckThresholds = { related: 0.3, supported: 0.4, coverage: 0.5, candidates: 6 };

/** One compared sentence. */
export interface Evidence {
  candidate: SentenceCandidate;
  comparison: Comparison;
  /** Share of the statement's words other than names that the sentence gives (either language), 0..1. */
  coverage: number;
}

/** A statement's verdict and the sentences that decide it, before citation numbering. */
export interface StatementOutcome {
  text: string;
  verdict: CheckVerdict;
  /** The deciding difference (contradicted, mixed). */
  difference?: Difference;
  /** A reason already worded (the LLM's), instead of one made from `difference`. */
  reason?: string;
  evidence: Evidence[];
}

const FUNCTION_WORDS: Record<Lang, Set<string>> = {
  en: new Set('the of and to in is was were are has have had by on at for with that this from its their not did against as be will would said says'.split(' ')),
  fr: new Set("le la les des du de et est en un une que qui sur pour dans par au aux ont été sont pas ne n l d".split(' ')),
};

/**
 * The language of a short claim: its function words decide when they clearly do (language
 * identification misreads short English sentences full of names as French), else `detect`.
 */
export function claimLanguage(claim: string, detect: (text: string) => Lang): Lang {
  const tokens = claim.toLowerCase().split(/[^\p{L}]+/u);
  const en = tokens.filter((t) => FUNCTION_WORDS.en.has(t)).length;
  const fr = tokens.filter((t) => FUNCTION_WORDS.fr.has(t)).length;
  if (en >= 1 && fr === 0) return 'en';
  if (fr >= 1 && en === 0) return 'fr';
  return detect(claim);
}

/** Splits a claim into statements: sentences, `;`, and "X did A and Y did B" at the second actor. */
export function splitStatements(claim: string, lang: Lang): string[] {
  const parts = splitSentences(claim, lang).flatMap((s) => s.text.split(/\s*;\s*/u));
  return parts
    .flatMap((part) => {
      const match = /^(.{12,}?),?\s+(?:and|et|but|mais|while|alors que)\s+((?:the |la |le |les |l')?\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+)*\s+\p{Ll}.{8,})$/u.exec(part);
      // Not "between Ukraine and Russia", nor "The United States and NATO rejected …" (one subject).
      if (!match || /\b(?:between|entre)\s+\S+$/iu.test(match[1] as string) || (match[1] as string).split(/\s+/u).length < 4) return [part];
      return [match[1] as string, match[2] as string];
    })
    .map((s) => s.trim().replace(/[.;,]+$/u, ''))
    .filter((s) => /\p{L}{2,}/u.test(s));
}

/** The two sentences before a sentence in its chunk: who "he" and "she" are. */
function contextOf(candidate: SentenceCandidate): string {
  const chunk = candidate.passage.chunk;
  const before = chunk.text.slice(0, Math.max(0, candidate.start - chunk.start));
  const sentences = splitSentences(before, chunk.lang);
  return `${chunk.title} ${sentences.slice(-2).map((s) => s.text).join(' ')}`;
}

export class ExtractiveChecker {
  constructor(
    private readonly deps: CheckerDeps,
    private readonly thresholds: CheckThresholds = DEFAULT_CHECK_THRESHOLDS,
  ) {}

  /** Compares a statement with its closest sentences, best first. */
  async evidence(facts: StatementFacts): Promise<{ retrieval: Retrieval; evidence: Evidence[] }> {
    const retrieval = await this.deps.retrieve(facts.text, 6, facts.lang);
    const candidates = this.deps.scorer
      .candidates(facts.text, facts.lang, retrieval.passages.slice(0, 5))
      .sort((a, b) => b.score - a.score)
      .slice(0, this.thresholds.candidates);
    const names = actorsOf(facts.text).names.map((n) => n.text);
    const withoutNames = names.reduce((text, name) => text.replace(name, ' '), facts.text);
    const evidence = candidates.map((candidate) => {
      const article = this.deps.article(candidate.passage.chunk.docId);
      const lang = candidate.passage.chunk.lang;
      const reference = article ? articleReference(article.source.date, article.text, article.lang, this.deps.era) : undefined;
      const clause = closestClause(candidate.text, (texts) => this.deps.scorer.score(facts.text, facts.lang, texts).map((s) => s.score));
      const predicate = this.deps.scorer.score(withoutNames, facts.lang, [candidate.text])[0]?.score ?? 0;
      const coverage = this.deps.scorer.score(withoutNames, facts.lang, [candidate.text])[0]?.overlap ?? 0;
      const sentence = { text: candidate.text, lang, reference, era: this.deps.era, context: contextOf(candidate), predicate, clause: clause.text, translate: this.deps.translate };
      return { candidate, comparison: compareStatement(facts, sentence, clause), coverage };
    });
    return { retrieval, evidence };
  }

  /** The verdict on one statement. */
  async checkStatement(text: string, lang: Lang): Promise<StatementOutcome> {
    return (await this.statementWithEvidence(text, lang)).outcome;
  }

  /** The offline verdict on one statement and every sentence compared (what the LLM path reads). */
  async statementWithEvidence(text: string, lang: Lang): Promise<{ outcome: StatementOutcome; evidence: Evidence[] }> {
    const facts = statementFacts(text, lang, this.deps.era);
    const { retrieval, evidence } = await this.evidence(facts);
    // Someone the articles never name cannot be shown to be the wrong actor: the articles are silent on them.
    const unknown = new Set(retrieval.unknownNames.map((name) => fold(name)));
    const usable = evidence.filter((e) => !e.comparison.differences.some((d) => d.kind === 'actor' && words(d.claimed).some((w) => unknown.has(w))));
    return { outcome: decide(text, usable, this.deps.isCovered(retrieval), this.thresholds), evidence };
  }

  /** Checks a claim written in `claimLang`; reasons are worded in `language`. */
  async check(claim: string, claimLang: Lang, language: Lang = claimLang): Promise<ClaimCheck> {
    const outcomes: StatementOutcome[] = [];
    for (const statement of splitStatements(claim, claimLang)) outcomes.push(await this.checkStatement(statement, claimLang));
    return composeCheck(claim, language, outcomes, 'extractive');
  }
}

/** Picks the verdict from the compared sentences. */
export function decide(text: string, evidence: Evidence[], covered: boolean, thresholds: CheckThresholds): StatementOutcome {
  const agree = evidence.find(
    (e) => e.candidate.score >= thresholds.supported && e.coverage >= thresholds.coverage && e.comparison.differences.length === 0 && e.comparison.missing.length === 0,
  );
  const differ = evidence.find((e) => e.candidate.score >= thresholds.related && e.comparison.differences.length > 0);
  // Another article gives the same statement with another number or date: the articles disagree.
  const rival = agree && evidence.find((e) => e.coverage >= thresholds.coverage && e.candidate.score >= thresholds.supported && e.candidate.passage.chunk.docId !== agree.candidate.passage.chunk.docId && e.comparison.differences.some((d) => d.kind === 'number' || d.kind === 'date'));
  if (agree && rival) {
    const difference = rival.comparison.differences.find((d) => d.kind === 'number' || d.kind === 'date') as Difference;
    return { text, verdict: 'mixed', difference, evidence: [agree, rival] };
  }
  if (agree && differ && differ.candidate.passage.chunk.docId !== agree.candidate.passage.chunk.docId && differ.candidate.score >= agree.candidate.score * 0.9) {
    const difference = differ.comparison.differences[0] as Difference;
    if (difference.kind === 'number' || difference.kind === 'date') return { text, verdict: 'mixed', difference, evidence: [agree, differ] };
  }
  if (agree && (!differ || agree.candidate.score >= differ.candidate.score)) return { text, verdict: 'supported', evidence: [agree] };
  if (differ && (covered || differ.candidate.score >= thresholds.supported)) {
    return { text, verdict: 'contradicted', difference: differ.comparison.differences[0] as Difference, evidence: [differ] };
  }
  return { text, verdict: 'not_found', evidence: [] };
}

/** The claim's verdict from its statements'. */
export function overallVerdict(verdicts: CheckVerdict[]): CheckVerdict {
  if (verdicts.length === 0) return 'not_found';
  if (verdicts.every((v) => v === 'supported')) return 'supported';
  if (verdicts.includes('contradicted')) return verdicts.includes('supported') ? 'mixed' : 'contradicted';
  if (verdicts.includes('mixed') || verdicts.includes('supported')) return 'mixed';
  return 'not_found';
}

/** Numbers the citations across statements and words each reason in the claim's language. */
export function composeCheck(claim: string, language: Lang, outcomes: StatementOutcome[], method: ClaimCheck['method']): ClaimCheck {
  const t = strings(language);
  let next = 1;
  const statements: CheckedStatement[] = outcomes.map((outcome) => {
    const citations: Citation[] = outcome.evidence.map(({ candidate }) => ({
      n: next++,
      chunkId: candidate.passage.chunk.id,
      docId: candidate.passage.chunk.docId,
      title: candidate.passage.chunk.title,
      quote: candidate.text,
      start: candidate.start,
      end: candidate.end,
    }));
    const markers = citations.map((c) => `[${c.n}]`).join('');
    const reason = outcome.reason !== undefined ? `${outcome.reason}${markers ? ` ${markers}` : ''}` : t.check.reason(outcome.verdict, outcome.difference, citations.map((c) => c.n));
    return { text: outcome.text, verdict: outcome.verdict, reason, citations };
  });
  return { claim, language, verdict: overallVerdict(statements.map((s) => s.verdict)), statements, method };
}
