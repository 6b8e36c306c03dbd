/**
 * The bridge to model providers (any OpenAI-compatible endpoint: OpenAI, Ollama, vLLM,
 * llama.cpp). Loaded lazily, so the offline default never imports the openai SDK.
 */
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { Answerer, Embedder, Summarizer } from './ports.ts';
import type { CheckRefiner } from './answer/check-service.ts';
import type { Chunk } from './types.ts';

/** The OpenAI-compatible embedder (`EMBEDDINGS=openai`). */
export async function createModelEmbedder(config: Config): Promise<Embedder> {
  const { createOpenAIEmbedder } = await import('./embed/openai-embedder.ts');
  return createOpenAIEmbedder(config);
}

/** The LLM answerer and summariser (`ANSWERS=llm`), each falling back to the extractive one. */
export async function createModelAnswering(
  config: Config,
  fallbacks: { answerer: Answerer; summarizer: Summarizer },
  chunksOf: (docId: string) => Chunk[],
  logger: Logger,
): Promise<{ answerer: Answerer; summarizer: Summarizer }> {
  const [{ createLlmAnswerer }, { createLlmSummarizer }] = await Promise.all([import('./answer/llm-answerer.ts'), import('./answer/llm-summarizer.ts')]);
  return {
    answerer: createLlmAnswerer({ config, fallback: fallbacks.answerer, logger }),
    summarizer: createLlmSummarizer({ config, fallback: fallbacks.summarizer, chunksOf, logger }),
  };
}

/** The claim checker's LLM refiner (`ANSWERS=llm`): verdicts from the model, quotes verified. */
export async function createModelCheckRefiner(config: Config, logger: Logger): Promise<CheckRefiner> {
  const [{ LlmCheckRefiner }, { OpenAIChatModel }, { createOpenAIClient }] = await Promise.all([
    import('./answer/check-llm.ts'),
    import('./answer/openai-chat-model.ts'),
    import('./providers/openai-client.ts'),
  ]);
  return new LlmCheckRefiner({ model: new OpenAIChatModel({ client: createOpenAIClient(config), model: config.CHAT_MODEL, logger }), logger });
}
