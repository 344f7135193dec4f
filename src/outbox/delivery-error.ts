/**
 * Why a platform did not take a message, as the delivery worker acts on it:
 * - `rate-limited`: its chat waits `retryAfterSeconds` (the channel too when 429s come in a row), then it is sent again;
 * - `unreachable`: the user blocked the bot or is gone: recorded, never retried;
 * - `rejected`: the platform refused this message for good (a bad request);
 * - `transient`: a network failure or a 5xx: retried with backoff.
 */
export type DeliveryFailure = "rate-limited" | "unreachable" | "rejected" | "transient";

export class DeliveryError extends Error {
  /** `rate-limited`: how long the platform asked to wait. */
  readonly retryAfterSeconds?: number;
  /** Parts of the row the chat has, from this try and earlier ones: a retry goes on after them. */
  readonly delivered: number;

  constructor(
    readonly failure: DeliveryFailure,
    message: string,
    facts: { retryAfterSeconds?: number; delivered?: number } = {},
  ) {
    super(message);
    this.name = "DeliveryError";
    this.retryAfterSeconds = facts.retryAfterSeconds;
    this.delivered = facts.delivered ?? 0;
  }
}
