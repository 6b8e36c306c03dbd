/**
 * Downloading an article (a Discord attachment or a web page): http(s) only, a time limit, a
 * size limit enforced while reading (not trusted from headers), and — for links users give — no
 * hosts on loopback or private networks unless configured.
 */
import { ArticleRejected } from './rejection.ts';

export interface DownloadOptions {
  maxBytes: number;
  timeoutMs: number;
  /** Allow loopback and private-network hosts (tests, intranets). */
  allowPrivateHosts: boolean;
}

export interface Downloaded {
  bytes: Buffer;
  /** The media type, lower-cased, without parameters ('' when absent). */
  contentType: string;
  url: string;
}

/** Literal loopback, private, link-local and unspecified addresses, and `localhost`. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/gu, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1' || host === '::' || host.startsWith('fc') || host.startsWith('fd') || host.startsWith('fe80')) return true;
  const v4 = /^(\d+)\.(\d+)\.\d+\.\d+$/u.exec(host.replace(/^::ffff:/u, ''));
  if (!v4) return false;
  const [a, b] = [Number(v4[1]), Number(v4[2])];
  return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
}

/** Checks the URL before any request. */
export function checkUrl(raw: string, allowPrivateHosts: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ArticleRejected('bad-url');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ArticleRejected('bad-url');
  if (!allowPrivateHosts && isPrivateHost(url.hostname)) throw new ArticleRejected('private-url');
  return url;
}

async function readLimited(response: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw new ArticleRejected('too-large', `${Math.round(maxBytes / 1024)} KiB`);
  const parts: Buffer[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  for (;;) {
    const { done, value } = (await reader.read()) as { done: boolean; value?: Uint8Array };
    if (done || !value) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new ArticleRejected('too-large', `${Math.round(maxBytes / 1024)} KiB`);
    }
    parts.push(Buffer.from(value));
  }
  return Buffer.concat(parts);
}

/** Downloads `raw` within the limits; refusals are `ArticleRejected`. */
export async function download(raw: string, options: DownloadOptions): Promise<Downloaded> {
  const url = checkUrl(raw, options.allowPrivateHosts);
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs), redirect: 'follow', headers: { accept: 'text/html, text/plain, text/markdown;q=0.9, */*;q=0.1', 'user-agent': 'crisisbot (add-article)' } });
  } catch (error) {
    throw new ArticleRejected('download', (error as Error).name === 'TimeoutError' ? 'timed out' : 'unreachable', { cause: error });
  }
  if (!options.allowPrivateHosts && isPrivateHost(new URL(response.url || url.href).hostname)) throw new ArticleRejected('private-url');
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new ArticleRejected('download', `HTTP ${response.status}`);
  }
  const bytes = await readLimited(response, options.maxBytes);
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return { bytes, contentType, url: response.url || url.href };
}
