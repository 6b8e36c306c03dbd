/**
 * Loads a corpus folder: every `.txt`/`.md` file below it is one article (doc id = file stem).
 * Unreadable, binary, empty or non-UTF-8 files are skipped with a warning naming the file; the
 * rest load. An optional `sources.json` beside the articles holds facts the articles state
 * (title, publisher, date, author) keyed by doc id.
 */
import { createHash } from 'node:crypto';
import { constants, statSync, type Stats } from 'node:fs';
import { open, readFile, readdir, stat, type FileHandle } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { z } from 'zod';
import { CrisisbotError } from '../errors.ts';
import type { Article, Lang, SourceInfo } from '../types.ts';
import { cleanArticle, type RemovedText } from './clean.ts';
import { detectLanguage } from './language.ts';

const ARTICLE_EXTENSIONS = new Set(['.txt', '.md']);
/** Largest article file read; checked on the file's size before reading a byte. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Longest wait for one file's bytes (a hung network mount): the file is then skipped. */
export const READ_TIMEOUT_MS = 10_000;

const sourcesSchema = z.record(
  z.string(),
  z.object({
    title: z.string().min(1).optional(),
    publisher: z.string().min(1).optional(),
    date: z.string().min(1).optional(),
    author: z.string().min(1).optional(),
    url: z.string().min(1).optional(),
  }),
);
/** The facts of sources.json, keyed by doc id. */
export type SourcesFile = z.infer<typeof sourcesSchema>;

/** A file that was not loaded, and why. */
export interface SkippedFile {
  path: string;
  reason: string;
}

/** A raw article file found in the corpus, before cleaning. */
export interface CorpusFile {
  docId: string;
  path: string;
  hash: string;
  bytes: Buffer;
  /** Size and modification time when scanned (for the index manifest's change detection). */
  size: number;
  mtimeMs: number;
}

/** A file the caller already knows unchanged (same size and mtime): listed, not read. */
export type UnreadFile = Omit<CorpusFile, 'bytes'>;

/** Options of {@link scanCorpus}. */
export interface ScanOptions {
  /**
   * The hash this file had when it last had this size and modification time, if the caller knows
   * it: then the file is not read, and is listed in `unread` with that hash.
   */
  knownHash?: (docId: string, path: string, size: number, mtimeMs: number) => string | undefined;
}

export interface LoadedCorpus {
  articles: Article[];
  skipped: SkippedFile[];
  /** What cleaning removed from each article (doc ids with nothing removed are absent). */
  removed: Map<string, RemovedText[]>;
}

/**
 * Every entry named like an article: regular files, symlinks (followed when read, so a broken
 * link is reported as unreadable rather than silently ignored) and anything else with an article
 * extension, which is then reported too.
 */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => ARTICLE_EXTENSIONS.has(extname(entry.name).toLowerCase()))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function unreadableReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  if (code === 'ENOENT') return 'unreadable (missing, or a broken link)';
  if (code === 'ELOOP') return 'unreadable (a symlink loop)';
  if (code === 'EACCES' || code === 'EPERM') return 'unreadable (permission denied)';
  if (code === 'ETIMEDOUT') return `unreadable (no data after ${READ_TIMEOUT_MS / 1000} s)`;
  return `unreadable (${code})`;
}

/** A file's stat (following a symlink), or undefined when it cannot be read. */
function statNow(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Why a file (a symlink's target) is not article text to read, or undefined for a regular file. */
function notRegular(info: Stats): string | undefined {
  if (info.isFile()) return undefined;
  const kind = info.isDirectory()
    ? 'a folder'
    : info.isFIFO()
      ? 'a FIFO'
      : info.isSocket()
        ? 'a socket'
        : info.isCharacterDevice() || info.isBlockDevice()
          ? 'a device'
          : 'a special file';
  return `not a regular file (${kind})`;
}

function tooLarge(bytes: number): string {
  const size = bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `too large (${size}; the limit is ${MAX_FILE_BYTES / 1024 / 1024} MiB)`;
}

/** Rejects after `ms` unless `work` settles first. */
async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('read timed out'), { code: 'ETIMEDOUT' })), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Reads up to `buffer.length` bytes from the start of an open file (short reads continued). */
async function readInto(handle: FileHandle, buffer: Buffer): Promise<number> {
  let total = 0;
  while (total < buffer.length) {
    const { bytesRead } = await handle.read(buffer, total, buffer.length - total, total);
    if (bytesRead === 0) break;
    total += bytesRead;
  }
  return total;
}

/**
 * Reads one article file safely: only a regular file (a symlink only when it leads to one), its
 * size checked before reading, opened non-blocking (a FIFO swapped in after the check cannot
 * block the open) and read within `timeoutMs`, never past the size cap.
 */
