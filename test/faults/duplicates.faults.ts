import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { FakeTelegram } from "../support/fake-telegram.js";
import { FakeZalo } from "../support/fake-zalo.js";
import { onboard, postWebhook, TelegramYouth } from "../support/telegram-youth.js";
import { onboardOnZalo, postZaloWebhook, ZaloYouth } from "../support/zalo-youth.js";
import { BotProcess, figures, sleep } from "./support/bot-process.js";

const PROPOSAL = "Đề nghị phường mở lớp tin học miễn phí buổi tối cho thanh niên công nhân ở khu trọ.";
const CODE = /PS-\d{4}-\d{4}/;

let database: TestDatabase;
let telegram: FakeTelegram;
let zalo: FakeZalo;
let bot: BotProcess | undefined;

beforeEach(async () => {
  database = await createTestDatabase(new Date());
  telegram = await new FakeTelegram().start();
  zalo = await new FakeZalo().start();
});

afterEach(async () => {
  await bot?.stop("SIGKILL");
  bot = undefined;
  await telegram.stop();
  await zalo.stop();
  await database.close();
});

const proposalsOf = (channel: string) => database.prisma.proposal.count({ where: { channel } });
const confirmations = (fake: FakeTelegram | FakeZalo, chatId: number | string) => fake.sentTo(chatId).filter((m) => CODE.test(m.text)).length;

describe.each(["webhook", "polling"] as const)("the same update delivered twice at once over %s", (mode) => {
  it("makes one proposal and one reply, on Telegram and on Zalo", async () => {
    bot = await BotProcess.start({ databaseUrl: database.url, telegram, zalo, webhook: mode === "webhook" });
    const tg = new TelegramYouth(telegram, 7001, mode === "webhook" ? bot.telegramWebhook : null);
    const za = new ZaloYouth(zalo, "za7001", mode === "webhook" ? bot.zaloWebhook : null);
    await onboard(tg);
    await onboardOnZalo(za);

    // Up to the review of the proposal; its confirmation is the update delivered twice.
    await tg.tap("Gửi kiến nghị");
    await tg.tap("Việc làm, khởi nghiệp");
    await tg.tap("Phường");
    await tg.send(PROPOSAL);
    for (const answer of ["1", "2", "1", PROPOSAL]) await za.send(answer);

    const tgConfirm = tg.tapUpdate(/^Gửi/);
    const zaConfirm = zalo.text(za.chatId, "1");
    const tgBefore = telegram.sentTo(tg.chatId).length;
    const zaBefore = zalo.sentTo(za.chatId).length;
    if (mode === "webhook") {
      const answers = await Promise.all([
        postWebhook(bot.telegramWebhook, tgConfirm),
        postWebhook(bot.telegramWebhook, tgConfirm),
        postZaloWebhook(bot.zaloWebhook, zaConfirm),
        postZaloWebhook(bot.zaloWebhook, zaConfirm),
      ]);
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    } else {
      telegram.queue(tgConfirm);
      telegram.queue(tgConfirm);
      zalo.queue(zaConfirm);
      zalo.queue(zaConfirm);
    }
    await telegram.turn(tg.chatId, tgBefore);
    await zalo.turn(za.chatId, zaBefore);
    // A second handling would come within a moment of the first.
    await sleep(1000);

    const result = {
      mode,
      telegram_proposals: await proposalsOf("telegram"),
      telegram_confirmations: confirmations(telegram, tg.chatId),
      telegram_replies: telegram.sentTo(tg.chatId).length - tgBefore,
      zalo_proposals: await proposalsOf("zalo"),
      zalo_confirmations: confirmations(zalo, za.chatId),
      zalo_replies: zalo.sentTo(za.chatId).length - zaBefore,
    };
    figures("duplicate-delivery", result);
    expect(result).toMatchObject({ telegram_proposals: 1, telegram_confirmations: 1, zalo_proposals: 1, zalo_confirmations: 1 });
    // The turn a confirmation brings is sent once: the same number of messages as a single delivery brings.
    expect(telegram.sentTo(tg.chatId).slice(tgBefore).filter((m) => CODE.test(m.text))).toHaveLength(1);
    expect(zalo.sentTo(za.chatId).slice(zaBefore).map((m) => m.text).join("\n").match(new RegExp(CODE, "g"))).toHaveLength(1);
  });
});
