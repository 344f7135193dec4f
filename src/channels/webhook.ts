import { timingSafeEqual } from "node:crypto";
import express, { type Router } from "express";
import type { Logger } from "pino";
import { LATE, within } from "../concurrency/within.js";

/**
 * How long a webhook waits for its update to be handled before answering anyway. Platforms want a
 * quick answer (Telegram delivers a slow one again, and holds the chat's later updates meanwhile);
 * an update taking longer (the database stalled) goes on in its chat's turn, and a redelivery of
 * it is recognised and skipped when its turn comes.
 */
const ANSWER_WITHIN_MS = 500;

/** A messenger's webhook routes, and how it stops taking updates. */
export interface WebhookIntake {
  router: Router;
  /**
   * From now on an update is refused with 503, untouched: a load balancer hands it to another
   * process, a platform delivers it again later. Resolves once every update taken is handled.
   */
  close(): Promise<void>;
}

/**
 * A messenger's webhook: the secret header compared in constant time (401 otherwise), the body
 * parsed as JSON, and 200 once `onUpdate` resolves or `ANSWER_WITHIN_MS` has passed — or at once
 * for a body that is not JSON, so the platform stops redelivering what can never be handled.
 */
export function createWebhookIntake(options: {
  path: string;
  secretHeader: string;
  secret: string;
  logger: Logger;
  /** `reply`: a call to the platform's API (JSON) to make in the webhook's answer, as Telegram allows, saving a request of its own. */
  onUpdate: (body: unknown, reply: (payload: string) => void) => Promise<void>;
}): WebhookIntake {
  const expected = Buffer.from(options.secret);
  const router = express.Router();
  let closed = false;
  const inHand = new Set<Promise<void>>();
  router.post(options.path, express.text({ type: "*/*", limit: "1mb" }), async (req, res) => {
    const given = Buffer.from(req.get(options.secretHeader) ?? "");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.status(401).json({ error: "unauthorized" });
      return;
    }
    if (closed) {
      res.set("Retry-After", "1").status(503).json({ error: "stopping" });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(typeof req.body === "string" ? req.body : "");
    } catch {
      options.logger.warn("webhook body is not JSON; dropped");
      res.sendStatus(200);
      return;
    }
    let replyPayload: string | undefined;
    let answered = false;
    const reply = (payload: string) => {
      if (answered) options.logger.warn("a webhook reply came after the webhook was answered: dropped");
      else replyPayload = payload;
    };
    const handled = options.onUpdate(body, reply).catch((err: unknown) => options.logger.error({ err }, "update failed"));
    inHand.add(handled);
    void handled.finally(() => inHand.delete(handled));
    if ((await within(handled, ANSWER_WITHIN_MS)) === LATE) options.logger.warn("update still being handled: webhook answered meanwhile");
    answered = true;
    if (replyPayload === undefined) res.sendStatus(200);
    else res.status(200).type("application/json").send(replyPayload);
  });
  return {
    router,
    async close() {
      closed = true;
      while (inHand.size) await Promise.all(inHand);
    },
  };
}
