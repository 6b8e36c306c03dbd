import { describe, expect, it } from 'vitest';
import { parseCustomId } from '../../src/bot/render/components.ts';
import { renderAnswer, renderSummary } from '../../src/bot/render/cited.ts';
import { renderPassage, renderSearch, renderSources } from '../../src/bot/render/lists.ts';
import type { Answer } from '../../src/types.ts';
import { FAKE_CHUNKS, answerQuoting, citationOf, hugeAnswer } from '../support/fake-assistant.ts';
import { expectWithinDiscordLimits } from './limits.ts';

const markers = (text: string): string[] => text.match(/\[\d+\]/gu) ?? [];

describe('renderAnswer', () => {
  it('renders a short answer as one embed with footnotes, passage buttons and feedback', () => {
    const answer = answerQuoting('What did Russia threaten?', FAKE_CHUNKS.slice(1, 3));
    const [message, ...rest] = renderAnswer(answer, 'a1');
    expect(rest).toHaveLength(0);
    expectWithinDiscordLimits(message);
    const embed = message!.embeds[0]!;
    expect(embed.description).toBe(answer.answer);
    const [first, second] = answer.citations;
    expect(embed.fields?.[0]?.value).toContain(`[1] ${first!.title} — “${first!.quote}”`);
    expect(embed.fields?.[0]?.value).toContain(`[2] ${second!.title} — “`);
    const ids = message!.components.flatMap((row) => row.components.map((b) => ('custom_id' in b ? b.custom_id : '')));
    expect(ids).toEqual([`passage:1:${first!.chunkId}`, `passage:2:${second!.chunkId}`, 'feedback:up:a1', 'feedback:down:a1']);
    expect(ids.map(parseCustomId)).toContainEqual({ kind: 'passage', n: 1, chunkId: first!.chunkId });
  });

  it('splits a huge answer into messages that each keep every limit, without cutting a marker', () => {
    const answer = hugeAnswer();
    const messages = renderAnswer(answer, 'big');
    expect(messages.length).toBeGreaterThan(3);
    for (const message of messages) expectWithinDiscordLimits(message);
    const descriptions = messages.flatMap((m) => m.embeds.map((e) => e.description ?? ''));
    expect(markers(descriptions.join(' '))).toEqual(markers(answer.answer));
    for (const d of descriptions.filter(Boolean)) expect(d).toMatch(/\]\.$/u);
    const footnotes = messages.flatMap((m) => m.embeds.flatMap((e) => e.fields ?? [])).flatMap((f) => f.value.split('\n'));
    expect(footnotes.map((line) => /^\[(\d+)\]/u.exec(line)?.[1])).toEqual(answer.citations.map((c) => String(c.n)));
    // Feedback only under the last message; every citation has its button somewhere.
    expect(messages.at(-1)!.components.at(-1)!.components.map((b) => ('custom_id' in b ? b.custom_id : ''))).toEqual(['feedback:up:big', 'feedback:down:big']);
    const buttons = messages.flatMap((m) => m.components.flatMap((r) => r.components.map((b) => ('custom_id' in b ? b.custom_id : ''))));
    expect(buttons.filter((id) => id.startsWith('passage:'))).toHaveLength(30);
  });

  it('an abstention that shows what the articles do say keeps its footnote and passage button', () => {
    const cited = answerQuoting('How many soldiers died so far in 2022?', FAKE_CHUNKS.slice(1, 2));
    const answer: Answer = { ...cited, abstained: true, answer: `The articles don't give this for 2022. They give only the 2021 figure:\n“${cited.citations[0]!.quote}” [1]` };
    const [message] = renderAnswer(answer, 'y');
    expectWithinDiscordLimits(message);
    expect(message!.embeds[0]?.description).toBe(answer.answer);
    expect(message!.embeds[0]?.fields?.[0]?.value).toContain('[1]');
  });

  it('renders an abstention plainly, with the notice as a short line', () => {
    const answer: Answer = { question: 'Who won the 2022 World Cup?', language: 'en', abstained: true, answer: 'The sources do not cover this. Closest articles: A; B.', citations: [], passages: [], method: 'llm', notice: 'The language model is unavailable; showing an extractive answer.' };
    const [message] = renderAnswer(answer, 'x');
    expect(message!.embeds).toEqual([]);
    expect(message!.content).toBe('⚠️ The language model is unavailable; showing an extractive answer.\nThe sources do not cover this. Closest articles: A; B.');
  });
});

describe('other renderings', () => {
  it('titles a summary and keeps its footnotes', () => {
    const citations = FAKE_CHUNKS.slice(0, 2).map((chunk, i) => citationOf(chunk, i + 1));
    const [message] = renderSummary({ scope: 'corpus', language: 'en', title: 'Summary of all articles', summary: '• One [1]\n• Two [2]', citations, method: 'extractive' });
    expect(message!.embeds[0]!.title).toBe('Summary of all articles');
    expect(message!.embeds[0]!.fields?.[0]?.value.split('\n')).toHaveLength(2);
  });

  it('lists search results as fields with passage buttons, and a long passage over several messages', () => {
    const passages = FAKE_CHUNKS.slice(0, 5).map((chunk, i) => ({ rank: i + 1, chunk, score: 0.9, vectorScore: 0.5, lexicalScore: 1 }));
    const [message] = renderSearch({ query: 'NATO', queryLang: 'en', passages, relevance: 1, unknownNames: [], names: 0, evidence: 1 });
    expectWithinDiscordLimits(message);
    expect(message!.embeds[0]!.fields).toHaveLength(5);
    const long = { ...FAKE_CHUNKS[0]!, text: 'A long passage sentence. '.repeat(400) };
    const pages = renderPassage(1, long);
    expect(pages.length).toBeGreaterThan(2);
    for (const page of pages) expectWithinDiscordLimits(page);
  });

  it('lists sources with language, date and chunk count', () => {
    const [message] = renderSources([{ docId: 'd', title: 'Title', lang: 'fr', date: '2022-02-18', chunks: 4 }]);
    expect(message!.embeds[0]!.description).toBe('• Title — FR · 2022-02-18 · 4 chunks');
  });
});
