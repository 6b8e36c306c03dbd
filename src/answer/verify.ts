/**
 * Citation verification for model-written text: a citation survives only when its passage number
 * exists and its quote is a verbatim span of that passage. Markers are then made consistent with
 * the survivors: dangling ones removed, the rest renumbered 1..k by first appearance.
 */
import { splitSentences } from '../corpus/sentences.ts';
import type { Chunk, Citation, Lang } from '../types.ts';
import { locateQuote } from './citations.ts';
import type { ReplyCitation } from './llm-reply.ts';

/** A numbered source the model could cite. */
export interface VerifySource {
  n: number;
  chunk: Chunk;
}

/** Why a claimed citation was dropped (kept for the logs). */
export type DropReason = 'unknown-passage' | 'quote-not-found' | 'duplicate' | 'unreferenced';

export interface DroppedCitation {
  n: number;
  quote: string;
  reason: DropReason;
}

/** Text and citations that can be shown to the user, plus what was thrown away. */
export interface VerifiedText {
  text: string;
  citations: Citation[];
  dropped: DroppedCitation[];
}

/** `[1]`, `[1, 2]`, `[1;3]`, with the whitespace before it (so removing it leaves no gap). */
const MARKER_GROUP = /([ \t\u00a0]*)\[(\s*\d+\s*(?:[,;]\s*\d+\s*)*)\]/g;

/**
 * Verifies `claimed` citations against `sources` and rewrites the `[n]` markers of `text`.
 * The first verifiable citation per passage number wins; a verified citation that no marker
 * refers to is dropped too (every citation must support a claim in the text).
 */
export function verifyCitations(text: string, claimed: readonly ReplyCitation[], sources: readonly VerifySource[]): VerifiedText {
  const byNumber = new Map(sources.map((source) => [source.n, source.chunk]));
  const dropped: DroppedCitation[] = [];
  const located = new Map<number, { chunk: Chunk; quote: string; start: number; end: number }>();

  for (const { n, quote } of claimed) {
    const chunk = byNumber.get(n);
    if (!chunk) {
      dropped.push({ n, quote, reason: 'unknown-passage' });
      continue;
    }
    if (located.has(n)) {
      dropped.push({ n, quote, reason: 'duplicate' });
      continue;
    }
    const span = locateQuote(quote, chunk);
    if (!span) {
      dropped.push({ n, quote, reason: 'quote-not-found' });
      continue;
    }
    located.set(n, { chunk, ...span });
  }

  const renumbered = new Map<number, number>();
  const rewritten = text.replace(MARKER_GROUP, (_match, space: string, group: string) => {
    const kept: number[] = [];
    for (const n of group.split(/[,;]/).map((part) => Number(part.trim()))) {
      if (!located.has(n)) continue;
      if (!renumbered.has(n)) renumbered.set(n, renumbered.size + 1);
      const next = renumbered.get(n)!;
      if (!kept.includes(next)) kept.push(next);
    }
    return kept.length === 0 ? '' : `${space}${kept.map((n) => `[${n}]`).join('')}`;
  });

  const citations: Citation[] = [];
  for (const [n, span] of located) {
    const next = renumbered.get(n);
    if (next === undefined) {
      dropped.push({ n, quote: span.quote, reason: 'unreferenced' });
      continue;
    }
    citations.push({
      n: next,
      chunkId: span.chunk.id,
      docId: span.chunk.docId,
      title: span.chunk.title,
      quote: span.quote,
      start: span.start,
      end: span.end,
    });
  }
  citations.sort((a, b) => a.n - b.n);

  return { text: tidy(rewritten), citations, dropped };
}

/**
 * Collapses repeated adjacent markers (`[1] [1]` → `[1]`). Removed markers took their leading
 * space with them, so no gap is left before punctuation (and French spacing is left alone).
 */
function tidy(text: string): string {
  return text.replace(/(\[\d+\])(?:\s*\1)+/g, '$1').trim();
}

const MARKER = /\[\d+\]/u;
/** A piece that is only markers ("[1][2]"), as sentence splitting leaves after "…letter. [1]". */
const ONLY_MARKERS = /^(?:\s*\[\d+\])+\s*$/u;

/**
 * Keeps only the sentences that carry a verified citation marker: a sentence whose citation failed
 * verification (its marker removed) or that never had one is dropped, so every statement shown
 * is sourced. Lines are kept apart; citations stay as they are (only cited sentences remain).
 */
export function keepCitedSentences(verified: VerifiedText, lang: Lang): VerifiedText & { droppedSentences: string[] } {
  const droppedSentences: string[] = [];
  const lines = verified.text.split('\n').map((line) => {
    const pieces: string[] = [];
    for (const { text } of splitSentences(line, lang)) {
      if (ONLY_MARKERS.test(text) && pieces.length > 0) pieces[pieces.length - 1] += ` ${text.trim()}`;
      else pieces.push(text);
    }
    const kept = pieces.filter((piece) => MARKER.test(piece));
    droppedSentences.push(...pieces.filter((piece) => !MARKER.test(piece) && piece.trim() !== ''));
    return kept.join(' ');
  });
  const text = lines.filter((line) => line.trim() !== '').join('\n');
  const used = new Set([...text.matchAll(/\[(\d+)\]/gu)].map((m) => Number(m[1])));
  return { ...verified, text, citations: verified.citations.filter((c) => used.has(c.n)), droppedSentences };
}
