/**
 * Saving an added article into the corpus folder: the text file and its sources.json facts, each
 * written to a temporary file and renamed into place, with a rollback that removes the article
 * and restores sources.json exactly as it was — nothing half-written stays behind.
 */
import { createHash } from 'node:crypto';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ArticleRejected } from './rejection.ts';
import type { Article, NewArticle, SourceInfo } from '../types.ts';

/** A saved article and the way back. */
export interface SavedArticle {
  docId: string;
  /** File name relative to the corpus folder. */
  path: string;
  rollback(): Promise<void>;
}

const FACT_KEYS = ['title', 'publisher', 'date', 'author', 'url'] as const;

/** Whitespace-insensitive form of a text, to recognise the same article saved twice. */
export function sameTextKey(text: string): string {
  return text.replace(/\s+/gu, ' ').trim().toLowerCase();
}

async function writeAtomically(path: string, data: string | Buffer): Promise<void> {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(temporary, data, { flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Refuses an article the index already holds: same bytes, same text, or same URL. */
export function assertNotDuplicate(article: NewArticle, bytes: Buffer, existing: Iterable<Article>): void {
  const hash = createHash('sha256').update(bytes).digest('hex');
  const key = sameTextKey(article.text);
  const url = article.source?.url;
  for (const other of existing) {
    if (other.hash === hash || sameTextKey(other.text) === key || (url !== undefined && other.source.url === url)) {
      throw new ArticleRejected('duplicate', other.title);
    }
  }
}

/** The sources.json entry: only the facts given. */
function factsOf(source: NewArticle['source']): Partial<SourceInfo & { title: string }> {
  const facts: Partial<SourceInfo & { title: string }> = {};
  for (const key of FACT_KEYS) {
    const value = source?.[key]?.trim();
    if (value) facts[key] = value.slice(0, 300);
  }
  return facts;
}

/** Writes the article and its facts into `corpusDir`; the doc id is derived from the text. */
export async function saveArticle(corpusDir: string, article: NewArticle, existing: Iterable<Article>): Promise<SavedArticle> {
  const bytes = Buffer.from(`${article.text.trim()}\n`, 'utf8');
  assertNotDuplicate(article, bytes, existing);
  const docId = `added_${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`;
  const path = `${docId}${article.fileName.toLowerCase().endsWith('.md') ? '.md' : '.txt'}`;
  const sourcesPath = join(corpusDir, 'sources.json');
  const previous = await readOptional(sourcesPath);
  let sources: Record<string, unknown> = {};
  if (previous !== undefined) {
    try {
      sources = JSON.parse(previous) as Record<string, unknown>;
    } catch {
      throw new ArticleRejected('sources-invalid');
    }
  }
  const facts = factsOf(article.source);
  if ((await readOptional(join(corpusDir, path))) !== undefined) throw new ArticleRejected('duplicate', path);
  await writeAtomically(join(corpusDir, path), bytes);
  const rollback = async (): Promise<void> => {
    await unlink(join(corpusDir, path)).catch(() => undefined);
    if (Object.keys(facts).length === 0) return;
    if (previous === undefined) await unlink(sourcesPath).catch(() => undefined);
    else await writeAtomically(sourcesPath, previous);
  };
  try {
    if (Object.keys(facts).length > 0) await writeAtomically(sourcesPath, `${JSON.stringify({ ...sources, [docId]: facts }, null, 2)}\n`);
  } catch (error) {
    await rollback();
    throw error;
  }
  return { docId, path, rollback };
}
