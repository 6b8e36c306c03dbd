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
}

/** A bound is trusted to exclude a chunk only when below the k-th score by more than this share. */
const SLACK = 1e-9;

/** One distinct query term's cursor over its posting list. */
interface Cursor {
  at: number;
  readonly end: number;
  readonly idf: number;
  /** Its best posting score (a bound on its contribution, once per occurrence). */
  readonly upper: number;
  /** Query positions holding this term. */
  occurrences: number;
  /** The current chunk's score for this term, or -1 when it does not list the chunk. */
  hit: number;
}

/** The running top k, best first: score descending, then first-matched order. */
interface Top {
  ids: number[];
  scores: number[];
  firsts: number[];
}

/** BM25+ inverse document frequency of a term listed by `matching` of `documentCount` chunks. */
function idfOf(matching: number, documentCount: number): number {
  return Math.log(1 + (documentCount - matching + 0.5) / (matching + 0.5));
}

/** The BM25+ score of the posting at `at` (the same expression, so the same number, as MiniSearch's). */
function postingScore(lists: PostingLists, idf: number, at: number): number {
  const termFreq = lists.postingFreqs[at] as number;
  const { k, d } = BM25;
  return idf * (d + (termFreq * (k + 1)) / (termFreq + (lists.norms[lists.postingIds[at] as number] as number)));
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

/** One cursor per distinct term (terms given as their indexes, -1 when absent), sorted by upper bound ascending. */
function cursorsOf(lists: PostingLists, termIndexes: readonly number[]): { cursors: Cursor[]; positions: number[] } {
  const byTerm = new Map<number, Cursor>();
  const positions: number[] = [];
  for (const t of termIndexes) {
    if (t < 0) continue;
    const cursor = byTerm.get(t);
    if (cursor) {
      cursor.occurrences += 1;
      continue;
    }
    const from = lists.offsets[t] as number;
    const to = lists.offsets[t + 1] as number;
    byTerm.set(t, { at: from, end: to, idf: idfOf(to - from, lists.documentCount), upper: maxScoreOf(lists, t), occurrences: 1, hit: -1 });
  }
  const distinct = [...byTerm.values()];
  for (const t of termIndexes) positions.push(t < 0 ? -1 : distinct.indexOf(byTerm.get(t) as Cursor));
  const order = distinct.map((cursor, i) => ({ cursor, i, upper: cursor.upper * cursor.occurrences }));
  order.sort((a, b) => a.upper - b.upper || a.i - b.i);
  const cursors = order.map((o) => o.cursor);
  // Positions refer to the sorted cursors.
  const rank = new Map(order.map((o, sorted) => [o.i, sorted]));
  return { cursors, positions: positions.map((p) => (p < 0 ? -1 : (rank.get(p) as number))) };
}

/** Moves a cursor to its first posting at or after `shortId` (galloping, then binary search). */
function advanceTo(lists: PostingLists, cursor: Cursor, shortId: number): void {
  const ids = lists.postingIds;
  let low = cursor.at;
  if (low >= cursor.end || (ids[low] as number) >= shortId) return;
  let step = 1;
  let high = low + 1;
  while (high < cursor.end && (ids[high] as number) < shortId) {
    low = high;
    step *= 2;
    high = low + step;
  }
  high = Math.min(high, cursor.end);
  // ids[low] < shortId; the answer is in (low, high].
  while (low + 1 < high) {
    const mid = (low + high) >>> 1;
    if ((ids[mid] as number) < shortId) low = mid;
    else high = mid;
  }
  cursor.at = high;
}

/** Whether (score, first) ranks strictly before the entry at `i` of the top. */
function ranksBefore(top: Top, i: number, score: number, first: number, shortId: number): boolean {
  const other = top.scores[i] as number;
  if (score !== other) return score > other;
  const otherFirst = top.firsts[i] as number;
  return first !== otherFirst ? first < otherFirst : shortId < (top.ids[i] as number);
}

/** `array.splice(at, 0, value)` without the array of removed items splice returns (a search offers thousands). */
function insertAt(array: number[], at: number, value: number): void {
  array.push(value);
  for (let i = array.length - 1; i > at; i--) array[i] = array[i - 1] as number;
  array[at] = value;
}

/** Inserts a chunk into the top at its rank, dropping the k+1th. */
function insert(top: Top, k: number, shortId: number, score: number, first: number): void {
  let at = top.ids.length;
  while (at > 0 && ranksBefore(top, at - 1, score, first, shortId)) at--;
  insertAt(top.ids, at, shortId);
  insertAt(top.scores, at, score);
  insertAt(top.firsts, at, first);
  if (top.ids.length > k) {
    top.ids.pop();
    top.scores.pop();
    top.firsts.pop();
  }
}

/** The smallest current short id among the cursors from `from` on, or -1 when they are all exhausted. */
function nextChunk(lists: PostingLists, cursors: Cursor[], from: number): number {
  let next = -1;
  for (let i = from; i < cursors.length; i++) {
    const cursor = cursors[i] as Cursor;
    if (cursor.at >= cursor.end) continue;
    const id = lists.postingIds[cursor.at] as number;
    if (next < 0 || id < next) next = id;
  }
  return next;
}

/** The search's state: cursors (upper bound ascending), their prefix sums, and the top so far. */
class MaxScoreSearch {
  private readonly prefix: number[] = [0];
  /** Cursors below this index are non-essential: only probed for chunks the others list. */
  private essential = 0;
  private readonly top: Top = { ids: [], scores: [], firsts: [] };

  constructor(
    private readonly lists: PostingLists,
    private readonly cursors: Cursor[],
    /** Per query position, its cursor (or -1). */
    private readonly positions: number[],
    private readonly k: number,
    private readonly accept: ((shortId: number) => boolean) | undefined,
  ) {
    for (const cursor of cursors) this.prefix.push((this.prefix[this.prefix.length - 1] as number) + cursor.upper * cursor.occurrences);
  }

  /** The k-th score once k chunks are held, else 0 (every score is positive). */
  private threshold(): number {
    return this.top.ids.length < this.k ? 0 : (this.top.scores[this.k - 1] as number);
  }

  /** True when a chunk bounded by (sum, matched) surely scores below the k-th. */
  private excluded(sum: number, matched: number): boolean {
    return sum * matched * (1 + SLACK) < this.threshold();
  }

  run(): Top {
    for (let shortId = nextChunk(this.lists, this.cursors, 0); shortId >= 0; shortId = nextChunk(this.lists, this.cursors, this.essential)) {
      if (this.scoreChunk(shortId)) this.raiseEssential();
    }
    return this.top;
  }

  /** Scores one chunk listed by an essential cursor; true when it entered the top. */
  private scoreChunk(shortId: number): boolean {
    const { lists, cursors } = this;
    let sum = 0;
    let matched = 0;
    for (let i = this.essential; i < cursors.length; i++) {
      const cursor = cursors[i] as Cursor;
      cursor.hit = -1;
      if (cursor.at < cursor.end && lists.postingIds[cursor.at] === shortId) {
        cursor.hit = postingScore(lists, cursor.idf, cursor.at++);
        sum += cursor.hit * cursor.occurrences;
        matched++;
      }
    }
    for (let i = this.essential - 1; i >= 0; i--) (cursors[i] as Cursor).hit = -1;
    for (let i = this.essential - 1; i >= 0; i--) {
      if (this.excluded(sum + (this.prefix[i + 1] as number), matched + i + 1)) return false;
      const cursor = cursors[i] as Cursor;
      advanceTo(lists, cursor, shortId);
      if (cursor.at < cursor.end && lists.postingIds[cursor.at] === shortId) {
        cursor.hit = postingScore(lists, cursor.idf, cursor.at);
        sum += cursor.hit * cursor.occurrences;
        matched++;
      }
    }
    return this.offer(shortId, matched);
  }

  /** The chunk's exact score (summed in query order, as MiniSearch does) offered to the top. */
  private offer(shortId: number, matched: number): boolean {
    let sum = 0;
    let first = -1;
    for (let position = 0; position < this.positions.length; position++) {
      const c = this.positions[position] as number;
      const hit = c < 0 ? -1 : (this.cursors[c] as Cursor).hit;
      if (hit < 0) continue;
      sum = first < 0 ? hit : sum + hit;
      if (first < 0) first = position;
    }
    const score = sum * matched;
    const top = this.top;
    if (top.ids.length >= this.k && !ranksBefore(top, this.k - 1, score, first, shortId)) return false;
    if (this.accept && !this.accept(shortId)) return false;
    insert(top, this.k, shortId, score, first);
    return true;
  }

  /** Moves cursors whose combined best cannot beat the k-th score to the non-essential side. */
  private raiseEssential(): void {
    while (this.essential < this.cursors.length && this.excluded(this.prefix[this.essential + 1] as number, this.essential + 1)) this.essential++;
  }
}

/**
 * The `k` best chunks (short ids and scores, best first) for the query terms given as term
 * indexes in query order (-1 for a term the index does not hold), among those `accept` admits.
 */
export function topK(lists: PostingLists, termIndexes: readonly number[], k: number, accept?: (shortId: number) => boolean): { ids: number[]; scores: number[] } {
  if (k <= 0) return { ids: [], scores: [] };
  const { cursors, positions } = cursorsOf(lists, termIndexes);
  if (cursors.length === 0) return { ids: [], scores: [] };
  const top = new MaxScoreSearch(lists, cursors, positions, k, accept).run();
  return { ids: top.ids, scores: top.scores };
}

/** Converts a top of short ids into hits. */
export function hitsOf(top: { ids: number[]; scores: number[] }, idOf: readonly string[]): LexicalHit[] {
  return top.ids.map((shortId, i) => ({ chunkId: idOf[shortId] as string, score: top.scores[i] as number }));
}
