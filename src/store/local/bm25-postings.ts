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
import { BM25, hitsOf, sweepSlots, topK, type PostingLists } from './bm25-topk.ts';

export { BM25 };

const MAGIC = 'CBBM25\u0000\u0001';

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
  /** What the top-k search reads: the postings, per-chunk length norms and per-term best scores. */
  private readonly lists: PostingLists;
  /** The last unfiltered search (k and term indexes) and its hits. */
  private last: { key: string; hits: LexicalHit[] } | undefined;

  constructor(private readonly data: PostingsData) {
    const { nextId, shortIds, ids, lengths } = data;
    const average = data.averageFieldLength[data.fieldIds.text ?? 0] ?? 0;
    this.idOf = new Array<string>(nextId);
    const norms = new Float64Array(nextId);
    const { k, b } = BM25;
    for (let i = 0; i < shortIds.length; i++) {
      const shortId = shortIds[i] as number;
      this.idOf[shortId] = ids[i] as string;
      norms[shortId] = k * (1 - b + (b * (lengths[i] as number)) / average);
    }
    const { offsets, postingIds, postingFreqs, documentCount } = data;
    this.lists = { offsets, postingIds, postingFreqs, documentCount, norms, maxScores: new Float64Array(data.terms.length).fill(Number.NaN), sums: sweepSlots(nextId) };
  }

  static fromBytes(file: Uint8Array): Bm25Postings {
    return new Bm25Postings(decodePostings(file));
  }

  get size(): number {
    return this.data.shortIds.length;
  }

  /** Searches that summed their lists term at a time (see bm25-topk.ts), for diagnostics. */
  get sweeps(): number {
    return this.lists.sums?.sweeps ?? 0;
  }

  /** The `k` best chunks for a query (terms combined with OR) among those `accept` admits, best first. */
  search(query: string, k: number, accept?: (chunkId: string) => boolean): LexicalHit[] {
    const terms = queryTerms(query);
    if (terms.length === 0 || k <= 0) return [];
    const idOf = this.idOf;
    const termIndexes = terms.map((term) => findTerm(this.data.terms, term));
    // A question's translation often analyses to the same terms (names, shared words): searched once.
    const key = accept ? undefined : `${k}:${termIndexes.join(',')}`;
    if (key !== undefined && this.last?.key === key) return this.last.hits.map((hit) => ({ ...hit }));
    const admit = accept ? (shortId: number): boolean => accept(idOf[shortId] as string) : undefined;
    const hits = hitsOf(topK(this.lists, termIndexes, k, admit), idOf);
    if (key !== undefined) this.last = { key, hits: hits.map((hit) => ({ ...hit })) };
    return hits;
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
