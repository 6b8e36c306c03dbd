/**
 * The offline default answerer: extractive and deterministic. It reads the question (type,
 * focus, constraints), picks the sentence that answers it among the top passages and their
 * neighbours in the article, checks it against what was asked, and composes a short answer: a
 * verbatim lead span for factual questions, then the quotes with `[n]` markers. When the closest
 * sentence does not carry what was asked, it says the articles don't say it and shows what they
 * do say. Quotes from another language than the question are introduced as such.
 */
import { fold } from '../corpus/text.ts';
import type { AnswerOptions, Answerer } from '../ports.ts';
import { instructionShare, looksLikeInstructions } from '../retrieve/instructions.ts';
import { analyseQuestion, type QuestionAnalysis } from '../retrieve/question.ts';
import { questionParts } from '../retrieve/question-parts.ts';
import type { Lexicon } from '../retrieve/lexicon.ts';
import type { SentenceScorer } from '../retrieve/sentence-scorer.ts';
import { TermMatcher } from '../retrieve/term-matcher.ts';
import type { Answer, Citation, Retrieval } from '../types.ts';
import { abstain } from './abstention.ts';
import type { CheckFailure } from './answer-check.ts';
import { leadLine, leadSpan, notAnsweredLine, quoteLine } from './answer-text.ts';
import { ArticleSentences, type ArticleLookup } from './article-sentences.ts';
import { sourceLanguageNote } from './messages.ts';
import { DEFAULT_SELECTION, SentenceSelector, type ScoredSentence, type Selection, type SelectionOptions } from './sentence-selection.ts';

/** Dependencies of {@link ExtractiveAnswerer}. */
export interface ExtractiveAnswererOptions {
  scorer: SentenceScorer;
  lexicon: Lexicon;
  /** Whole articles, for neighbouring sentences across chunk boundaries. */
  articles: ArticleLookup;
  /** The calibrated "do the sources cover this at all" bar. */
  isCovered: (retrieval: Retrieval) => boolean;
  selection?: SelectionOptions;
}

/** A selection; for a question that asks two things, where each part's quotes start. */
interface PartSelection extends Selection {
  parts?: Array<{ analysis: QuestionAnalysis; from: number }>;
}

export class ExtractiveAnswerer implements Answerer {
  readonly method = 'extractive' as const;
  private readonly selector: SentenceSelector;
  private readonly lexicon: Lexicon;
  private readonly isCovered: (retrieval: Retrieval) => boolean;

  constructor(options: ExtractiveAnswererOptions) {
    this.lexicon = options.lexicon;
    this.isCovered = options.isCovered;
    this.selector = new SentenceSelector(options.scorer, new ArticleSentences(options.articles), options.lexicon, options.selection ?? DEFAULT_SELECTION);
  }

  async answer(question: string, retrieval: Retrieval, options: AnswerOptions): Promise<Answer> {
    const language = options.language;
    if (retrieval.passages.length === 0 || !this.isCovered(retrieval)) return abstain(question, language, retrieval);
    // Read as meant: typos mended as the search mended them.
    const read = analyseQuestion(retrieval.mended ?? question, language);
    const analysis = options.context !== undefined ? { ...read, context: options.context } : read;
    // A follow-up is read with its conversation, whole; a question of its own may ask two things.
    const parts = options.context === undefined ? await this.selectParts(analysis, retrieval) : undefined;
    const selection: PartSelection = parts ?? (await this.selector.select(analysis, retrieval.passages));
    // Instructions to the reader (or a passage made mostly of them) never make an answer on their own.
    const trusted = (q: ScoredSentence): boolean => !looksLikeInstructions(q.sentence.text) && instructionShare(q.sentence.chunk.text, q.sentence.chunk.lang) < 0.5;
    if (!selection.quotes.some(trusted)) return abstain(question, language, retrieval);
    const citations = selection.quotes.map((q, i) => citationOf(q, i + 1));
    const langs = selection.quotes.map((q) => q.sentence.lang);
    const note = sourceLanguageNote(language, langs, { fr: langs.filter((l) => l === 'fr').length, en: langs.filter((l) => l === 'en').length });
    const quotes = citations.map((c) => quoteLine(c.quote, c.n));
    const matcher = new TermMatcher(this.lexicon, language);
    let lines: Array<string | undefined>;
    if (selection.answered) {
      lines = [note, ...leadsOf(analysis, citations, selection, matcher), ...quotes];
    } else {
      lines = [notAnsweredLine(language, readable(selection.failure, analysis), analysis), note, ...quotes];
    }
    const answer = lines.filter((line): line is string => line !== undefined).join('\n');
    return { question, language, abstained: !selection.answered, answer, citations, passages: retrieval.passages, method: this.method };
  }

