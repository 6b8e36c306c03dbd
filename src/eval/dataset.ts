/** The evaluation set format (see eval/README): one JSON object a line. */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { CrisisbotError } from '../errors.ts';

const itemSchema = z.object({
  id: z.string(),
  lang: z.enum(['en', 'fr']),
  question: z.string(),
  answerable: z.boolean(),
  docs: z.array(z.string()),
  evidence: z.array(z.string()),
  answer: z.array(z.string()),
  /** Which half the item belongs to: `tune` (methods are tuned on it) or `report` (figures are reported on it). */
  split: z.enum(['tune', 'report']).optional(),
});
export type EvalItem = z.infer<typeof itemSchema>;

/** Reads and validates a JSONL dataset; a bad line is reported with its number. */
export async function readDataset(path: string): Promise<EvalItem[]> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch {
    throw new CrisisbotError('DATASET_INVALID', `Dataset not found: ${path}`);
  }
  const items: EvalItem[] = [];
  raw.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      items.push(itemSchema.parse(JSON.parse(line)));
    } catch {
      throw new CrisisbotError('DATASET_INVALID', `Dataset ${path}, line ${i + 1}: not a valid item.`);
    }
  });
  if (items.length === 0) throw new CrisisbotError('DATASET_INVALID', `Dataset ${path} has no items.`);
  return items;
}

/** A half of a dataset, or all of it. */
export type EvalSet = 'all' | 'tune' | 'report';

/** The items of one half (`all`: every item); a dataset without `split` fields has no halves. */
export function selectSet(items: EvalItem[], set: EvalSet): EvalItem[] {
  if (set === 'all') return items;
  if (!items.some((item) => item.split !== undefined)) {
    throw new CrisisbotError('DATASET_INVALID', `This dataset has no "split" field, so it has no ${set} half; run it whole (--set all).`);
  }
  return items.filter((item) => item.split === set);
}

/** Case-insensitive regular expressions from the dataset. */
export function patterns(sources: string[]): RegExp[] {
  return sources.map((source) => new RegExp(source, 'iu'));
}
