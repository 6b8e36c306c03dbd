/**
 * Abstention: when retrieval finds nothing that supports an answer, say so plainly in the
 * question's language and offer the closest articles. No guessing.
 *
 * Three signals, all from the unexpanded question: names the corpus does not contain at all
 * (a question about someone the articles never mention); the raw n-gram cosine of the best
 * passage; and the best sentence-level support, which stays high for short questions about one
 * known name, where passage cosine is diluted. Either of the last two may carry the answer.
 */
import type { Answer, Lang, Retrieval } from '../types.ts';
import { messages } from './messages.ts';

export interface AbstentionPolicy {
  /** Raw passage relevance at or above which the sources are taken to cover the question. */
  minRelevance: number;
  /** Sentence-level evidence at or above which they are, whatever the passage relevance. */
  minEvidence: number;
  /** Abstain when more than this share of the question's names is absent from the corpus. */
  unknownNameShare: number;
}

/**
 * The retrieval-level bar ("the sources don't cover this at all"), recalibrated on the tune half of
 * eval/dev.jsonl: answerable questions there have sentence evidence ≥ 0.345 or relevance ≥ 0.2;
 * off-topic questions (recipes, sport, films) stay below 0.33. Close questions the articles do not
 * answer score inside the answerable range: the answer check (answer-check.ts) handles those.
 */
export const DEFAULT_ABSTENTION: AbstentionPolicy = { minRelevance: 0.2, minEvidence: 0.33, unknownNameShare: 0.5 };

/** Whether a retrieval carries enough evidence to answer from. */
export function isCovered(retrieval: Retrieval, policy: AbstentionPolicy = DEFAULT_ABSTENTION): boolean {
  if (retrieval.passages.length === 0) return false;
  const unknown = retrieval.unknownNames.length;
  if (unknown > 0 && unknown > policy.unknownNameShare * retrieval.names) return false;
  // A bar of 0 means the embedder declared no calibrated relevance (a model's embeddings have
  // another scale): then the sentence-level evidence, computed offline whatever built the index, decides.
  const passageCovered = policy.minRelevance > 0 && retrieval.relevance >= policy.minRelevance;
  return passageCovered || retrieval.evidence >= policy.minEvidence;
}

/** The abstaining answer: a plain statement plus the closest article titles (distinct, at most 3). */
export function abstain(question: string, language: Lang, retrieval: Retrieval): Answer {
  const m = messages(language);
  const titles = [...new Set(retrieval.passages.map((p) => p.chunk.title))].slice(0, 3);
  const answer = titles.length > 0 ? `${m.notCovered}\n${m.closest}\n${titles.map((t) => `• ${t}`).join('\n')}` : m.notCovered;
  return { question, language, abstained: true, answer, citations: [], passages: retrieval.passages, method: 'extractive' };
}
