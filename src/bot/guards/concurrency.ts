/**
 * A cap on answers computed at once: up to `max` run, up to `maxWaiting` more wait their turn, and
 * anything beyond gets a `BusyError` (shown to the user as a "busy" line). Free of discord.js.
 */

/** Thrown when both the running slots and the waiting line are full. */
export class BusyError extends Error {
  constructor() {
    super("I'm answering several questions right now — please try again in a moment.");
    this.name = 'BusyError';
  }
}

/** A counting semaphore with a bounded waiting line. */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly max: number,
    private readonly maxWaiting: number,
  ) {}

  /** Answers running now. */
  get running(): number {
    return this.active;
  }

  /** Runs `task` when a slot is free; throws `BusyError` at once when the waiting line is full. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) {
      if (this.waiting.length >= this.maxWaiting) throw new BusyError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active += 1;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `active` stays the same.
      if (next) next();
      else this.active -= 1;
    }
  }
}
