/**
 * Exact top-k BM25+ over sorted posting lists, document at a time with MaxScore pruning: the
 * posting lists whose best possible contribution cannot lift a chunk above the current k-th score
 * ("non-essential") are only probed (galloping) for chunks found in the others, and a chunk whose
 * upper bound falls below the k-th score is dropped before those probes. At 554,065 chunks the
 * frequent terms' lists hold hundreds of thousands of postings each, which scoring every posting
 * (term at a time) walked in full for every query.
 *
 * The result is exactly MiniSearch's OR search (see bm25-postings.ts): a chunk's score is the sum
 * of its query terms' BM25+ scores in query order (a repeated term counts again) times the number
 * of distinct query terms it matches, and ties keep MiniSearch's first-matched order, which is
 * (first query position whose term lists the chunk, short id). Pruning is conservative (a bound
 * must be below the k-th score by more than rounding), so a tie is always scored and compared.
 *
 * The search's state lives in typed arrays (one slot per distinct term, one per kept chunk): an
 * alias-expanded question visits tens of thousands of chunks (hundreds of thousands at 100,000
 * articles), and per-cursor objects and growing number arrays made that loop allocate, change
 * hidden classes and drop back out of optimised code mid-run.
 */
import type { LexicalHit } from '../../ports.ts';

/** MiniSearch's default BM25+ parameters (we never override them). */
export const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/** What the search reads: sorted terms' postings (short ids ascending within a term) and per-chunk norms. */
export interface PostingLists {
  readonly offsets: Uint32Array;
  readonly postingIds: Uint32Array;
  readonly postingFreqs: Uint16Array;
  readonly documentCount: number;
  /** Per short id, k1·(1 − b + b·length / average length). */
  readonly norms: Float64Array;
  /** Per term, the best score of one of its postings (NaN until computed; filled in here). */
  readonly maxScores: Float64Array;
  /** Per-chunk slots for summing long lists term at a time (all zero between searches); without them, never. */
  readonly sums?: SweepSlots;
}

/** One slot per short id: the running sum of a chunk's essential scores and how many lists matched it. */
export interface SweepSlots {
  readonly scores: Float64Array;
  readonly matched: Uint16Array;
  /** True while a search sums into them (a search its filter started meanwhile does not). */
  busy: boolean;
  /** Searches that summed into them (diagnostics). */
  sweeps: number;
}

/** Slots for `shortIds` chunks (all zero). */
export function sweepSlots(shortIds: number): SweepSlots {
  return { scores: new Float64Array(shortIds), matched: new Uint16Array(shortIds), busy: false, sweeps: 0 };
}

/**
 * Searches pass from document at a time to term at a time at this share of the short ids, once the
 * k-th score (and so the essential set) has settled, and only when the essential lists' remaining
 * postings are at least 1/SWEEP_RATIO of the chunks left (reading the slots costs one pass over them).
 */
const SWITCH_SHARE = 1 / 8;
const SWEEP_RATIO = 2;

/** A bound is trusted to exclude a chunk only when below the k-th score by more than this share. */
const SLACK = 1e-9;

/** `k + 1` and `d` of BM25+, as the scoring expression reads them. */
const K1 = BM25.k + 1;
const D = BM25.d;

/** BM25+ inverse document frequency of a term listed by `matching` of `documentCount` chunks. */
function idfOf(matching: number, documentCount: number): number {
  return Math.log(1 + (documentCount - matching + 0.5) / (matching + 0.5));
}

/** The BM25+ score of the posting at `at` (the same expression, so the same number, as MiniSearch's). */
function postingScore(lists: PostingLists, idf: number, at: number): number {
  const termFreq = lists.postingFreqs[at] as number;
  return idf * (D + (termFreq * K1) / (termFreq + (lists.norms[lists.postingIds[at] as number] as number)));
}

/** The best posting score of term `t` (computed once, kept in `maxScores`). */
function maxScoreOf(lists: PostingLists, t: number): number {
  const known = lists.maxScores[t] as number;
  if (!Number.isNaN(known)) return known;
  const from = lists.offsets[t] as number;
  const to = lists.offsets[t + 1] as number;
  const idf = idfOf(to - from, lists.documentCount);
  let best = 0;
  for (let at = from; at < to; at++) best = Math.max(best, postingScore(lists, idf, at));
  lists.maxScores[t] = best;
  return best;
}

