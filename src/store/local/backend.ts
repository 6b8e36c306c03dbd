/**
 * The local backend (default, embedded, one machine): the index as generation folders in DATA_DIR
 * (hnswlib + MiniSearch), thread memory and feedback as files beside it, so a restart keeps them.
 */
import type { Logger } from '../../logger.ts';
import type { Backend } from '../../ports.ts';
import { FileConversationStore, type FileConversationOptions } from './conversation-store.ts';
import { FileFeedbackSink } from './feedback-sink.ts';
import { LocalIndexRepository } from './index-repository.ts';
import type { ServeOptions } from './generation-files.ts';

/**
 * The local backend over a data folder (`conversations`: thread memory retention, default 32 turns,
 * 30 days; `serve`: how generations are read to be served, see {@link ServeOptions}).
 */
export function createLocalBackend(dataDir: string, logger?: Logger, options: { conversations?: FileConversationOptions; serve?: Pick<ServeOptions, 'vectorsRead'> } = {}): Backend {
  const feedback = new FileFeedbackSink(dataDir);
  const conversations = new FileConversationStore(dataDir, options.conversations);
  return {
    name: 'local',
    index: new LocalIndexRepository(dataDir, logger, options.serve),
    conversations,
    feedback,
    ping: () => Promise.resolve(true),
    close: async () => {
      await Promise.all([feedback.flush(), conversations.settled()]);
    },
  };
}
