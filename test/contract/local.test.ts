/** Every port contract against the local backend (files in a temporary DATA_DIR). */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FeedbackVote } from '../../src/ports.ts';
import { createLocalBackend } from '../../src/store/local/backend.ts';
import { conversationStoreContract } from './conversation-store.contract.ts';
import { feedbackSinkContract } from './feedback-sink.contract.ts';
import type { BackendFixture, BackendOptions } from './fixtures.ts';
import { indexRepositoryContract } from './index-repository.contract.ts';
import { lexicalIndexContract } from './lexical-index.contract.ts';
import { vectorStoreContract } from './vector-store.contract.ts';

/** feedback.jsonl keeps the earlier line format (`time`, `userHash`): read back as votes. */
function readVotes(dataDir: string): FeedbackVote[] {
  let text: string;
  try {
    text = readFileSync(join(dataDir, 'feedback.jsonl'), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const { time, userHash, ...rest } = JSON.parse(line) as Omit<FeedbackVote, 'at' | 'user'> & { time: string; userHash: string };
      return { at: time, user: userHash, ...rest };
    });
}

function makeLocal(options: BackendOptions = {}): Promise<BackendFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), 'crisisbot-contract-'));
  const backend = createLocalBackend(dataDir, undefined, options);
  return Promise.resolve({
    backend,
    reopen: (again: BackendOptions = options) => Promise.resolve(createLocalBackend(dataDir, undefined, again)),
    readVotes: () => Promise.resolve(readVotes(dataDir)),
    async cleanup() {
      await backend.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

indexRepositoryContract('local', makeLocal);
vectorStoreContract('local', makeLocal);
lexicalIndexContract('local', makeLocal);
conversationStoreContract('local', makeLocal);
feedbackSinkContract('local', makeLocal);
