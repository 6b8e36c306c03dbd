/**
 * A writer process that begins an ingest, writes, and dies without publishing (process.exit): the
 * crash the PostgreSQL backend must survive. argv: DATABASE_URL [no-vectors] (an article without
 * chunks, for a server without pgvector).
 */
import { PostgresBackend } from '../../src/store/postgres/backend.ts';
import { article, IDENTITY } from './fixtures.ts';

const backend = await PostgresBackend.connect(process.argv[2]!);
const tx = await backend.index.begin(IDENTITY);
const doc = article('crashed', ['Written by a process that died before publishing.'], { seed: 3 });
if (process.argv[3] === 'no-vectors') await tx.putArticle(doc.article, [], []);
else await tx.putArticle(doc.article, doc.chunks, doc.vectors);
await tx.removeArticle('kyiv');
await tx.putFile('crashed', doc.file);
// Written to the tables (batches are otherwise written as they fill up), not published.
await tx.flush();
process.stdout.write('written\n');
process.exit(3);