/**
 * The distinct query terms as cursors, sorted by upper bound (best posting score times
 * occurrences) ascending, ties by first occurrence; `positions` gives each query position's cursor
 * (-1 for a term the index does not hold).
 */
class Cursors {
  /** Posting index of each cursor's current chunk, and the end of its list. */
  readonly at: Int32Array;
  readonly end: Int32Array;
  readonly idf: Float64Array;
  readonly occurrences: Int32Array;
  /** Upper bound of each cursor's contribution, and their running sums: prefix[i] = Σ bound[0..i). */
  readonly prefix: Float64Array;
  /** The current chunk's score for each cursor's term, or -1 when its list does not hold the chunk. */
  readonly hit: Float64Array;
  readonly positions: Int32Array;

  constructor(lists: PostingLists, termIndexes: readonly number[]) {
    const distinct: number[] = [];
    const occurrences: number[] = [];
    const slotOf = termIndexes.map((t) => {
      if (t < 0) return -1;
      let slot = distinct.indexOf(t);
      if (slot < 0) slot = distinct.push(t) - 1;
      occurrences[slot] = (occurrences[slot] ?? 0) + 1;
      return slot;
    });
    const uppers = distinct.map((t, slot) => maxScoreOf(lists, t) * (occurrences[slot] as number));
    const order = distinct.map((_, slot) => slot).sort((a, b) => (uppers[a] as number) - (uppers[b] as number) || a - b);
    const n = order.length;
    this.at = new Int32Array(n);
    this.end = new Int32Array(n);
    this.idf = new Float64Array(n);
    this.occurrences = new Int32Array(n);
    this.prefix = new Float64Array(n + 1);
    this.hit = new Float64Array(n).fill(-1);
    const rank = new Int32Array(n);
    order.forEach((slot, i) => {
      const t = distinct[slot] as number;
      rank[slot] = i;
      this.at[i] = lists.offsets[t] as number;
      this.end[i] = lists.offsets[t + 1] as number;
      this.idf[i] = idfOf(this.end[i] - this.at[i], lists.documentCount);
      this.occurrences[i] = occurrences[slot] as number;
      this.prefix[i + 1] = (this.prefix[i] as number) + maxScoreOf(lists, t) * (occurrences[slot] as number);
    });
    this.positions = Int32Array.from(slotOf, (slot) => (slot < 0 ? -1 : (rank[slot] as number)));
  }

  get length(): number {
    return this.at.length;
  }
}

/** Moves cursor `i` to its first posting at or after `shortId` (galloping, then binary search). */
function advanceTo(ids: Uint32Array, cursors: Cursors, i: number, shortId: number): void {
  let low = cursors.at[i] as number;
  const end = cursors.end[i] as number;
  if (low >= end || (ids[low] as number) >= shortId) return;
  let step = 1;
  let high = low + 1;
  while (high < end && (ids[high] as number) < shortId) {
    low = high;
    step *= 2;
    high = low + step;
  }
  high = Math.min(high, end);
  // ids[low] < shortId; the answer is in (low, high].
  while (low + 1 < high) {
    const mid = (low + high) >>> 1;
    if ((ids[mid] as number) < shortId) low = mid;
    else high = mid;
  }
  cursors.at[i] = high;
}

/** The running top k, best first: score descending, then first-matched order, then short id. */
class Top {
  size = 0;
  readonly ids: Int32Array;
  readonly scores: Float64Array;
  readonly firsts: Int32Array;

  /** `capacity`: the most chunks there can be (k may be larger). */
  constructor(
    readonly k: number,
    capacity: number,
  ) {
    const size = Math.min(k, capacity);
    this.ids = new Int32Array(size);
    this.scores = new Float64Array(size);
    this.firsts = new Int32Array(size);
  }

  /** The k-th score once k chunks are held, else 0 (every score is positive). */
  threshold(): number {
    return this.size < this.k ? 0 : (this.scores[this.k - 1] as number);
  }

  /** Whether (score, first, shortId) ranks strictly before the entry at `i`. */
  ranksBefore(i: number, score: number, first: number, shortId: number): boolean {
    const other = this.scores[i] as number;
    if (score !== other) return score > other;
    const otherFirst = this.firsts[i] as number;
    return first !== otherFirst ? first < otherFirst : shortId < (this.ids[i] as number);
  }

  /** True when a chunk so scored would enter the top. */
  admits(score: number, first: number, shortId: number): boolean {
    return this.size < this.k || this.ranksBefore(this.k - 1, score, first, shortId);
  }

