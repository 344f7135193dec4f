import { setTimeout as sleep } from "node:timers/promises";
import { Router } from "express";
import type { Logger } from "pino";
import { createKeyedQueue } from "../../concurrency/keyed-queue.js";
import type { FlowRunner, Outgoing } from "../../flows/runner.js";
import { DeliveryError } from "../../outbox/delivery-error.js";
import type { MessengerChannel } from "../channel.js";
import { renderNumbered } from "../numbered-list.js";
import { splitText } from "../split-text.js";
import { createWebhookIntake } from "../webhook.js";
import { createZaloClient, ZaloApiError, ZaloHttpError } from "./zalo.client.js";
import { parseZaloUpdate, toInbound, ZALO_CHANNEL } from "./zalo.update.js";

export const ZALO_TEXT_MAX = 2000;
export const ZALO_WEBHOOK_PATH = "/webhook/zalo";
export const ZALO_SECRET_HEADER = "X-Bot-Api-Secret-Token";
/**
 * Tries of a reply before it is given up: a platform throttling or failing one send in eight at
 * random lost one reply in 3 500 with 4 tries; with 7, one in a million and a half.
 */
const SEND_ATTEMPTS = 7;
/** The backoff between tries doubles up to this: all the tries span about a minute. */
const MAX_SEND_BACKOFF_MS = 30_000;
/** A send asked to wait longer than this is given up: the chat's later replies queue behind it. */
const MAX_SEND_WAIT_MS = 60_000;
const MAX_POLL_BACKOFF_MS = 30_000;

/**
 * What a refused send means for the outbox. Zalo does not document its refusal codes beyond 429;
 * 403 and 404 are taken as a user who blocked the bot or is gone, other 4xx as a bad message.
 */
function deliveryError(err: unknown, delivered: number): DeliveryError {
  if (err instanceof ZaloApiError) {
    const why = `${err.error_code} ${err.description}`;
    if (err.error_code === 429) return new DeliveryError("rate-limited", why, { retryAfterSeconds: err.retryAfterSeconds ?? 1, delivered });
    if (err.error_code === 403 || err.error_code === 404) return new DeliveryError("unreachable", why, { delivered });
    // 401: the token is wrong or was revoked — the operator fixes it and the message still goes out.
    return new DeliveryError(err.permanent && err.error_code !== 401 ? "rejected" : "transient", why, { delivered });
  }
  return new DeliveryError("transient", err instanceof Error ? err.message : String(err), { delivered });
}

/** The texts a chat is sent for these messages: options as numbered lists, cut at 2000 characters. */
const parts = (messages: Outgoing[]) => messages.flatMap((message) => splitText(renderNumbered(message), ZALO_TEXT_MAX));

export interface ZaloChannelDeps {
  token: string;
  apiBase: string;
  runner: FlowRunner;
  logger: Logger;
  /** Set: Zalo posts updates to `{publicUrl}/webhook/zalo`; unset: long polling with getUpdates. */
  webhook?: { publicUrl: string; secret: string };
  /** How long one getUpdates call waits for an update. */
  pollTimeoutSeconds?: number;
  /** First wait before retrying a failed send or poll; doubles each time. */
  retryBaseMs?: number;
}

