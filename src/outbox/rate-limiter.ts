import { setTimeout as sleep } from "node:timers/promises";

/**
 * Paces sends at `perSecond`, evenly spaced (no burst to speak of: platforms count short windows), and
 * holds every sender while the platform asked to wait (a 429's retry_after).
 */
export function createRateLimiter(perSecond: number) {
  const interval = 1000 / perSecond;
  let next = 0;
  let pausedUntil = 0;
  return {
    /** Resolves when the caller may send one message. */
    async take(): Promise<void> {
      for (;;) {
        const now = Date.now();
        const at = Math.max(next, pausedUntil, now);
        if (at - now < 1 && pausedUntil <= now) {
          // A timer fires late: up to one interval of lateness is made up, or the pace drifts below the
          // rate. At worst two sends go back to back, far inside what a platform counts over a second.
          next = Math.max(next, now - interval) + interval;
          return;
        }
        await sleep(Math.max(1, at - now));
      }
    },
    pause(seconds: number): void {
      pausedUntil = Math.max(pausedUntil, Date.now() + seconds * 1000);
    },
  };
}
