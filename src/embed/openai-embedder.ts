/**
 * Embeddings through any OpenAI-compatible `/embeddings` endpoint. Also a LangChain `Embeddings`,
 * so it plugs into that ecosystem. Batching, ordering and normalisation are done here once;
 * retries and timeouts are the SDK's.
 */
import { Embeddings } from '@langchain/core/embeddings';
import type OpenAI from 'openai';
import type { Config } from '../config.ts';
import { ProviderError } from '../errors.ts';
import type { Embedder } from '../ports.ts';
import { withDeadline } from '../providers/deadline.ts';
import { createOpenAIClient, deadlineFor, toProviderError, type OpenAIClientConfig } from '../providers/openai-client.ts';

/** Native vector lengths of well-known models, so no probe call is needed for them. */
export const KNOWN_EMBEDDING_DIMENSIONS: Readonly<Record<string, number>> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

/** Options for {@link OpenAIEmbedder}. */
export interface OpenAIEmbedderOptions {
  client: OpenAI;
  model: string;
  /** Requested vector length, sent as the `dimensions` parameter (models that support it). */
  requestedDimensions?: number;
  /** Most inputs per request (default 96). */
  maxBatchSize?: number;
  /** Most characters per request (default 200 000, ~50k tokens); a longer single text goes alone. */
  maxBatchChars?: number;
}

/** Scales a vector to unit length (a zero vector stays zero). */
export function normalise(vector: number[]): number[] {
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
  return norm > 0 ? vector.map((x) => x / norm) : vector;
}

