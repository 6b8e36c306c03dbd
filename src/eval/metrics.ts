/** Pure metric helpers for the evaluation command. */

/** 1-based rank of the first relevant item, or undefined. */
export function firstRelevantRank(relevant: boolean[]): number | undefined {
  const at = relevant.indexOf(true);
  return at < 0 ? undefined : at + 1;
}

export function recallAt(ranks: Array<number | undefined>, k: number): number {
  if (ranks.length === 0) return 0;
  return ranks.filter((r) => r !== undefined && r <= k).length / ranks.length;
}

export function meanReciprocalRank(ranks: Array<number | undefined>, cutoff = 10): number {
  if (ranks.length === 0) return 0;
  return ranks.reduce<number>((sum, r) => sum + (r !== undefined && r <= cutoff ? 1 / r : 0), 0) / ranks.length;
}

/** Probability that a random positive scores above a random negative (ties count half). */
export function auc(positives: number[], negatives: number[]): number {
  if (positives.length === 0 || negatives.length === 0) return Number.NaN;
  let wins = 0;
  for (const p of positives) for (const n of negatives) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (positives.length * negatives.length);
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export function mean(values: number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
}
