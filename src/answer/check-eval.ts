/**
 * Scoring the claim checker on a JSONL set of claims with expected verdicts (eval/claims.jsonl):
 * share right, per kind of claim, and the rule that no `contradicted` verdict comes without a
 * quoted sentence showing the difference.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { CrisisbotError } from '../errors.ts';
import type { Assistant } from '../ports.ts';
import type { CheckVerdict, ClaimCheck } from '../types.ts';

const verdict = z.enum(['supported', 'contradicted', 'not_found', 'mixed']);
const claimItem = z.object({ id: z.string(), claim: z.string().min(1), expected: verdict, kind: z.string().default('other') });
export type ClaimItem = z.infer<typeof claimItem>;

/** Reads a claims file (one JSON object a line). */
export async function readClaims(path: string): Promise<ClaimItem[]> {
  const text = await readFile(path, 'utf8').catch((error: unknown) => {
    throw new CrisisbotError('DATASET_INVALID', `Cannot read ${path}: ${(error as Error).message}`);
  });
  return text
    .split('\n')
    .map((line, i) => ({ line: line.trim(), i }))
    .filter(({ line }) => line !== '')
    .map(({ line, i }) => {
      const parsed = claimItem.safeParse(JSON.parse(line));
      if (!parsed.success) throw new CrisisbotError('DATASET_INVALID', `${path}:${i + 1}: ${z.prettifyError(parsed.error).replace(/\s+/g, ' ')}`);
      return parsed.data;
    });
}

export interface ClaimResult {
  id: string;
  kind: string;
  expected: CheckVerdict;
  got: CheckVerdict;
  right: boolean;
  /** For `contradicted`: every contradicted statement quotes at least one sentence. */
  quoted: boolean;
  reasons: string[];
}

export interface ClaimsReport {
  claims: number;
  right: number;
  accuracy: number;
  byKind: Record<string, { claims: number; right: number }>;
  /** `contradicted` verdicts (on statements) without a quoted sentence: must be 0. */
  contradictedWithoutQuote: number;
  results: ClaimResult[];
}

function judge(item: ClaimItem, check: ClaimCheck): ClaimResult {
  const contradicted = check.statements.filter((s) => s.verdict === 'contradicted');
  const quoted = contradicted.every((s) => s.citations.length > 0 && s.citations.every((c) => c.quote.trim() !== ''));
  return { id: item.id, kind: item.kind, expected: item.expected, got: check.verdict, right: check.verdict === item.expected, quoted, reasons: check.statements.map((s) => `${s.verdict}: ${s.reason}`) };
}

/** Checks every claim and scores the verdicts. */
export async function runClaimsEval(assistant: Pick<Assistant, 'check'>, items: ClaimItem[]): Promise<ClaimsReport> {
  const results: ClaimResult[] = [];
  for (const item of items) results.push(judge(item, await assistant.check(item.claim)));
  const byKind: ClaimsReport['byKind'] = {};
  for (const r of results) {
    const entry = (byKind[r.kind] ??= { claims: 0, right: 0 });
    entry.claims++;
    if (r.right) entry.right++;
  }
  const right = results.filter((r) => r.right).length;
  return { claims: results.length, right, accuracy: results.length === 0 ? 0 : right / results.length, byKind, contradictedWithoutQuote: results.filter((r) => !r.quoted).length, results };
}