/** Splits texts into consecutive batches bounded by count and total characters. */
export function planBatches(texts: string[], maxBatchSize: number, maxBatchChars: number): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let chars = 0;
  for (const text of texts) {
    if (current.length > 0 && (current.length >= maxBatchSize || chars + text.length > maxBatchChars)) {
      batches.push(current);
      current = [];
      chars = 0;
    }
    current.push(text);
    chars += text.length;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * An `Embedder` over the OpenAI embeddings API. Build it with {@link OpenAIEmbedder.create}, which
 * learns the vector length (config, known table, or one probe call) before anything is indexed.
 */
export class OpenAIEmbedder extends Embeddings implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  readonly maxBatchSize: number;
  readonly maxBatchChars: number;
  /** A model's cosines have no calibrated bar here: only the unknown-name check and the model's own "not in the sources" apply. */
  readonly relevance = { minRelevance: 0 };
  private readonly client: OpenAI;
  private readonly model: string;
  private readonly requestedDimensions: number | undefined;

  /** Prefer {@link OpenAIEmbedder.create}; this constructor needs the vector length already known. */
  constructor(options: OpenAIEmbedderOptions & { dimensions: number }) {
    // LangChain's caller would add its own retries on top of the SDK's: turn them off.
    super({ maxRetries: 0 });
    this.client = options.client;
    this.model = options.model;
    this.requestedDimensions = options.requestedDimensions;
    this.dimensions = options.dimensions;
    this.maxBatchSize = options.maxBatchSize ?? 96;
    this.maxBatchChars = options.maxBatchChars ?? 200_000;
    this.id = `openai:${options.model}${options.requestedDimensions ? `:${options.requestedDimensions}` : ''}`;
  }

  /** Builds an embedder whose `dimensions` is reliable, probing the endpoint once when unknown. */
  static async create(options: OpenAIEmbedderOptions): Promise<OpenAIEmbedder> {
    const known = options.requestedDimensions ?? KNOWN_EMBEDDING_DIMENSIONS[options.model];
    if (known !== undefined) return new OpenAIEmbedder({ ...options, dimensions: known });
    const [probe] = await new OpenAIEmbedder({ ...options, dimensions: 0 }).request(['dimension probe']);
    if (!probe || probe.length === 0) {
      throw new ProviderError('PROVIDER_BAD_RESPONSE', `The embedding model ${options.model} returned an empty vector.`);
    }
    return new OpenAIEmbedder({ ...options, dimensions: probe.length });
  }

  /** Embeds texts in batches; one unit-length vector per text, in input order. */
  async embedDocuments(texts: string[], signal?: AbortSignal): Promise<number[][]> {
    const vectors: number[][] = [];
    for (const batch of planBatches(texts, this.maxBatchSize, this.maxBatchChars)) {
      vectors.push(...(await this.request(batch, signal)));
    }
    return vectors;
  }

  /** Embeds one query text. */
  async embedQuery(text: string, signal?: AbortSignal): Promise<number[]> {
    const [vector] = await this.request([text], signal);
    if (!vector) throw new ProviderError('PROVIDER_BAD_RESPONSE', 'The embedding model returned no vector.');
    return vector;
  }

  /** One batch, under one overall deadline (OPENAI_DEADLINE_MS); every vector is checked before it is returned. */
  private async request(batch: string[], signal?: AbortSignal): Promise<number[][]> {
    const response = await withDeadline(deadlineFor(this.client), 'embeddings request', async (bounded) => {
      try {
        return await this.client.embeddings.create(
          {
            model: this.model,
            // Endpoints reject empty strings; a space embeds as "nothing" everywhere.
            input: batch.map((text) => (text.trim() === '' ? ' ' : text)),
            // Floats, not the SDK's default base64: several local servers only speak floats.
            encoding_format: 'float',
            ...(this.requestedDimensions ? { dimensions: this.requestedDimensions } : {}),
          },
          { signal: bounded },
        );
      } catch (error) {
        throw toProviderError(error, 'embeddings request');
      }
    }, signal);
    const vectors = new Array<unknown>(batch.length);
    for (const item of Array.isArray(response.data) ? (response.data as unknown[]) : []) {
      const { index, embedding } = (item ?? {}) as { index?: unknown; embedding?: unknown };
      if (typeof index === 'number' && Number.isInteger(index) && index >= 0 && index < batch.length) vectors[index] = embedding;
    }
    return Array.from(vectors, (vector, i) => normalise(this.checked(vector, i, batch.length)));
  }

  /** The vector if it is usable: an array of the expected length of finite numbers, not all zero. */
  private checked(vector: unknown, i: number, of: number): number[] {
    const where = `for input ${i + 1} of ${of}`;
    if (!Array.isArray(vector) || vector.length === 0) throw new ProviderError('PROVIDER_BAD_RESPONSE', `The embedding model returned no vector ${where}.`);
    if (this.dimensions > 0 && vector.length !== this.dimensions) {
      throw new ProviderError('PROVIDER_BAD_RESPONSE', `The embedding model returned ${vector.length} dimensions, expected ${this.dimensions} (EMBEDDING_DIMENSIONS), ${where}.`);
    }
    const bad = vector.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x));
    if (bad >= 0) throw new ProviderError('PROVIDER_BAD_RESPONSE', `The embedding model returned a vector with a non-number (${JSON.stringify(vector[bad])?.slice(0, 20)}) at position ${bad} ${where}.`);
    const numbers = vector as number[];
    if (numbers.every((x) => x === 0)) throw new ProviderError('PROVIDER_BAD_RESPONSE', `The embedding model returned an all-zero vector ${where}.`);
    return numbers;
  }
}

/** Builds the embedder for `EMBEDDINGS=openai` from config (async: it may probe the vector length). */
export async function createOpenAIEmbedder(
  config: OpenAIClientConfig & Pick<Config, 'EMBEDDING_MODEL' | 'EMBEDDING_DIMENSIONS'>,
): Promise<OpenAIEmbedder> {
  return OpenAIEmbedder.create({
    client: createOpenAIClient(config),
    model: config.EMBEDDING_MODEL,
    ...(config.EMBEDDING_DIMENSIONS ? { requestedDimensions: config.EMBEDDING_DIMENSIONS } : {}),
  });
}
