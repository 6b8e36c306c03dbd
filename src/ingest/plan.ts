/**
 * Ingest, step 1: plan. Compares the corpus as scanned with the live generation's manifest and
 * says what to do with each file: new, changed (other bytes), unchanged, or gone. Unchanged files
 * are parsed again only when the cleaning rules or their sources.json facts changed since they
 * were indexed; then a new cleaned text means re-chunking, new facts a metadata update, and a
 * failure to parse means the file leaves the index like a deleted one.
 */
import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import { CLEANING_RULES_VERSION } from '../corpus/clean.ts';
import { parseArticle, type CorpusFile, type SkippedFile, type SourcesFile, type UnreadFile } from '../corpus/load.ts';
import type { IndexSnapshot, ManifestFile } from '../ports.ts';
import type { Article, Lang } from '../types.ts';

/** What the corpus scan found. */
export interface ScannedCorpus {
  files: CorpusFile[];
  /** Files known unchanged from their size and modification time, not read. */
  unread: UnreadFile[];
  skipped: SkippedFile[];
}

/** Files by what changed since the live generation. */
export interface FileChanges {
  added: CorpusFile[];
  changed: CorpusFile[];
  /** Same bytes as indexed. */
  unchanged: Array<CorpusFile | UnreadFile>;
  /** Indexed documents whose file is gone or can no longer be read. */
  removed: string[];
}

/** Digest of a file's sources.json entry ('' when it has none). */
export function factsHash(facts: SourcesFile[string] | undefined): string {
  if (!facts) return '';
  const entries = Object.entries(facts).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
  return createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 16);
}

/** The manifest record of a file as indexed now. */
export function manifestRecord(file: CorpusFile | UnreadFile, chunks: number, facts: SourcesFile[string] | undefined): ManifestFile {
  return { path: file.path, hash: file.hash, size: file.size, mtimeMs: file.mtimeMs, chunks, cleaningVersion: CLEANING_RULES_VERSION, factsHash: factsHash(facts) };
}

/** Whether an indexed file needs no parsing at all: same rules, same facts (its bytes are checked by hash or size+mtime). */
export function indexedAsIs(record: ManifestFile | undefined, facts: SourcesFile[string] | undefined): boolean {
  return record !== undefined && record.cleaningVersion === CLEANING_RULES_VERSION && record.factsHash === factsHash(facts);
}

/** Sorts the scanned files against the manifest of the live generation (empty when there is none). */
export function planChanges(scan: ScannedCorpus, previous: Readonly<Record<string, ManifestFile>>): FileChanges {
  const present = new Set([...scan.files, ...scan.unread].map((file) => file.docId));
  const added: CorpusFile[] = [];
  const changed: CorpusFile[] = [];
  const unchanged: Array<CorpusFile | UnreadFile> = [...scan.unread];
  for (const file of scan.files) {
    const record = previous[file.docId];
    if (!record) added.push(file);
    else if (record.hash !== file.hash) changed.push(file);
    else unchanged.push(file);
  }
  const removed = Object.keys(previous).filter((docId) => !present.has(docId));
  return { added, changed, unchanged, removed };
}

/** The doc id a skipped corpus path would have had. */
export function docIdOf(path: string): string {
  return basename(path, extname(path));
}

/** What re-parsing the unchanged files found. */
export interface UnchangedReview {
  /** Same bytes, another cleaned text (the cleaning rules changed): re-chunk and re-embed. */
  recleaned: Article[];
  /** Same text, other title or facts: update the metadata, keep the vectors. */
  retitled: Article[];
  /** Indexed before, unparsable now: they leave the index. */
  failed: SkippedFile[];
}

function sameMetadata(a: Article, b: Article): boolean {
  const keys: Array<keyof Article['source']> = ['publisher', 'date', 'author', 'url'];
  return a.title === b.title && a.lang === b.lang && a.path === b.path && a.hash === b.hash && keys.every((k) => a.source[k] === b.source[k]);
}

/**
 * Parses again the unchanged files that need it (see {@link indexedAsIs}) and compares them with
 * the indexed articles. An unchanged cleaned text keeps its detected language.
 */
export async function reviewUnchanged(
  files: ReadonlyArray<CorpusFile | UnreadFile>,
  sources: SourcesFile,
  previous: Readonly<Record<string, ManifestFile>>,
  base: Pick<IndexSnapshot, 'article'>,
): Promise<UnchangedReview> {
  const review: UnchangedReview = { recleaned: [], retitled: [], failed: [] };
  for (const file of files) {
    if (!('bytes' in file) || indexedAsIs(previous[file.docId], sources[file.docId])) continue;
    const stored = await base.article(file.docId);
    const knownLanguage = (_docId: string, text: string): Lang | undefined => (stored && stored.text === text ? stored.lang : undefined);
    const parsed = parseArticle(file, sources[file.docId], knownLanguage);
    if ('reason' in parsed) review.failed.push(parsed);
    else if (!stored || stored.text !== parsed.text) review.recleaned.push(parsed);
    else if (!sameMetadata(stored, parsed)) review.retitled.push(parsed);
  }
  return review;
}
