/**
 * The offline default answerer: extractive and deterministic. It scores the sentences of the top
 * passages against the question, keeps the few that answer it, and composes a short answer that
 * quotes them verbatim with `[n]` markers. Quotes from another language than the question are
 * introduced as such ("From a French source:") rather than passed off as translations.
 */
import type { AnswerOptions, Answerer } from '../ports.ts';
import { instructionShare, looksLikeInstructions } from '../retrieve/instructions.ts';
import { SentenceScorer, type SentenceCandidate } from '../retrieve/sentence-scorer.ts';
import type { Answer, Citation, Retrieval } from '../types.ts';
import { abstain } from './abstention.ts';
import { sourceLanguageNote } from './messages.ts';

export interface ExtractiveOptions {
  /** Passages whose sentences are considered. */
  passages: number;
  /** Most sentences quoted. */
  maxSentences: number;
  /** A further sentence is kept only when it scores at least this share of the best one. */
  relativeCutoff: number;
  /** Longest answer, in characters of quotes. */
  maxChars: number;
}

export const DEFAULT_EXTRACTIVE_OPTIONS: ExtractiveOptions = { passages: 4, maxSentences: 3, relativeCutoff: 0.75, maxChars: 700 };

export class ExtractiveAnswerer implements Answerer {
  readonly method = 'extractive' as const;

  constructor(
    private readonly scorer: SentenceScorer,
    private readonly isCovered: (retrieval: Retrieval) => boolean,
    private readonly options: ExtractiveOptions = DEFAULT_EXTRACTIVE_OPTIONS,
  ) {}

  answer(question: string, retrieval: Retrieval, options: AnswerOptions): Promise<Answer> {
    const language = options.language;
    if (retrieval.passages.length === 0 || !this.isCovered(retrieval)) return Promise.resolve(abstain(question, language, retrieval));
    const candidates = this.scorer.candidates(question, language, retrieval.passages.slice(0, this.options.passages)).sort(
      (a, b) => b.score - a.score || a.start - b.start,
    );
    const best = candidates[0];
    if (!best) return Promise.resolve(abstain(question, language, retrieval));

    const chosen: SentenceCandidate[] = [];
    let chars = 0;
    for (const candidate of candidates) {
      if (chosen.length >= this.options.maxSentences) break;
      if (candidate.score < best.score * this.options.relativeCutoff) break;
      if (chosen.length > 0 && chars + candidate.text.length > this.options.maxChars) continue;
      const vector = this.scorer.vector(candidate.text);
      const duplicate = chosen.some(
        (c) => (c.passage.chunk.docId === candidate.passage.chunk.docId && c.start === candidate.start) || SentenceScorer.cosine(this.scorer.vector(c.text), vector) > 0.8,
      );
      if (duplicate) continue;
      chosen.push(candidate);
      chars += candidate.text.length;
    }

    // Instructions to the reader (or a passage made mostly of them) never make an answer on their own.
    const trusted = (c: SentenceCandidate): boolean => !looksLikeInstructions(c.text) && instructionShare(c.passage.chunk.text, c.passage.chunk.lang) < 0.5;
    if (!chosen.some(trusted)) return Promise.resolve(abstain(question, language, retrieval));
    const citations: Citation[] = chosen.map((c, i) => ({
      n: i + 1,
      chunkId: c.passage.chunk.id,
      docId: c.passage.chunk.docId,
      title: c.passage.chunk.title,
      quote: c.text,
      start: c.start,
      end: c.end,
    }));
    const langs = chosen.map((c) => c.passage.chunk.lang);
    const note = sourceLanguageNote(language, langs, { fr: langs.filter((l) => l === 'fr').length, en: langs.filter((l) => l === 'en').length });
    const lines = citations.map((c) => `“${c.quote}” [${c.n}]`);
    const answer = [note, ...lines].filter((line): line is string => line !== undefined).join('\n');
    return Promise.resolve({ question, language, abstained: false, answer, citations, passages: retrieval.passages, method: this.method });
  }
}
