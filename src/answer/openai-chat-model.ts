/**
 * A `ChatModel` over any OpenAI-compatible `/chat/completions` endpoint. Structured output is
 * asked for when wanted: a JSON schema (`json_schema`, strict) when the request carries one, else
 * JSON mode. When the endpoint rejects it with a 400, as many local servers do, the request is
 * retried one step plainer (schema → JSON mode → none), and the step that worked is remembered.
 * Retries and timeouts are the SDK's.
 */
import type OpenAI from 'openai';
import type { Logger } from '../logger.ts';
import { ProviderError } from '../errors.ts';
import type { ChatModel, ChatRequest, ChatResult, FinishReason } from '../ports.ts';
import { withDeadline } from '../providers/deadline.ts';
import { deadlineFor, isBadRequest, toProviderError } from '../providers/openai-client.ts';

/** Characters per requested token beyond which a reply is refused (tokens average about 4 characters). */
const MAX_CHARS_PER_TOKEN = 8;

/** Options for {@link OpenAIChatModel}. */
export interface OpenAIChatModelOptions {
  client: OpenAI;
  model: string;
  logger?: Logger;
  /** Reply length bound when the request sets none (default 1200 tokens). */
  defaultMaxTokens?: number;
}

/** How much structure to ask of the reply: a JSON schema, JSON mode, or nothing. */
type StructuredLevel = 'schema' | 'json' | 'none';
const LEVELS: StructuredLevel[] = ['schema', 'json', 'none'];

/** The level a request wants, capped by what the endpoint supports. */
function levelFor(request: ChatRequest, supported: StructuredLevel): StructuredLevel {
  const wanted: StructuredLevel = request.json !== true ? 'none' : request.schema ? 'schema' : 'json';
  return LEVELS[Math.max(LEVELS.indexOf(wanted), LEVELS.indexOf(supported))] ?? 'none';
}

/** The port's finish reason for the provider's. */
function finishReasonOf(reason: string | null | undefined): FinishReason {
  return reason === 'stop' || reason === 'length' || reason === 'content_filter' ? reason : 'other';
}

/** Chat completions at temperature 0, returning the reply text with its finish reason and usage. */
export class OpenAIChatModel implements ChatModel {
  readonly id: string;
  private readonly client: OpenAI;
  private readonly model: string;
  private readonly logger: Logger | undefined;
  private readonly defaultMaxTokens: number;
  /** The richest `response_format` this endpoint accepted so far (lowered when a 400 shows it is not). */
  private supported: StructuredLevel = 'schema';

  constructor(options: OpenAIChatModelOptions) {
    this.client = options.client;
    this.model = options.model;
    this.logger = options.logger;
    this.defaultMaxTokens = options.defaultMaxTokens ?? 1200;
    this.id = `openai:${options.model}`;
  }

  /**
   * Sends one system + user exchange; throws a `ProviderError` when the provider fails or the whole
   * call (retries, waits and reading the reply included) outlasts OPENAI_DEADLINE_MS.
   */
  complete(request: ChatRequest): Promise<ChatResult> {
    return withDeadline(deadlineFor(this.client), 'chat completion', (signal) => this.attempt({ ...request, signal }), request.signal);
  }

  /** One call, stepping down to a plainer `response_format` when the endpoint rejects it with a 400. */
  private async attempt(request: ChatRequest): Promise<ChatResult> {
    let level = levelFor(request, this.supported);
    let degraded = false;
    for (;;) {
      try {
        const reply = await this.send(request, level);
        // Only now is it clear the 400 was about the format (not, say, an over-long prompt): remember.
        if (degraded) this.supported = level;
        return reply;
      } catch (error) {
        const plainer = LEVELS[LEVELS.indexOf(level) + 1];
        if (level === 'none' || plainer === undefined || !isBadRequest(error)) throw toProviderError(error, 'chat completion');
        this.logger?.warn({ model: this.model, format: level, err: error }, `endpoint rejected the request with response_format ${level === 'schema' ? 'json_schema' : 'json_object'}; retrying with a plainer format`);
        level = plainer;
        degraded = true;
      }
    }
  }

  private async send(request: ChatRequest, level: StructuredLevel): Promise<ChatResult> {
    const { data: completion, request_id: requestId } = await this.client.chat.completions.create(
      {
        model: this.model,
        temperature: 0,
        // `max_tokens`, not `max_completion_tokens`: the one every compatible server understands.
        max_tokens: request.maxTokens ?? this.defaultMaxTokens,
        messages: [
          { role: 'system', content: request.system },
          { role: 'user', content: request.user },
        ],
        ...responseFormat(request, level),
      },
      request.signal ? { signal: request.signal } : undefined,
    ).withResponse();
    const choice = completion.choices?.[0];
    const content = choice?.message?.content;
    if (typeof content !== 'string' || content.trim() === '') {
      throw new ProviderError('PROVIDER_BAD_RESPONSE', 'The language model returned an empty reply.');
    }
    // A server that ignores max_tokens must not turn one answer into hundreds of messages.
    const maxChars = (request.maxTokens ?? this.defaultMaxTokens) * MAX_CHARS_PER_TOKEN;
    if (content.length > maxChars) {
      throw new ProviderError('PROVIDER_BAD_RESPONSE', `The language model's reply is ${content.length} characters long, far over the ${maxChars} asked for.`);
    }
    const result: ChatResult = { text: content, finishReason: finishReasonOf(choice?.finish_reason) };
    if (completion.usage) result.usage = { promptTokens: completion.usage.prompt_tokens, completionTokens: completion.usage.completion_tokens };
    if (requestId) result.requestId = requestId;
    return result;
  }
}

/** The `response_format` field for a level (none: left out). */
function responseFormat(request: ChatRequest, level: StructuredLevel): Record<string, unknown> {
  if (level === 'schema' && request.schema) {
    return { response_format: { type: 'json_schema', json_schema: { name: request.schema.name, schema: request.schema.schema, strict: true } } };
  }
  return level === 'json' || level === 'schema' ? { response_format: { type: 'json_object' } } : {};
}
