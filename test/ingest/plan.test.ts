import { describe, expect, it } from 'vitest';
import { CLEANING_RULES_VERSION } from '../../src/corpus/clean.ts';
import type { CorpusFile, UnreadFile } from '../../src/corpus/load.ts';
import { docIdOf, factsHash, indexedAsIs, manifestRecord, planChanges } from '../../src/ingest/plan.ts';
import type { ManifestFile } from '../../src/ports.ts';

const file = (docId: string, hash: string): CorpusFile => ({ docId, path: `${docId}.txt`, hash, bytes: Buffer.from(hash), size: hash.length, mtimeMs: 1 });
const unread = (docId: string, hash: string): UnreadFile => ({ docId, path: `${docId}.txt`, hash, size: hash.length, mtimeMs: 1 });
const record = (hash: string, extra: Partial<ManifestFile> = {}): ManifestFile => ({ path: 'x.txt', hash, size: 1, mtimeMs: 1, chunks: 2, cleaningVersion: CLEANING_RULES_VERSION, factsHash: '', ...extra });

describe('planChanges', () => {
  it('sorts files into added, changed, unchanged (read or not) and removed', () => {
    const previous = { a: record('h-a'), b: record('h-b'), gone: record('h-gone'), quiet: record('h-quiet') };
    const plan = planChanges({ files: [file('a', 'h-a'), file('b', 'h-b2'), file('new', 'h-new')], unread: [unread('quiet', 'h-quiet')], skipped: [] }, previous);
    expect(plan.added.map((f) => f.docId)).toEqual(['new']);
    expect(plan.changed.map((f) => f.docId)).toEqual(['b']);
    expect(plan.unchanged.map((f) => f.docId).sort()).toEqual(['a', 'quiet']);
    expect(plan.removed).toEqual(['gone']);
  });

  it('an indexed file that could not be read this time counts as removed', () => {
    const plan = planChanges({ files: [], unread: [], skipped: [{ path: 'a.txt', reason: 'unreadable (EACCES)' }] }, { a: record('h-a') });
    expect(plan.removed).toEqual(['a']);
  });

  it('an empty corpus against an empty manifest plans nothing', () => {
    expect(planChanges({ files: [], unread: [], skipped: [] }, {})).toEqual({ added: [], changed: [], unchanged: [], removed: [] });
  });
});

describe('indexedAsIs / factsHash / manifestRecord', () => {
  it('needs the current cleaning rules and the same sources.json facts', () => {
    const facts = { title: 'T', date: '2022-02-14' };
    expect(indexedAsIs(record('h', { factsHash: factsHash(facts) }), facts)).toBe(true);
    expect(indexedAsIs(record('h', { factsHash: factsHash(facts) }), { ...facts, date: '2022-02-15' })).toBe(false);
    expect(indexedAsIs(record('h', { cleaningVersion: CLEANING_RULES_VERSION - 1 }), undefined)).toBe(false);
    // A manifest of an older format (no facts digest) is parsed again once.
    const { factsHash: _omitted, ...old } = record('h');
    expect(indexedAsIs(old, undefined)).toBe(false);
    expect(indexedAsIs(undefined, undefined)).toBe(false);
  });

  it('factsHash ignores key order and is empty without facts', () => {
    expect(factsHash({ title: 'T', date: 'D' })).toBe(factsHash({ date: 'D', title: 'T' }));
    expect(factsHash(undefined)).toBe('');
  });

  it('records what change detection needs', () => {
    expect(manifestRecord(unread('a', 'h-a'), 3, { title: 'T' })).toEqual({ path: 'a.txt', hash: 'h-a', size: 3, mtimeMs: 1, chunks: 3, cleaningVersion: CLEANING_RULES_VERSION, factsHash: factsHash({ title: 'T' }) });
  });

  it('docIdOf is the file stem', () => {
    expect(docIdOf('sub/001_abc.md')).toBe('001_abc');
  });
});
