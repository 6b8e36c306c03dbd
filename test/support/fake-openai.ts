/**
 * A fake OpenAI-compatible API: a real `node:http` server on 127.0.0.1, so tests exercise the
 * real `openai` client over HTTP. Embeddings are deterministic (hashed from the text); chat
 * replies come from a queue the test fills. Either endpoint can be scripted to fail.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the server received. Tests may assert on headers; never print them. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** A scripted HTTP response: a JSON `body`, or a `raw` text body; optionally delayed, or never finished. */
export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  raw?: string;
  delayMs?: number;
  /** Send the headers and the first bytes of the body, then nothing more (a body that never ends). */
  stall?: boolean;
}

/** A chat reply: the assistant's text, a full response, or a function of the request. */
export type ChatScript = string | ScriptedResponse | ((request: RecordedRequest) => string | ScriptedResponse);
/** An embeddings override (a failure, usually); when the queue is empty the fake embeds. */
export type EmbeddingScript = ScriptedResponse | ((request: RecordedRequest) => ScriptedResponse | undefined);

export interface FakeOpenAI {
  /** Base URL to give the client, ending in `/v1`. */
  readonly baseURL: string;
  readonly requests: RecordedRequest[];
  /** Requests to one endpoint, in arrival order. */
  requestsTo(endpoint: 'chat' | 'embeddings'): RecordedRequest[];
  /** Queues chat replies, consumed one per request. */
  queueChat(...scripts: ChatScript[]): void;
  /** Queues embeddings responses, consumed one per request before the default behaviour. */
  queueEmbeddings(...scripts: EmbeddingScript[]): void;
  /** Chat replies left unconsumed. */
  pendingChat(): number;
  /** Drops every queued chat reply and embeddings override (between fault cases). */
  clearQueues(): void;
  close(): Promise<void>;
}

/** Common failure responses; `retry-after-ms: 0` keeps the SDK's backoff instant. */
export const failures = {
  rateLimited: (): ScriptedResponse => ({ status: 429, headers: { 'retry-after': '0', 'retry-after-ms': '0' }, body: errorBody('Rate limit reached', 'rate_limit_exceeded') }),
  serverError: (): ScriptedResponse => ({ status: 500, headers: { 'retry-after-ms': '0' }, body: errorBody('The server had an error', 'server_error') }),
  unauthorized: (echo = ''): ScriptedResponse => ({ status: 401, body: errorBody(`Incorrect API key provided: ${echo}`, 'invalid_api_key') }),
  responseFormatRejected: (): ScriptedResponse => ({ status: 400, body: errorBody("'response_format' is not supported", 'invalid_request_error') }),
  malformed: (): ScriptedResponse => ({ status: 200, headers: { 'content-type': 'application/json' }, raw: '{"choices": [ {"message": ' }),
};

function errorBody(message: string, code: string): unknown {
  return { error: { message, type: code, param: null, code } };
}

/** Default vector length for a model when `dimensions` is not sent (the real ones for known models). */
export function defaultDimensions(model: string): number {
  return model === 'text-embedding-3-large' ? 3072 : model.startsWith('text-embedding-') ? 1536 : 24;
}

/** A deterministic, deliberately unnormalised vector for `text` (sha256-seeded). */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  const vector: number[] = [];
  for (let block = 0; vector.length < dimensions; block++) {
    const digest = createHash('sha256').update(`${block}:${text}`).digest();
    for (let i = 0; i + 1 < digest.length && vector.length < dimensions; i += 2) vector.push((digest.readUInt16BE(i) / 65535 - 0.5) * 6);
  }
  return vector;
}

/** A `chat.completion` body whose message is `content`. */
export function chatCompletion(content: string, model = 'fake-chat'): unknown {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
  };
}

/** The real-shaped reply to an embeddings request (fake vectors, one per input). */
export function embeddingsResponse(request: RecordedRequest): ScriptedResponse {
  const { input, model, dimensions } = request.body as { input: unknown; model: string; dimensions?: number };
  const inputs = Array.isArray(input) ? (input as string[]) : [String(input)];
  if (inputs.some((text) => typeof text !== 'string' || text === '')) return { status: 400, body: errorBody("'$.input' is invalid", 'invalid_request_error') };
  const size = dimensions ?? defaultDimensions(model);
  // Returned in reverse on purpose: the API promises `index`, not order.
  const data = inputs.map((text, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(text, size) })).reverse();
  const tokens = inputs.reduce((sum, text) => sum + Math.ceil(text.length / 4), 0);
  return { body: { object: 'list', data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } } };
}

function send(res: ServerResponse, response: ScriptedResponse): void {
  const write = (): void => {
    if (res.destroyed) return; // the client gave up (timeout) before the delay ended
    res.writeHead(response.status ?? 200, { 'content-type': 'application/json', ...response.headers });
    const text = response.raw ?? JSON.stringify(response.body ?? {});
    if (response.stall) res.write(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
    else res.end(text);
  };
  if (response.delayMs) setTimeout(write, response.delayMs);
  else write();
}

/** Starts the fake on a free port. Close it in `afterEach`/`afterAll`. */
export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const chatQueue: ChatScript[] = [];
  const embeddingQueue: EmbeddingScript[] = [];

  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (part: string) => (raw += part));
    req.on('end', () => {
      const record: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {} };
      requests.push(record);
      if (record.method === 'POST' && record.path === '/v1/embeddings') {
        const script = embeddingQueue.shift();
        const scripted = typeof script === 'function' ? script(record) : script;
        return send(res, scripted ?? embeddingsResponse(record));
      }
      if (record.method === 'POST' && record.path === '/v1/chat/completions') {
        const script = chatQueue.shift();
        if (script === undefined) return send(res, { status: 404, body: errorBody('fake-openai: no scripted chat reply left', 'not_found') });
        const scripted = typeof script === 'function' ? script(record) : script;
        return send(res, typeof scripted === 'string' ? { body: chatCompletion(scripted, String(record.body.model)) } : scripted);
      }
      send(res, { status: 404, body: errorBody(`fake-openai: no route ${record.method} ${record.path}`, 'not_found') });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    requestsTo: (endpoint) => requests.filter((r) => r.path === (endpoint === 'chat' ? '/v1/chat/completions' : '/v1/embeddings')),
    queueChat: (...scripts) => void chatQueue.push(...scripts),
    queueEmbeddings: (...scripts) => void embeddingQueue.push(...scripts),
    pendingChat: () => chatQueue.length,
    clearQueues: () => {
      chatQueue.length = 0;
      embeddingQueue.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A recognisable fake key: tests assert it is sent, and that it never appears in an error. */
export const TEST_API_KEY = 'sk-test-0123456789-SECRET';

/** Client settings pointing at the fake, with short timeouts; override as needed. */
export function fakeClientConfig(
  fake: FakeOpenAI,
  overrides: Partial<{ OPENAI_API_KEY: string | undefined; OPENAI_TIMEOUT_MS: number; OPENAI_MAX_RETRIES: number; OPENAI_DEADLINE_MS: number }> = {},
): { OPENAI_API_KEY: string | undefined; OPENAI_BASE_URL: string; OPENAI_TIMEOUT_MS: number; OPENAI_MAX_RETRIES: number; OPENAI_DEADLINE_MS?: number } {
  return { OPENAI_API_KEY: TEST_API_KEY, OPENAI_BASE_URL: fake.baseURL, OPENAI_TIMEOUT_MS: 2_000, OPENAI_MAX_RETRIES: 2, ...overrides };
}
