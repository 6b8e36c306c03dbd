/**
 * Prometheus metrics (prom-client) on a registry of our own: answers by method and outcome, answer
 * latency, provider errors by status, Discord rate-limit waits, feedback votes, index size, and the
 * process defaults (CPU, memory, event-loop lag). Fed by the telemetry channels (src/ops/telemetry.ts).
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { channels, type AnswerEvent, type FeedbackEvent, type ProviderErrorEvent, type RateLimitEvent } from './telemetry.ts';

/** Index size, read at each scrape. */
export type IndexSize = () => Promise<{ articles: number; chunks: number }>;

/** A registry collecting the bot's metrics until `close()`. */
export interface Metrics {
  registry: Registry;
  /** The exposition text for GET /metrics. */
  text(): Promise<string>;
  contentType: string;
  close(): void;
}

/** Creates the registry and subscribes it to the telemetry channels. */
export function createMetrics(indexSize?: IndexSize): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'crisisbot_' });
  const registers = [registry];
  const answers = new Counter({ name: 'crisisbot_answers_total', help: 'Answers given, by method (extractive, llm) and outcome (answered, abstained, fallback).', labelNames: ['method', 'outcome'], registers });
  const latency = new Histogram({ name: 'crisisbot_answer_duration_seconds', help: 'Time to compute an answer.', labelNames: ['method'], buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60], registers });
  const providerErrors = new Counter({ name: 'crisisbot_provider_errors_total', help: 'Failed replies from the model provider (every attempt), by HTTP status, or network / timeout.', labelNames: ['status'], registers });
  const rateLimits = new Counter({ name: 'crisisbot_discord_rate_limits_total', help: 'Times Discord made the bot wait, by scope.', labelNames: ['scope'], registers });
  const rateLimitWait = new Counter({ name: 'crisisbot_discord_rate_limit_wait_seconds_total', help: 'Seconds Discord rate limits made the bot wait.', registers });
  const votes = new Counter({ name: 'crisisbot_feedback_votes_total', help: 'Feedback votes recorded, by vote.', labelNames: ['vote'], registers });
  if (indexSize) {
    for (const [name, field, help] of [['crisisbot_index_articles', 'articles', 'Articles in the live index.'], ['crisisbot_index_chunks', 'chunks', 'Passages (chunks) in the live index.']] as const) {
      new Gauge({ name, help, registers, async collect() { this.set((await indexSize())[field]); } });
    }
  }
  const handlers: Array<[keyof typeof channels, (message: unknown) => void]> = [
    ['answer', (m) => {
      const event = m as AnswerEvent;
      answers.inc({ method: event.method, outcome: event.outcome });
      latency.observe({ method: event.method }, event.seconds);
    }],
    ['providerError', (m) => providerErrors.inc({ status: (m as ProviderErrorEvent).status })],
    ['rateLimit', (m) => {
      const event = m as RateLimitEvent;
      rateLimits.inc({ scope: event.global ? 'global' : 'route' });
      rateLimitWait.inc(event.seconds);
    }],
    ['feedback', (m) => votes.inc({ vote: (m as FeedbackEvent).vote })],
  ];
  for (const [name, handler] of handlers) subscribe(channels[name].name, handler);
  return {
    registry,
    text: () => registry.metrics(),
    contentType: registry.contentType,
    close() {
      for (const [name, handler] of handlers) unsubscribe(channels[name].name, handler);
    },
  };
}
