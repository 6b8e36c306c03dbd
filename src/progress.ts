/** A progress bar on stderr (cli-progress), shown only on a terminal. */
import { createRequire } from 'node:module';
import type * as CliProgress from 'cli-progress';

const require = createRequire(import.meta.url);

export interface Progress {
  update: (done: number, total: number) => void;
  stop: () => void;
}

export function progressBar(label: string): Progress | undefined {
  if (!process.stderr.isTTY) return undefined;
  // Loaded only for a terminal (17 modules): piped and --json runs never show a bar.
  const cliProgress = require('cli-progress') as typeof CliProgress;
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} chunks`, stream: process.stderr, clearOnComplete: true, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let stopped = false;
  let shownTotal = 0;
  return {
    update: (done, total) => {
      if (total === 0 || stopped) return;
      if (!started) {
        bar.start(total, done);
        started = true;
      } else {
        // A bulk ingest only estimates the total until its last batch.
        if (total !== shownTotal) bar.setTotal(total);
        bar.update(done);
      }
      shownTotal = total;
    },
    stop: () => {
      if (started && !stopped) bar.stop();
      stopped = true;
    },
  };
}
