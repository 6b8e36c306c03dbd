import { describe, expect, it } from 'vitest';
import { abstain, DEFAULT_ABSTENTION, isCovered } from '../../src/answer/abstention.ts';
import type { Chunk, Passage, Retrieval } from '../../src/types.ts';

function passage(rank: number, title: string): Passage {
  const chunk: Chunk = { id: `${title}#${rank}`, docId: title, index: rank, title, lang: 'en', start: 0, end: 10, text: 'Some text.' };
  return { rank, chunk, score: 1 - rank / 10, vectorScore: 0.3, lexicalScore: 1 };
}

function retrieval(overrides: Partial<Retrieval> = {}): Retrieval {
  return { query: 'q', queryLang: 'en', passages: [passage(1, 'A'), passage(2, 'B'), passage(3, 'A'), passage(4, 'C'), passage(5, 'D')], relevance: 0.5, unknownNames: [], names: 0, evidence: 0, ...overrides };
}

describe('isCovered', () => {
  it('needs passages and enough relevance', () => {
    expect(isCovered(retrieval())).toBe(true);
    expect(isCovered(retrieval({ passages: [] }))).toBe(false);
    expect(isCovered(retrieval({ relevance: DEFAULT_ABSTENTION.minRelevance - 0.01 }))).toBe(false);
    expect(isCovered(retrieval({ relevance: DEFAULT_ABSTENTION.minRelevance }))).toBe(true);
  });

  it('answers on strong sentence-level evidence even when passage relevance is low', () => {
    const low = DEFAULT_ABSTENTION.minRelevance - 0.05;
    expect(isCovered(retrieval({ relevance: low, evidence: DEFAULT_ABSTENTION.minEvidence }))).toBe(true);
    expect(isCovered(retrieval({ relevance: low, evidence: DEFAULT_ABSTENTION.minEvidence - 0.01 }))).toBe(false);
    expect(isCovered(retrieval({ relevance: low, evidence: 0.9, names: 1, unknownNames: ['Orbán'] }))).toBe(false);
  });

  it('with no calibrated relevance bar (a model embedder declares 0), the sentence evidence alone decides', () => {
    const uncalibrated = { ...DEFAULT_ABSTENTION, minRelevance: 0 };
    expect(isCovered(retrieval({ relevance: 0.99, evidence: 0.1 }), uncalibrated)).toBe(false);
    expect(isCovered(retrieval({ relevance: 0.01, evidence: DEFAULT_ABSTENTION.minEvidence }), uncalibrated)).toBe(true);
  });

  it('abstains when too many names of the question are unknown, however relevant the rest', () => {
    expect(isCovered(retrieval({ relevance: 0.9, names: 2, unknownNames: ['Viktor', 'Orbán'] }))).toBe(false);
    expect(isCovered(retrieval({ relevance: 0.9, names: 4, unknownNames: ['Cup'] }))).toBe(true);
    expect(isCovered(retrieval({ relevance: 0.9, names: 2, unknownNames: ['Dmytro'] }))).toBe(true);
  });
});

describe('abstain', () => {
  it('says so in English and lists at most three distinct closest titles', () => {
    const answer = abstain('Who won the World Cup?', 'en', retrieval());
    expect(answer.abstained).toBe(true);
    expect(answer.citations).toEqual([]);
    expect(answer.language).toBe('en');
    expect(answer.question).toBe('Who won the World Cup?');
    expect(answer.answer).toBe("The sources don't cover this question.\nClosest articles:\n• A\n• B\n• C");
    expect(answer.passages).toHaveLength(5);
    expect(answer.answer).not.toMatch(/\[\d+\]/u);
  });

  it('says so in French for a French question', () => {
    const answer = abstain('Qui a gagné la Coupe du monde ?', 'fr', retrieval());
    expect(answer.answer.split('\n')[0]).toBe('Les sources ne couvrent pas cette question.');
    expect(answer.answer).toContain('Articles les plus proches');
  });

  it('gives only the statement when nothing was retrieved', () => {
    expect(abstain('?', 'en', retrieval({ passages: [] })).answer).toBe("The sources don't cover this question.");
  });
});
