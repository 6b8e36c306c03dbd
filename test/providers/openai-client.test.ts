import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderError } from '../../src/errors.ts';
import { ConfigError } from '../../src/errors.ts';
import { createOpenAIClient, PLACEHOLDER_API_KEY, toProviderError } from '../../src/providers/openai-client.ts';
import { failures, fakeClientConfig, startFakeOpenAI, TEST_API_KEY, type FakeOpenAI } from '../support/fake-openai.ts';

let fake: FakeOpenAI;
beforeEach(async () => {
  fake = await startFakeOpenAI();
});
afterEach(async () => {
  await fake.close();
});

/** One chat call through the real client; resolves to the mapped error (or throws if it succeeded). */
async function failingCall(overrides: Parameters<typeof fakeClientConfig>[1] = {}): Promise<ProviderError> {
  const client = createOpenAIClient(fakeClientConfig(fake, overrides));
  try {
    await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
  } catch (error) {
    return toProviderError(error, 'chat completion');
  }
  throw new Error('expected the call to fail');
}

function expectOneSafeLine(error: ProviderError): void {
  expect(error.message).not.toContain('\n');
  expect(error.message.length).toBeLessThan(120);
  expect(error.message).not.toContain(TEST_API_KEY);
  expect(error.cause).toBeDefined();
}

describe('createOpenAIClient', () => {
  it('refuses to build without a key or base URL, naming OPENAI_API_KEY', () => {
    expect(() => createOpenAIClient({ OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined, OPENAI_TIMEOUT_MS: 1000, OPENAI_MAX_RETRIES: 0 })).toThrow(ConfigError);
    expect(() => createOpenAIClient({ OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined, OPENAI_TIMEOUT_MS: 1000, OPENAI_MAX_RETRIES: 0 })).toThrow(/OPENAI_API_KEY/);
  });

  it('passes timeout, retries and base URL to the SDK and sends the key as a bearer token', async () => {
    const client = createOpenAIClient(fakeClientConfig(fake, { OPENAI_TIMEOUT_MS: 1234, OPENAI_MAX_RETRIES: 3 }));
    expect(client.timeout).toBe(1234);
    expect(client.maxRetries).toBe(3);
    expect(client.baseURL).toBe(fake.baseURL);
    fake.queueChat('hello');
    await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    expect(fake.requestsTo('chat')[0]?.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
  });

  it('sends a placeholder key to a local server when no key is configured', async () => {
    const client = createOpenAIClient(fakeClientConfig(fake, { OPENAI_API_KEY: undefined }));
    fake.queueChat('hello');
    await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    expect(fake.requestsTo('chat')[0]?.headers.authorization).toBe(`Bearer ${PLACEHOLDER_API_KEY}`);
  });
});

describe('toProviderError over real HTTP failures', () => {
  it('401 → PROVIDER_AUTH naming the variable, never the key the server echoed', async () => {
    fake.queueChat(failures.unauthorized(TEST_API_KEY));
    const error = await failingCall();
    expect(error.code).toBe('PROVIDER_AUTH');
    expect(error.message).toBe('The model provider rejected the API key (OPENAI_API_KEY).');
    expectOneSafeLine(error);
    expect(fake.requestsTo('chat')).toHaveLength(1); // auth failures are not retried
  });

  it('403 → PROVIDER_AUTH', async () => {
    fake.queueChat({ status: 403, body: { error: { message: 'forbidden' } } });
    expect((await failingCall()).code).toBe('PROVIDER_AUTH');
  });

  it('429 after the SDK retries → PROVIDER_RATE_LIMIT', async () => {
    fake.queueChat(failures.rateLimited(), failures.rateLimited());
    const error = await failingCall({ OPENAI_MAX_RETRIES: 1 });
    expect(error.code).toBe('PROVIDER_RATE_LIMIT');
    expectOneSafeLine(error);
    expect(fake.requestsTo('chat')).toHaveLength(2);
  });

  it('500 after the SDK retries → PROVIDER_UNAVAILABLE with the status', async () => {
    fake.queueChat(failures.serverError(), failures.serverError(), failures.serverError());
    const error = await failingCall({ OPENAI_MAX_RETRIES: 2 });
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.message).toBe('The model provider is unavailable (HTTP 500).');
    expect(fake.requestsTo('chat')).toHaveLength(3);
  });

  it('a slow server → PROVIDER_TIMEOUT naming OPENAI_TIMEOUT_MS', async () => {
    fake.queueChat({ body: {}, delayMs: 1_000 });
    const error = await failingCall({ OPENAI_TIMEOUT_MS: 150, OPENAI_MAX_RETRIES: 0 });
    expect(error.code).toBe('PROVIDER_TIMEOUT');
    expect(error.message).toMatch(/OPENAI_TIMEOUT_MS/);
  });

  it('a closed port → PROVIDER_UNAVAILABLE naming OPENAI_BASE_URL', async () => {
    await fake.close();
    const error = await failingCall({ OPENAI_MAX_RETRIES: 0 });
    fake = await startFakeOpenAI(); // for afterEach
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(error.message).toMatch(/OPENAI_BASE_URL/);
  });

  it('other 4xx and non-SDK errors → PROVIDER_BAD_RESPONSE; a ProviderError passes through', async () => {
    fake.queueChat({ status: 404, body: { error: { message: `model not found ${TEST_API_KEY}` } } });
    const notFound = await failingCall();
    expect(notFound.code).toBe('PROVIDER_BAD_RESPONSE');
    expect(notFound.message).toBe('The model provider rejected the chat completion (HTTP 404).');
    expectOneSafeLine(notFound);
    expect(toProviderError(new TypeError('x')).code).toBe('PROVIDER_BAD_RESPONSE');
    expect(toProviderError(notFound)).toBe(notFound);
  });
});
