/** Plain-text renderings for the terminal (the CLI); the bot has its own renderer. */
import type { Config } from './config.ts';
import type { EvalReport } from './eval/run.ts';
import type { IngestSummary } from './ingest/pipeline.ts';
import type { ClaimsReport } from './answer/check-eval.ts';
import { strings } from './i18n/index.ts';
import { Redactor } from './redact.ts';
import type { Answer, Citation, ClaimCheck, Retrieval, Summary, Timeline } from './types.ts';

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);
const oneLine = (text: string): string => text.replace(/\s+/gu, ' ').trim();

function sources(citations: Citation[]): string {
  if (citations.length === 0) return '';
  return `\n\nSources:\n${citations.map((c) => `[${c.n}] ${c.title} (${c.docId}, chars ${c.start}–${c.end})`).join('\n')}`;
}

export function formatAnswer(answer: Answer): string {
  const notice = answer.notice ? `(${answer.notice})\n` : '';
  return `${notice}${answer.answer}${sources(answer.citations)}`;
}

export function formatSummary(summary: Summary): string {
  const notice = summary.notice ? `(${summary.notice})\n` : '';
  return `${notice}${summary.title}\n\n${summary.summary}${sources(summary.citations)}`;
}

/** The `search --json` object: exactly `{ query, results: [...] }`. */
export function searchJson(retrieval: Retrieval): { query: string; results: Array<Record<string, unknown>> } {
  return {
    query: retrieval.query,
    results: retrieval.passages.map((p) => ({
      rank: p.rank,
      chunkId: p.chunk.id,
      docId: p.chunk.docId,
      title: p.chunk.title,
      lang: p.chunk.lang,
      score: Number(p.score.toFixed(4)),
      start: p.chunk.start,
      end: p.chunk.end,
      text: p.chunk.text,
    })),
  };
}

export function formatSearch(retrieval: Retrieval): string {
  if (retrieval.passages.length === 0) return 'No passages found.';
  return retrieval.passages
    .map((p) => `${p.rank}. ${p.chunk.title} [${p.chunk.lang}] ${p.chunk.id} score ${p.score.toFixed(3)}\n   ${clip(oneLine(p.chunk.text), 300)}`)
    .join('\n');
}

/** Where the index lives, for messages: DATA_DIR, or the database (its URL without credentials). */
export function indexLocation(config: Pick<Config, 'STORE' | 'DATA_DIR' | 'DATABASE_URL'>): string {
  if (config.STORE !== 'postgres' || !config.DATABASE_URL) return config.DATA_DIR;
  return `the PostgreSQL database ${new Redactor().text(config.DATABASE_URL)}`;
}

export function formatIngestSummary(summary: IngestSummary, config: Config): string {
  const lines = [
    `Indexed ${summary.articles} articles, ${summary.chunks} chunks into ${indexLocation(config)} in ${summary.seconds.toFixed(2)} s.`,
    `  embedded ${summary.embeddedChunks} chunks; added ${summary.added.length}, changed ${summary.changed.length}, removed ${summary.removed.length}, unchanged ${summary.unchanged} files; skipped ${summary.skipped.length}.`,
  ];
  if (summary.rebuiltBecause) lines.push(`  rebuilt: ${summary.rebuiltBecause}`);
  if (summary.repaired) lines.push(`  repaired: rebuilt the damaged ${summary.repaired.join(', ')} from the index's whole files; the rest was kept.`);
  if (summary.cleaned) {
    const total = Object.values(summary.cleaned).reduce((sum, n) => sum + n, 0);
    const rules = Object.entries(summary.cleaned).map(([rule, n]) => (n > 1 ? `${rule} ×${n}` : rule));
    lines.push(`  cleaning removed ${total} ${total === 1 ? 'line' : 'lines'}: ${rules.join(', ')}.`);
  }
  return lines.join('\n');
}

const pct = (x: number): string => (Number.isNaN(x) ? '—' : x.toFixed(2));

