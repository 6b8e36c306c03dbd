/**
 * A small typed error hierarchy with stable codes. Expected user-facing failures are
 * `CrisisbotError`s; anything else is a bug and is shown as a generic line while logs keep the cause.
 */

export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'CORPUS_MISSING'
  | 'CORPUS_EMPTY'
  | 'INDEX_MISSING'
  | 'INDEX_CORRUPT'
  | 'INDEX_MISMATCH'
  | 'DATA_DIR_INVALID'
  | 'DATA_DIR_READ_ONLY'
  | 'DISK_FULL'
  | 'INGEST_BUSY'
  | 'INGEST_LOCK_LOST'
  | 'QUESTION_EMPTY'
  | 'QUESTION_TOO_LONG'
  | 'NOT_FOUND'
  | 'PROVIDER_AUTH'
  | 'PROVIDER_RATE_LIMIT'
  | 'PROVIDER_TIMEOUT'
  | 'PROVIDER_UNAVAILABLE'
  | 'PROVIDER_BAD_RESPONSE'
  | 'DATASET_INVALID'
  | 'ARTICLE_REJECTED'
  | 'READ_ONLY'
  | 'STORE_UNAVAILABLE'
  | 'USAGE';

export class CrisisbotError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CrisisbotError';
    this.code = code;
  }
}

/** The configuration is invalid; the message names the environment variable. */
export class ConfigError extends CrisisbotError {
  constructor(message: string) {
    super('CONFIG_INVALID', message);
    this.name = 'ConfigError';
  }
}

/** The on-disk index is missing, unreadable or built with other settings. */
export class IndexError extends CrisisbotError {
  constructor(code: 'INDEX_MISSING' | 'INDEX_CORRUPT' | 'INDEX_MISMATCH', message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'IndexError';
  }
}

/**
 * DATA_DIR cannot hold the index: it is a file or under one (DATA_DIR_INVALID), it cannot be
 * written (DATA_DIR_READ_ONLY: a read-only file system or no permission), or the disk is full
 * (DISK_FULL). The message says which, and that the previous index is unchanged.
 */
export class DataDirError extends CrisisbotError {
  constructor(code: 'DATA_DIR_INVALID' | 'DATA_DIR_READ_ONLY' | 'DISK_FULL', message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'DataDirError';
  }
}

/**
 * The ingest lock of DATA_DIR: another process holds it and the caller would not wait
 * (INGEST_BUSY), or it was lost while held — taken over by another process — so this ingest
 * stopped without publishing (INGEST_LOCK_LOST). Either way the live index is unchanged.
 */
export class IngestLockError extends CrisisbotError {
  constructor(code: 'INGEST_BUSY' | 'INGEST_LOCK_LOST', message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'IngestLockError';
  }
}

/** A model provider (OpenAI-compatible endpoint) failed after the SDK's own retries. */
export class ProviderError extends CrisisbotError {
  /** HTTP status of the provider's reply, when there was one. */
  readonly status: number | undefined;
  /** The provider's request id (`x-request-id`), for its support. */
  readonly requestId: string | undefined;

  constructor(
    code: 'PROVIDER_AUTH' | 'PROVIDER_RATE_LIMIT' | 'PROVIDER_TIMEOUT' | 'PROVIDER_UNAVAILABLE' | 'PROVIDER_BAD_RESPONSE',
    message: string,
    options?: { cause?: unknown; status?: number | undefined; requestId?: string | undefined },
  ) {
    super(code, message, options);
    this.name = 'ProviderError';
    this.status = options?.status;
    this.requestId = options?.requestId;
  }
}

/** The one short line a user sees for any error. Never includes secrets or stack traces. */
export function userMessage(error: unknown): string {
  if (error instanceof CrisisbotError) return error.message;
  return 'Something went wrong on our side; the error was logged. Please try again.';
}
