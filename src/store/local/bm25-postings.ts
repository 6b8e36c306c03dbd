/**
 * The serving side of the lexical index: MiniSearch's posting lists written out as one compact
 * binary file (`lexical.bin`) and searched straight from typed arrays. Opening it is one read and
 * a small JSON header (chunk ids and terms) instead of parsing MiniSearch's JSON into a Map per
 * term (~1.7 s and ~300 MB of heap at 50,000 chunks), and it holds 6 bytes per posting.
 *
 * Scores and order are exactly MiniSearch's OR search (BM25+, same parameters, summation order,
 * matched-term multiplier and stable tie order): the postings keep MiniSearch's iteration order
 * and its short document ids, and the file rebuilds the same MiniSearch index for the next ingest
 * (see `MiniSearchLexicalIndex.fromPostings`). The file is written only from a compacted index.
 *
 * Layout (little-endian): 8-byte magic, u32 header length, the header JSON (UTF-8), padding to 4
 * bytes, then u32 short ids[D], u32 field lengths[D], u32 term offsets[T + 1], u32 posting ids[P],
 * u16 posting term frequencies[P]. Terms are sorted (binary search); D chunks, P postings.
 */
import { isStopword, stems, words } from '../../corpus/text.ts';
import type { LexicalHit } from '../../ports.ts';

const MAGIC = 'CBBM25\u0000\u0001';

/** Terms with at least this many postings get their scores cached, up to this many postings in all (8 bytes each). */
const CACHE_MIN_POSTINGS = 256;
const CACHE_MAX_POSTINGS = 8_000_000;

/** MiniSearch's default BM25+ parameters (we never override them). */
export const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

/** The analysed terms of a query, as MiniSearch's tokenizer and term processing give them. */
export function queryTerms(query: string): string[] {
  return words(query)
    .flatMap((term) => (isStopword(term) ? [] : stems(term)))
    .filter((term) => term !== '');
}

/** Everything the file holds, decoded. */
export interface PostingsData {
  documentCount: number;
  nextId: number;
  fieldIds: Record<string, number>;
  averageFieldLength: number[];
  /** Live chunks: MiniSearch short id, chunk id and field length, in MiniSearch's order. */
  shortIds: Uint32Array;
  ids: string[];
  lengths: Uint32Array;
  /** Sorted terms; postings of term t are [offsets[t], offsets[t + 1]). */
  terms: string[];
  offsets: Uint32Array;
  postingIds: Uint32Array;
  postingFreqs: Uint16Array;
}

interface Header {
  documentCount: number;
  nextId: number;
  fieldIds: Record<string, number>;
  averageFieldLength: number[];
  ids: string[];
  terms: string[];
  postings: number;
}

/** Encodes postings into the file format. */
export function encodePostings(data: PostingsData): Buffer {
  const { shortIds, ids, lengths, terms, offsets, postingIds, postingFreqs } = data;
  const header: Header = { documentCount: data.documentCount, nextId: data.nextId, fieldIds: data.fieldIds, averageFieldLength: data.averageFieldLength, ids, terms, postings: postingIds.length };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const start = align4(MAGIC.length + 4 + json.length);
  const parts: Array<ArrayBufferView> = [shortIds, lengths, offsets, postingIds, postingFreqs];
  const size = start + parts.reduce((sum, part) => sum + part.byteLength, 0);
  const out = Buffer.alloc(size);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(json.length, MAGIC.length);
  json.copy(out, MAGIC.length + 4);
  let at = start;
  for (const part of parts) {
    out.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), at);
    at += part.byteLength;
  }
  return out;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

/** Decodes the file; throws when it is not one (or is truncated). */
export function decodePostings(file: Uint8Array): PostingsData {
  if (Buffer.from(file.buffer, file.byteOffset, MAGIC.length).toString('latin1') !== MAGIC) throw new Error('not a crisisbot BM25 postings file');
  // Typed-array views need 4-byte alignment; a pooled Buffer may not have it.
  const bytes = file.byteOffset % 4 === 0 ? file : new Uint8Array(file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(MAGIC.length, true);
  const header = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + MAGIC.length + 4, headerLength).toString('utf8')) as Header;
  const documents = header.ids.length;
  let at = bytes.byteOffset + align4(MAGIC.length + 4 + headerLength);
  const take = <T>(make: (buffer: ArrayBufferLike, offset: number, length: number) => T, length: number, width: number): T => {
    if (at + length * width > bytes.byteOffset + bytes.byteLength) throw new Error('postings file is truncated');
    const part = make(bytes.buffer, at, length);
    at += length * width;
    return part;
  };
  const u32 = (length: number): Uint32Array => take((b, o, l) => new Uint32Array(b, o, l), length, 4);
  const shortIds = u32(documents);
  const lengths = u32(documents);
  const offsets = u32(header.terms.length + 1);
  const postingIds = u32(header.postings);
  const postingFreqs = take((b, o, l) => new Uint16Array(b, o, l), header.postings, 2);
  if (offsets[header.terms.length] !== header.postings) throw new Error('postings file offsets disagree with its size');
  const { documentCount, nextId, fieldIds, averageFieldLength, ids, terms } = header;
  return { documentCount, nextId, fieldIds, averageFieldLength, shortIds, ids, lengths, terms, offsets, postingIds, postingFreqs };
}