export function formatEvalReport(report: EvalReport, dataset: string): string {
  const r = report.retrieval;
  const a = report.answers;
  return [
    `Dataset ${dataset}: ${report.questions} questions (${report.answerable} answerable, ${report.crossLanguage} cross-language)`,
    '',
    '| measure | all | cross-language |',
    '| --- | --- | --- |',
    `| recall@1 | ${pct(r.recallAt1)} | ${pct(r.cross.recallAt1)} |`,
    `| recall@3 | ${pct(r.recallAt3)} | |`,
    `| recall@5 | ${pct(r.recallAt5)} | ${pct(r.cross.recallAt5)} |`,
    `| MRR@10 | ${pct(r.mrrAt10)} | ${pct(r.cross.mrrAt10)} |`,
    '',
    `Relevance signal: answerable mean ${r.relevance.answerableMean.toFixed(3)} (min ${r.relevance.answerableMin.toFixed(3)}), unanswerable mean ${r.relevance.unanswerableMean.toFixed(3)} (max ${r.relevance.unanswerableMax.toFixed(3)}), AUC ${pct(r.relevance.auc)}`,
    '',
    '| answers | value |',
    '| --- | --- |',
    `| answer hit rate (answerable) | ${pct(a.hitRate)} |`,
    `| first-quote hit (answerable) | ${pct(a.firstQuoteHit)} |`,
    `| quote precision | ${pct(a.quotePrecision)} |`,
    `| citation validity | ${pct(a.citationValidity)} (${a.citations} citations) |`,
    `| abstention precision | ${pct(a.abstentionPrecision)} |`,
    `| unanswerable abstained (abstention recall) | ${pct(a.abstentionRecall)} |`,
    `| false abstentions (answerable abstained) | ${pct(a.falseAbstentionRate)} (${a.wrongAbstentions}) |`,
    `| answer latency mean / p95 | ${a.latencyMeanMs.toFixed(1)} ms / ${a.latencyP95Ms.toFixed(1)} ms |`,
  ].join('\n');
}

/** The `check --json` object: `{ claim, language, verdict, statements }` (and `notice` when there is one). */
export function checkJson(check: ClaimCheck): Record<string, unknown> {
  return { claim: check.claim, language: check.language, verdict: check.verdict, statements: check.statements, ...(check.notice ? { notice: check.notice } : {}) };
}

export function formatCheck(check: ClaimCheck): string {
  const t = strings(check.language).check;
  const notice = check.notice ? `(${check.notice})\n` : '';
  const lines = check.statements.map((s) => [`- ${t.verdicts[s.verdict]}: ${s.text}`, `  ${s.reason}`, ...s.citations.map((c) => `  [${c.n}] “${c.quote}”`)].join('\n'));
  return `${notice}${t.heading(t.verdicts[check.verdict])}\n${lines.join('\n')}${sources(check.statements.flatMap((s) => s.citations))}`;
}

/**
 * One event of `timeline --json`: `date` is a full day (`YYYY-MM-DD`) or `null`; an event the articles
 * date only to a month or a year keeps `date: null` and carries that partial date in `period`
 * (`YYYY-MM` or `YYYY`) rather than inventing a day.
 */
function eventJson(event: Timeline['events'][number]): Record<string, unknown> {
  const fullDay = event.date !== null && /^\d{4}-\d{2}-\d{2}$/u.test(event.date);
  const { date, ...rest } = event;
  return { date: fullDay ? date : null, ...(!fullDay && date !== null ? { period: date } : {}), ...rest };
}

/** The `timeline --json` object: `{ topic?, language, events: [{ date, period?, precision, dateText, text, citations }] }`. */
export function timelineJson(timeline: Timeline): Record<string, unknown> {
  return { ...(timeline.topic ? { topic: timeline.topic } : {}), language: timeline.language, events: timeline.events.map(eventJson), ...(timeline.notice ? { notice: timeline.notice } : {}) };
}

export function formatTimeline(timeline: Timeline): string {
  const t = strings(timeline.language).timeline;
  if (timeline.events.length === 0) return t.none;
  const lines = timeline.events.map((e) => `${t.formatDate(e.date, e.precision)} (“${e.dateText}”) — ${e.text}`);
  return `${t.heading(timeline.topic)}\n${lines.join('\n')}${sources(timeline.events.flatMap((e) => e.citations))}`;
}

export function formatClaimsReport(report: ClaimsReport, dataset: string): string {
  const kinds = Object.entries(report.byKind).map(([kind, v]) => `| ${kind} | ${v.right}/${v.claims} |`);
  const wrong = report.results.filter((r) => !r.right).map((r) => `  ${r.id}: expected ${r.expected}, got ${r.got} — ${r.reasons.join(' / ')}`);
  return [
    `Claims ${dataset}: ${report.right}/${report.claims} verdicts right (${(report.accuracy * 100).toFixed(1)}%); contradicted without a quote: ${report.contradictedWithoutQuote}`,
    '',
    '| kind | right |',
    '| --- | --- |',
    ...kinds,
    ...(wrong.length > 0 ? ['', 'Wrong:', ...wrong] : []),
  ].join('\n');
}
