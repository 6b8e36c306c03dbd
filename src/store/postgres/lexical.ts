/**
 * BM25 over the chunks of one generation, on the words the local backend indexes (folded,
 * stopword-free, French and English stems: corpus/text.ts `terms`), so both backends rank the same
 * words. Two ways, chosen by what the server has (schema.ts `serverFeatures`):
 * - `bm25-index`: pg_textsearch's BM25 index access method (PGlite ships it; Timescale's extension
 *   on a server), top-k straight from the index: ~5 ms at 100k chunks on PGlite.
 * - `postings`: BM25+ exactly as MiniSearch scores it (same k1, b, d, matched-terms multiplier),
 *   computed in SQL over a (term, chunk, tf) postings table. Any PostgreSQL; its cost grows with the
 *   posting lists of the query's words (README, "PostgreSQL backend", has the measured figures).
 * The built-in `ts_rank_cd` over OR'd words is not used: it ranks most rows (~3 s at 100k chunks).
 */
import { terms, words } from '../../corpus/text.ts';
import type { LexicalHit, LexicalIndex, SearchFilter } from '../../ports.ts';
import type { Reader } from './db.ts';
import { visibleIn } from './rows.ts';
import type { LexicalMode } from './schema.ts';

/** MiniSearch's BM25+ parameters (the bm25 index is created with the same k1 and b). */
export const BM25 = { k1: 1.2, b: 0.7, d: 0.5 };

/** A chunk's analysed words, their frequencies (postings), and the field length MiniSearch uses (distinct words, stopwords included). */
export function postingsOf(text: string): { terms: string[]; tf: Map<string, number>; length: number } {
  const list = terms(text);
  const tf = new Map<string, number>();
  for (const term of list) tf.set(term, (tf.get(term) ?? 0) + 1);
  return { terms: list, tf, length: new Set(words(text)).size };
}

/** SQL conditions (and their parameters, numbered from `next`) for a search filter. */
export function filterSql(filter: SearchFilter | undefined, next: number, alias = ''): { sql: string; params: unknown[] } {
  const p = alias ? `${alias}.` : '';
  const parts: string[] = [];
  const params: unknown[] = [];
  if (filter?.docIds) {
    params.push([...filter.docIds]);
    parts.push(`${p}doc_id = ANY($${next + params.length - 1})`);
  }
  if (filter?.langs) {
    params.push([...filter.langs]);
    parts.push(`${p}lang = ANY($${next + params.length - 1})`);
  }
  return { sql: parts.map((part) => ` AND ${part}`).join(''), params };
}

export class PostgresLexicalIndex implements LexicalIndex {
  private stats: Promise<{ documents: number; avgLength: number }> | undefined;

  constructor(
    private readonly pool: Reader,
    private readonly generation: string,
    private readonly mode: LexicalMode,
  ) {}

  async search(query: string, k: number, filter?: SearchFilter): Promise<LexicalHit[]> {
    const queryTerms = terms(query);
    if (queryTerms.length === 0 || k <= 0) return [];
    if (filter?.docIds?.length === 0 || filter?.langs?.length === 0) return [];
    return this.mode === 'bm25-index' ? this.searchIndex(queryTerms, k, filter) : this.searchPostings(queryTerms, k, filter);
  }

  private async searchIndex(queryTerms: string[], k: number, filter?: SearchFilter): Promise<LexicalHit[]> {
    const where = filterSql(filter, 4);
    // `<@>` is the negated BM25 score (ascending index order); rows matching no word score 0.
    const { rows } = await this.pool.query<{ chunk_id: string; distance: number }>(
      `SELECT chunk_id, terms <@> to_bm25query($1, 'chunks_bm25') AS distance FROM chunks
       WHERE ${visibleIn('$2')}${where.sql}
       ORDER BY terms <@> to_bm25query($1, 'chunks_bm25') LIMIT $3`,
      [queryTerms.join(' '), this.generation, k, ...where.params],
    );
    return rows.filter((row) => row.distance < 0).map((row) => ({ chunkId: row.chunk_id, score: -row.distance }));
  }

  private corpusStats(): Promise<{ documents: number; avgLength: number }> {
    this.stats ??= this.pool
      .query<{ documents: string; avg: number | null }>(`SELECT count(*) AS documents, avg(term_count)::float8 AS avg FROM chunks WHERE ${visibleIn('$1')}`, [this.generation])
      .then(({ rows }) => ({ documents: Number(rows[0]?.documents ?? 0), avgLength: rows[0]?.avg ?? 0 }));
    // A failed read (server restarting) is not cached.
    this.stats.catch(() => (this.stats = undefined));
    return this.stats;
  }

  private async searchPostings(queryTerms: string[], k: number, filter?: SearchFilter): Promise<LexicalHit[]> {
    const { documents, avgLength } = await this.corpusStats();
    if (documents === 0) return [];
    const where = filterSql(filter, 6, 'h');
    const { k1, b, d } = BM25;
    // Per query word occurrence (duplicates count, as in MiniSearch): idf × (d + saturated tf);
    // a chunk's sum is multiplied by the number of distinct query words it contains.
    const { rows } = await this.pool.query<{ chunk_id: string; score: number }>(
      `WITH q AS (SELECT term, count(*)::float8 AS times FROM unnest($1::text[]) AS term GROUP BY term),
       hits AS (
         SELECT p.term, p.tf, c.chunk_id, c.doc_id, c.lang, c.term_count FROM chunk_terms p JOIN chunks c ON c.row_id = p.chunk_row
         WHERE p.term IN (SELECT term FROM q) AND ${visibleIn('$2', 'c')}
       ),
       df AS (SELECT term, count(*)::float8 AS n FROM hits GROUP BY term)
       SELECT h.chunk_id,
              sum(q.times * ln(1 + ($3::float8 - df.n + 0.5) / (df.n + 0.5))
                  * (${d} + h.tf * ${k1 + 1} / (h.tf + ${k1} * (1 - ${b} + ${b} * h.term_count / $4::float8)))) * count(*) AS score
       FROM hits h JOIN q USING (term) JOIN df USING (term)
       WHERE true${where.sql}
       GROUP BY h.chunk_id ORDER BY score DESC, h.chunk_id LIMIT $5`,
      [queryTerms, this.generation, documents, avgLength, k, ...where.params],
    );
    return rows.map((row) => ({ chunkId: row.chunk_id, score: Number(row.score) }));
  }
}
