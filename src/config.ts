/**
 * Configuration: one zod schema read once from the environment (and `.env` through dotenv).
 * Blank values count as missing; every error names its environment variable.
 */
import { z } from 'zod';
import { ConfigError } from './errors.ts';

const blankToUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const optionalString = z.preprocess(blankToUndefined, z.string().trim().optional());
const optionalUrl = z.preprocess(blankToUndefined, z.url().optional());
const positiveInt = (fallback: number) => z.preprocess(blankToUndefined, z.coerce.number().int().positive().default(fallback));
const idList = z.preprocess(
  blankToUndefined,
  z
    .string()
    .optional()
    .transform((value) => (value ? value.split(/[\s,]+/).filter(Boolean) : [])),
);

/** Every setting, with its environment variable and default. `.env.example` lists the same keys. */
export const configSchema = z.object({
  /** Folder of the articles (txt/md). */
  CORPUS_DIR: z.preprocess(blankToUndefined, z.string().default('seeds')),
  /** Folder for the index, manifest and feedback log. */
  DATA_DIR: z.preprocess(blankToUndefined, z.string().default('data')),
  /** Where the index, conversations and feedback live: `local` (files in DATA_DIR, default) or `postgres` (DATABASE_URL, shared by many processes). */
  STORE: z.preprocess(blankToUndefined, z.enum(['local', 'postgres']).default('local')),
  /** postgresql://user:password@host:port/db for STORE=postgres (PostgreSQL ≥ 15 with the `vector` extension). Never logged. */
  DATABASE_URL: z.preprocess(blankToUndefined, z.string().trim().regex(/^postgres(ql)?:\/\//u, 'must start with postgresql://').optional()),
  /**
   * Longest one PostgreSQL query (or a new connection) may take when serving, in milliseconds: an
   * engine that hangs instead of refusing then gives the same "unreachable" error as a stopped one,
   * not an answer that never comes. Ingest writes are not bounded (building the vector index can
   * take minutes).
   */
  DATABASE_QUERY_TIMEOUT_MS: positiveInt(15_000),
  /** How often (seconds) a process checks the shared index for another process's ingest (STORE=postgres). */
  INDEX_POLL_SECONDS: positiveInt(10),
  /** Thread memory: turns kept per conversation (thread or answer channel); the oldest go first. */
  CONVERSATION_MAX_TURNS: positiveInt(32),
  /** Thread memory: days a turn is kept; a thread idle that long starts afresh (older turns are deleted hourly). */
  CONVERSATION_MAX_AGE_DAYS: positiveInt(30),
  /** Run the Discord bot as this many shards (`auto`: as many as Discord recommends), one process each; blank: one process, no sharding manager. */
  // (In a shard process discord.js sets SHARDS to that shard's id, 0 included; main() then runs one shard.)
  SHARDS: z.preprocess(blankToUndefined, z.union([z.literal('auto'), z.coerce.number().int().nonnegative()]).optional()),
  /** `local` (offline, default) or `openai` (any OpenAI-compatible endpoint). */
  EMBEDDINGS: z.preprocess(blankToUndefined, z.enum(['local', 'openai']).default('local')),
  /** `extractive` (offline, default) or `llm` (any OpenAI-compatible endpoint). */
  ANSWERS: z.preprocess(blankToUndefined, z.enum(['extractive', 'llm']).default('extractive')),
  /** API key; optional for local servers such as Ollama. Never logged. */
  OPENAI_API_KEY: optionalString,
  /** Base URL of an OpenAI-compatible API, e.g. http://localhost:11434/v1 for Ollama. */
  OPENAI_BASE_URL: optionalUrl,
  EMBEDDING_MODEL: z.preprocess(blankToUndefined, z.string().default('text-embedding-3-small')),
  /** Requested embedding dimensions (models that support it); otherwise the model's own. */
  EMBEDDING_DIMENSIONS: z.preprocess(blankToUndefined, z.coerce.number().int().positive().optional()),
  CHAT_MODEL: z.preprocess(blankToUndefined, z.string().default('gpt-4o-mini')),
  /** Per-request timeout for the model provider, in milliseconds. */
  OPENAI_TIMEOUT_MS: positiveInt(30_000),
  /**
   * Longest one model call may take in all — attempts, backoff, retry-after waits and a slow reply
   * body; past it an answer falls back to the extractive one with a notice, and an ingest batch fails.
   */
  OPENAI_DEADLINE_MS: positiveInt(45_000),
  /** Retries the openai SDK makes on 429, 5xx and timeouts. */
  OPENAI_MAX_RETRIES: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(10).default(2)),
  /** Discord bot token; without it `npm start` opens the local console. Never logged. */
  DISCORD_TOKEN: optionalString,
  /** Register slash commands in this guild only (instant), else globally. */
  DISCORD_GUILD_ID: optionalString,
  /** REST base URL (default Discord's); for a proxy, and for tests. */
  DISCORD_API_URL: optionalUrl,
  /** Channels where every message is treated as a question (comma-separated ids). */
  ANSWER_CHANNEL_IDS: idList,
  /** Longest question accepted, in characters. */
  MAX_QUESTION_CHARS: positiveInt(500),
  /** Largest article `/add-article` accepts (file, or downloaded page), in bytes. */
  ADD_ARTICLE_MAX_BYTES: positiveInt(2_000_000),
  /** Let `/add-article` fetch URLs on loopback or private networks (off: such links are refused). */
  ADD_ARTICLE_PRIVATE_URLS: z.preprocess(blankToUndefined, z.enum(['true', 'false']).default('false').transform((value) => value === 'true')),
  /** Questions a user may ask in a burst before the cooldown applies. */
  COOLDOWN_BURST: positiveInt(3),
  /** Seconds for one question to be earned back. */
  COOLDOWN_SECONDS: positiveInt(20),
  /** Answers computed at once; more wait their turn. */
  MAX_CONCURRENT_ANSWERS: positiveInt(4),
  /** With a port, the bot serves GET /healthz and /metrics (Prometheus) over HTTP on METRICS_HOST. */
  METRICS_PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65_535).optional()),
  /** Address for METRICS_PORT: loopback by default; 0.0.0.0 to let another host scrape. */
  METRICS_HOST: z.preprocess(blankToUndefined, z.string().default('127.0.0.1')),
  /** On SIGTERM/SIGINT, how long answers already under way may take to finish before the bot disconnects. */
  SHUTDOWN_GRACE_MS: positiveInt(10_000),
  LOG_LEVEL: z.preprocess(blankToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
}).refine((config) => config.STORE !== 'postgres' || config.DATABASE_URL !== undefined, {
  message: 'STORE=postgres needs DATABASE_URL (postgresql://…); `npm run pg:serve` prints one for a local engine',
  path: ['DATABASE_URL'],
});

export type Config = z.infer<typeof configSchema>;

/** Environment variables whose values must never reach logs or replies. */
export const SECRET_KEYS = ['OPENAI_API_KEY', 'DISCORD_TOKEN', 'DATABASE_URL'] as const;

/** Parses the given environment (default `process.env`); throws a `ConfigError` naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration — ${problems.join('; ')}`);
  }
  return parsed.data;
}
