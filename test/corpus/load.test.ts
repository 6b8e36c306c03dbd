import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.ts';
import { CrisisbotError } from '../../src/errors.ts';
import { removeDir, SEED_IDS, SEEDS_DIR, tempDir } from '../support/seed-index.ts';

const EN = 'Russian troops remain massed near the border with Ukraine, officials in Washington said on Friday. Talks will continue next week in Geneva.';
const FR = 'Les troupes russes restent massées près de la frontière ukrainienne, ont indiqué vendredi des responsables à Washington. Les discussions reprendront la semaine prochaine à Genève.';

describe('loadCorpus', () => {
  let dir: string;

  beforeEach(() => {
    dir = tempDir('crisisbot-load-');
  });
  afterEach(() => removeDir(dir));

  it('loads .txt and .md files with the file stem as doc id and ignores other extensions', async () => {
    writeFileSync(join(dir, 'alpha.txt'), EN);
    writeFileSync(join(dir, 'beta.md'), `# Les troupes russes restent massées\n\n${FR}\n`);
    writeFileSync(join(dir, 'notes.json'), '{"not": "an article"}');
    writeFileSync(join(dir, 'image.png'), 'PNG');
    writeFileSync(join(dir, 'README'), EN);
    const { articles, skipped } = await loadCorpus(dir);
    expect(articles.map((a) => a.docId).sort()).toEqual(['alpha', 'beta']);
    expect(skipped).toEqual([]);
    const alpha = articles.find((a) => a.docId === 'alpha');
    expect(alpha?.path).toBe('alpha.txt');
    expect(alpha?.lang).toBe('en');
    expect(alpha?.hash).toMatch(/^[0-9a-f]{64}$/u);
  });

  it('strips Markdown: headings become the title, emphasis, links and images are removed', async () => {
    writeFileSync(
      join(dir, 'story.md'),
      `# Moscow answers the letter\n\nThe **Kremlin** said it had received the [written response](https://example.org/response) from NATO. ![a photo](photo.jpg)\n\n- Talks continue in __Geneva__ next week, diplomats said.\n`,
    );
    const { articles } = await loadCorpus(dir);
    const story = articles[0];
    expect(story?.title).toBe('Moscow answers the letter');
    expect(story?.text).toContain('The Kremlin said it had received the written response from NATO.');
    expect(story?.text).toContain('Talks continue in Geneva next week, diplomats said.');
    expect(story?.text).not.toMatch(/[#*_[\]()]|https?:|photo\.jpg/u);
  });

  it('skips a binary, an invalid UTF-8 and an empty file with a reason naming each, and loads the rest', async () => {
    writeFileSync(join(dir, 'good.txt'), EN);
    writeFileSync(join(dir, 'binary.txt'), Buffer.from([0x52, 0x75, 0x00, 0x01, 0x02, 0x73, 0x73]));
    writeFileSync(join(dir, 'latin1.txt'), Buffer.from('Le ministre a déclaré que la situation était grave.', 'latin1'));
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(join(dir, 'blank.md'), '   \n\n  \t\n');
    const { articles, skipped } = await loadCorpus(dir);
    expect(articles.map((a) => a.docId)).toEqual(['good']);
    const reasons = Object.fromEntries(skipped.map((s) => [s.path, s.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['binary.txt', 'blank.md', 'empty.txt', 'latin1.txt']);
    expect(reasons['binary.txt']).toMatch(/binary/iu);
    expect(reasons['latin1.txt']).toMatch(/utf-8/iu);
    expect(reasons['empty.txt']).toMatch(/empty/iu);
    expect(reasons['blank.md']).toMatch(/empty/iu);
  });

  it('reports an unreadable article (a broken symlink, a folder named like an article) and loads the rest', async () => {
    writeFileSync(join(dir, 'good.txt'), EN);
    symlinkSync(join(dir, 'does-not-exist.txt'), join(dir, 'bad.txt'));
    mkdirSync(join(dir, 'x.txt'));
    const { articles, skipped } = await loadCorpus(dir);
    expect(articles.map((a) => a.docId)).toEqual(['good']);
    const reasons = Object.fromEntries(skipped.map((s) => [s.path, s.reason]));
    expect(reasons).toEqual({ 'bad.txt': 'unreadable (missing, or a broken link)', 'x.txt': 'not a regular file (a folder)' });
  });

  it('skips a FIFO named x.txt and a symlink to /dev/zero without hanging, naming each', async () => {
    writeFileSync(join(dir, 'good.txt'), EN);
    execFileSync('mkfifo', [join(dir, 'x.txt')]);
    symlinkSync('/dev/zero', join(dir, 'zero.txt'));
    symlinkSync(join(dir, 'x.txt'), join(dir, 'to-fifo.md'));
    const { articles, skipped } = await loadCorpus(dir);
    expect(articles.map((a) => a.docId)).toEqual(['good']);
    expect(Object.fromEntries(skipped.map((s) => [s.path, s.reason]))).toEqual({
      'x.txt': 'not a regular file (a FIFO)',
      'zero.txt': 'not a regular file (a device)',
      'to-fifo.md': 'not a regular file (a FIFO)',
    });
  }, 5_000);

  it('checks the size before reading: a 3 GiB sparse file is skipped at once, naming its size and the limit', async () => {
    writeFileSync(join(dir, 'good.txt'), EN);
    writeFileSync(join(dir, 'huge.txt'), '');
    truncateSync(join(dir, 'huge.txt'), 3 * 1024 ** 3);
    const { articles, skipped } = await loadCorpus(dir);
    expect(articles.map((a) => a.docId)).toEqual(['good']);
    expect(skipped).toEqual([{ path: 'huge.txt', reason: 'too large (3.0 GiB; the limit is 5 MiB)' }]);
  }, 5_000);

  it('skips a 5 MiB single-word file as no article text, saying what cleaning removed', async () => {
    writeFileSync(join(dir, 'good.txt'), EN);
    writeFileSync(join(dir, 'word.txt'), 'x'.repeat(5 * 1024 * 1024));
    writeFileSync(join(dir, 'form.txt'), 'Laisser un commentaire\n\nVotre adresse e-mail ne sera pas publiée.\n');
    const { articles, skipped } = await loadCorpus(dir);
    expect(articles.map((a) => a.docId)).toEqual(['good']);
    expect(Object.fromEntries(skipped.map((s) => [s.path, s.reason]))).toEqual({
      'word.txt': 'no article text after cleaning (removed 1 line: run without spaces)',
      'form.txt': 'no article text after cleaning (removed 2 lines: comment form ×2)',
    });
  });

  it('reports what cleaning removed from each loaded article', async () => {
    writeFileSync(join(dir, 'a.txt'), `Leave a comment\n\n${EN}\n\nSign up for our daily newsletter\n`);
    writeFileSync(join(dir, 'b.txt'), EN);
    const { articles, removed } = await loadCorpus(dir);
    expect(articles.find((a) => a.docId === 'a')?.text).toBe(EN);
    expect(removed.get('a')).toEqual([
      { rule: 'comment form', text: 'Leave a comment' },
      { rule: 'newsletter or subscription', text: 'Sign up for our daily newsletter' },
    ]);
    expect(removed.has('b')).toBe(false);
  });

  it('loads an article reached through a symlink', async () => {
    writeFileSync(join(dir, 'real.txt'), EN);
    mkdirSync(join(dir, 'links'));
    symlinkSync(join(SEEDS_DIR, `${SEED_IDS.troopsEn}.txt`), join(dir, 'links', 'linked.txt'));
    const { articles, skipped } = await loadCorpus(dir);
    expect(skipped).toEqual([]);
    expect(articles.map((a) => a.docId).sort()).toEqual(['linked', 'real']);
  });

  it('loads articles in sub-folders and reports two files with the same stem', async () => {
    mkdirSync(join(dir, 'fr'));
    mkdirSync(join(dir, 'en'));
    writeFileSync(join(dir, 'fr', 'one.txt'), FR);
    writeFileSync(join(dir, 'en', 'two.txt'), EN);
    writeFileSync(join(dir, 'en', 'one.md'), EN);
    const { articles, skipped } = await loadCorpus(dir);
    expect(articles.map((a) => a.docId).sort()).toEqual(['one', 'two']);
    expect(articles.find((a) => a.docId === 'two')?.path).toBe(join('en', 'two.txt'));
    expect(skipped).toHaveLength(1);
    expect(skipped[0]?.reason).toMatch(/same document id/iu);
  });

  it('applies sources.json facts (title, date, publisher, author) by doc id', async () => {
    writeFileSync(join(dir, 'a.txt'), `Jean Martin 09:15 a.m., March 1, 2022\n\n${EN}`);
    writeFileSync(join(dir, 'b.txt'), FR);
    writeFileSync(
      join(dir, 'sources.json'),
      JSON.stringify({ a: { title: 'Troops stay at the border', publisher: 'Example News', author: 'Jean Martin' }, b: { date: '2022-02-10' } }),
    );
    const { articles, skipped } = await loadCorpus(dir);
    expect(skipped).toEqual([]);
    const a = articles.find((x) => x.docId === 'a');
    const b = articles.find((x) => x.docId === 'b');
    expect(a?.title).toBe('Troops stay at the border');
    expect(a?.source).toEqual({ publisher: 'Example News', author: 'Jean Martin', date: 'March 1, 2022' });
    expect(b?.source).toEqual({ date: '2022-02-10' });
    expect(b?.title.startsWith('Les troupes russes restent massées')).toBe(true);
    expect(b?.lang).toBe('fr');
  });

  it('reports an invalid sources.json without failing, and still loads the articles', async () => {
    writeFileSync(join(dir, 'a.txt'), EN);
    writeFileSync(join(dir, 'sources.json'), '{ "a": { "title": ');
    const broken = await loadCorpus(dir);
    expect(broken.articles.map((x) => x.docId)).toEqual(['a']);
    expect(broken.skipped).toHaveLength(1);
    expect(broken.skipped[0]?.path).toBe('sources.json');

    writeFileSync(join(dir, 'sources.json'), JSON.stringify({ a: { title: 42 } }));
    const wrongShape = await loadCorpus(dir);
    expect(wrongShape.articles).toHaveLength(1);
    expect(wrongShape.skipped.map((s) => s.path)).toEqual(['sources.json']);
  });

  it('throws CORPUS_MISSING for a missing corpus folder, and for a file given as the folder', async () => {
    const missing = join(dir, 'nowhere');
    await expect(loadCorpus(missing)).rejects.toSatisfy((error: unknown) => error instanceof CrisisbotError && error.code === 'CORPUS_MISSING' && error.message.includes(missing));
    writeFileSync(join(dir, 'file.txt'), EN);
    await expect(loadCorpus(join(dir, 'file.txt'))).rejects.toMatchObject({ code: 'CORPUS_MISSING', message: expect.stringContaining('is a file, not a folder') });
  });

  it('loads the five seeds with their languages and sources.json facts', async () => {
    const { articles, skipped } = await loadCorpus(SEEDS_DIR);
    expect(skipped).toEqual([]);
    const byId = new Map(articles.map((a) => [a.docId, a]));
    expect([...byId.keys()].sort()).toEqual(Object.values(SEED_IDS).sort());
    expect(byId.get(SEED_IDS.letterEn)?.lang).toBe('en');
    expect(byId.get(SEED_IDS.troopsEn)?.lang).toBe('en');
    for (const id of [SEED_IDS.letterFr, SEED_IDS.bidenCallFr, SEED_IDS.writtenResponseFr]) expect(byId.get(id)?.lang).toBe('fr');
    expect(byId.get(SEED_IDS.bidenCallFr)?.title).toBe('Crise ukrainienne, Biden appelle Poutine : « Rencontrons-nous dans un pays tiers »');
    expect(byId.get(SEED_IDS.troopsEn)?.source.publisher).toBe('France 24');
    expect(byId.get(SEED_IDS.letterEn)?.source.date).toBe('2022-02-18');
    expect(byId.get(SEED_IDS.writtenResponseFr)?.source.author).toBe('Désirée Perrault');
  });
});
