import { Router } from "express";
import type { Logger } from "pino";
import { createKeyedQueue } from "../../concurrency/keyed-queue.js";
import type { FlowRunner, Outgoing } from "../../flows/runner.js";
import type { MessengerChannel } from "../channel.js";
import { renderNumbered } from "../numbered-list.js";
import { splitText } from "../split-text.js";
import { createWebhookRouter } from "../webhook.js";
import { createZaloClient, ZaloApiError } from "./zalo.client.js";
import { parseZaloUpdate, toInbound } from "./zalo.update.js";

const ZALO_TEXT_MAX = 2000;
const SEND_ATTEMPTS = 4;
export const ZALO_WEBHOOK_PATH = "/webhook/zalo";

export interface ZaloChannelDeps {
  token: string;
  apiBase: string;
  runner: FlowRunner;
  logger: Logger;
  /** Set: updates arrive on the HTTP server; unset: long polling with getUpdates. */
  webhook?: { publicUrl: string; secret: string };
  pollTimeoutSeconds?: number;
  /** First wait before retrying a failed send or poll; doubles each time. */
  retryBaseMs?: number;
}

/** Zalo: receive, render options as numbered lists, send (texts split at 2000 characters). */
export function createZaloChannel(deps: ZaloChannelDeps): MessengerChannel {
  const log = deps.logger.child({ channel: "zalo" });
  const client = createZaloClient({ token: deps.token, apiBase: deps.apiBase });
  const retryBaseMs = deps.retryBaseMs ?? 1000;
  const replyQueue = createKeyedQueue();
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  async function sendText(chatId: string, text: string) {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.sendMessage(chatId, text);
        return;
      } catch (err) {
        // Blocked or refused for good: retrying changes nothing. Rate limits and outages pass.
        if ((err instanceof ZaloApiError && err.permanent) || attempt >= SEND_ATTEMPTS) throw err;
        log.warn({ err, chatId, attempt }, "send failed; retrying");
        await sleep(retryBaseMs * 2 ** (attempt - 1));
      }
    }
  }

  async function send(chatId: string, messages: Outgoing[]) {
    for (const message of messages)
      for (const part of splitText(renderNumbered(message), ZALO_TEXT_MAX)) await sendText(chatId, part);
  }

  /** Handles one update (already committed when this resolves) and queues its replies behind the chat's earlier ones. */
  async function handle(body: unknown) {
    const parsed = parseZaloUpdate(body);
    if (!parsed.success) {
      log.warn({ issues: parsed.error.issues }, "malformed update dropped");
      return;
    }
    const inbound = toInbound(parsed.data);
    if (!inbound) {
      log.info({ event: parsed.data.event_name }, "event ignored");
      return;
    }
    const replies = await deps.runner.handle(inbound);
    void replyQueue.run(inbound.chatId, () => send(inbound.chatId, replies)).catch((err: unknown) => {
      log.error({ err, chatId: inbound.chatId }, "reply not delivered");
    });
  }

  // The runner commits an update before handle() resolves: the 200 means it is kept.
  const router = deps.webhook
    ? createWebhookRouter({
        path: ZALO_WEBHOOK_PATH,
        secretHeader: "X-Bot-Api-Secret-Token",
        secret: deps.webhook.secret,
        logger: log,
        onUpdate: handle,
      })
    : Router();

  let polling: { stop: AbortController; done: Promise<void> } | undefined;
  async function poll(signal: AbortSignal) {
    let failures = 0;
    while (!signal.aborted) {
      try {
        const update = await client.getUpdates(deps.pollTimeoutSeconds ?? 30, signal);
        failures = 0;
        // Other chats need not wait for this one; the runner keeps each chat in order.
        if (update !== null) void handle(update).catch((err: unknown) => log.error({ err }, "update failed"));
      } catch (err) {
        if (signal.aborted) return;
        failures++;
        log.warn({ err, failures }, "getUpdates failed; backing off");
        await sleep(Math.min(retryBaseMs * 2 ** (failures - 1), 30_000));
      }
    }
  }

  return {
    router,
    async start() {
      if (deps.webhook) {
        await client.setWebhook(`${deps.webhook.publicUrl}${ZALO_WEBHOOK_PATH}`, deps.webhook.secret);
        log.info("webhook set");
      } else {
        await client.deleteWebhook();
        const stop = new AbortController();
        polling = { stop, done: poll(stop.signal) };
        log.info("long polling");
      }
    },
    async stop() {
      polling?.stop.abort();
      await polling?.done;
      await replyQueue.drain();
    },
  };
}
