import { setTimeout as sleep } from "node:timers/promises";

/**
 * 429s in a row, to different chats, that say the channel as a whole is over the platform's limit
 * (not one chat over its own): at random, a platform throttling a tenth of sends does this once in
 * 100 000 sends.
 */
const REFUSALS_IN_A_ROW = 5;

/**
 * How far behind its pace a limiter may fall and still make it up, by sending back to back: a
 * timer that fires late, or every sender held up a moment (by the platform, the database, a busy
 * event loop), would otherwise lower the pace for good. A twentieth of a second's sends at most: far
 * inside what a platform counts over a second. Making up one interval only, two processes'
 * broadcast ran at 0.958 of their rate (bench:scale), and at 0.970 with twice the senders.
 */
const CATCH_UP_MS = 50;

/**
 * Paces sends at `perSecond`, evenly spaced (no burst to speak of: platforms count short windows), and
 * holds every sender while the platform says the whole channel must wait.
 */
export function createRateLimiter(perSecond: number) {
  const interval = 1000 / perSecond;
  const catchUp = Math.max(interval, CATCH_UP_MS);
  let next = 0;
  let pausedUntil = 0;
  let refusedInARow = 0;
  return {
    /** Resolves when the caller may send one message. */
    async take(): Promise<void> {
      for (;;) {
        const now = Date.now();
        const at = Math.max(next, pausedUntil, now);
        if (at - now < 1 && pausedUntil <= now) {
          next = Math.max(next, now - catchUp) + interval;
          return;
        }
        await sleep(Math.max(1, at - now));
      }
    },
    /** A send went through. */
    accepted(): void {
      refusedInARow = 0;
    },
    /**
     * A send was refused with a 429 asking to wait `seconds`. Its chat waits that long (the caller
     * holds it); every sender waits too once the refusals come in a row.
     */
    refused(seconds: number): void {
      if (++refusedInARow < REFUSALS_IN_A_ROW) return;
      pausedUntil = Math.max(pausedUntil, Date.now() + seconds * 1000);
    },
  };
}