/** Zalo: receive by webhook or long polling, render options as numbered lists, send texts split at 2000 characters. */
export function createZaloChannel(deps: ZaloChannelDeps): MessengerChannel {
  const log = deps.logger.child({ channel: ZALO_CHANNEL });
  const client = createZaloClient({ token: deps.token, apiBase: deps.apiBase });
  const retryBaseMs = deps.retryBaseMs ?? 1000;
  const pollTimeoutSeconds = deps.pollTimeoutSeconds ?? 30;
  const replies = createKeyedQueue();
  const inFlight = new Set<Promise<void>>();

  /** How long to wait before sending again, or null when another try would fail the same way. */
  function retryDelayMs(err: unknown, attempt: number): number | null {
    if (attempt >= SEND_ATTEMPTS) return null;
    const backoff = Math.min(retryBaseMs * 2 ** (attempt - 1), MAX_SEND_BACKOFF_MS);
    if (err instanceof ZaloHttpError) return backoff;
    if (!(err instanceof ZaloApiError) || err.permanent) return null;
    const asked = err.retryAfterSeconds;
    if (asked === undefined) return backoff;
    return asked * 1000 <= MAX_SEND_WAIT_MS ? Math.max(asked * 1000, backoff) : null;
  }

  async function sendText(chatId: string, text: string) {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.sendMessage(chatId, text);
        return;
      } catch (err) {
        const wait = retryDelayMs(err, attempt);
        if (wait === null) throw err;
        log.warn({ err, chatId, attempt, wait }, "send failed; retrying");
        await sleep(wait);
      }
    }
  }

  async function send(chatId: string, messages: Outgoing[]) {
    for (const part of parts(messages)) await sendText(chatId, part);
  }

  /** Resolves once the update is committed (or dropped); its replies go out after, behind the chat's earlier ones. */
  async function handle(body: unknown) {
    const parsed = parseZaloUpdate(body);
    if (!parsed.success) {
      log.warn({ issues: parsed.error.issues }, "malformed update dropped");
      return;
    }
    const inbound = toInbound(parsed.data);
    if (!inbound) {
      log.info({ event: parsed.data.event_name, messageId: parsed.data.message.message_id }, "event ignored");
      return;
    }
    const messages = await deps.runner.handle(inbound);
    void replies.run(inbound.chatId, () => send(inbound.chatId, messages)).catch((err: unknown) => {
      const blocked = err instanceof ZaloApiError && err.permanent;
      log.error({ err, chatId: inbound.chatId, updateKey: inbound.updateKey, blocked }, "reply not delivered");
    });
  }

  /** Never rejects; stop() waits for what is still being handled. */
  function receive(body: unknown): Promise<void> {
    const work = handle(body).catch((err: unknown) => log.error({ err }, "update failed"));
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
    return work;
  }

  // The runner commits an update before handle() resolves, so the 200 tells Zalo it is kept.
  const intake = deps.webhook
    ? createWebhookIntake({
        path: ZALO_WEBHOOK_PATH,
        secretHeader: ZALO_SECRET_HEADER,
        secret: deps.webhook.secret,
        logger: log,
        onUpdate: receive,
      })
    : undefined;

  async function poll(signal: AbortSignal) {
    let failures = 0;
    while (!signal.aborted) {
      try {
        const update = await client.getUpdates(pollTimeoutSeconds, signal);
        failures = 0;
        // Other chats need not wait for this one; the runner keeps each chat in order.
        if (update !== null) void receive(update);
      } catch (err) {
        if (signal.aborted) return;
        failures++;
        const wait = Math.min(retryBaseMs * 2 ** (failures - 1), MAX_POLL_BACKOFF_MS);
        const permanent = err instanceof ZaloApiError && err.permanent;
        log[permanent ? "error" : "warn"]({ err, failures, wait }, "getUpdates failed; backing off");
        await sleep(wait, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  let polling: { controller: AbortController; done: Promise<void> } | undefined;
  return {
    channel: ZALO_CHANNEL,
    router: intake?.router ?? Router(),
    idle: () => inFlight.size === 0 && replies.idle,
    async deliver(chatId, messages, from = 0) {
      const all = parts(messages);
      for (let i = from; i < all.length; i++) {
        await client.sendMessage(chatId, all[i]!).catch((err: unknown) => {
          throw deliveryError(err, i);
        });
      }
    },
    async start() {
      if (deps.webhook) {
        await client.setWebhook(`${deps.webhook.publicUrl}${ZALO_WEBHOOK_PATH}`, deps.webhook.secret);
        log.info("webhook set");
      } else {
        await client.deleteWebhook();
        const controller = new AbortController();
        polling = { controller, done: poll(controller.signal) };
        log.info("long polling");
      }
    },
    /** Takes no more updates (webhooks refused, the open getUpdates aborted), finishes those taken, then lets their replies go out. */
    async stop() {
      await intake?.close();
      polling?.controller.abort();
      await polling?.done;
      polling = undefined;
      await Promise.all(inFlight);
      await replies.drain();
    },
  };
}
