/**
 * The one redaction point. Everything that leaves the process as text — log lines, the CLI's error
 * output, deploy-commands' messages — goes through a `Redactor`, which removes:
 * - the configured secrets (DISCORD_TOKEN, OPENAI_API_KEY) wherever they appear;
 * - interaction and webhook tokens in Discord URLs (`/interactions/{id}/{token}`, `/webhooks/{id}/{token}`),
 *   which @discordjs/rest errors carry in `url`;
 * - `Authorization`-style credentials (`Bot …`, `Bearer …`), OpenAI-style keys (`sk-…`, also the
 *   partial ones servers echo), Discord bot-token shapes, long opaque words (interaction tokens a
 *   server echoes in a message), user:password in URLs, and `token=`/`key=`/`password=` query parameters;
 * - credential-named fields (authorization, token, apiKey, password, cookie…) in objects and headers.
 * Errors become plain objects with their type, message, code, status, provider request id, method,
 * url, stack and cause chain, so a log line says what failed without carrying what must not leak.
 */

const CENSOR = '[redacted]';

/** Field names whose values are credentials, whatever they hold. */
const SECRET_FIELD = /^(authorization|proxy-authorization|x-api-key|api[-_]?key|token|access[-_]?token|refresh[-_]?token|client[-_]?secret|password|secret|cookie|set-cookie|openai_api_key|discord_token)$/iu;

/** Patterns of credentials in free text, with their replacement. */
const TEXT_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/(\/interactions\/\d+\/)[^/?#\s"'<>]+/gu, `$1${CENSOR}`],
  [/(\/webhooks\/\d+\/)[^/?#\s"'<>]+/gu, `$1${CENSOR}`],
  [/\b(Bot|Bearer|Basic)\s+[\w.~+/-]{8,}=*/gu, `$1 ${CENSOR}`],
  [/\bsk-[\w*-]{6,}/gu, CENSOR],
  [/(\/\/)[^/\s:@]+:[^/\s@]+@/gu, `$1${CENSOR}@`],
  [/\b[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,}/gu, CENSOR],
  // Interaction and webhook tokens outside URLs (a server echoing one): any long opaque word, but not a hex digest.
  [/\b(?![0-9a-f]{60,}\b)[\w-]{60,}/gu, CENSOR],
  [/([?&](?:token|key|api[-_]?key|access[-_]?token|code|signature|password|sslpassword)=)[^&#\s"']+/giu, `$1${CENSOR}`],
];

/** Fields that hold request payloads (user text, files): only their presence is kept. */
const PAYLOAD_FIELD = /^(requestBody|rawBody|body_data|files)$/u;

const MAX_DEPTH = 6;
const MAX_STRING = 4_000;

/** A serialised error: what a log line or a report keeps of it. */
export interface ErrorRecord {
  type: string;
  message: string;
  code?: string | number;
  status?: number;
  requestId?: string;
  method?: string;
  url?: string;
  stack?: string;
  cause?: unknown;
  errors?: unknown[];
  [field: string]: unknown;
}

const ERROR_FIELDS = new Set(['name', 'message', 'stack', 'cause', 'code', 'status', 'requestID', 'request_id', 'requestId', 'method', 'url', 'errors', 'headers']);

/** Removes secrets from text, values and errors. */
export class Redactor {
  private readonly secrets: string[];

  /** `secrets`: values that must never appear (blank or very short ones are ignored). */
  constructor(secrets: ReadonlyArray<string | undefined> = []) {
    this.secrets = secrets.filter((s): s is string => typeof s === 'string' && s.trim().length >= 6).sort((a, b) => b.length - a.length);
  }

  /** The text with every known secret and credential pattern replaced. */
  text(input: string): string {
    let out = input.length > MAX_STRING * 4 ? `${input.slice(0, MAX_STRING * 4)}…` : input;
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join(CENSOR);
    for (const [pattern, replacement] of TEXT_PATTERNS) out = out.replace(pattern, replacement);
    return out;
  }

  /** A JSON-safe copy of `value` with secrets removed; errors serialised with {@link Redactor.error}. */
  value(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
    if (typeof value === 'string') return this.text(value);
    if (typeof value === 'bigint') return value.toString();
    if (value === null || typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
    if (seen.has(value)) return '[circular]';
    if (depth >= MAX_DEPTH) return '[nested]';
    seen.add(value);
    if (value instanceof Error) return this.errorRecord(value, depth, seen);
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[${value.byteLength} bytes]`;
    if (value instanceof Date) return value.toISOString();
    if (Array.isArray(value)) return value.slice(0, 100).map((item) => this.value(item, depth + 1, seen));
    if (isHeaders(value)) return this.fields(Object.fromEntries(value.entries()), depth, seen);
    if (value instanceof Map) return this.fields(Object.fromEntries(value as Map<string, unknown>), depth, seen);
    return this.fields(value as Record<string, unknown>, depth, seen);
  }

  /** An error as a plain record: type, message, code, status, request id, method, url, stack, cause. */
  error(error: unknown): ErrorRecord {
    if (error instanceof Error) return this.errorRecord(error, 0, new WeakSet());
    return { type: typeof error, message: this.text(typeof error === 'string' ? error : safeJson(this.value(error))) };
  }

  private fields(object: Record<string, unknown>, depth: number, seen: WeakSet<object>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(object)) {
      if (SECRET_FIELD.test(key)) out[key] = field === undefined || field === null || field === '' ? field : CENSOR;
      else if (PAYLOAD_FIELD.test(key)) out[key] = field === undefined || field === null ? field : '[omitted]';
      else {
        const clean = this.value(field, depth + 1, seen);
        if (clean !== undefined) out[key] = clean;
      }
    }
    return out;
  }

  private errorRecord(error: Error, depth: number, seen: WeakSet<object>): ErrorRecord {
    const e = error as Error & Record<string, unknown>;
    // Some libraries leave `name` as "Error" on their subclasses (openai): the class name says more.
    const type = error.name && error.name !== 'Error' ? error.name : error.constructor.name || 'Error';
    const record: ErrorRecord = { type, message: this.text(String(error.message)) };
    const code = e.code;
    if (typeof code === 'string' || typeof code === 'number') record.code = code;
    if (typeof e.status === 'number') record.status = e.status;
    const requestId = e.requestID ?? e.request_id ?? e.requestId;
    if (typeof requestId === 'string' && requestId !== '') record.requestId = requestId;
    if (typeof e.method === 'string') record.method = e.method;
    if (typeof e.url === 'string') record.url = this.text(e.url);
    if (typeof error.stack === 'string') record.stack = this.text(error.stack);
    for (const [key, field] of Object.entries(e)) {
      if (ERROR_FIELDS.has(key) || key in record || field === undefined) continue;
      if (SECRET_FIELD.test(key)) record[key] = CENSOR;
      else if (PAYLOAD_FIELD.test(key)) record[key] = '[omitted]';
      else record[key] = this.value(field, depth + 1, seen);
    }
    if (error.cause !== undefined) record.cause = this.value(error.cause, depth + 1, seen);
    if (error instanceof AggregateError) record.errors = error.errors.slice(0, 10).map((inner) => this.value(inner, depth + 1, seen));
    return record;
  }
}

function isHeaders(value: object): value is { entries(): IterableIterator<[string, string]> } {
  return typeof Headers !== 'undefined' && value instanceof Headers;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
