/**
 * Tracks the work a front end has started (answers being computed and sent), so a shutdown can stop
 * taking new work and wait — for a bounded time — for what is already running. Free of discord.js.
 */

/** Counts running tasks; `close()` refuses new ones, `drain()` waits for the rest. */
export class InFlight {
  private running = 0;
  private accepting = true;
  private readonly idle: Array<() => void> = [];

  /** Whether new work is still taken (false once shutting down). */
  get open(): boolean {
    return this.accepting;
  }

  /** Tasks running now. */
  get size(): number {
    return this.running;
  }

  /** Runs `task`, counting it until it settles (whatever its outcome). */
  async run<T>(task: () => Promise<T>): Promise<T> {
    this.running += 1;
    try {
      return await task();
    } finally {
      this.running -= 1;
      if (this.running === 0) for (const wake of this.idle.splice(0)) wake();
    }
  }

  /** Stops taking new work (callers check `open` before `run`). */
  close(): void {
    this.accepting = false;
  }

  /** Resolves when nothing runs, or after `timeoutMs`; returns how many tasks were still running. */
  async drain(timeoutMs: number): Promise<number> {
    if (this.running === 0) return 0;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.idle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    return this.running;
  }
}
