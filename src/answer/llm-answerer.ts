/**
 * Answers with a language model over the retrieved passages, then keeps only what can be
 * verified: every citation must quote its passage verbatim. Whenever that leaves nothing, or the
 * model or its reply fails, the injected extractive answerer answers instead, with a notice.
 */
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { AnswerOptions, Answerer, ChatModel } from '../ports.ts';
import { createOpenAIClient, type OpenAIClientConfig } from '../providers/openai-client.ts';
import type { Answer, Retrieval } from '../types.ts';
import { abstain } from './abstention.ts';
import { completeWithRoom } from './llm-call.ts';
import { fallbackNotice, type FallbackReason } from './llm-notices.ts';
import { ANSWER_JSON_SCHEMA, answerReplySchema, parseReply } from './llm-reply.ts';
import { OpenAIChatModel } from './openai-chat-model.ts';
import { formatHistory, formatPassages, languageName, loadPromptTemplates, neutralise, renderPrompt, type PromptTemplates } from './prompts.ts';
import { keepCitedSentences, verifyCitations, type VerifySource } from './verify.ts';

/** Dependencies of {@link LlmAnswerer}. */
export interface LlmAnswererOptions {
  model: ChatModel;
  /** Answers when the model cannot be used (the extractive answerer). */
  fallback: Answerer;
  logger: Logger;
  /** Prompt templates (default: read from `prompts/`). */
  prompts?: PromptTemplates;
  /** Reply length bound in tokens (default 900). */
  maxTokens?: number;
}

/** The `llm` answerer: a cited answer from the model, verified, or an extractive one. */
export class LlmAnswerer implements Answerer {
  readonly method = 'llm' as const;
  private readonly model: ChatModel;
  private readonly fallback: Answerer;
  private readonly logger: Logger;
  private readonly prompts: PromptTemplates;
  private readonly maxTokens: number;

  constructor(options: LlmAnswererOptions) {
    this.model = options.model;
    this.fallback = options.fallback;
    this.logger = options.logger;
    this.prompts = options.prompts ?? loadPromptTemplates();
    this.maxTokens = options.maxTokens ?? 900;
  }

  /** The system and user messages for one question (exposed for tests and `--debug` output). */
  buildPrompt(question: string, retrieval: Retrieval, options: AnswerOptions): { system: string; user: string } {
    return {
      system: renderPrompt(this.prompts.system, {}),
      user: renderPrompt(this.prompts.answer, {
        language: languageName(options.language),
        history: formatHistory(options.history),
        passages: formatPassages(sourcesOf(retrieval)),
        question: neutralise(question.trim()),
      }),
    };
  }

  async answer(question: string, retrieval: Retrieval, options: AnswerOptions): Promise<Answer> {
    const sources = sourcesOf(retrieval);
    if (sources.length === 0) return this.abstain(question, retrieval, options);
    const prompt = this.buildPrompt(question, retrieval, options);
    const call = await completeWithRoom(
      this.model,
      { ...prompt, json: true, schema: ANSWER_JSON_SCHEMA, maxTokens: this.maxTokens, ...(options.signal ? { signal: options.signal } : {}) },
      this.logger,
    );
    if (!call.ok) return this.fallBack(call.reason, call.cause, question, retrieval, options);
    let parsed;
    try {
      parsed = parseReply(call.text, answerReplySchema);
    } catch (error) {
      return this.fallBack('malformed', error, question, retrieval, options);
    }
    if (!parsed.answerable) return this.abstain(question, retrieval, options);
    // Every statement shown must be sourced: sentences left without a verified citation are dropped.
    const verified = keepCitedSentences(verifyCitations(parsed.answer, parsed.citations, sources), options.language);
    if (verified.dropped.length > 0 || verified.droppedSentences.length > 0) {
      this.logger.info({ model: this.model.id, dropped: verified.dropped, droppedSentences: verified.droppedSentences.length }, 'dropped unverifiable citations and uncited sentences');
    }
    if (verified.citations.length === 0 || verified.text === '') {
      return this.fallBack('unverifiable', undefined, question, retrieval, options);
    }
    return {
      question,
      language: options.language,
      abstained: false,
      answer: verified.text,
      citations: verified.citations,
      passages: retrieval.passages,
      method: 'llm',
    };
  }

  /** The same abstention the extractive path gives (closest titles, no citations), marked `llm`. */
  private abstain(question: string, retrieval: Retrieval, options: AnswerOptions): Answer {
    return { ...abstain(question, options.language, retrieval), method: 'llm' };
  }

  private async fallBack(reason: FallbackReason, cause: unknown, question: string, retrieval: Retrieval, options: AnswerOptions): Promise<Answer> {
    const log = { model: this.model.id, reason, err: cause };
    if (reason === 'auth') this.logger.error(log, 'model provider rejected the API key; answering extractively');
    else this.logger.warn(log, 'language model answer unusable; answering extractively');
    const answer = await this.fallback.answer(question, retrieval, options);
    return { ...answer, notice: fallbackNotice(reason, options.language, 'answer') };
  }
}

/** Passages numbered 1..N in retrieval order. */
function sourcesOf(retrieval: Retrieval): VerifySource[] {
  return retrieval.passages.map((passage, i) => ({ n: i + 1, chunk: passage.chunk }));
}

/** Builds the `ANSWERS=llm` answerer from config, over an OpenAI-compatible chat endpoint. */
export function createLlmAnswerer(deps: {
  config: OpenAIClientConfig & Pick<Config, 'CHAT_MODEL'>;
  fallback: Answerer;
  logger: Logger;
}): LlmAnswerer {
  const model = new OpenAIChatModel({ client: createOpenAIClient(deps.config), model: deps.config.CHAT_MODEL, logger: deps.logger });
  return new LlmAnswerer({ model, fallback: deps.fallback, logger: deps.logger });
}
