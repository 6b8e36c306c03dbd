/**
 * The one redaction point (src/redact.ts, used by the logger): one test per error shape that can carry
 * a token or key, produced by the real libraries wherever possible — @discordjs/rest against the fake
 * Discord, the openai client against the fake OpenAI — and every logged error keeps its message, code,
 * status, stack and provider request id.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProviderError } from '../../src/errors.ts';
import { createOpenAIClient, toProviderError } from '../../src/providers/openai-client.ts';
import { Redactor } from '../../src/redact.ts';
import { captureLogger } from '../support/capture-logger.ts';
import { FakeAssistant } from '../support/fake-assistant.ts';
import { failures, fakeClientConfig, startFakeOpenAI, TEST_API_KEY, type FakeOpenAI } from '../support/fake-openai.ts';
import { startHarness, type Harness, TOKEN } from '../bot/harness.ts';

type Line = Record<string, unknown> & { msg: string };
type Record_ = Record<string, unknown>;

const DISCORD_TOKEN_SHAPE = 'MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs';

describe('Discord errors through the real client', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(new FakeAssistant());
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => h.fake.reset());

  it('HTTPError after a 5xx (its url holds the interaction token): logged with type, status, stack, url without the token', async () => {
    for (let i = 0; i < 12; i++) h.fake.failNext('POST', /^\/interactions\/\d+\/[^/]+\/callback$/u, 502, { message: 'Bad Gateway' });
    const { token } = h.fake.slashCommand('help');
    await h.fake.until(() => h.logs.lines().some((l) => l.msg === 'Could not tell the user about the failure'), 10_000, 'the failure log line');
    expect(h.logs.text()).not.toContain(token);
    expect(h.logs.text()).not.toContain(TOKEN);
    const failed = h.logs.lines().find((l) => l.msg === 'Interaction handler failed') as Line;
    const err = failed.err as Record_;
    expect(err).toMatchObject({ type: 'HTTPError', status: 502, method: 'POST', requestBody: '[omitted]' });
    expect(err.url).toMatch(/\/interactions\/\d+\/\[redacted\]\/callback/u);
    expect(err.stack).toMatch(/HTTPError/u);
  });

  it('DiscordAPIError on a webhook edit (token in the url, server body echoing it): nothing of the token logged', async () => {
    const from = h.logs.lines().length;
    const since = (): Line[] => h.logs.lines().slice(from) as Line[];
    const interaction = h.fake.slashCommand('ask', { question: 'What did Russia demand?' });
    // The server's message echoes the token, as some proxies do.
    h.fake.failNext('PATCH', /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/u, 400, { message: `Invalid Form Body for ${interaction.token}`, code: 50035 });
    h.fake.failNext('PATCH', /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/u, 400, { message: `Invalid Form Body for ${interaction.token}`, code: 50035 });
    await h.fake.until(() => since().some((l) => l.msg === 'Could not tell the user about the failure'), 10_000, 'the second failure');
    expect(h.logs.text()).not.toContain(interaction.token);
    const line = since().find((l) => l.msg === 'Interaction handler failed')!;
    expect(line.discord).toMatchObject({ code: 50035, status: 400, method: 'PATCH' });
    expect((line.discord as Record_).url).toMatch(/\/webhooks\/\d+\/\[redacted\]\/messages/u);
  });
});

describe('model provider errors through the real openai client', () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('a 401 whose body echoes the key: the ProviderError keeps status and request id, the log keeps the cause, never the key', async () => {
    fake.queueChat({ ...failures.unauthorized(TEST_API_KEY), headers: { 'x-request-id': 'req_abc123' } });
    const client = createOpenAIClient(fakeClientConfig(fake, { OPENAI_MAX_RETRIES: 0 }));
    const error = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).then(
      () => undefined,
      (e: unknown) => toProviderError(e, 'chat completion'),
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code: 'PROVIDER_AUTH', status: 401, requestId: 'req_abc123' });
    const logs = captureLogger([TEST_API_KEY]);
    logs.logger.error({ err: error }, 'Answer failed');
    expect(logs.text()).not.toContain(TEST_API_KEY);
    const err = logs.lines()[0]!.err as Record_;
    expect(err).toMatchObject({ type: 'ProviderError', code: 'PROVIDER_AUTH', status: 401, requestId: 'req_abc123', message: expect.stringContaining('rejected the API key') });
    expect(err.stack).toMatch(/ProviderError/u);
    expect(err.cause).toMatchObject({ type: 'AuthenticationError', status: 401, requestId: 'req_abc123' });
  });

  it('a partial key echoed by the server (sk-…****) is removed even when it is not the configured one', () => {
    const logs = captureLogger();
    logs.logger.warn({ err: new Error('Incorrect API key provided: sk-proj-abcd****************wxyz') }, 'x');
    expect(logs.text()).not.toContain('sk-proj-abcd');
  });

  it('a connection error to a base URL with credentials in it: user and password removed', async () => {
    const client = createOpenAIClient({ OPENAI_API_KEY: TEST_API_KEY, OPENAI_BASE_URL: 'http://admin:hunter2hunter2@127.0.0.1:9/v1', OPENAI_TIMEOUT_MS: 1_000, OPENAI_MAX_RETRIES: 0 });
    const error = await client.embeddings.create({ model: 'm', input: ['x'] }).then(() => undefined, (e: unknown) => toProviderError(e, 'embeddings'));
    const logs = captureLogger();
    logs.logger.error({ err: error, baseURL: 'http://admin:hunter2hunter2@127.0.0.1:9/v1' }, 'Embedding failed');
    expect(logs.text()).not.toContain('hunter2hunter2');
    expect(logs.lines()[0]!.err).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', cause: { type: 'APIConnectionError' } });
  });
});

describe('other shapes', () => {
  it('headers objects and fetch Headers: credential fields removed by name', () => {
    const logs = captureLogger();
    const error = Object.assign(new Error('request failed'), { headers: new Headers({ authorization: `Bot ${DISCORD_TOKEN_SHAPE}` }), request: { headers: { Authorization: 'Bearer abcdefghijklmnop', 'x-api-key': 'k-123456789' } } });
    logs.logger.error({ err: error, config: { apiKey: 'k-123456789', token: 'whatever-token' } }, 'failed');
    expect(logs.text()).not.toMatch(/abcdefghijklmnop|k-123456789|whatever-token|ZnCjm1XVW7vRze4b7Cq4se7kKWs/u);
    expect(logs.lines()[0]!.err).toMatchObject({ message: 'request failed', request: { headers: { Authorization: '[redacted]' } } });
  });

  it('a Discord bot token shape, Bot/Bearer credentials and token query parameters in free text', () => {
    const r = new Redactor();
    expect(r.text(`token ${DISCORD_TOKEN_SHAPE} leaked`)).toBe('token [redacted] leaked');
    expect(r.text('Authorization: Bot abc.defgh.ijklmnop')).toBe('Authorization: Bot [redacted]');
    expect(r.text('GET /oauth?client_id=1&token=abcdef&x=2')).toBe('GET /oauth?client_id=1&token=[redacted]&x=2');
  });

  it('database URLs: user:password and a password query parameter (libpq style)', () => {
    const r = new Redactor();
    expect(r.text('postgresql://crisisbot:s3cret-pw@db.internal:5432/news')).toBe('postgresql://[redacted]@db.internal:5432/news');
    expect(r.text('postgresql://db.internal/news?user=bot&password=s3cret-pw&sslmode=require')).toBe('postgresql://db.internal/news?user=bot&password=[redacted]&sslmode=require');
  });

  it('request bodies (user text, files) are omitted; AggregateError and causes are walked', () => {
    const inner = Object.assign(new Error('inner at https://discord.com/api/v10/webhooks/123/tok-abcdefgh/messages'), { code: 'E_INNER' });
    const error = new AggregateError([inner], 'all failed', { cause: { requestBody: { json: { content: 'a user question' } } } });
    const logs = captureLogger();
    logs.logger.error(error);
    const line = logs.lines()[0]!;
    expect(logs.text()).not.toContain('tok-abcdefgh');
    expect(logs.text()).not.toContain('a user question');
    expect(line.msg).toBe('all failed');
    expect((line.err as Record_).errors).toEqual([expect.objectContaining({ code: 'E_INNER', message: expect.stringContaining('/webhooks/123/[redacted]/messages') })]);
  });

  it('configured secrets anywhere: message, fields, a thrown string, the message pino takes from an error', () => {
    const secret = 'configured-secret-value';
    const logs = captureLogger([secret]);
    logs.logger.error(new Error(`boom ${secret}`));
    logs.logger.warn({ detail: `x${secret}y`, err: `thrown string ${secret}` }, `message ${secret}`);
    expect(logs.text()).not.toContain(secret);
    expect(logs.lines()[0]).toMatchObject({ msg: 'boom [redacted]', err: { type: 'Error', message: 'boom [redacted]' } });
  });
});
