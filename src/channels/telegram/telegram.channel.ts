import { autoRetry } from "@grammyjs/auto-retry";
import { run, type RunnerHandle } from "@grammyjs/runner";
import { Router } from "express";
import { Api, Bot, GrammyError, HttpError } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { Logger } from "pino";
import { createKeyedQueue } from "../../concurrency/keyed-queue.js";
import { COMMANDS } from "../../flows/index.js";
import type { FlowRunner, Outgoing } from "../../flows/runner.js";
import { LOCALES, type I18n } from "../../i18n/i18n.js";
import { DeliveryError } from "../../outbox/delivery-error.js";
import type { MessengerChannel } from "../channel.js";
import { splitText } from "../split-text.js";
import { createWebhookIntake } from "../webhook.js";
import { inlineKeyboard } from "./telegram.keyboard.js";
import { TELEGRAM_CHANNEL, telegramUpdateSchema, toInbound } from "./telegram.update.js";

const TELEGRAM_TEXT_MAX = 4096;
export const TELEGRAM_WEBHOOK_PATH = "/webhook/telegram";

/** What a refused send means for the outbox: Telegram's answers to a bot writing to a user. */
function deliveryError(err: unknown, delivered: number): DeliveryError {
  if (err instanceof GrammyError) {
    const why = `${err.error_code} ${err.description}`;
    if (err.error_code === 429) return new DeliveryError("rate-limited", why, { retryAfterSeconds: err.parameters.retry_after ?? 1, delivered });
    // 403: blocked by the user, or the account is deleted; 400 "chat not found": never started the bot.
    if (err.error_code === 403 || /chat not found|user is deactivated/i.test(err.description)) return new DeliveryError("unreachable", why, { delivered });
    // 401: the token is wrong or was revoked — the operator fixes it and the message still goes out.
    return new DeliveryError(err.error_code >= 500 || err.error_code === 401 ? "transient" : "rejected", why, { delivered });
  }
  if (err instanceof HttpError) return new DeliveryError("transient", err.message, { delivered });
  return new DeliveryError("transient", err instanceof Error ? err.message : String(err), { delivered });
}

/** One message as Telegram takes it. */
interface Part {
  text: string;
  reply_markup?: InlineKeyboardMarkup;
}

/** What a chat is sent for these messages: each cut at 4096 characters, its options as buttons under its last part. */
function parts(messages: Outgoing[]): Part[] {
  return messages.flatMap((message) => {
    const texts = splitText(message.text, TELEGRAM_TEXT_MAX);
    return texts.map((text, i) => ({ text, reply_markup: i === texts.length - 1 ? inlineKeyboard(message) : undefined }));
  });
}

export interface TelegramChannelDeps {
  token: string;
  apiRoot: string;
  runner: FlowRunner;
  i18n: I18n;
  logger: Logger;
  /** Set: updates arrive on the HTTP server; unset: long polling. */
  webhook?: { publicUrl: string; secret: string };
}

