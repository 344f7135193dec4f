/**
 * Why a platform did not take a message, as the delivery worker acts on it:
 * - `rate-limited`: wait `retryAfterSeconds` (the whole channel waits), then send it again;
 * - `unreachable`: the user blocked the bot or is gone: recorded, never retried;
 * - `rejected`: the platform refused this message for good (a bad request);
 * - `transient`: a network failure or a 5xx: retried with backoff.
 */
export type DeliveryFailure = "rate-limited" | "unreachable" | "rejected" | "transient";

export class DeliveryError extends Error {
  constructor(
    readonly failure: DeliveryFailure,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "DeliveryError";
  }
}
