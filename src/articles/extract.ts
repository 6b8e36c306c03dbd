/**
 * Article text from what was downloaded: UTF-8 text files as they are, HTML pages through
 * Mozilla's Readability (the reader view of Firefox) over a linkedom DOM, paragraphs kept.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { NewArticle } from '../types.ts';
import { ArticleRejected } from './rejection.ts';

/** The little of linkedom's DOM used here (its types do not resolve under the linter). */
interface DomElement {
  textContent: string | null;
  parentElement: { closest(selector: string): unknown } | null;
}
interface DomDocument {
  querySelectorAll(selector: string): Iterable<DomElement>;
  body: { textContent: string | null };
}
const parseDom = parseHTML as unknown as (html: string) => { document: DomDocument };

const TEXT_TYPES = new Set(['text/plain', 'text/markdown', 'text/x-markdown', '']);
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

/** Strict UTF-8 text (no NUL bytes), or a refusal. */
export function decodeText(bytes: Buffer): string {
  if (bytes.includes(0)) throw new ArticleRejected('not-text');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\ufeff/u, '');
  } catch {
    throw new ArticleRejected('not-text');
  }
}

/** An uploaded `.txt`/`.md` file (checked by name and, when given, media type). */
export function articleFromFile(fileName: string, bytes: Buffer, contentType = ''): NewArticle {
  const extension = /\.(txt|md)$/iu.exec(fileName)?.[1];
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!extension || !(TEXT_TYPES.has(type) || type.startsWith('text/'))) throw new ArticleRejected('type', fileName.slice(-40));
  return { fileName, text: decodeText(bytes) };
}

/** Paragraph text of an HTML fragment (block elements one per paragraph). */
function paragraphs(html: string): string {
  const { document } = parseDom(`<!doctype html><html><body>${html}</body></html>`);
  const blocks = [...document.querySelectorAll('h1, h2, h3, h4, p, li, blockquote, pre')]
    .filter((node) => !node.parentElement?.closest('p, li, blockquote'))
    .map((node) => (node.textContent ?? '').replace(/\s+/gu, ' ').trim())
    .filter((text) => text !== '');
  return blocks.length > 0 ? blocks.join('\n\n') : (document.body.textContent ?? '').trim();
}

/** A web page: Readability's article (title, byline, site, date) or a refusal. */
export function articleFromHtml(html: string, url: string): NewArticle {
  const { document } = parseDom(html);
  const parsed = new Readability(document).parse();
  if (!parsed?.content) throw new ArticleRejected('too-short');
  const text = paragraphs(parsed.content);
  const title = parsed.title?.trim();
  const date = parsed.publishedTime?.slice(0, 10);
  const source: NonNullable<NewArticle['source']> = { url };
  if (title) source.title = title;
  if (parsed.siteName?.trim()) source.publisher = parsed.siteName.trim();
  if (parsed.byline?.trim()) source.author = parsed.byline.trim();
  if (date && /^\d{4}-\d{2}-\d{2}$/u.test(date)) source.date = date;
  return { fileName: 'page.txt', text: title && !text.startsWith(title) ? `${title}\n\n${text}` : text, source };
}

/** A downloaded page or file, by media type. */
export function articleFromDownload(bytes: Buffer, contentType: string, url: string): NewArticle {
  if (!HTML_TYPES.has(contentType) && !TEXT_TYPES.has(contentType) && !contentType.startsWith('text/')) throw new ArticleRejected('type', contentType);
  const text = decodeText(bytes);
  const looksHtml = /^\s*(?:<!doctype html|<html)/iu.test(text.slice(0, 500));
  if (HTML_TYPES.has(contentType) || (contentType === '' && looksHtml)) return articleFromHtml(text, url);
  if (TEXT_TYPES.has(contentType) || contentType.startsWith('text/')) {
    const fileName = /\.md$/iu.test(new URL(url).pathname) ? 'page.md' : 'page.txt';
    return { fileName, text, source: { url } };
  }
  throw new ArticleRejected('type', contentType);
}