export async function readArticleFile(path: string, timeoutMs = READ_TIMEOUT_MS): Promise<Buffer | { reason: string }> {
  let handle: FileHandle | undefined;
  let timedOut = false;
  try {
    const info = await stat(path);
    const reason = notRegular(info) ?? (info.size > MAX_FILE_BYTES ? tooLarge(info.size) : undefined);
    if (reason) return { reason };
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    const opened = await handle.stat();
    const changed = notRegular(opened) ?? (opened.size > MAX_FILE_BYTES ? tooLarge(opened.size) : undefined);
    if (changed) return { reason: changed };
    // One byte more than the size: a file that grew past the cap while being read is caught.
    const buffer = Buffer.alloc(Math.min(opened.size, MAX_FILE_BYTES) + 1);
    const bytesRead = await withDeadline(readInto(handle, buffer), timeoutMs).catch((error: unknown) => {
      timedOut = true;
      throw error;
    });
    if (bytesRead > MAX_FILE_BYTES) return { reason: tooLarge(bytesRead) };
    return buffer.subarray(0, bytesRead);
  } catch (error) {
    return { reason: unreadableReason(error) };
  } finally {
    // After a timeout the read may still be pending: close without waiting for it.
    const closing = handle?.close().catch(() => undefined);
    if (!timedOut) await closing;
  }
}

/** Decodes UTF-8 strictly; returns a reason string when the bytes are not article text. */
function decode(bytes: Buffer): { text: string } | { reason: string } {
  if (bytes.length === 0) return { reason: 'empty file' };
  if (bytes.includes(0)) return { reason: 'binary file (contains NUL bytes)' };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\ufeff/u, '');
    if (text.trim() === '') return { reason: 'empty file' };
    return { text };
  } catch {
    return { reason: 'not valid UTF-8 text' };
  }
}

/** Reads the corpus folder's sources.json (none: no facts; invalid: ignored, with a skipped entry). */
export async function readSources(dir: string, skipped: SkippedFile[]): Promise<SourcesFile> {
  const path = join(dir, 'sources.json');
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch {
    return {};
  }
  try {
    return sourcesSchema.parse(JSON.parse(raw));
  } catch (error) {
    skipped.push({ path: 'sources.json', reason: `ignored: ${error instanceof Error ? error.message.split('\n')[0] : 'invalid'}` });
    return {};
  }
}

