/**
 * A `ChatModel` over any OpenAI-compatible `/chat/completions` endpoint. JSON mode is asked for
 * when wanted, and dropped (once, then remembered) when the endpoint rejects it with a 400, as
 * many local servers do. Retries and timeouts are the SDK's.
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
  /** Becomes false once a call succeeded only without `response_format`; later calls skip it. */
  private jsonModeSupported = true;

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

  private async attempt(request: ChatRequest): Promise<ChatResult> {
    const wantJson = request.json === true && this.jsonModeSupported;
    try {
      return await this.send(request, wantJson);
    } catch (error) {
      if (!wantJson || !isBadRequest(error)) throw toProviderError(error, 'chat completion');
      this.logger?.warn({ model: this.model, err: error }, 'endpoint rejected the request with response_format json_object; retrying without it');
    }
    try {
      const reply = await this.send(request, false);
      // Only now is it clear the 400 was about JSON mode (not, say, an over-long prompt): stop asking.
      this.jsonModeSupported = false;
      return reply;
    } catch (error) {
      throw toProviderError(error, 'chat completion');
    }
  }

  private async send(request: ChatRequest, json: boolean): Promise<ChatResult> {
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
        ...(json ? { response_format: { type: 'json_object' as const } } : {}),
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
