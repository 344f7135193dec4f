import { createZaloChannel, ZALO_WEBHOOK_PATH } from "../../src/channels/zalo/zalo.channel.js";
import type { Db } from "../../src/db/client.js";
import type { Clock } from "../../src/flows/runner.js";
import type { SentMessage } from "./fake-platform.js";
import type { FakeZalo, ZaloUpdateBody } from "./fake-zalo.js";
import { createTestRunner, silentLogger } from "./runner.js";
import { serveChannel } from "./serve-channel.js";

export const ZALO_SECRET = "zalo-secret-0123456789";

/** The real bot (runner + Zalo channel + HTTP server) against the fake Zalo. */
export async function startZaloBot(opts: { db: Db; clock: Clock; fake: FakeZalo; webhook: boolean }) {
  const runner = createTestRunner(opts.db, opts.clock);
  const channel = createZaloChannel({
    token: opts.fake.token,
    apiBase: opts.fake.baseUrl,
    runner,
    logger: silentLogger,
    webhook: opts.webhook ? { publicUrl: "https://bot.example.test", secret: ZALO_SECRET } : undefined,
    pollTimeoutSeconds: 1,
    retryBaseMs: 20,
  });
  return serveChannel(channel, runner, ZALO_WEBHOOK_PATH, opts.fake);
}
export type ZaloBot = Awaited<ReturnType<typeof startZaloBot>>;
/** Where updates are posted: a bot started in this process, or the app's own process. */
export type ZaloBotWebhook = Pick<ZaloBot, "webhookUrl">;

/** Posts a body to the bot's webhook as Zalo does; `null`: without the secret header. */
export function postZaloWebhook(bot: ZaloBotWebhook, body: unknown, secret: string | null = ZALO_SECRET) {
  return fetch(bot.webhookUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...(secret === null ? {} : { "X-Bot-Api-Secret-Token": secret }) },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** A youth chatting with the bot on Zalo: types texts (numbers for options) and reads what came back. */
export class ZaloYouth {
  constructor(
    private readonly fake: FakeZalo,
    readonly chatId: string,
    private bot: ZaloBotWebhook | null,
  ) {}

  useBot(bot: ZaloBotWebhook | null) {
    this.bot = bot;
  }

  /** Delivers an update (webhook or long polling) and returns the messages the turn brought, at least `atLeast`. */
  async deliver(update: ZaloUpdateBody, atLeast = 1): Promise<SentMessage[]> {
    const before = this.fake.sentTo(this.chatId).length;
    const since = performance.now();
    if (this.bot) {
      const res = await postZaloWebhook(this.bot, update);
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
    } else {
      this.fake.queue(update);
    }
    return this.fake.turn(this.chatId, before, atLeast, since);
  }

  /** The texts of the turn's messages. */
  async send(text: string): Promise<string[]> {
    return (await this.deliver(this.fake.text(this.chatId, text))).map((m) => m.text);
  }

  last(): string {
    return this.fake.sentTo(this.chatId).at(-1)!.text;
  }
}

/** Consent and profile by numbers, as a youth on Zalo answers; ends on the menu. `branch`: its number in the list (4: Khu phố 4). */
export async function onboardOnZalo(youth: ZaloYouth, branch = "4", name = "Trần Thị Mai") {
  for (const answer of ["Xin chào", "1", "1", name, "2002", branch]) await youth.send(answer);
  return youth.send("1");
}