  /** Inserts a chunk at its rank (the top admits it), dropping the k+1th. */
  insert(shortId: number, score: number, first: number): void {
    let at = Math.min(this.size, this.k - 1);
    while (at > 0 && this.ranksBefore(at - 1, score, first, shortId)) {
      this.ids[at] = this.ids[at - 1] as number;
      this.scores[at] = this.scores[at - 1] as number;
      this.firsts[at] = this.firsts[at - 1] as number;
      at--;
    }
    this.ids[at] = shortId;
    this.scores[at] = score;
    this.firsts[at] = first;
    if (this.size < this.k) this.size++;
  }
}

/** One search: the cursors, how many of them (the lowest bounds) are non-essential, and the top so far. */
class MaxScoreSearch {
  /** Cursors below this index are non-essential: only probed for chunks the others list. */
  private essential = 0;
  readonly top: Top;

  constructor(
    private readonly lists: PostingLists,
    private readonly cursors: Cursors,
    k: number,
    private readonly accept: ((shortId: number) => boolean) | undefined,
  ) {
    this.top = new Top(k, lists.norms.length);
  }

  /** True when a chunk bounded by (sum, matched) surely scores below the k-th. */
  private excluded(sum: number, matched: number): boolean {
    return sum * matched * (1 + SLACK) < this.top.threshold();
  }

  /**
   * Document at a time up to `switchAt`; from there, when the essential lists still hold many
   * postings (the long lists of an alias-expanded question), term at a time (see {@link sweep});
   * otherwise document at a time to the end.
   */
  run(switchAt: number): Top {
    let shortId = this.nextChunk();
    for (; shortId >= 0 && shortId < switchAt; shortId = this.nextChunk()) {
      if (this.scoreChunk(shortId)) this.raiseEssential();
    }
    const sums = this.lists.sums;
    if (shortId >= 0 && sums && !sums.busy && this.cursors.length < 65_536 && this.remainingEssential() * SWEEP_RATIO >= sums.matched.length - shortId) {
      this.sweep(sums, shortId);
      return this.top;
    }
    for (; shortId >= 0; shortId = this.nextChunk()) {
      if (this.scoreChunk(shortId)) this.raiseEssential();
    }
    return this.top;
  }

  /** Postings the essential cursors have yet to read. */
  private remainingEssential(): number {
    const { at, end } = this.cursors;
    let remaining = 0;
    for (let i = this.essential; i < at.length; i++) remaining += (end[i] as number) - (at[i] as number);
    return remaining;
  }

  /**
   * Scores every chunk from `from` on: each list's postings from there are added up term at a time
   * into per-chunk slots (one sequential pass per list, instead of finding the next chunk among the
   * essential cursors and probing the others for each of them: at 554,065 chunks an alias-expanded
   * question's essential lists hold most chunks), then the slots are read in short id order and a
   * chunk whose whole sum cannot reach the k-th score is dropped; the others are offered with their
   * scores read at their postings. Exact: the top holds the k best in one total order (score,
   * first-matched position, short id) whatever order chunks are offered in.
   */
  private sweep(sums: SweepSlots, from: number): void {
    const { lists, cursors } = this;
    const { at, end, idf, occurrences } = cursors;
    const ids = lists.postingIds;
    sums.busy = true;
    sums.sweeps++;
    try {
      for (let i = 0; i < at.length; i++) {
        // A non-essential cursor was only moved when probed: postings before `from` are done with.
        advanceTo(ids, cursors, i, from);
        const termIdf = idf[i] as number;
        const times = occurrences[i] as number;
        for (let position = at[i] as number; position < (end[i] as number); position++) {
          const shortId = ids[position] as number;
          sums.scores[shortId] = (sums.scores[shortId] as number) + postingScore(lists, termIdf, position) * times;
          sums.matched[shortId] = (sums.matched[shortId] as number) + 1;
        }
      }
      for (let shortId = from; shortId < sums.matched.length; shortId++) {
        const matched = sums.matched[shortId] as number;
        if (matched === 0) continue;
        const sum = sums.scores[shortId] as number;
        sums.scores[shortId] = 0;
        sums.matched[shortId] = 0;
        if (!this.excluded(sum, matched)) this.offerSwept(shortId, matched);
      }
    } catch (error) {
      sums.scores.fill(0);
      sums.matched.fill(0);
      throw error;
    } finally {
      sums.busy = false;
    }
  }

