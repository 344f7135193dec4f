import { createTelegramChannel, TELEGRAM_WEBHOOK_PATH } from "../../src/channels/telegram/telegram.channel.js";
import type { Db } from "../../src/db/client.js";
import type { Clock } from "../../src/flows/runner.js";
import type { FakeTelegram, SentMessage } from "./fake-telegram.js";
import { createTestRunner, silentLogger, testI18n } from "./runner.js";
import { serveChannel } from "./serve-channel.js";

export const WEBHOOK_SECRET = "test-secret-0123456789";

/** The real bot (runner + grammY channel + HTTP server) against the fake Telegram. */
export async function startTelegramBot(opts: { db: Db; clock: Clock; fake: FakeTelegram; webhook: boolean }) {
  const runner = createTestRunner(opts.db, opts.clock);
  const channel = createTelegramChannel({
    token: opts.fake.token,
    apiRoot: opts.fake.apiRoot,
    runner,
    i18n: testI18n,
    logger: silentLogger,
    webhook: opts.webhook ? { publicUrl: "https://bot.example.test", secret: WEBHOOK_SECRET } : undefined,
  });
  return serveChannel(channel, runner, TELEGRAM_WEBHOOK_PATH, opts.fake);
}

export type TelegramBot = Awaited<ReturnType<typeof startTelegramBot>>;
/** Where updates are posted: a bot started in this process, or the app's own process. */
export type TelegramBotWebhook = Pick<TelegramBot, "webhookUrl">;

/** Posts an update to the bot's webhook as Telegram does. */
export function postWebhook(bot: TelegramBotWebhook, body: unknown, secret = WEBHOOK_SECRET) {
  return fetch(bot.webhookUrl, {
    method: "POST",
    headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** A youth in a private chat with the bot: sends, taps buttons, and reads what came back. */
export class TelegramYouth {
  constructor(
    private readonly fake: FakeTelegram,
    readonly chatId: number,
    private bot: TelegramBotWebhook | null,
  ) {}

  /** After a restart: the same youth talks to the new bot. */
  useBot(bot: TelegramBotWebhook | null) {
    this.bot = bot;
  }

  messageUpdate(message: Record<string, unknown>, updateId = this.fake.newUpdateId()) {
    return {
      update_id: updateId,
      message: {
        message_id: updateId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: this.chatId, type: "private", first_name: "An" },
        from: { id: this.chatId, is_bot: false, first_name: "An", language_code: "vi" },
        ...message,
      },
    };
  }

  /** Delivers an update (webhook or long polling) and returns the messages the turn brought, at least `atLeast`. */
  async deliver(update: Record<string, unknown>, atLeast = 1): Promise<SentMessage[]> {
    const before = this.fake.sentTo(this.chatId).length;
    const since = performance.now();
    if (this.bot) {
      const res = await postWebhook(this.bot, update);
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
    } else {
      this.fake.queue(update);
    }
    return this.fake.turn(this.chatId, before, atLeast, since);
  }

  send(text: string) {
    return this.deliver(this.messageUpdate({ text }));
  }

  /** Taps the button whose label contains `label` on the latest message that has buttons. */
  tap(label: string | RegExp, atLeast = 1) {
    return this.deliver(this.tapUpdate(label), atLeast);
  }

  /** The update a tap on that button makes, not delivered: a test delivers it twice, say. */
  tapUpdate(label: string | RegExp) {
    const withButtons = this.fake.sentTo(this.chatId).filter((m) => m.buttons.length);
    const latest = withButtons[withButtons.length - 1];
    const button = latest?.buttons.find((b) => (typeof label === "string" ? b.text.includes(label) : label.test(b.text)));
    if (!button) throw new Error(`no button ${label} in ${JSON.stringify(latest?.buttons.map((b) => b.text))}`);
    return this.callbackUpdate(button.data);
  }

  tapData(data: string) {
    return this.deliver(this.callbackUpdate(data));
  }

  private callbackUpdate(data: string) {
    const updateId = this.fake.newUpdateId();
    return {
      update_id: updateId,
      callback_query: {
        id: String(updateId),
        from: { id: this.chatId, is_bot: false, first_name: "An" },
        chat_instance: "1",
        data,
        message: { message_id: 1, date: 0, chat: { id: this.chatId, type: "private" } },
      },
    };
  }

  last(): SentMessage {
    const all = this.fake.sentTo(this.chatId);
    return all[all.length - 1]!;
  }
}

/** Consent, profile: the youth ends on the menu. */
export async function onboard(youth: TelegramYouth, name = "Nguyễn Văn An") {
  await youth.send("/start");
  await youth.tap("Tôi đồng ý");
  await youth.tap("Có");
  await youth.send(name);
  await youth.send("2001");
  await youth.tap("Khu phố 2");
  return youth.tap("Bỏ qua");
}
