import { describe, expect, it } from 'vitest';
import { auc, firstRelevantRank, mean, meanReciprocalRank, percentile, recallAt } from '../../src/eval/metrics.ts';

describe('eval metrics', () => {
  it('firstRelevantRank is 1-based, undefined when nothing is relevant', () => {
    expect(firstRelevantRank([false, false, true, true])).toBe(3);
    expect(firstRelevantRank([true])).toBe(1);
    expect(firstRelevantRank([false, false])).toBeUndefined();
    expect(firstRelevantRank([])).toBeUndefined();
  });

  it('recallAt counts ranks within k (missing ranks count as misses)', () => {
    const ranks = [1, 2, 5, undefined, 3];
    expect(recallAt(ranks, 1)).toBeCloseTo(1 / 5);
    expect(recallAt(ranks, 3)).toBeCloseTo(3 / 5);
    expect(recallAt(ranks, 5)).toBeCloseTo(4 / 5);
    expect(recallAt([], 5)).toBe(0);
  });

  it('meanReciprocalRank stops at the cut-off', () => {
    expect(meanReciprocalRank([1, 2, undefined, 4])).toBeCloseTo((1 + 0.5 + 0 + 0.25) / 4);
    expect(meanReciprocalRank([1, 11], 10)).toBeCloseTo(0.5);
    expect(meanReciprocalRank([])).toBe(0);
  });

  it('auc: 1 when positives all score above negatives, 0.5 for ties, NaN without one side', () => {
    expect(auc([0.9, 0.8], [0.1, 0.2])).toBe(1);
    expect(auc([0.1], [0.9])).toBe(0);
    expect(auc([0.5, 0.5], [0.5])).toBe(0.5);
    expect(auc([0.9, 0.3], [0.5])).toBe(0.5);
    expect(auc([], [0.1])).toBeNaN();
    expect(auc([0.1], [])).toBeNaN();
  });

  it('percentile (nearest rank) and mean', () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 95)).toBe(10);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([], 95)).toBeNaN();
    expect(mean([1, 2, 3, 6])).toBe(3);
    expect(mean([])).toBeNaN();
    expect(values).toEqual([5, 1, 4, 2, 3, 10, 9, 8, 7, 6]); // not sorted in place
  });
});
