/**
 * Per-user cooldown as a token bucket: a user may ask `burst` questions at once, then earns one
 * back every `seconds`. Pure (the clock is injected) and free of discord.js.
 */
import { strings } from '../../i18n/index.ts';
import type { Lang } from '../../types.ts';

/** The outcome of one attempt: allowed, or refused with the whole seconds to wait. */
export type CooldownResult = { ok: true } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Token buckets keyed by user id. Full buckets are forgotten, so memory stays bounded by active users. */
export class Cooldown {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillMs: number;

  constructor(
    private readonly burst: number,
    seconds: number,
    private readonly now: () => number = Date.now,
  ) {
    this.refillMs = seconds * 1000;
  }

  /** Spends one token for `userId` if there is one. */
  take(userId: string): CooldownResult {
    const now = this.now();
    const bucket = this.current(userId, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.buckets.set(userId, bucket);
      if (this.buckets.size > 10_000) this.prune(now);
      return { ok: true };
    }
    this.buckets.set(userId, bucket);
    const waitMs = (1 - bucket.tokens) * this.refillMs;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  private current(userId: string, now: number): Bucket {
    const stored = this.buckets.get(userId);
    if (!stored) return { tokens: this.burst, updatedAt: now };
    const earned = (now - stored.updatedAt) / this.refillMs;
    return { tokens: Math.min(this.burst, stored.tokens + earned), updatedAt: now };
  }

  private prune(now: number): void {
    for (const [userId, bucket] of this.buckets) {
      if (this.current(userId, now).tokens >= this.burst || bucket.tokens >= this.burst) this.buckets.delete(userId);
    }
  }
}

/** The friendly line a user sees when the cooldown applies. */
export function cooldownMessage(retryAfterSeconds: number, lang: Lang = 'en'): string {
  return strings(lang).bot.cooldown(retryAfterSeconds);
}
