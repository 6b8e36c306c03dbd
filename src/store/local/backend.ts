/**
 * The local backend (default, embedded, one machine): the index as generation folders in DATA_DIR
 * (hnswlib + MiniSearch), thread memory and feedback as files beside it, so a restart keeps them.
 */
import type { Logger } from '../../logger.ts';
import type { Backend } from '../../ports.ts';
import { FileConversationStore } from './conversation-store.ts';
import { FileFeedbackSink } from './feedback-sink.ts';
import { LocalIndexRepository } from './index-repository.ts';

/** The local backend over a data folder. */
export function createLocalBackend(dataDir: string, logger?: Logger): Backend {
  const feedback = new FileFeedbackSink(dataDir);
  return {
    name: 'local',
    index: new LocalIndexRepository(dataDir, logger),
    conversations: new FileConversationStore(dataDir),
    feedback,
    ping: () => Promise.resolve(true),
    close: () => feedback.flush(),
  };
}
