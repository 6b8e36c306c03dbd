import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistant, type CrisisAssistant } from '../../src/app.ts';
import type { Timeline } from '../../src/types.ts';
import { localData, removeDir, tempDir, testConfig, useSeedAssistant } from '../support/seed-index.ts';
import { writeMadeUpCorpus } from './made-up-corpus.ts';

/** Every citation quotes its article verbatim at its offsets. */
function expectVerbatim(timeline: Timeline, assistant: CrisisAssistant): void {
  for (const citation of timeline.events.flatMap((e) => e.citations)) {
    expect(localData(assistant.snapshot).texts.article(citation.docId)?.text.slice(citation.start, citation.end)).toBe(citation.quote);
  }
}

function expectDateOrder(timeline: Timeline): void {
  const dates = timeline.events.map((e) => e.date);
  const firstNull = dates.indexOf(null);
  const dated = (firstNull < 0 ? dates : dates.slice(0, firstNull)) as string[];
  expect(dated).toEqual([...dated].sort());
  if (firstNull >= 0) expect(dates.slice(firstNull).every((d) => d === null)).toBe(true);
}

describe('timeline on an invented corpus', () => {
  let root: string;
  let assistant: CrisisAssistant;
  beforeAll(async () => {
    root = tempDir('crisisbot-timeline-');
    assistant = await createAssistant(testConfig(writeMadeUpCorpus(join(root, 'corpus')), join(root, 'data')));
  });
  afterAll(() => removeDir(root));

  it('dates events against each article\'s date, in order, merging the same event across articles and languages', async () => {
    const timeline = await assistant.timeline({ language: 'en' });
    expectDateOrder(timeline);
    expectVerbatim(timeline, assistant);
    const byDate = (date: string | null) => timeline.events.filter((e) => e.date === date);
    expect(byDate('2019')[0]?.text).toMatch(/^The dredging of the harbor channel began in 2019/u);
    expect(byDate('2020')[0]?.text).toMatch(/paused in 2020/u);
    // port_a and port_b (both "on Tuesday", dated 10 and 11 March) give the same announcement.
    const announcement = byDate('2022-03-08');
    expect(announcement).toHaveLength(1);
    expect(announcement[0]?.citations.map((c) => c.docId).sort()).toEqual(['port_a', 'port_b']);
    // The ferry resumed "on Wednesday" (port_a) and "mercredi" (port_c): one event, two citations.
    const ferry = byDate('2022-03-09');
    expect(ferry).toHaveLength(1);
    expect(ferry[0]?.citations.map((c) => c.docId).sort()).toEqual(['port_a', 'port_c']);
    expect(ferry[0]?.text).toMatch(/^The ferry service/u);
  });

  it('leaves the date unclear when the article has no date of its own', async () => {
    const timeline = await assistant.timeline({ language: 'fr' });
    const monday = timeline.events.find((e) => e.text.startsWith('City officials met on Monday'));
    expect(monday).toMatchObject({ date: null, dateText: 'on Monday' });
    expect(timeline.events.at(-1)?.date).toBeNull();
    // In French, the shared event is told by the French article.
    expect(timeline.events.find((e) => e.date === '2022-03-09')?.text).toMatch(/^Le service de ferry/u);
  });

  it('keeps to a topic', async () => {
    const timeline = await assistant.timeline({ topic: 'ferry strike', language: 'en' });
    expect(timeline.topic).toBe('ferry strike');
    expect(timeline.events.length).toBeGreaterThan(0);
    expect(timeline.events.every((e) => /ferry|strike/iu.test(e.citations.map((c) => c.quote).join(' ')))).toBe(true);
  });
});

describe('timeline on the seeds', () => {
  const seeds = useSeedAssistant();

  it('gives at least 10 dated events in date order, with the dates read from the articles', async () => {
    const timeline = await seeds.assistant.timeline({ language: 'en' });
    expectDateOrder(timeline);
    expectVerbatim(timeline, seeds.assistant);
    const dated = timeline.events.filter((e) => e.date !== null);
    expect(dated.length).toBeGreaterThanOrEqual(10);
    // Checked by reading the articles (000 is dated 18 Feb 2022; 004 says "Friday, January 28").
    const expected: Array<[RegExp, string]> = [
      [/^The United States and NATO formally rejected these requests on Wednesday/u, '2022-01-26'],
      [/^The United States also seized the UN Security Council on Thursday/u, '2022-01-27'],
      [/^Joe Biden announced on Friday, January 28/u, '2022-01-28'],
      [/^calling for a meeting on Monday/u, '2022-01-31'],
      [/^Kiev and the separatists have accused each other since Thursday/u, '2022-02-17'],
      [/Munich this Friday/u, '2022-02-18'],
      [/^Antony Blinken has also proposed a meeting .* next week/u, '2022-02-21'],
      [/^En 2021, ils étaient 29 soldats/u, '2021'],
      [/^La Russie a occupé la péninsule ukrainienne de Crimée en 2014/u, '2014'],
    ];
    for (const [pattern, date] of expected) expect(dated.find((e) => pattern.test(e.text))?.date, String(pattern)).toBe(date);
    // The English and French reports of the Munich conference are one event with both citations.
    const munich = dated.find((e) => /Munich this Friday/u.test(e.text));
    expect(munich?.citations.map((c) => c.docId).sort()).toEqual(['000_ff6ca0cd65f3d795', '001_a0e49a0f49ae79fb']);
  });

  it('never guesses a weekday for an article without a day of its own', async () => {
    const timeline = await seeds.assistant.timeline({ language: 'fr' });
    const tuesday = timeline.events.filter((e) => e.dateText === 'mardi');
    expect(tuesday.length).toBeGreaterThan(0);
    expect(tuesday.every((e) => e.date === null)).toBe(true);
  });
});
