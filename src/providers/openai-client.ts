/**
 * The one place an `OpenAI` client is built, and the one place its errors are turned into our
 * `ProviderError`s. Works with any OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, llama.cpp):
 * retries and timeouts are the SDK's own (`maxRetries`, `timeout`), never a loop of ours.
 */
import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  InternalServerError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
import type { Config } from '../config.ts';
import { ConfigError, ProviderError } from '../errors.ts';
import { publish } from '../ops/telemetry.ts';

/** The settings a client needs; a subset of `Config`, so tests can pass just these. */
export type OpenAIClientConfig = Pick<Config, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'OPENAI_TIMEOUT_MS' | 'OPENAI_MAX_RETRIES'> &
  Partial<Pick<Config, 'OPENAI_DEADLINE_MS'>>;

/** A `retry-after` longer than this is not waited for: the call fails at once (and an answer falls back). */
export const MAX_RETRY_AFTER_MS = 10_000;

const deadlines = new WeakMap<OpenAI, number>();

/**
 * The overall deadline of one call through `client` (OPENAI_DEADLINE_MS); for a client built
 * elsewhere, what its own timeout and retries add up to.
 */
export function deadlineFor(client: OpenAI): number {
  return deadlines.get(client) ?? client.timeout * (client.maxRetries + 1) + 5_000;
}

/** How long a response asks to wait before a retry (`retry-after-ms`, `retry-after` in seconds or as a date). */
export function retryAfterMs(headers: Headers): number | undefined {
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms)) return ms;
  const header = headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number.parseFloat(header);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isFinite(date) ? date - Date.now() : undefined;
}

/**
 * `fetch` for the SDK: a reply asking to retry after more than {@link MAX_RETRY_AFTER_MS} is marked
 * `x-should-retry: false`, which the SDK obeys — it would otherwise sleep as long as the server says.
 */
async function fetchCappingRetryAfter(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(input, init);
  } catch (error) {
    // Aborts are the SDK's timeout or our deadline (counted there); anything else never reached the server.
    if (!init?.signal?.aborted) publish.providerError({ status: 'network' });
    throw error;
  }
  if (!response.ok) publish.providerError({ status: String(response.status) });
  const wait = retryAfterMs(response.headers);
  if (wait === undefined || wait <= MAX_RETRY_AFTER_MS) return response;
  const headers = new Headers(response.headers);
  headers.set('x-should-retry', 'false');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** Sent as the key to servers that need none (Ollama, llama.cpp); the SDK refuses an empty key. */
export const PLACEHOLDER_API_KEY = 'not-needed';

/**
 * Builds the client from config. With `OPENAI_BASE_URL` and no key, a placeholder key is sent
 * (local servers ignore it); with neither, throws a `ConfigError` naming `OPENAI_API_KEY`.
 * The SDK's own logging is off: it would print to the console, bypassing our redacting logger.
 */
export function createOpenAIClient(config: OpenAIClientConfig): OpenAI {
  const apiKey = config.OPENAI_API_KEY ?? (config.OPENAI_BASE_URL ? PLACEHOLDER_API_KEY : undefined);
  if (apiKey === undefined) {
    throw new ConfigError(
      'OPENAI_API_KEY is required for EMBEDDINGS=openai or ANSWERS=llm (or set OPENAI_BASE_URL to a local OpenAI-compatible server).',
    );
  }
  const client = new OpenAI({
    apiKey,
    // null, not undefined: the SDK would otherwise read process.env behind the config's back.
    baseURL: config.OPENAI_BASE_URL ?? null,
    timeout: config.OPENAI_TIMEOUT_MS,
    maxRetries: config.OPENAI_MAX_RETRIES,
    logLevel: 'off',
    fetch: fetchCappingRetryAfter,
  });
  if (config.OPENAI_DEADLINE_MS !== undefined) deadlines.set(client, config.OPENAI_DEADLINE_MS);
  return client;
}

const statusSuffix = (status: unknown): string => (typeof status === 'number' ? ` (HTTP ${status})` : '');

/**
 * Maps anything an SDK call threw to a `ProviderError` with a stable code and one short line.
 * The line never repeats the server's message (OpenAI echoes part of a rejected key there);
 * the original error stays available as `cause` for the logs.
 *
 * @param operation what was being done, e.g. `embeddings` or `chat completion`, for the message.
 */
export function toProviderError(error: unknown, operation = 'request'): ProviderError {
  if (error instanceof ProviderError) return error;
  const status = error instanceof APIError && typeof error.status === 'number' ? error.status : undefined;
  const requestId: string | undefined = error instanceof APIError ? (error.requestID ?? undefined) : undefined;
  const cause = { cause: error, status, requestId };
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
    return new ProviderError('PROVIDER_AUTH', 'The model provider rejected the API key (OPENAI_API_KEY).', cause);
  }
  if (error instanceof RateLimitError) {
    return new ProviderError('PROVIDER_RATE_LIMIT', `The model provider is rate limiting the ${operation}; try again shortly.`, cause);
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new ProviderError('PROVIDER_TIMEOUT', `The model provider did not answer the ${operation} in time (OPENAI_TIMEOUT_MS).`, cause);
  }
  if (error instanceof APIUserAbortError) {
    return new ProviderError('PROVIDER_TIMEOUT', `The ${operation} to the model provider was cancelled.`, cause);
  }
  if (error instanceof APIConnectionError) {
    return new ProviderError('PROVIDER_UNAVAILABLE', `Could not reach the model provider for the ${operation} (check OPENAI_BASE_URL).`, cause);
  }
  if (error instanceof InternalServerError || (error instanceof APIError && typeof error.status === 'number' && error.status >= 500)) {
    return new ProviderError('PROVIDER_UNAVAILABLE', `The model provider is unavailable${statusSuffix(error.status)}.`, cause);
  }
  if (error instanceof APIError) {
    return new ProviderError('PROVIDER_BAD_RESPONSE', `The model provider rejected the ${operation}${statusSuffix(error.status)}.`, cause);
  }
  return new ProviderError('PROVIDER_BAD_RESPONSE', `The model provider sent an unusable reply to the ${operation}.`, cause);
}

/** True when the error is an HTTP 400 from the endpoint (used to retry without optional parameters). */
export function isBadRequest(error: unknown): boolean {
  return error instanceof APIError && error.status === 400;
}
