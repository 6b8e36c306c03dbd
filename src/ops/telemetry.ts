/**
 * What the running bot reports about itself, published on `node:diagnostics_channel` channels, so the
 * code that sees an event (the provider client, the Discord adapter, the assistant) needs no reference
 * to whoever counts it. Publishing costs nothing when nobody subscribes (no METRICS_PORT).
 * src/ops/metrics.ts subscribes and turns the events into Prometheus metrics.
 */
import { channel } from 'node:diagnostics_channel';
import type { Answer } from '../types.ts';
import type { Assistant } from '../ports.ts';

/** One answer given (by any front end). */
export interface AnswerEvent {
  method: Answer['method'];
  outcome: 'answered' | 'abstained' | 'fallback';
  seconds: number;
}
/** One failed reply from the model provider (each attempt): its HTTP status, or `network` / `timeout`. */
export interface ProviderErrorEvent {
  status: string;
}
/** Discord made the bot wait (a rate limit). */
export interface RateLimitEvent {
  seconds: number;
  global: boolean;
}
/** A 👍/👎 recorded. */
export interface FeedbackEvent {
  vote: 'up' | 'down';
}

export const channels = {
  answer: channel('crisisbot:answer'),
  providerError: channel('crisisbot:provider-error'),
  rateLimit: channel('crisisbot:discord-rate-limit'),
  feedback: channel('crisisbot:feedback'),
};

function publisher<T>(target: (typeof channels)[keyof typeof channels]): (event: T) => void {
  return (event) => {
    if (target.hasSubscribers) target.publish(event);
  };
}

export const publish = {
  answer: publisher<AnswerEvent>(channels.answer),
  providerError: publisher<ProviderErrorEvent>(channels.providerError),
  rateLimit: publisher<RateLimitEvent>(channels.rateLimit),
  feedback: publisher<FeedbackEvent>(channels.feedback),
};

/** How an answer ended: abstained, fell back from the LLM (it carries a notice), or answered. */
export function outcomeOf(answer: Answer): AnswerEvent['outcome'] {
  if (answer.abstained) return 'abstained';
  return answer.notice ? 'fallback' : 'answered';
}

/** The assistant, reporting every answer (method, outcome, latency). */
export function withAnswerTelemetry<T extends Assistant>(assistant: T): T {
  const ask: Assistant['ask'] = async (question, options) => {
    const started = performance.now();
    const answer = await assistant.ask(question, options);
    publish.answer({ method: answer.method, outcome: outcomeOf(answer), seconds: (performance.now() - started) / 1000 });
    return answer;
  };
  return new Proxy(assistant, { get: (target, key, receiver) => (key === 'ask' ? ask : Reflect.get(target, key, receiver) as unknown) });
}
