import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createRateLimiter } from "../src/outbox/rate-limiter.js";

/**
 * Lets `n` senders, all waiting at once, through: how many went at once (before any timer could
 * fire: counted once the promises already settled have run), and when each went, in ms after the first.
 */
async function letThrough(limiter: ReturnType<typeof createRateLimiter>, n: number): Promise<{ atOnce: number; at: number[] }> {
  const at: number[] = [];
  const all = Promise.all(Array.from({ length: n }, () => limiter.take().then(() => at.push(performance.now()))));
  await Promise.resolve();
  const atOnce = at.length;
  await all;
  return { atOnce, at: at.map((t) => t - at[0]!) };
}

/**
 * From the fourth on, no send ahead of the pace of 50 a second (one every 20 ms, the fourth 10 ms
 * after the first); a timer may fire a millisecond early, and a late one is made up.
 */
function expectNoneAhead(at: number[]) {
  for (let i = 3; i < at.length; i++) expect(at[i]).toBeGreaterThanOrEqual(10 + (i - 3) * 20 - 2);
}

describe("the outbox's rate limiter", () => {
  it("makes up a pause by a twentieth of a second's sends at once, no more, then keeps the pace", async () => {
    // 50 a second: a send every 20 ms; 50 ms of lateness made up: three sends at once, the next 10 ms later.
    const limiter = createRateLimiter(50);
    const first = await letThrough(limiter, 8);
    expect(first.atOnce).toBe(3);
    expectNoneAhead(first.at);
    // The senders were held up (a busy platform, a slow database): the pace is made up, by no more than before.
    await sleep(300);
    const again = await letThrough(limiter, 5);
    expect(again.atOnce).toBe(3);
    expectNoneAhead(again.at);
  });

  it("holds every sender while the platform says the channel must wait", async () => {
    const limiter = createRateLimiter(1000);
    for (let i = 0; i < 5; i++) limiter.refused(0.2);
    const started = performance.now();
    await limiter.take();
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
  });
});
