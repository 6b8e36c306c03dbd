/**
 * /check, /timeline and /add-article through the real discord.js client and the fake Discord, over
 * a live assistant on a copy of the seeds; attachments and web pages are served by a local HTTP
 * server. French comes from the interaction's locale.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commandDefinitions } from '../../src/bot/commands/index.ts';
import { loadConfig } from '../../src/config.ts';
import { LiveAssistant } from '../../src/live-assistant.ts';
import type { RecordedRequest } from '../support/fake-discord.ts';
import { copySeeds, removeDir, tempDir } from '../support/seed-index.ts';
import { buttonIds, embedOf, startHarness, visibleText, type Harness } from '../bot/harness.ts';

const edit = (token: string) => (r: RecordedRequest) => r.method === 'PATCH' && r.path.endsWith(`/${token}/messages/@original`);
const callback = (id: string) => (r: RecordedRequest) => r.method === 'POST' && r.path.startsWith(`/interactions/${id}/`);

const HARBOR = [
  'Velmar harbor reopens its northern terminal',
  '',
  'The Velmar harbor authority reopened the northern terminal on Monday after a week of repairs to the cranes.',
  'Harbor master Ilona Varga said that 42 ships were waiting outside the breakwater when the terminal reopened.',
  'The repairs cost the city about 3 million euros, according to the harbor authority.',
].join('\n');

const PAGE = `<!doctype html><html lang="en"><head><title>Quarry strike ends in Dornfeld</title>
<meta property="og:site_name" content="Dornfeld Courier"></head><body>
<nav><a href="/">Home</a> · <a href="/news">News</a> · Subscribe now</nav>
<article><h1>Quarry strike ends in Dornfeld</h1>
<p>The strike at the Dornfeld limestone quarry ended on Thursday after eleven days, when the quarry company agreed to a new safety plan.</p>
<p>Union leader Marta Kessel said the 230 quarry workers would return on Monday morning and that the safety plan would be checked every month.</p>
<p>The quarry supplies most of the limestone used by the cement works of the valley, which had slowed its kilns during the strike.</p>
</article><footer>© Dornfeld Courier · Cookie settings</footer></body></html>`;

describe('/check, /timeline, /add-article against the fake Discord', () => {
  let root: string;
  let corpus: string;
  let server: Server;
  let base: string;
  let live: LiveAssistant;
  let h: Harness;

  beforeAll(async () => {
    root = tempDir('crisisbot-commands-bot-');
    corpus = copySeeds(root);
    server = createServer((req, res) => {
      const routes: Record<string, [string, string | Buffer]> = {
        '/harbor.txt': ['text/plain; charset=utf-8', HARBOR],
        '/quarry.html': ['text/html; charset=utf-8', PAGE],
        '/picture.png': ['image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0])],
        '/short.txt': ['text/plain', 'Too short.'],
      };
      const route = routes[req.url ?? ''];
      if (!route) {
        res.writeHead(404).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': route[0] }).end(route[1]);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    live = await LiveAssistant.create(loadConfig({ CORPUS_DIR: corpus, DATA_DIR: join(root, 'data') }));
    h = await startHarness(live, { ADD_ARTICLE_PRIVATE_URLS: 'true', ADD_ARTICLE_MAX_BYTES: '100000', COOLDOWN_BURST: '50' });
  });
  afterAll(async () => {
    await h.close();
    live.close();
    await new Promise((resolve) => server.close(resolve));
    removeDir(root);
  });
  beforeEach(() => h.fake.reset());

  it('registers every command with French names and descriptions, and /add-article for Manage Server only', () => {
    const definitions = commandDefinitions();
    expect(definitions.map((d) => d.name)).toEqual(expect.arrayContaining(['check', 'timeline', 'add-article']));
    for (const command of definitions) {
      expect(command.name_localizations?.fr, command.name).toBeTruthy();
      expect(command.description_localizations?.fr, command.name).toBeTruthy();
      for (const option of command.options ?? []) expect(option.name_localizations?.fr && option.description_localizations?.fr, `${command.name}.${option.name}`).toBeTruthy();
    }
    expect(definitions.find((d) => d.name === 'add-article')?.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
  });

  it('/check defers, then shows the verdict with the quote that decides it', async () => {
    const { id, token } = h.fake.slashCommand('check', { claim: 'Biden sent 100,000 US troops to Ukraine' });
    const patched = await h.fake.waitFor(edit(token), 10_000);
    expect(h.fake.requests.filter(callback(id)).map((r) => r.body.type)).toEqual([5]);
    const text = visibleText(patched.body);
    expect(embedOf(patched.body).title).toMatch(/Contradicted/u);
    expect(text).toMatch(/100,000 Russian troops/u);
    expect(buttonIds(patched.body)[0]).toMatch(/^passage:1:/u);
    expect(patched.body.allowed_mentions?.parse).toEqual([]);
  });

  it('/check in a French client answers in French', async () => {
    const { token } = h.fake.slashCommand('check', { claim: 'The United States has placed 85,000 soldiers on alert to reinforce NATO.' }, { locale: 'fr' });
    const patched = await h.fake.waitFor(edit(token), 10_000);
    const text = visibleText(patched.body);
    expect(embedOf(patched.body).title).toMatch(/Contredit/u);
    expect(text).toMatch(/les articles donnent 8,500, et non 85,000/u);
    expect(buttonIds(patched.body)[0]).toMatch(/^passage:/u);
  });

  it('/timeline lists dated events in order, "date unclear" in the user\'s language', async () => {
    const en = h.fake.slashCommand('timeline');
    const text = visibleText((await h.fake.waitFor(edit(en.token), 10_000)).body);
    expect(text).toMatch(/\*\*26 January 2022\*\* — The United States and NATO formally rejected/u);
    expect(text.indexOf('26 January 2022')).toBeLessThan(text.indexOf('18 February 2022'));
    const fr = h.fake.slashCommand('timeline', {}, { locale: 'fr' });
    const mine = (): string => h.fake.requests.filter((r) => r.path.includes(fr.token)).map((r) => visibleText(r.body)).join('\n');
    // The last message carries the footer: wait for it.
    await h.fake.until(() => mine().includes('Dates lues dans les articles'), 10_000, 'the whole French timeline');
    const all = mine();
    expect(all).toMatch(/26 janvier 2022/u);
    expect(all).toMatch(/date incertaine \(“mardi”\)/u);
  });

  it('a mention in French gets the bot\'s own words in French', async () => {
    h.fake.postMessage({ content: "Qu'a exigé la Russie de l'OTAN ?", mentionBot: true, userId: '1400000000000000077' });
    await h.fake.until(() => h.fake.requests.some((r) => r.method === 'POST' && /\/channels\/\d+\/messages$/u.test(r.path) && /Phrases citées des articles/u.test(visibleText(r.body))), 10_000, 'a French footer');
    const sent = h.fake.requests.filter((r) => r.method === 'POST' && /\/channels\/\d+\/messages$/u.test(r.path)).map((r) => visibleText(r.body)).join('\n');
    expect(sent).not.toMatch(/Sentences quoted from the articles/u);
  });

  it('/add-article refuses members without Manage Server, in their language', async () => {
    const { id } = h.fake.slashCommand('add-article', { url: `${base}/quarry.html` }, { permissions: '0', locale: 'fr' });
    const reply = await h.fake.waitFor(callback(id));
    expect(reply.body.type).toBe(4);
    expect(reply.body.data?.content).toBe('Seuls les membres ayant la permission Gérer le serveur peuvent ajouter des articles.');
    expect(reply.body.data?.flags).toBe(64);
  });

  it('/add-article with an attached .txt: saved with its facts, indexed by the same process, answerable at once', async () => {
    const started = Date.now();
    const { token } = h.fake.slashCommand('add-article', { date: '2022-03-07' }, { attachments: { file: { filename: 'harbor.txt', size: HARBOR.length, url: `${base}/harbor.txt`, contentType: 'text/plain; charset=utf-8' } } });
    const patched = await h.fake.waitFor(edit(token), 10_000);
    expect(patched.body.content).toMatch(/^Added “Velmar harbor reopens its northern terminal” \(English, \d+ chunks?\)/u);
    const sources = JSON.parse(readFileSync(join(corpus, 'sources.json'), 'utf8')) as Record<string, { date?: string }>;
    const docId = Object.keys(sources).find((key) => key.startsWith('added_'))!;
    expect(sources[docId]?.date).toBe('2022-03-07');
    expect(readFileSync(join(corpus, `${docId}.txt`), 'utf8')).toContain('42 ships were waiting');
    const asked = h.fake.slashCommand('ask', { question: 'How many ships were waiting outside the breakwater in Velmar?' });
    const answer = await h.fake.waitFor(edit(asked.token), 10_000);
    expect(visibleText(answer.body)).toMatch(/42 ships were waiting/u);
    expect(buttonIds(answer.body)[0]).toContain(docId);
    expect(Date.now() - started).toBeLessThan(10_000);
    // The same file again is a duplicate, refused, and nothing changes.
    const before = readFileSync(join(corpus, 'sources.json'), 'utf8');
    const again = h.fake.slashCommand('add-article', {}, { attachments: { file: { filename: 'harbor-copy.txt', size: HARBOR.length, url: `${base}/harbor.txt` } } });
    expect((await h.fake.waitFor(edit(again.token), 10_000)).body.content).toBe('That article is already in the corpus (“Velmar harbor reopens its northern terminal”).');
    expect(readFileSync(join(corpus, 'sources.json'), 'utf8')).toBe(before);
  });

  it('/add-article with a web page: Readability extracts the article, the facts go into sources.json', async () => {
    const { token } = h.fake.slashCommand('add-article', { url: `${base}/quarry.html` }, { locale: 'fr' });
    const patched = await h.fake.waitFor(edit(token), 10_000);
    expect(patched.body.content).toMatch(/^Article « Quarry strike ends in Dornfeld » ajouté \(anglais, \d+ passages?\)/u);
    const sources = JSON.parse(readFileSync(join(corpus, 'sources.json'), 'utf8')) as Record<string, { url?: string; publisher?: string; title?: string }>;
    const entry = Object.values(sources).find((s) => s.url === `${base}/quarry.html`);
    expect(entry).toMatchObject({ title: 'Quarry strike ends in Dornfeld', publisher: 'Dornfeld Courier' });
    const asked = await live.ask('How many quarry workers will return in Dornfeld?');
    expect(asked.answer).toMatch(/230 quarry workers/u);
    expect(asked.answer).not.toMatch(/Cookie settings|Subscribe now/u);
  });

  it('/add-article refuses wrong types, oversized files, short texts, both inputs and dead links, leaving nothing behind', async () => {
    const files = readdirSync(corpus).sort();
    const sources = readFileSync(join(corpus, 'sources.json'), 'utf8');
    const cases: Array<[Record<string, string>, Parameters<typeof h.fake.slashCommand>[2], string]> = [
      [{}, { attachments: { file: { filename: 'picture.png', size: 8, url: `${base}/picture.png`, contentType: 'image/png' } } }, 'Only .txt and .md files or web pages can be added (got picture.png).'],
      [{}, { attachments: { file: { filename: 'huge.txt', size: 5_000_000, url: `${base}/harbor.txt` } } }, 'That is too large to add (limit 98 KiB).'],
      [{ url: `${base}/short.txt` }, {}, 'There is too little article text to add (at least 200 characters).'],
      [{ url: `${base}/missing.html` }, {}, 'The article could not be downloaded (HTTP 404).'],
      [{ url: `${base}/picture.png` }, {}, 'Only .txt and .md files or web pages can be added (got image/png).'],
      [{ url: 'ftp://example.org/a.txt' }, {}, 'That is not an http(s) URL.'],
      [{}, {}, 'Attach a .txt or .md file, or give the URL of an article.'],
      [{ url: `${base}/harbor.txt`, date: 'yesterday' }, {}, 'The date must be written YYYY-MM-DD (or YYYY-MM, YYYY).'],
    ];
    for (const [values, options, line] of cases) {
      const { token } = h.fake.slashCommand('add-article', values, options);
      expect((await h.fake.waitFor(edit(token), 10_000)).body.content).toBe(line);
    }
    expect(readdirSync(corpus).sort()).toEqual(files);
    expect(readFileSync(join(corpus, 'sources.json'), 'utf8')).toBe(sources);
    expect(readdirSync(corpus).some((name) => name.endsWith('.tmp'))).toBe(false);
    expect(existsSync(join(corpus, 'sources.json'))).toBe(true);
  });
});
