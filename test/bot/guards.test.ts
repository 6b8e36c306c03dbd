import { describe, expect, it } from 'vitest';
import { BusyError, ConcurrencyLimiter } from '../../src/bot/guards/concurrency.ts';
import { Cooldown, cooldownMessage } from '../../src/bot/guards/cooldown.ts';

describe('Cooldown (token bucket)', () => {
  it('allows a burst, then refuses with the seconds until one question is earned back', () => {
    let now = 0;
    const cooldown = new Cooldown(3, 20, () => now);
    expect([cooldown.take('u'), cooldown.take('u'), cooldown.take('u')].every((r) => r.ok)).toBe(true);
    expect(cooldown.take('u')).toEqual({ ok: false, retryAfterSeconds: 20 });
    now = 15_000;
    expect(cooldown.take('u')).toEqual({ ok: false, retryAfterSeconds: 5 });
    now = 20_000;
    expect(cooldown.take('u')).toEqual({ ok: true });
    expect(cooldown.take('other')).toEqual({ ok: true });
    expect(cooldownMessage(5)).toBe("You're asking quickly — try again in 5s.");
  });
});

describe('ConcurrencyLimiter', () => {
  it('runs at most `max` at once, queues `maxWaiting`, and refuses the rest as busy', async () => {
    const limiter = new ConcurrencyLimiter(1, 1);
    let peak = 0;
    const release: Array<() => void> = [];
    const task = (): Promise<number> =>
      new Promise((resolve) => {
        peak = Math.max(peak, limiter.running);
        release.push(() => resolve(limiter.running));
      });
    const first = limiter.run(task);
    const second = limiter.run(task);
    await expect(limiter.run(task)).rejects.toBeInstanceOf(BusyError);
    release.shift()!();
    await first;
    await new Promise((resolve) => setTimeout(resolve, 0));
    release.shift()!();
    await second;
    expect(peak).toBe(1);
    expect(limiter.running).toBe(0);
  });

  it('frees the slot when a task throws', async () => {
    const limiter = new ConcurrencyLimiter(1, 0);
    await expect(limiter.run(() => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(limiter.run(() => Promise.resolve(7))).resolves.toBe(7);
  });
});
