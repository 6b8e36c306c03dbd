import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Tinyld from 'tinyld';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanArticle } from '../../src/corpus/clean.ts';
import { loadDetector, MODEL_LANGUAGES, writeRestrictedModel } from '../../src/corpus/language-model.ts';
import { removeDir, REPO_DIR, SEEDS_DIR, tempDir } from '../support/seed-index.ts';

const require = createRequire(import.meta.url);
const whole = require('tinyld') as typeof Tinyld;

/** What detection sees in practice: whole articles, every 1–5-word phrase of them, the eval questions, other languages. */
function samples(): string[] {
  const texts: string[] = [];
  for (const name of readdirSync(SEEDS_DIR).filter((file) => file.endsWith('.txt'))) {
    const text = cleanArticle(readFileSync(join(SEEDS_DIR, name), 'utf8')).text;
    texts.push(text.slice(0, 4000));
    const words = text.split(/\s+/u).filter(Boolean);
    for (let n = 1; n <= 5; n++) for (let i = 0; i + n <= words.length; i++) texts.push(words.slice(i, i + n).join(' '));
  }
  const questions = readFileSync(join(REPO_DIR, 'eval', 'dev.jsonl'), 'utf8').split('\n').filter(Boolean);
  texts.push(...questions.map((line) => (JSON.parse(line) as { question: string }).question));
  texts.push('Wie viele Soldaten schickt Biden nach Osteuropa?', '¿Cuántos soldados enviará Biden?', 'Сколько солдат?', '北京', 'Peskov', '');
  return texts;
}

describe("tinyld's model cut down to French and English", () => {
  let dir: string;
  let file: URL;
  beforeAll(() => {
    dir = tempDir('crisisbot-language-model-');
    file = pathToFileURL(join(dir, 'tinyld-fr-en.cjs'));
    writeRestrictedModel(file);
  });
  afterAll(() => removeDir(dir));

  it('is a fraction of the whole model', () => {
    expect(statSync(file).size).toBeLessThan(statSync(require.resolve('tinyld')).size / 5);
  });

  it('scores every text exactly as the whole model does when detection is restricted to French and English', () => {
    const restricted = loadDetector(file);
    expect(restricted).not.toBe(whole);
    const texts = samples();
    expect(texts.length).toBeGreaterThan(10_000);
    const differing = texts.filter((text) => JSON.stringify(restricted.detectAll(text, { only: MODEL_LANGUAGES })) !== JSON.stringify(whole.detectAll(text, { only: MODEL_LANGUAGES })));
    expect(differing).toEqual([]);
  });

  it('is used only when it was cut from the installed tinyld; otherwise tinyld is loaded whole', () => {
    const other = pathToFileURL(join(dir, 'other.cjs'));
    writeFileSync(other, readFileSync(file, 'utf8').replace(/sha256 [0-9a-f]{64}/u, `sha256 ${'0'.repeat(64)}`));
    expect(loadDetector(other)).toBe(whole);
    expect(loadDetector(pathToFileURL(join(dir, 'missing.cjs')))).toBe(whole);
  });
});
