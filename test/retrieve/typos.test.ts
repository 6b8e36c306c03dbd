/**
 * Typed questions carry typos ("seperatist", "brussles"): a word that is neither the corpus's nor a
 * word the lexicon knows is searched as the closest word of the corpus or the lexicon, within the
 * answer check's own tolerance. Invented articles (test/retrieve/fixtures/typos), so the rule stays general.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAssistant, type CrisisAssistant } from '../../src/app.ts';
import { Vocabulary } from '../../src/retrieve/vocabulary.ts';
import { removeDir, tempDir, testConfig } from '../support/seed-index.ts';

const MADE_UP = fileURLToPath(new URL('./fixtures/typos', import.meta.url));

describe('the vocabulary mends a typo', () => {
  const vocabulary = new Vocabulary(['Separatist militias exchanged fire with border guards. The harbour authority agreed. Ferries resumed.']);

  it('to the one corpus word an edit or two away (a swap, a missing or wrong letter)', () => {
    expect(vocabulary.corrected('seperatist')).toBe('separatist');
    expect(vocabulary.corrected('harbuor')).toBe('harbour');
    expect(vocabulary.corrected('feries')).toBe('ferries');
  });

  it('never a word the corpus has, a short word, or a word too far from any', () => {
    expect(vocabulary.corrected('separatist')).toBeUndefined();
    expect(vocabulary.corrected('gard')).toBeUndefined();
    expect(vocabulary.corrected('gards')).toBe('guards');
    expect(vocabulary.corrected('fir')).toBeUndefined();
    expect(vocabulary.corrected('harvest')).toBeUndefined();
  });

  it('to a dictionary word when the corpus has none close, and not when two different words are as close', () => {
    expect(new Vocabulary(['Les dirigeants se sont retrouvés à Bruxelles.'], () => ['brussels']).corrected('brussles')).toBe('brussels');
    const twoWords = new Vocabulary(['The tanks arrived. The talks ended.']);
    expect(twoWords.corrected('tarks')).toBeUndefined();
  });
});

describe('a question with a typo, on invented articles', () => {
  let root = '';
  let assistant: CrisisAssistant;
  beforeAll(async () => {
    root = tempDir('crisisbot-typos-');
    assistant = await createAssistant(testConfig(MADE_UP, join(root, 'data')));
  });
  afterAll(() => removeDir(root));

  it('finds the passage by the word meant, in the word index too', async () => {
    const found = await assistant.search('seperatists shelling');
    expect(found.passages[0]?.chunk.docId).toBe('211_militia_en');
    expect(found.passages[0]?.lexicalScore).toBeGreaterThan(0);
  });

  it('reads the question as meant, through a lexicon word the articles do not use ("brussles" → Brussels → Bruxelles)', async () => {
    const found = await assistant.search('summit in brussles');
    expect(found.mended).toBe('summit in brussels');
    expect(found.passages[0]?.chunk.docId).toBe('212_sommet_fr');
    const answer = await assistant.ask('when did the leaders meet in brussles?');
    expect(answer.answer).toMatch(/\*\*lundi\*\* \[1\]/u);
  });

  it('leaves alone a real word the articles do not use, and a question without typos', async () => {
    expect((await assistant.search('when did the strike end?')).mended).toBeUndefined();
    expect((await assistant.search('who attended the summit?')).mended).toBeUndefined();
  });
});
