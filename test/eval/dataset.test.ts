import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CrisisbotError } from '../../src/errors.ts';
import { patterns, readDataset } from '../../src/eval/dataset.ts';
import { removeDir, REPO_DIR, tempDir } from '../support/seed-index.ts';

const item = { id: 'x1', lang: 'en', question: 'Who is Peskov?', answerable: true, docs: ['003'], evidence: ['Peskov'], answer: ['porte-parole|spokes'] };

describe('readDataset', () => {
  const dir = tempDir('crisisbot-dataset-');
  afterAll(() => removeDir(dir));
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('reads one item a line, skipping blank lines', async () => {
    const items = await readDataset(file('ok.jsonl', `${JSON.stringify(item)}\n\n${JSON.stringify({ ...item, id: 'x2', lang: 'fr' })}\n`));
    expect(items.map((i) => i.id)).toEqual(['x1', 'x2']);
  });

  it('reads the shipped dev set', async () => {
    const items = await readDataset(join(REPO_DIR, 'eval', 'dev.jsonl'));
    expect(items.length).toBeGreaterThan(10);
    expect(items.some((i) => !i.answerable)).toBe(true);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
  });

  it('reports a bad line with its number', async () => {
    const path = file('bad.jsonl', `${JSON.stringify(item)}\n${JSON.stringify({ ...item, lang: 'de' })}\n`);
    await expect(readDataset(path)).rejects.toSatisfy((e: unknown) => e instanceof CrisisbotError && e.code === 'DATASET_INVALID' && e.message.includes('line 2'));
    await expect(readDataset(file('json.jsonl', '{ nope'))).rejects.toMatchObject({ code: 'DATASET_INVALID', message: expect.stringContaining('line 1') as unknown });
  });

  it('reports a missing or empty dataset', async () => {
    await expect(readDataset(join(dir, 'missing.jsonl'))).rejects.toMatchObject({ code: 'DATASET_INVALID' });
    await expect(readDataset(file('empty.jsonl', '\n\n'))).rejects.toMatchObject({ code: 'DATASET_INVALID' });
  });

  it('patterns are case-insensitive regular expressions', () => {
    const [p] = patterns(['kouleba|kuleba']);
    expect(p?.test('Dmitro KOULEBA a dit')).toBe(true);
    expect(p?.test('Peskov')).toBe(false);
  });
});
