/**
 * Lexical index adapter over MiniSearch (BM25+). Terms are folded, stopword-free and stemmed by
 * both the French and the English Snowball stemmer (see corpus/text.ts), so the same name or
 * cognate matches whatever the language of the article.
 */
import MiniSearch from 'minisearch';
import { fold, isStopword, stems } from '../corpus/text.ts';
import type { LexicalHit, LexicalIndex } from '../ports.ts';
import type { Chunk } from '../types.ts';

interface IndexedChunk {
  id: string;
  text: string;
}

const OPTIONS = {
  fields: ['text'],
  idField: 'id',
  tokenize: (text: string): string[] => fold(text).match(/[\p{L}\p{N}]+/gu) ?? [],
  processTerm: (term: string): string[] | null => (isStopword(term) ? null : stems(term)),
};

export class MiniSearchLexicalIndex implements LexicalIndex {
  private constructor(private readonly index: MiniSearch<IndexedChunk>) {}

  static create(): MiniSearchLexicalIndex {
    return new MiniSearchLexicalIndex(new MiniSearch<IndexedChunk>(OPTIONS));
  }

  /** Restores an index serialised by `toJSON`. */
  static fromJSON(json: string): MiniSearchLexicalIndex {
    return new MiniSearchLexicalIndex(MiniSearch.loadJSON<IndexedChunk>(json, OPTIONS));
  }

  get size(): number {
    return this.index.documentCount;
  }

  add(chunks: Chunk[]): void {
    for (const chunk of chunks) {
      if (this.index.has(chunk.id)) this.index.discard(chunk.id);
    }
    this.index.addAll(chunks.map((chunk) => ({ id: chunk.id, text: chunk.text })));
  }

  remove(chunkIds: string[]): void {
    for (const id of chunkIds) {
      if (this.index.has(id)) this.index.discard(id);
    }
  }

  search(query: string, k: number): LexicalHit[] {
    return this.index
      .search(query, { combineWith: 'OR' })
      .slice(0, k)
      .map((result) => ({ chunkId: String(result.id), score: result.score }));
  }

  /** Whether any indexed chunk contains the term (after folding and stemming). */
  hasTerm(word: string, fuzzy = 0): boolean {
    return this.index.search(word, { combineWith: 'OR', fuzzy, prefix: (term) => term.length >= 5 }).length > 0;
  }

  toJSON(): string {
    return JSON.stringify(this.index);
  }
}
