/** Slash commands, autocomplete and buttons through the real discord.js client and the fake Discord. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Assistant } from '../../src/ports.ts';
import { FakeAssistant, hugeAnswer } from '../support/fake-assistant.ts';
import type { RecordedRequest } from '../support/fake-discord.ts';
import { buttonIds, embedOf, settle, startHarness, waitForAnswers, type Harness } from './harness.ts';
import { expectWithinDiscordLimits } from './limits.ts';
import { THREAT_DOCS, THREAT_QUESTION, realAssistant } from './real-assistant.ts';

const callback = (id: string) => (r: RecordedRequest) => r.method === 'POST' && r.path.startsWith(`/interactions/${id}/`) && r.path.endsWith('/callback');
const edit = (token: string) => (r: RecordedRequest) => r.method === 'PATCH' && r.path.endsWith(`/${token}/messages/@original`);

describe('with the real assistant on the seeds', () => {
  let h: Harness;
  let real: { assistant: Assistant; cleanup: () => void };
  beforeAll(async () => {
    real = await realAssistant();
    h = await startHarness(real.assistant);
  });
  afterAll(async () => {
    await h.close();
    real.cleanup();
  });
  beforeEach(() => h.fake.reset());

  it('/ask defers at once (type 5), then edits @original with the cited answer', async () => {
    const { fake } = h;
    const { id, token } = fake.slashCommand('ask', { question: THREAT_QUESTION });
    const patched = await fake.waitFor(edit(token));
    const calls = fake.requests.filter(callback(id));
    expect(calls.map((r) => r.body.type)).toEqual([5]);
    expect(fake.requests.indexOf(calls[0]!)).toBeLessThan(fake.requests.indexOf(patched));
    expect(embedOf(patched.body).description).toMatch(/threatens to react, including militarily/u);
    expect(buttonIds(patched.body)[0]).toMatch(new RegExp(`^passage:1:(${THREAT_DOCS.join('|')})#\\d+$`, 'u'));
    expect(patched.body.allowed_mentions?.parse).toEqual([]);
  });

  it('/summary autocompletes article titles (type 4 → callback type 8 with choices), then summarises that article', async () => {
    const { fake } = h;
    const { id } = fake.autocomplete('summary', { article: 'letter' }, 'article');
    const reply = await fake.waitFor(callback(id));
    expect(reply.body.type).toBe(8);
    const expected = await real.assistant.findArticles('letter');
    expect(expected.length).toBeGreaterThan(0);
    expect(reply.body.data!.choices).toEqual(expected.map((s) => ({ name: s.title.length <= 100 ? s.title : expect.stringMatching(/…$/u), value: s.docId })));
    const docId = expected[0]!.docId;
    const run = fake.slashCommand('summary', { article: docId });
    const patched = await fake.waitFor(edit(run.token));
    expect(fake.requests.find(callback(run.id))!.body.type).toBe(5);
    expect(embedOf(patched.body).title).toBeTruthy();
    const cited = buttonIds(patched.body).filter((b) => b.startsWith('passage:'));
    expect(cited.length).toBeGreaterThan(0);
    for (const button of cited) expect(button).toContain(`:${docId}#`);
  });

  it('/sources lists every article with language and chunk count', async () => {
    const { fake } = h;
    const { id } = fake.slashCommand('sources');
    const reply = await fake.waitFor(callback(id));
    expect(reply.body.type).toBe(4);
    const description = embedOf(reply.body.data).description ?? '';
    const sources = await real.assistant.sources();
    expect(description.split('\n')).toHaveLength(sources.length);
    for (const source of sources) expect(description).toContain(`${source.lang.toUpperCase()}${source.date ? ` · ${source.date}` : ''}`);
    expect(description).toContain(`${sources[0]!.chunks} chunks`);
  });

  it('/search shows the top passages without an answer; "Passage 1" shows the full passage ephemerally', async () => {
    const { fake } = h;
    const { token } = fake.slashCommand('search', { query: 'NATO enlargement' });
    const patched = await fake.waitFor(edit(token));
    expect(embedOf(patched.body).title).toBe('Top passages for “NATO enlargement”');
    expect(embedOf(patched.body).fields).toHaveLength(5);
    const [first] = buttonIds(patched.body);
    const chunkId = first!.split(':').slice(2).join(':');
    const message = [...fake.messages.values()].at(-1);
    const press = fake.pressButton(first!, message);
    const reply = await fake.waitFor(callback(press.id));
    expect(reply.body.type).toBe(4);
    expect(reply.body.data!.flags).toBe(64);
    expect(embedOf(reply.body.data).description).toBe((await real.assistant.chunk(chunkId))!.text);
    expect(reply.body.data!.allowed_mentions?.parse).toEqual([]);
  });

  it('/help lists every command, ephemerally', async () => {
    const { fake } = h;
    const { id } = fake.slashCommand('help');
    const reply = await fake.waitFor(callback(id));
    expect(reply.body.data!.flags).toBe(64);
    for (const name of ['/ask', '/summary', '/search', '/sources', '/help']) expect(embedOf(reply.body.data).description).toContain(name);
  });
});

describe('with a controlled assistant', () => {
  let h: Harness;
  const assistant = new FakeAssistant();
  beforeAll(async () => {
    h = await startHarness(assistant);
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => {
    h.fake.reset();
    assistant.answerWith = undefined;
  });

  it('/ask private:true answers ephemerally, follow-ups included', async () => {
    const { fake } = h;
    assistant.answerWith = (q) => hugeAnswer(q);
    const { id } = fake.slashCommand('ask', { question: 'Tell me everything', private: true }, { userId: '1400000000000000100' });
    const sent = await waitForAnswers(fake);
    expect(fake.requests.find(callback(id))!.body).toEqual({ type: 5, data: { flags: 64 } });
    const followUps = sent.filter((m) => m.route === 'followup');
    expect(followUps.length).toBeGreaterThan(2);
    for (const { payload } of followUps) expect(payload.flags).toBe(64);
    for (const { payload } of sent) expectWithinDiscordLimits(payload);
  });

  it('👍 appends the question, answer, citations and a hashed user id to feedback.jsonl', async () => {
    const { fake } = h;
    const userId = '1400000000000000110';
    const { token } = fake.slashCommand('ask', { question: 'What did Russia threaten?' }, { userId });
    const patched = await fake.waitFor(edit(token));
    const up = buttonIds(patched.body).find((b) => b.startsWith('feedback:up:'))!;
    const press = fake.pressButton(up, [...fake.messages.values()].at(-1), { userId });
    const reply = await fake.waitFor(callback(press.id));
    expect(reply.body.data).toMatchObject({ content: 'Thanks — your 👍 was recorded.', flags: 64 });
    const raw = readFileSync(join(h.config.DATA_DIR, 'feedback.jsonl'), 'utf8');
    expect(raw).not.toContain(userId);
    const entry = JSON.parse(raw.trim().split('\n').at(-1)!);
    expect(entry).toMatchObject({ vote: 'up', question: 'What did Russia threaten?', answer: embedOf(patched.body).description, userHash: createHash('sha256').update(userId).digest('hex') });
    expect(entry.citations[0]).toMatchObject({ n: 1, docId: '000_ff6ca0cd65f3d795' });
  });

  it('a throwing handler becomes one line in the deferred reply; the next command is served', async () => {
    const { fake } = h;
    assistant.failNext(new Error('boom with internals'));
    const failed = fake.slashCommand('ask', { question: 'What did Russia threaten?' }, { userId: '1400000000000000120' });
    const line = await fake.waitFor(edit(failed.token));
    expect(line.body).toMatchObject({ content: 'Something went wrong on our side; the error was logged. Please try again.', embeds: [], components: [] });
    const next = fake.slashCommand('ask', { question: 'What did Russia threaten?' }, { userId: '1400000000000000120' });
    const answer = await fake.waitFor(edit(next.token));
    expect(embedOf(answer.body).description).toContain('[1]');
  });

  it('the cooldown refuses the fourth quick /ask ephemerally, without deferring or asking', async () => {
    const { fake } = h;
    for (let i = 0; i < 3; i++) await fake.waitFor(edit(fake.slashCommand('ask', { question: `What did Russia threaten? ${i}` }, { userId: '1400000000000000130' }).token));
    const calls = assistant.calls.length;
    const { id } = fake.slashCommand('ask', { question: 'What did Russia threaten? again' }, { userId: '1400000000000000130' });
    const reply = await fake.waitFor(callback(id));
    expect(reply.body.type).toBe(4);
    expect(reply.body.data!.flags).toBe(64);
    expect(reply.body.data!.content).toMatch(/^You're asking quickly — try again in \d+s\.$/u);
    await settle();
    expect(assistant.calls.length).toBe(calls);
  });

  it('refuses an over-long /ask question with the limit, ephemerally', async () => {
    const { fake } = h;
    const { id } = fake.slashCommand('ask', { question: 'x'.repeat(501) }, { userId: '1400000000000000140' });
    const reply = await fake.waitFor(callback(id));
    expect(reply.body).toMatchObject({ type: 4, data: { content: 'That question is 501 characters long; please keep it under 500.', flags: 64 } });
  });

  it('a stale "Passage n" button answers with a line, not an error', async () => {
    const { fake } = h;
    const press = fake.pressButton('passage:1:gone_doc#9', [...fake.messages.values()].at(-1) ?? undefined);
    const reply = await fake.waitFor(callback(press.id));
    expect(reply.body.data!.content).toMatch(/no longer in the index/u);
  });
});

describe('when every answer slot is taken', () => {
  it('tells the extra askers the bot is busy', async () => {
    const assistant = new FakeAssistant();
    assistant.delayMs = 400;
    const h = await startHarness(assistant, { MAX_CONCURRENT_ANSWERS: '1' });
    try {
      const tokens = [1, 2, 3, 4].map((i) => h.fake.slashCommand('ask', { question: `What did Russia threaten? ${i}` }, { userId: `14000000000000002${i}0` }).token);
      const edits = await Promise.all(tokens.map((token) => h.fake.waitFor(edit(token))));
      const busy = edits.filter((r) => /^I'm answering several questions right now/u.test(r.body.content ?? ''));
      expect(busy).toHaveLength(1);
      expect(edits.filter((r) => (r.body.embeds?.length ?? 0) > 0)).toHaveLength(3);
    } finally {
      await h.close();
    }
  });
});
