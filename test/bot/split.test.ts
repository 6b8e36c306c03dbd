import { describe, expect, it } from 'vitest';
import { packLines, splitText, truncate } from '../../src/bot/split.ts';

const MARKERS = /\[\d+(?:\s*,\s*\d+)*\]/gu;
const flat = (text: string): string => text.replace(/\s+/gu, ' ').trim();

/** A paragraph of `n` cited sentences of varying length. */
function citedText(n: number): string {
  return Array.from({ length: n }, (_, i) => `Sentence ${i} says that the talks in Geneva ${'went on and on '.repeat(i % 7)}ended without agreement [${(i % 9) + 1}].`).join(' ');
}

function expectCleanPieces(text: string, pieces: string[], max: number): void {
  expect(pieces.length).toBeGreaterThan(1);
  for (const piece of pieces) {
    expect(piece.length).toBeLessThanOrEqual(max);
    expect(piece).toBe(piece.trim());
    // No piece starts or ends inside a marker.
    expect(piece).not.toMatch(/\[[\d,\s]*$/u);
    expect(piece).not.toMatch(/^[\d,\s]*\]/u);
    // No piece starts with a marker torn from its claim.
    expect(piece).not.toMatch(/^\[\d/u);
  }
  expect(flat(pieces.join(' '))).toBe(flat(text));
  expect(pieces.flatMap((p) => p.match(MARKERS) ?? [])).toEqual(text.match(MARKERS) ?? []);
}

describe('splitText', () => {
  it('returns text that fits whole', () => {
    expect(splitText('  Short answer [1].  ', 100)).toEqual(['Short answer [1].']);
    expect(splitText('', 100)).toEqual([]);
  });

  it('splits at sentence ends, keeping each [n] with its sentence', () => {
    const text = citedText(60);
    const pieces = splitText(text, 500);
    expectCleanPieces(text, pieces, 500);
    for (const piece of pieces) expect(piece).toMatch(/\.$/u);
  });

  it('keeps a marker that follows the full stop with its sentence', () => {
    const text = Array.from({ length: 30 }, (_, i) => `Moscow replied in writing on day ${i}. [${i + 1}]`).join(' ');
    const pieces = splitText(text, 120);
    expectCleanPieces(text, pieces, 120);
    for (const piece of pieces) expect(piece).toMatch(/\. \[\d+\]$/u);
  });

  it('prefers paragraph breaks when one falls in the second half', () => {
    const first = 'A'.repeat(10) + ' ' + citedText(3);
    const text = `${first}\n\n${citedText(3)}`;
    const pieces = splitText(text, first.length + 40);
    expect(pieces[0]).toBe(first);
  });

  it('splits one over-long sentence at spaces, never before a marker', () => {
    const text = `${'word '.repeat(300)}[12] and ${'more '.repeat(300)}[3, 4].`;
    const pieces = splitText(text, 200);
    expectCleanPieces(text, pieces, 200);
    expect(pieces.some((p) => /word \[12\] and/u.test(p))).toBe(true);
  });

  it('hard-cuts a giant word but moves the cut off a marker', () => {
    const text = `${'x'.repeat(95)}[123]${'y'.repeat(50)}`;
    const pieces = splitText(text, 98);
    expect(pieces[0]).toBe('x'.repeat(95));
    expect(pieces[1]).toMatch(/^\[123\]y+$/u);
  });

  it('does not split an emoji surrogate pair', () => {
    const pieces = splitText('😀'.repeat(30), 15);
    for (const piece of pieces) expect(piece).not.toMatch(/[\uD800-\uDBFF]$/u);
    expect(pieces.join('')).toBe('😀'.repeat(30));
  });
});

describe('truncate and packLines', () => {
  it('truncates at a word boundary with an ellipsis', () => {
    const out = truncate('The Kremlin demands a withdrawal of American forces', 30);
    expect(out.length).toBeLessThanOrEqual(30);
    expect(out).toBe('The Kremlin demands a…');
    expect(truncate('short', 30)).toBe('short');
  });

  it('packs lines into groups within the limit', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `[${i + 1}] ${'title '.repeat(10)}`);
    const groups = packLines(lines, 1024);
    for (const group of groups) expect(group.length).toBeLessThanOrEqual(1024);
    expect(groups.join('\n').split('\n')).toHaveLength(40);
  });
});
