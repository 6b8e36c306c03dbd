/**
 * Abstention: when retrieval finds nothing that supports an answer, say so plainly in the
 * question's language and offer the closest articles. No guessing.
 */
import type { Answer, Lang, Retrieval } from '../types.ts';
import { messages } from './messages.ts';

/** Calibrated on the raw (unexpanded) relevance signal; see README "Abstention". */
export interface AbstentionPolicy {
  /** Below this raw relevance the sources are taken not to cover the question. */
  minRelevance: number;
}

export const DEFAULT_ABSTENTION: AbstentionPolicy = { minRelevance: 0.22 };

/** Whether a retrieval carries enough evidence to answer from. */
export function isCovered(retrieval: Retrieval, policy: AbstentionPolicy = DEFAULT_ABSTENTION): boolean {
  return retrieval.passages.length > 0 && retrieval.relevance >= policy.minRelevance;
}

/** The abstaining answer: a plain statement plus the closest article titles (distinct, at most 3). */
export function abstain(question: string, language: Lang, retrieval: Retrieval): Answer {
  const m = messages(language);
  const titles = [...new Set(retrieval.passages.map((p) => p.chunk.title))].slice(0, 3);
  const answer = titles.length > 0 ? `${m.notCovered}\n${m.closest}\n${titles.map((t) => `• ${t}`).join('\n')}` : m.notCovered;
  return { question, language, abstained: true, answer, citations: [], passages: retrieval.passages, method: 'extractive' };
}
