/**
 * `ANSWERS=llm` claim checks: for each statement the model reads the passages the offline checker
 * compared and gives a verdict, a reason and quotes. Quotes are verified like answers' (verbatim
 * spans of their passage); a verdict other than `not_found` needs at least one verified quote —
 * so never `contradicted` without one — or the statement keeps its offline verdict, with a notice.
 * Timelines: the model words each offline event in one line; dates and quotes stay the offline ones.
 */
import { z } from 'zod';
import type { Logger } from '../logger.ts';
import type { ChatModel } from '../ports.ts';
import type { SentenceCandidate } from '../retrieve/sentence-scorer.ts';
import type { Chunk, ClaimCheck, Lang, Timeline } from '../types.ts';
import { strings } from '../i18n/index.ts';
import { numbersOf, sameNumber } from './check-facts.ts';
import { locateQuote } from './citations.ts';
import { composeCheck, splitStatements, type Evidence, type ExtractiveChecker, type StatementOutcome } from './check.ts';
import type { CheckRefiner } from './check-service.ts';
import { parseReply, replyCitationSchema } from './llm-reply.ts';
import { formatPassages, languageName, neutralise, readPrompt, renderPrompt } from './prompts.ts';

const checkReplySchema = z.object({
  verdict: z.enum(['supported', 'contradicted', 'not_found', 'mixed']),
  reason: z.string().default(''),
  citations: z.array(z.unknown()).default([]).transform((items) => items.flatMap((item) => {
    const parsed = replyCitationSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  })),
});

const timelineReplySchema = z.object({ events: z.array(z.object({ n: z.number().int().positive(), line: z.string() })).default([]) });

export interface LlmCheckOptions {
  model: ChatModel;
  logger: Logger;
  /** Prompt templates (default: prompts/system.md and prompts/check.md). */
  system?: string;
  template?: string;
  maxTokens?: number;
}

/** The distinct chunks of the compared sentences, best first, numbered 1..k. */
function sourcesOf(evidence: Evidence[], max = 4): Array<{ n: number; chunk: Chunk }> {
  const chunks: Chunk[] = [];
  for (const { candidate } of evidence) if (!chunks.some((c) => c.id === candidate.passage.chunk.id) && chunks.length < max) chunks.push(candidate.passage.chunk);
  return chunks.map((chunk, i) => ({ n: i + 1, chunk }));
}

export class LlmCheckRefiner implements CheckRefiner {
  private readonly system: string;
  private readonly template: string;
  private readonly timelineTemplate: string;

  constructor(private readonly options: LlmCheckOptions) {
    this.system = options.system ?? readPrompt('system');
    this.template = options.template ?? readPrompt('check');
    this.timelineTemplate = readPrompt('timeline');
  }

  /** The model's verdict on one statement, verified; undefined when it cannot be used. */
  private async judge(text: string, evidence: Evidence[], language: Lang, signal?: AbortSignal): Promise<StatementOutcome | undefined> {
    const sources = sourcesOf(evidence);
    if (sources.length === 0) return undefined;
    const user = renderPrompt(this.template, { statement: neutralise(text), language: languageName(language), passages: formatPassages(sources) });
    const result = await this.options.model.complete({ system: this.system, user, json: true, maxTokens: this.options.maxTokens ?? 500, ...(signal ? { signal } : {}) });
    const reply = parseReply(result.text, checkReplySchema);
    const quoted: Evidence[] = [];
    for (const citation of reply.citations) {
      const source = sources.find((s) => s.n === citation.n);
      const span = source ? locateQuote(citation.quote, source.chunk) : undefined;
      if (!source || !span || quoted.some((e) => e.candidate.start === span.start)) continue;
      const candidate: SentenceCandidate = { passage: { rank: source.n, chunk: source.chunk, score: 0, vectorScore: 0, lexicalScore: 0 }, text: span.quote, start: span.start, end: span.end, score: 0 };
      quoted.push({ candidate, comparison: { differences: [], missing: [] }, coverage: 0 });
    }
    if (reply.verdict !== 'not_found' && quoted.length === 0) return undefined;
    return { text, verdict: reply.verdict, reason: reply.reason.trim() || strings(language).check.verdicts[reply.verdict], evidence: reply.verdict === 'not_found' ? [] : quoted };
  }

  async check(claim: string, claimLang: Lang, language: Lang, offline: ExtractiveChecker, signal?: AbortSignal): Promise<ClaimCheck> {
    const outcomes: StatementOutcome[] = [];
    let fellBack = false;
    let unavailable = false;
    for (const text of splitStatements(claim, claimLang)) {
      const { outcome, evidence } = await offline.statementWithEvidence(text, claimLang);
      let judged: StatementOutcome | undefined;
      if (!unavailable) {
        try {
          judged = await this.judge(text, evidence, language, signal);
        } catch (error) {
          signal?.throwIfAborted();
          unavailable = true;
          this.options.logger.warn({ model: this.options.model.id, err: error }, 'claim check by the language model failed; checking offline');
        }
      }
      if (!judged) fellBack = true;
      outcomes.push(judged ?? outcome);
    }
    const check = composeCheck(claim, language, outcomes, 'llm');
    const t = strings(language).check;
    return fellBack ? { ...check, notice: unavailable ? t.llmUnavailable : t.llmFallback } : check;
  }

  /**
   * One line per event in the user's language, written by the model from the event's quotes. The
   * citations stay the offline ones (verbatim, dated); a line is used only for an event that exists
   * and only when every number it states is in the quotes, else the quoted sentence stays.
   */
  async timeline(offline: Timeline, signal?: AbortSignal): Promise<Timeline> {
    if (offline.events.length === 0) return offline;
    const events = offline.events.map((e, i) => `<passage n="${i + 1}">\n${neutralise(e.citations.map((c) => c.quote).join(' / '))}\n</passage>`).join('\n\n');
    const user = renderPrompt(this.timelineTemplate, { language: languageName(offline.language), events });
    let lines: Map<number, string>;
    try {
      const result = await this.options.model.complete({ system: this.system, user, json: true, maxTokens: this.options.maxTokens ?? 1500, ...(signal ? { signal } : {}) });
      lines = new Map(parseReply(result.text, timelineReplySchema).events.map((e) => [e.n, e.line.trim()]));
    } catch (error) {
      signal?.throwIfAborted();
      this.options.logger.warn({ model: this.options.model.id, err: error }, 'timeline lines by the language model failed; showing the quoted sentences');
      return { ...offline, notice: strings(offline.language).timeline.llmUnavailable };
    }
    const rewritten = offline.events.map((event, i) => {
      const line = lines.get(i + 1);
      const quotes = event.citations.map((c) => c.quote).join(' ');
      const numbersKept = line !== undefined && numbersOf(line).every((n) => numbersOf(quotes).some((q) => sameNumber(q.value, n.value)));
      return line && numbersKept ? { ...event, text: `${line.replace(/\s*\[\d+\]/gu, '')} ${event.citations.map((c) => `[${c.n}]`).join('')}` } : event;
    });
    return { ...offline, events: rewritten, method: 'llm' };
  }
}