/** Title: from sources.json, else a Markdown heading or short first line, else the first sentence. */
export function deriveTitle(text: string, docId: string): string {
  const first = (text.split('\n').find((line) => line.trim() !== '') ?? '').replace(/^#+\s*/u, '').trim();
  if (first === '') return docId;
  if (first.length <= 140) return first.replace(/[.\s]+$/u, '');
  const sentence = first.split(/(?<=[.!?])\s/u)[0] ?? first;
  if (sentence.length <= 100) return sentence.replace(/[.\s]+$/u, '');
  const cut = sentence.slice(0, 90);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 60)).replace(/[,;:\s]+$/u, '')}…`;
}

/** Lists and hashes the article files of a corpus folder without cleaning them. */
export async function scanCorpus(dir: string, options: ScanOptions = {}): Promise<{ files: CorpusFile[]; skipped: SkippedFile[]; unread: UnreadFile[] }> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(dir)).isDirectory();
  } catch {
    throw new CrisisbotError('CORPUS_MISSING', `Corpus folder not found: ${dir} (set CORPUS_DIR or pass --corpus).`);
  }
  if (!isFolder) throw new CrisisbotError('CORPUS_MISSING', `The corpus folder ${dir} is a file, not a folder (set CORPUS_DIR or pass --corpus).`);
  const files: CorpusFile[] = [];
  const skipped: SkippedFile[] = [];
  const unread: UnreadFile[] = [];
  const seenIds = new Map<string, string>();
  let statted = 0;
  for (const full of await listFiles(dir)) {
    const path = relative(dir, full);
    const docId = basename(full, extname(full));
    const clash = seenIds.get(docId);
    if (clash) {
      skipped.push({ path, reason: `same document id as ${clash}` });
      continue;
    }
    const info = statNow(full);
    // Stats are synchronous (~7 µs each instead of ~35 µs of CPU through the thread pool: 100,000 corpus
    // files took 3.5 s of CPU at every start); the event loop gets a turn every thousand files.
    if (++statted % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
    const known = info?.isFile() ? options.knownHash?.(docId, path, info.size, info.mtimeMs) : undefined;
    if (info && known !== undefined) {
      unread.push({ docId, path, hash: known, size: info.size, mtimeMs: info.mtimeMs });
      seenIds.set(docId, path);
      continue;
    }
    const bytes = await readArticleFile(full);
    if ('reason' in bytes) {
      skipped.push({ path, reason: bytes.reason });
      continue;
    }
    files.push({ docId, path, bytes, hash: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, mtimeMs: info?.mtimeMs ?? -1 });
    seenIds.set(docId, path);
  }
  return { files, skipped, unread };
}

/** Adds what cleaning removed from one article to a count of lines by rule. */
export function tallyRemoved(counts: Record<string, number>, removed: readonly RemovedText[]): void {
  for (const { rule } of removed) counts[rule] = (counts[rule] ?? 0) + 1;
}

/** "3 lines: comment form ×2, newsletter or subscription" — what cleaning removed, by rule. */
export function describeRemoved(removed: RemovedText[]): string {
  const byRule = new Map<string, number>();
  for (const { rule } of removed) byRule.set(rule, (byRule.get(rule) ?? 0) + 1);
  const rules = [...byRule].map(([rule, count]) => (count > 1 ? `${rule} ×${count}` : rule)).join(', ');
  return `${removed.length} ${removed.length === 1 ? 'line' : 'lines'}: ${rules}`;
}

/**
 * Decodes, cleans and describes one corpus file, or says why it is skipped. `facts` are its
 * sources.json entry; `knownLanguage` can supply the language already detected for this exact
 * cleaned text (an unchanged article of the index): language detection is the costliest step of
 * parsing, and a pure function of the cleaned text. `onRemoved` hears what cleaning removed.
 */
export function parseArticle(
  file: CorpusFile,
  facts: SourcesFile[string] | undefined,
  knownLanguage?: (docId: string, cleanedText: string) => Lang | undefined,
  onRemoved?: (docId: string, removed: RemovedText[]) => void,
): Article | SkippedFile {
  const decoded = decode(file.bytes);
  if ('reason' in decoded) return { path: file.path, reason: decoded.reason };
  const cleaned = cleanArticle(extname(file.path).toLowerCase() === '.md' ? stripMarkdown(decoded.text) : decoded.text);
  if (cleaned.removed.length > 0) onRemoved?.(file.docId, cleaned.removed);
  if (cleaned.text.trim() === '') {
    const what = cleaned.removed.length > 0 ? ` (removed ${describeRemoved(cleaned.removed)})` : '';
    return { path: file.path, reason: `no article text after cleaning${what}` };
  }
  const source: SourceInfo = {};
  if (facts?.publisher) source.publisher = facts.publisher;
  if (facts?.author) source.author = facts.author;
  if (facts?.url) source.url = facts.url;
  const date = facts?.date ?? cleaned.date;
  if (date) source.date = date;
  return {
    docId: file.docId,
    title: facts?.title ?? deriveTitle(cleaned.text, file.docId),
    lang: knownLanguage?.(file.docId, cleaned.text) ?? detectLanguage(cleaned.text),
    source,
    path: file.path,
    hash: file.hash,
    text: cleaned.text,
  };
}

/** Decodes, cleans and describes corpus files. Files that are not article text are skipped. */
export async function parseArticles(
  dir: string,
  files: CorpusFile[],
  skipped: SkippedFile[],
  /** See {@link parseArticle}. */
  knownLanguage?: (docId: string, cleanedText: string) => Lang | undefined,
  onRemoved?: (docId: string, removed: RemovedText[]) => void,
): Promise<Article[]> {
  const sources = await readSources(dir, skipped);
  const articles: Article[] = [];
  for (const file of files) {
    const parsed = parseArticle(file, sources[file.docId], knownLanguage, onRemoved);
    if ('reason' in parsed) skipped.push(parsed);
    else articles.push(parsed);
  }
  return articles;
}

/** Light Markdown to text: headings, emphasis, links and images. */
function stripMarkdown(text: string): string {
  return text
    .replace(/!\[[^\]]*\]\([^)]*\)/gu, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/gu, '$1')
    .replace(/^#{1,6}\s+/gmu, '')
    .replace(/(\*\*|__)(.*?)\1/gu, '$2')
    .replace(/^\s*[-*]\s+/gmu, '');
}

/** Loads and cleans every article of a corpus folder. */
export async function loadCorpus(dir: string): Promise<LoadedCorpus> {
  const { files, skipped } = await scanCorpus(dir);
  const removed = new Map<string, RemovedText[]>();
  const articles = await parseArticles(dir, files, skipped, undefined, (docId, lines) => removed.set(docId, lines));
  return { articles, skipped, removed };
}
