/**
 * One model call as the LLM answerer and summariser make it: a reply cut at the token limit
 * (`finish_reason: length`) is asked again once with twice the room; cut again, it is reported
 * as `truncated` (never passed on as "malformed"). Provider failures become fallback reasons.
 */
import type { Logger } from '../logger.ts';
import type { ChatModel, ChatRequest } from '../ports.ts';
import { fallbackReason, type FallbackReason } from './llm-notices.ts';

export type CallOutcome = { ok: true; text: string } | { ok: false; reason: FallbackReason; cause?: unknown };

/** Default reply bound when the request sets none (tokens). */
const DEFAULT_MAX_TOKENS = 900;

/** Calls the model; retries once with more room when the reply was cut by the length limit. */
export async function completeWithRoom(model: ChatModel, request: ChatRequest, logger: Logger): Promise<CallOutcome> {
  let maxTokens = request.maxTokens ?? DEFAULT_MAX_TOKENS;
  for (let attempt = 0; attempt < 2; attempt++) {
    let result;
    try {
      result = await model.complete({ ...request, maxTokens });
    } catch (error) {
      request.signal?.throwIfAborted();
      return { ok: false, reason: fallbackReason(error), cause: error };
    }
    if (result.finishReason !== 'length') return { ok: true, text: result.text };
    logger.info({ model: model.id, maxTokens, requestId: result.requestId }, 'model reply cut at the length limit');
    maxTokens *= 2;
  }
  return { ok: false, reason: 'truncated' };
}