/** Index of `term` in the sorted `terms`, or -1. */
function findTerm(terms: readonly string[], term: string): number {
  let low = 0;
  let high = terms.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const here = terms[mid] as string;
    if (here === term) return mid;
    if (here < term) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

/** Read-only BM25+ search over decoded postings (what a served generation uses). */
export class Bm25Postings {
  /** Chunk id per short id. */
  private readonly idOf: string[];
  /** Per short id, BM25's length normalisation k1·(1 − b + b·length / average length). */
  private readonly norms: Float64Array;
  /** Per-search scratch, indexed by short id (`seen` holds the search that last set a slot). */
  private readonly scores: Float64Array;
  private readonly matched: Uint32Array;
  private readonly seen: Uint32Array;
  /** Short ids in first-matched order (the tie order), `ordered` of them in the current search: no array grows per search. */
  private readonly order: Uint32Array;
  private ordered = 0;
  private searches = 0;
  /**
   * Per frequent term, its postings' BM25+ scores (query-independent), computed at its first
   * search: later searches add them instead of recomputing. Bounded (8 bytes a posting).
   */
  private readonly termScores = new Map<number, Float64Array>();
  private cachedPostings = 0;

  constructor(private readonly data: PostingsData) {
    const { nextId, shortIds, ids, lengths } = data;
    const average = data.averageFieldLength[data.fieldIds.text ?? 0] ?? 0;
    this.idOf = new Array<string>(nextId);
    this.norms = new Float64Array(nextId);
    const { k, b } = BM25;
    for (let i = 0; i < shortIds.length; i++) {
      const shortId = shortIds[i] as number;
      this.idOf[shortId] = ids[i] as string;
      this.norms[shortId] = k * (1 - b + (b * (lengths[i] as number)) / average);
    }
    this.scores = new Float64Array(nextId);
    this.matched = new Uint32Array(nextId);
    this.seen = new Uint32Array(nextId);
    this.order = new Uint32Array(nextId);
  }

  static fromBytes(file: Uint8Array): Bm25Postings {
    return new Bm25Postings(decodePostings(file));
  }

  get size(): number {
    return this.data.shortIds.length;
  }

  /** The `k` best chunks for a query (terms combined with OR) among those `accept` admits, best first. */
  search(query: string, k: number, accept?: (chunkId: string) => boolean): LexicalHit[] {
    const terms = queryTerms(query);
    if (terms.length === 0 || k <= 0) return [];
    if (++this.searches === 0xffffffff) {
      this.seen.fill(0);
      this.searches = 1;
    }
    this.ordered = 0;
    terms.forEach((term, position) => this.addTerm(term, terms.indexOf(term) === position));
    return this.topK(k, accept);
  }

  /** Adds one query term's BM25+ score to every chunk listing it (a repeated term counts again). */
  private addTerm(term: string, firstOccurrence: boolean): void {
    const t = findTerm(this.data.terms, term);
    if (t < 0) return;
    const from = this.data.offsets[t] as number;
    const termScores = this.scoresOf(t);
    const { postingIds } = this.data;
    const { scores, matched, seen, order } = this;
    const stamp = this.searches;
    let ordered = this.ordered;
    for (let i = 0; i < termScores.length; i++) {
      const shortId = postingIds[from + i] as number;
      const score = termScores[i] as number;
      if (seen[shortId] !== stamp) {
        seen[shortId] = stamp;
        scores[shortId] = score;
        matched[shortId] = 1;
        order[ordered++] = shortId;
      } else {
        scores[shortId] = (scores[shortId] as number) + score;
        if (firstOccurrence) matched[shortId] = (matched[shortId] as number) + 1;
      }
    }
    this.ordered = ordered;
  }

  /** The BM25+ score of each posting of term `t`, in posting order (cached for frequent terms while the cache has room). */
  private scoresOf(t: number): Float64Array {
    const cached = this.termScores.get(t);
    if (cached) return cached;
    const { offsets, postingIds, postingFreqs, documentCount } = this.data;
    const from = offsets[t] as number;
    const matching = (offsets[t + 1] as number) - from;
    const idf = Math.log(1 + (documentCount - matching + 0.5) / (matching + 0.5));
    const { k, d } = BM25;
    const out = new Float64Array(matching);
    for (let i = 0; i < matching; i++) {
      const termFreq = postingFreqs[from + i] as number;
      out[i] = idf * (d + (termFreq * (k + 1)) / (termFreq + (this.norms[postingIds[from + i] as number] as number)));
    }
    if (matching >= CACHE_MIN_POSTINGS && this.cachedPostings + matching <= CACHE_MAX_POSTINGS) {
      this.termScores.set(t, out);
      this.cachedPostings += matching;
    }
    return out;
  }

  /** Top k by final score (sum × distinct terms matched), stable: a later chunk only displaces a strictly lower one. */
  private topK(k: number, accept?: (chunkId: string) => boolean): LexicalHit[] {
    const { scores, matched, idOf, order, ordered } = this;
    const top: number[] = [];
    const topScores: number[] = [];
    // The k-th best score once k are held (scores are positive): a chunk must beat it strictly.
    let threshold = 0;
    for (let i = 0; i < ordered; i++) {
      const shortId = order[i] as number;
      const score = (scores[shortId] as number) * (matched[shortId] as number);
      if (score <= threshold) continue;
      if (accept && !accept(idOf[shortId] as string)) continue;
      insertTopK(top, topScores, shortId, score, k);
      if (top.length === k) threshold = topScores[k - 1] as number;
    }
    return top.map((shortId, i) => ({ chunkId: idOf[shortId] as string, score: topScores[i] as number }));
  }
}

/**
 * Inserts a chunk into the running top k (ids and scores best first, kept in step), after any
 * chunk with an equal score (a later chunk only displaces a strictly lower one), dropping the k+1th.
 */
export function insertTopK(top: number[], topScores: number[], shortId: number, score: number, k: number): void {
  let at = top.length;
  while (at > 0 && (topScores[at - 1] as number) < score) at--;
  top.splice(at, 0, shortId);
  topScores.splice(at, 0, score);
  if (top.length > k) {
    top.pop();
    topScores.pop();
  }
}
