import { describe, expect, it } from 'vitest';
import { errorLine } from '../../src/bot/reply.ts';
import { CrisisbotError, DataDirError, IndexError, ProviderError } from '../../src/errors.ts';

describe('the one line a user sees for an operating error', () => {
  it('is French for a French user, whatever failed (provider, index, store, disk)', () => {
    const failures = [
      new ProviderError('PROVIDER_RATE_LIMIT', 'The language model is rate-limited; try again shortly.', { status: 429 }),
      new ProviderError('PROVIDER_TIMEOUT', 'The language model did not answer in time.'),
      new IndexError('INDEX_CORRUPT', 'The index in data is damaged (vectors.hnsw checksum); run `crisisbot ingest` to rebuild it.'),
      new CrisisbotError('STORE_UNAVAILABLE', 'The PostgreSQL index cannot be reached.'),
      new DataDirError('DISK_FULL', 'The disk holding data is full; the previous index is unchanged.'),
    ];
    for (const error of failures) {
      const line = errorLine(error, 'fr');
      expect(line, error.code).not.toBe(error.message);
      expect(line, error.code).toMatch(/[éèàù]|l'|d'/u);
    }
    expect(errorLine(failures[2], 'fr')).toContain('crisisbot ingest');
  });

  it('keeps the detailed English message for an English user', () => {
    const error = new IndexError('INDEX_CORRUPT', 'The index in data is damaged; run `crisisbot ingest` to rebuild it.');
    expect(errorLine(error, 'en')).toBe(error.message);
  });

  it('tells an English user the database is unreachable without its host, port or driver error (the log keeps them)', () => {
    const error = new CrisisbotError('STORE_UNAVAILABLE', 'The PostgreSQL server at 10.0.0.5:5432/crisisbot is unreachable (connect ECONNREFUSED 10.0.0.5:5432); retrying on the next request.');
    expect(errorLine(error, 'en')).toBe('The index database is unreachable right now — please try again in a moment.');
  });
});
