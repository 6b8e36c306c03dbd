/**
 * The bridge to model providers (OpenAI-compatible endpoints). Kept apart so the offline default
 * never loads the openai SDK.
 */
import type { Config } from './config.ts';
import { ConfigError } from './errors.ts';
import type { Logger } from './logger.ts';
import type { Answerer, Embedder, Summarizer } from './ports.ts';
import type { Chunk } from './types.ts';

export interface Providers {
  embedder(): Promise<Embedder>;
  answerer(fallback: Answerer, logger: Logger): Answerer;
  summarizer(fallback: Summarizer, chunksOf: (docId: string) => Chunk[], logger: Logger): Summarizer;
}

export function createProviders(_config: Config): Promise<Providers> {
  return Promise.reject(new ConfigError('EMBEDDINGS=openai / ANSWERS=llm: provider adapters are not wired yet.'));
}
