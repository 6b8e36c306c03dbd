/**
 * Everything a handler needs, built once per bot and passed in (no singletons): the shared command
 * layer, configuration, logger, guard rails and bounded memory.
 */
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Assistant, Backend, ConversationStore, FeedbackSink } from '../ports.ts';
import { CommandLayer } from './command-layer.ts';
import { ConcurrencyLimiter } from './guards/concurrency.ts';
import { Cooldown } from './guards/cooldown.ts';
import { AnswerMemory } from './memory.ts';
import { InFlight } from '../ops/in-flight.ts';

/** The configuration keys the bot reads. */
export type BotConfig = Pick<
  Config,
  | 'DISCORD_TOKEN'
  | 'DISCORD_API_URL'
  | 'DATA_DIR'
  | 'ANSWER_CHANNEL_IDS'
  | 'MAX_QUESTION_CHARS'
  | 'COOLDOWN_BURST'
  | 'COOLDOWN_SECONDS'
  | 'MAX_CONCURRENT_ANSWERS'
  | 'ADD_ARTICLE_MAX_BYTES'
  | 'ADD_ARTICLE_PRIVATE_URLS'
>;

/** The dependencies of every command, button and message handler. */
export interface BotContext {
  layer: CommandLayer;
  config: BotConfig;
  logger: Logger;
  cooldown: Cooldown;
  limiter: ConcurrencyLimiter;
  /** Where 👍/👎 votes go (a file in DATA_DIR, or the shared database). */
  feedback: FeedbackSink;
  answers: AnswerMemory;
  /** Thread conversations, kept across restarts (and shared between processes on a shared store). */
  threads: ConversationStore;
  /** Channels where every message is a question. */
  answerChannels: ReadonlySet<string>;
  /** The handlers running now; closed when the bot shuts down. */
  inFlight: InFlight;
}

/** The stores the bot keeps its conversations and feedback in (from the backend). */
export type BotStores = Pick<Backend, 'conversations' | 'feedback'>;

/** Builds the handler context. Waiting line for answers: twice the concurrent slots. */
export function createBotContext(assistant: Assistant, config: BotConfig, logger: Logger, stores: BotStores): BotContext {
  return {
    layer: new CommandLayer(assistant, config),
    config,
    logger,
    cooldown: new Cooldown(config.COOLDOWN_BURST, config.COOLDOWN_SECONDS),
    limiter: new ConcurrencyLimiter(config.MAX_CONCURRENT_ANSWERS, config.MAX_CONCURRENT_ANSWERS * 2),
    feedback: stores.feedback,
    answers: new AnswerMemory(),
    threads: stores.conversations,
    answerChannels: new Set(config.ANSWER_CHANNEL_IDS),
    inFlight: new InFlight(),
  };
}
