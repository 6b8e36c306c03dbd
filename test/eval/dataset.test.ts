import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CrisisbotError } from '../../src/errors.ts';
import { patterns, readDataset, selectSet, type EvalItem } from '../../src/eval/dataset.ts';
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

  it('the shipped dev set has two halves, each with answerable and at least 10 unanswerable questions', async () => {
    const items = await readDataset(join(REPO_DIR, 'eval', 'dev.jsonl'));
    expect(items.length).toBeGreaterThanOrEqual(60);
    for (const half of ['tune', 'report'] as const) {
      const set = selectSet(items, half);
      expect(set.length).toBeGreaterThanOrEqual(30);
      expect(set.filter((i) => !i.answerable).length).toBeGreaterThanOrEqual(10);
      expect(set.some((i) => i.lang === 'fr') && set.some((i) => i.lang === 'en')).toBe(true);
    }
    expect(selectSet(items, 'tune').length + selectSet(items, 'report').length).toBe(items.length);
  });

  it('selectSet picks a half, and refuses halves of a dataset without splits', () => {
    const items = [
      { ...item, split: 'tune' },
      { ...item, id: 'x2', split: 'report' },
    ] as EvalItem[];
    expect(selectSet(items, 'report').map((i) => i.id)).toEqual(['x2']);
    expect(selectSet(items, 'all')).toHaveLength(2);
    expect(() => selectSet([item as EvalItem], 'tune')).toThrow(/no "split" field/u);
    expect(selectSet([item as EvalItem], 'all')).toHaveLength(1);
  });

  it('patterns are case-insensitive regular expressions', () => {
    const [p] = patterns(['kouleba|kuleba']);
    expect(p?.test('Dmitro KOULEBA a dit')).toBe(true);
    expect(p?.test('Peskov')).toBe(false);
  });
});
