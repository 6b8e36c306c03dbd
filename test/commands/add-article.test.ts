/** LiveAssistant.addArticle and the download/extract helpers: all or nothing, in the same process. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkUrl, isPrivateHost } from '../../src/articles/download.ts';
import { articleFromDownload, articleFromFile } from '../../src/articles/extract.ts';
import { ArticleRejected } from '../../src/articles/rejection.ts';
import { loadConfig } from '../../src/config.ts';
import { LiveAssistant } from '../../src/live-assistant.ts';
import { removeDir, tempDir } from '../support/seed-index.ts';
import { writeMadeUpCorpus } from './made-up-corpus.ts';

const LIGHTHOUSE = 'Lighthouse keepers return to Cape Orlan\n\nThe Cape Orlan lighthouse was staffed again on Sunday by two keepers, Anton Weiss and Lena Moor, after nine years of automatic operation. The regional council said the keepers would also run a small weather station for the fishing fleet.\n';

describe('LiveAssistant.addArticle', () => {
  let root: string;
  let corpus: string;
  let live: LiveAssistant;
  beforeAll(async () => {
    root = tempDir('crisisbot-add-');
    corpus = writeMadeUpCorpus(join(root, 'corpus'));
    live = await LiveAssistant.create(loadConfig({ CORPUS_DIR: corpus, DATA_DIR: join(root, 'data') }));
  });
  afterAll(() => {
    live.close();
    removeDir(root);
  });

  const snapshot = () => ({ files: readdirSync(corpus).sort(), sources: readFileSync(join(corpus, 'sources.json'), 'utf8') });

  it('indexes the article before returning, so the next question finds it', async () => {
    const added = await live.addArticle({ fileName: 'lighthouse.md', text: LIGHTHOUSE, source: { title: 'Lighthouse keepers return', publisher: 'Orlan Post' } });
    expect(added).toMatchObject({ title: 'Lighthouse keepers return', lang: 'en', path: `${added.docId}.md` });
    expect(added.chunks).toBeGreaterThan(0);
    expect(JSON.parse(snapshot().sources)[added.docId]).toEqual({ title: 'Lighthouse keepers return', publisher: 'Orlan Post' });
    const answer = await live.ask('Who are the keepers of the Cape Orlan lighthouse?');
    expect(answer.citations.some((c) => c.docId === added.docId)).toBe(true);
    await expect(live.addArticle({ fileName: 'again.txt', text: `  ${LIGHTHOUSE}  ` })).rejects.toMatchObject({ reason: 'duplicate' });
  });

  it('rolls back an article the index would not take, leaving the corpus as it was', async () => {
    const before = snapshot();
    const furniture = Array.from({ length: 12 }, () => 'Leave a comment\nSubscribe to our newsletter today').join('\n');
    await expect(live.addArticle({ fileName: 'junk.txt', text: furniture, source: { title: 'Junk' } })).rejects.toMatchObject({ reason: 'not-indexed' });
    expect(snapshot()).toEqual(before);
    expect((await live.sources()).some((s) => s.title === 'Junk')).toBe(false);
  });

  it('refuses when sources.json is broken, writing nothing', async () => {
    const good = readFileSync(join(corpus, 'sources.json'), 'utf8');
    writeFileSync(join(corpus, 'sources.json'), '{ broken');
    const files = readdirSync(corpus).sort();
    await expect(live.addArticle({ fileName: 'x.txt', text: LIGHTHOUSE.replace('Orlan', 'Varn') })).rejects.toMatchObject({ reason: 'sources-invalid' });
    expect(readdirSync(corpus).sort()).toEqual(files);
    writeFileSync(join(corpus, 'sources.json'), good);
  });
});

describe('download and extraction helpers', () => {
  it('refuses private hosts unless allowed, and non-http URLs', () => {
    for (const host of ['localhost', '127.0.0.1', '10.1.2.3', '192.168.0.1', '172.20.0.1', '169.254.1.1', '[::1]']) expect(isPrivateHost(host.replace(/^\[|\]$/gu, '')), host).toBe(true);
    expect(isPrivateHost('example.org')).toBe(false);
    expect(() => checkUrl('http://127.0.0.1:8080/a', false)).toThrow(ArticleRejected);
    expect(checkUrl('http://127.0.0.1:8080/a', true).port).toBe('8080');
    expect(() => checkUrl('file:///etc/passwd', true)).toThrow(/not an http\(s\) URL/u);
  });

  it('reads text files strictly and pages through Readability', () => {
    expect(articleFromFile('a.txt', Buffer.from('hello'), 'text/plain').text).toBe('hello');
    expect(() => articleFromFile('a.pdf', Buffer.from('x'))).toThrow(ArticleRejected);
    expect(() => articleFromFile('a.txt', Buffer.from([0xff, 0xfe, 0x00]))).toThrow(/not readable text/u);
    const html = '<html><head><title>Ferry news</title></head><body><nav>Menu Home</nav><article><h1>Ferry news</h1><p>The ferry to Ostrava sailed again on Wednesday after a strike that had lasted two days and stranded many travellers.</p><p>The harbor master said timetables would be normal by Friday, and that extra crossings were planned.</p></article></body></html>';
    const article = articleFromDownload(Buffer.from(html), 'text/html', 'https://news.example/ferry');
    expect(article.source).toMatchObject({ title: 'Ferry news', url: 'https://news.example/ferry' });
    expect(article.text).toMatch(/^Ferry news\n\nThe ferry to Ostrava sailed again/u);
    expect(article.text).not.toMatch(/Menu Home/u);
  });
});