  /**
   * "Combien de soldats… et Biden va-t-il en envoyer beaucoup ?", "what did Blinken and Stoltenberg
   * say…": each part answered on its own from the same passages, their quotes given one after the
   * other. Undefined (the question is answered whole) unless it has two parts and both are answered.
   */
  private async selectParts(analysis: QuestionAnalysis, retrieval: Retrieval): Promise<PartSelection | undefined> {
    const texts = questionParts(analysis.text, analysis.constraints.names);
    if (texts.length < 2) return undefined;
    const quotes: ScoredSentence[] = [];
    const parts: Array<{ analysis: QuestionAnalysis; from: number }> = [];
    for (const text of texts) {
      const part = analyseQuestion(text, analysis.lang);
      const selection = await this.selector.select(part, retrieval.passages);
      if (!selection.answered) return undefined;
      const fresh = selection.quotes.filter((q) => !quotes.some((o) => o.sentence.docId === q.sentence.docId && o.sentence.start === q.sentence.start));
      parts.push({ analysis: part, from: quotes.length });
      quotes.push(...fresh.slice(0, PART_QUOTES));
    }
    return { answered: true, quotes, parts };
  }
}

/** The lead lines: one per part of a question that asks two things, else one. */
function leadsOf(analysis: QuestionAnalysis, citations: Citation[], selection: PartSelection, matcher: TermMatcher): Array<string | undefined> {
  const parts = selection.parts;
  if (!parts) return [leadOf(analysis, citations, selection.quotes, matcher)];
  return parts.map((part) => leadOf(part.analysis, citations.slice(part.from), selection.quotes.slice(part.from), matcher));
}

/** The lead line from the first quote, or from the one quoted for naming who spoke its words. */
function leadOf(analysis: QuestionAnalysis, citations: Citation[], quotes: ScoredSentence[], matcher: TermMatcher): string | undefined {
  for (const citation of citations.filter((c, i) => i === 0 || quotes[i]?.speaker)) {
    const lead = leadSpan(analysis, citation.quote, matcher);
    if (lead) return leadLine(lead, citation.n);
  }
  return undefined;
}

function citationOf(q: ScoredSentence, n: number): Citation {
  const s = q.sentence;
  return { n, chunkId: s.chunk.id, docId: s.docId, title: s.title, quote: s.text, start: s.start, end: s.end };
}

/** The speaker as the asker wrote it ("the German chancellor"), for the "don't say" line. */
function readable(failure: CheckFailure | undefined, analysis: QuestionAnalysis): CheckFailure | undefined {
  if (failure?.reason !== 'speaker') return failure;
  const tokens = analysis.text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
  const wanted = new Set(failure.speaker.split(' '));
  const at = tokens.map((t) => wanted.has(fold(t).replace(/['’]s$/u, '')));
  const first = at.indexOf(true);
  const last = at.lastIndexOf(true);
  if (first < 0) return failure;
  const determiner = /^(?:the|le|la|les)$/iu.test(tokens[first - 1] ?? '') ? `${tokens[first - 1]} ` : '';
  return { reason: 'speaker', speaker: `${determiner}${tokens.slice(first, last + 1).join(' ')}` };
}

/** Quotes kept for each part of a question that asks two things. */
const PART_QUOTES = 2;