  /** Offers a swept chunk, its terms' scores read at their postings (the cursors only move forward). */
  private offerSwept(shortId: number, matched: number): void {
    const { at, end, idf, hit } = this.cursors;
    const ids = this.lists.postingIds;
    for (let i = 0; i < at.length; i++) {
      advanceTo(ids, this.cursors, i, shortId);
      const position = at[i] as number;
      hit[i] = position < (end[i] as number) && ids[position] === shortId ? postingScore(this.lists, idf[i] as number, position) : -1;
    }
    this.offer(shortId, matched);
  }

  /** The smallest current short id among the essential cursors, or -1 when they are all exhausted. */
  private nextChunk(): number {
    const { at, end } = this.cursors;
    const ids = this.lists.postingIds;
    let next = -1;
    for (let i = this.essential; i < at.length; i++) {
      const position = at[i] as number;
      if (position >= (end[i] as number)) continue;
      const id = ids[position] as number;
      if (next < 0 || id < next) next = id;
    }
    return next;
  }

  /** Scores one chunk listed by an essential cursor; true when it entered the top. */
  private scoreChunk(shortId: number): boolean {
    const { lists, cursors } = this;
    const { at, end, idf, occurrences, hit, prefix } = cursors;
    const ids = lists.postingIds;
    let sum = 0;
    let matched = 0;
    for (let i = this.essential; i < at.length; i++) {
      hit[i] = -1;
      const position = at[i] as number;
      if (position < (end[i] as number) && ids[position] === shortId) {
        const score = postingScore(lists, idf[i] as number, position);
        hit[i] = score;
        at[i] = position + 1;
        sum += score * (occurrences[i] as number);
        matched++;
      }
    }
    for (let i = this.essential - 1; i >= 0; i--) hit[i] = -1;
    for (let i = this.essential - 1; i >= 0; i--) {
      if (this.excluded(sum + (prefix[i + 1] as number), matched + i + 1)) return false;
      advanceTo(ids, cursors, i, shortId);
      const position = at[i] as number;
      if (position < (end[i] as number) && ids[position] === shortId) {
        const score = postingScore(lists, idf[i] as number, position);
        hit[i] = score;
        sum += score * (occurrences[i] as number);
        matched++;
      }
    }
    return this.offer(shortId, matched);
  }

  /** The chunk's exact score (summed in query order, as MiniSearch does) offered to the top. */
  private offer(shortId: number, matched: number): boolean {
    const { positions, hit } = this.cursors;
    let sum = 0;
    let first = -1;
    for (let position = 0; position < positions.length; position++) {
      const c = positions[position] as number;
      const score = c < 0 ? -1 : (hit[c] as number);
      if (score < 0) continue;
      sum = first < 0 ? score : sum + score;
      if (first < 0) first = position;
    }
    const score = sum * matched;
    if (!this.top.admits(score, first, shortId)) return false;
    if (this.accept && !this.accept(shortId)) return false;
    this.top.insert(shortId, score, first);
    return true;
  }

  /** Moves cursors whose combined best cannot beat the k-th score to the non-essential side. */
  private raiseEssential(): void {
    const { prefix } = this.cursors;
    while (this.essential < this.cursors.length && this.excluded(prefix[this.essential + 1] as number, this.essential + 1)) this.essential++;
  }
}

/**
 * The `k` best chunks (short ids and scores, best first) for the query terms given as term
 * indexes in query order (-1 for a term the index does not hold), among those `accept` admits.
 */
export function topK(lists: PostingLists, termIndexes: readonly number[], k: number, accept?: (shortId: number) => boolean): { ids: number[]; scores: number[] } {
  if (k <= 0) return { ids: [], scores: [] };
  const cursors = new Cursors(lists, termIndexes);
  if (cursors.length === 0) return { ids: [], scores: [] };
  const top = new MaxScoreSearch(lists, cursors, k, accept).run(Math.floor(lists.norms.length * SWITCH_SHARE));
  return { ids: Array.from(top.ids.subarray(0, top.size)), scores: Array.from(top.scores.subarray(0, top.size)) };
}

/** Converts a top of short ids into hits. */
export function hitsOf(top: { ids: number[]; scores: number[] }, idOf: readonly string[]): LexicalHit[] {
  return top.ids.map((shortId, i) => ({ chunkId: idOf[shortId] as string, score: top.scores[i] as number }));
}
