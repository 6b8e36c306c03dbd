import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OpenAIChatModel } from '../../src/answer/openai-chat-model.ts';
import { ProviderError } from '../../src/errors.ts';
import { silentLogger } from '../../src/logger.ts';
import { createOpenAIClient } from '../../src/providers/openai-client.ts';
import { failures, fakeClientConfig, startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.ts';

let fake: FakeOpenAI;
let model: OpenAIChatModel;
beforeEach(async () => {
  fake = await startFakeOpenAI();
  model = new OpenAIChatModel({ client: createOpenAIClient(fakeClientConfig(fake)), model: 'gpt-test', logger: silentLogger() });
});
afterEach(async () => {
  await fake.close();
});

describe('OpenAIChatModel', () => {
  it('sends system and user messages at temperature 0 in JSON mode and returns the reply', async () => {
    fake.queueChat('{"ok": true}');
    expect(model.id).toBe('openai:gpt-test');
    const result = await model.complete({ system: 'S', user: 'U', json: true, maxTokens: 50 });
    expect(result).toMatchObject({ text: '{"ok": true}', finishReason: 'stop', usage: { promptTokens: 10, completionTokens: 10 } });
    expect(fake.requestsTo('chat')[0]?.body).toEqual({
      model: 'gpt-test',
      temperature: 0,
      max_tokens: 50,
      messages: [
        { role: 'system', content: 'S' },
        { role: 'user', content: 'U' },
      ],
      response_format: { type: 'json_object' },
    });
  });

  it('retries once without response_format when the endpoint rejects it with a 400, then stops asking', async () => {
    fake.queueChat(failures.responseFormatRejected(), '{"a": 1}', '{"b": 2}');
    expect((await model.complete({ system: 'S', user: 'U', json: true })).text).toBe('{"a": 1}');
    expect((await model.complete({ system: 'S', user: 'U', json: true })).text).toBe('{"b": 2}');
    const bodies = fake.requestsTo('chat').map((r) => r.body);
    expect(bodies.map((b) => 'response_format' in b)).toEqual([true, false, false]);
  });

  it('asks for a strict JSON schema when the request has one; on a 400 steps down to JSON mode, then none, and remembers', async () => {
    const schema = { name: 'reply', schema: { type: 'object', properties: { a: { type: 'integer' } }, required: ['a'], additionalProperties: false } };
    fake.queueChat(failures.responseFormatRejected(), failures.responseFormatRejected(), '{"a": 1}', '{"a": 2}', '{"a": 3}');
    const model = new OpenAIChatModel({ client: createOpenAIClient(fakeClientConfig(fake)), model: 'gpt-test' });
    expect((await model.complete({ system: 's', user: 'u', json: true, schema })).text).toBe('{"a": 1}');
    expect((await model.complete({ system: 's', user: 'u', json: true, schema })).text).toBe('{"a": 2}');
    const formats = fake.requestsTo('chat').map((r) => (r.body.response_format as { type?: string } | undefined)?.type ?? 'none');
    expect(formats).toEqual(['json_schema', 'json_object', 'none', 'none']);
    expect(fake.requestsTo('chat')[0]?.body.response_format).toEqual({ type: 'json_schema', json_schema: { ...schema, strict: true } });
  });

  it('keeps the schema when the endpoint takes it, and reports finish reason and usage', async () => {
    const schema = { name: 'reply', schema: { type: 'object' } };
    fake.queueChat('{"a": 1}');
    const result = await new OpenAIChatModel({ client: createOpenAIClient(fakeClientConfig(fake)), model: 'gpt-test' }).complete({ system: 's', user: 'u', json: true, schema });
    expect(result).toMatchObject({ text: '{"a": 1}', finishReason: 'stop', usage: { promptTokens: 10, completionTokens: 10 } });
    expect((fake.requestsTo('chat')[0]?.body.response_format as { type: string }).type).toBe('json_schema');
  });

  it('does not retry a 400 when JSON mode was not requested', async () => {
    fake.queueChat(failures.responseFormatRejected(), 'never sent');
    const error = await model.complete({ system: 'S', user: 'U' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).code).toBe('PROVIDER_BAD_RESPONSE');
    expect(fake.requestsTo('chat')).toHaveLength(1);
    expect(fake.requestsTo('chat')[0]?.body).not.toHaveProperty('response_format');
  });

  it('an empty reply is PROVIDER_BAD_RESPONSE', async () => {
    fake.queueChat('   ');
    await expect(model.complete({ system: 'S', user: 'U' })).rejects.toMatchObject({ code: 'PROVIDER_BAD_RESPONSE', message: 'The language model returned an empty reply.' });
  });

  it('a malformed body is PROVIDER_BAD_RESPONSE', async () => {
    fake.queueChat(failures.malformed());
    await expect(model.complete({ system: 'S', user: 'U' })).rejects.toMatchObject({ code: 'PROVIDER_BAD_RESPONSE' });
  });
});

describe('OpenAIChatModel JSON mode memory', () => {
  it('keeps asking for JSON mode when the 400 was not about it (the retry failed too)', async () => {
    fake.queueChat(failures.responseFormatRejected(), { status: 400, body: { error: { message: 'prompt too long' } } }, '{"ok": 1}');
    await expect(model.complete({ system: 'S', user: 'U', json: true })).rejects.toMatchObject({ code: 'PROVIDER_BAD_RESPONSE' });
    expect((await model.complete({ system: 'S', user: 'U', json: true })).text).toBe('{"ok": 1}');
    expect(fake.requestsTo('chat').map((r) => 'response_format' in r.body)).toEqual([true, false, true]);
  });
});