/** Telegram through grammY: receive, render options as inline keyboards, send. */
export function createTelegramChannel(deps: TelegramChannelDeps): MessengerChannel {
  const log = deps.logger.child({ channel: TELEGRAM_CHANNEL });
  // A button's spinner is stopped in the webhook's answer (answerCallbackQuery), not by a request of its own.
  const bot = new Bot(deps.token, { client: { apiRoot: deps.apiRoot, canUseWebhookReply: (method) => method === "answerCallbackQuery" } });
  // 429s wait their retry_after, 5xx and network errors retry with backoff. A reply waits behind its
  // chat's earlier ones only, so tries cost no other chat: with 3 retries, a platform throttling or
  // failing one send in eight at random lost one reply in 3 500; with 6, one in a million and a half.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 6, maxDelaySeconds: 60 }));

  // The outbox paces itself and acts on every refusal (a 429 holds the chat, or the channel): no retries behind its back.
  const outboxApi = new Api(deps.token, { apiRoot: deps.apiRoot });

  const replyQueue = createKeyedQueue();
  const sendPart = (api: Api, chatId: string, { text, reply_markup }: Part) => api.sendMessage(chatId, text, reply_markup ? { reply_markup } : {});

  bot.use(async (ctx) => {
    const parsed = telegramUpdateSchema.safeParse(ctx.update);
    if (!parsed.success) {
      log.warn({ updateId: ctx.update.update_id, issues: parsed.error.issues }, "malformed update dropped");
      return;
    }
    const inbound = toInbound(parsed.data);
    // Stops the button's spinner; nothing waits on it.
    if (parsed.data.callback_query) void ctx.answerCallbackQuery().catch((err: unknown) => log.warn({ err }, "answerCallbackQuery failed"));
    if (!inbound) {
      log.debug({ updateId: ctx.update.update_id }, "update ignored");
      return;
    }
    const replies = await deps.runner.handle(inbound);
    // The update is committed: answer Telegram now and send the replies behind it, in order per chat,
    // so a reply waiting out a 429 does not hold the webhook (and the chat's next updates) open.
    const send = async () => {
      for (const part of parts(replies)) await sendPart(bot.api, inbound.chatId, part);
    };
    void replyQueue.run(inbound.chatId, send).catch((err: unknown) => {
      const blocked = err instanceof GrammyError && err.error_code === 403;
      log.error({ err, chatId: inbound.chatId, blocked }, "reply not delivered");
    });
  });
  bot.catch((err) => log.error({ err: err.error, updateId: err.ctx.update.update_id }, "update failed"));

  async function publishCommands() {
    for (const locale of LOCALES) {
      const commands = COMMANDS.map((command) => ({
        command,
        description: deps.i18n.attribute(locale, `command-${command}`, "description"),
      }));
      // Vietnamese is the menu for everyone whose Telegram is not in English.
      await bot.api.setMyCommands(commands, locale === "vi" ? {} : { language_code: locale });
    }
  }

  const intake = deps.webhook
    ? createWebhookIntake({
        path: TELEGRAM_WEBHOOK_PATH,
        secretHeader: "X-Telegram-Bot-Api-Secret-Token",
        secret: deps.webhook.secret,
        logger: log,
        async onUpdate(body, reply) {
          const parsed = telegramUpdateSchema.safeParse(body);
          if (!parsed.success) {
            // Dropped with a 200, or Telegram would redeliver it forever and hold the chat's later updates.
            log.warn({ issues: parsed.error.issues }, "malformed update dropped");
            return;
          }
          // An update can arrive between the server listening and start(): handle it, don't drop it.
          if (!bot.isInited()) await bot.init();
          await bot.handleUpdate(parsed.data as Parameters<typeof bot.handleUpdate>[0], { send: reply });
        },
      })
    : undefined;

  let polling: RunnerHandle | undefined;
  return {
    channel: TELEGRAM_CHANNEL,
    router: intake?.router ?? Router(),
    idle: () => replyQueue.idle,
    async deliver(chatId, messages, from = 0) {
      const all = parts(messages);
      for (let i = from; i < all.length; i++) {
        await sendPart(outboxApi, chatId, all[i]!).catch((err: unknown) => {
          throw deliveryError(err, i);
        });
      }
    },
    async start() {
      await bot.init();
      await publishCommands();
      if (deps.webhook) {
        await bot.api.setWebhook(`${deps.webhook.publicUrl}${TELEGRAM_WEBHOOK_PATH}`, {
          secret_token: deps.webhook.secret,
          allowed_updates: ["message", "callback_query"],
        });
        log.info("webhook set");
      } else {
        await bot.api.deleteWebhook();
        polling = run(bot, { runner: { fetch: { allowed_updates: ["message", "callback_query"] } } });
        log.info({ username: bot.botInfo.username }, "long polling");
      }
    },
    /** Takes no more updates, finishes those taken, then lets their replies go out. */
    async stop() {
      await intake?.close();
      if (polling?.isRunning()) await polling.stop();
      await replyQueue.drain();
    },
  };
}
