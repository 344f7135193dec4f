import { describe, expect, it } from "vitest";
import { FakeTelegram } from "../support/fake-telegram.js";
import { FakeZalo } from "../support/fake-zalo.js";
import { onboard, postWebhook, TelegramYouth } from "../support/telegram-youth.js";
import { onboardOnZalo, postZaloWebhook, ZaloYouth } from "../support/zalo-youth.js";
import { figures, sleep } from "./support/bot-process.js";
import { faultStage } from "./support/stage.js";

const PROPOSAL = "Đề nghị phường mở lớp tin học miễn phí buổi tối cho thanh niên công nhân ở khu trọ.";
const CODE = /PS-\d{4}-\d{4}/;

const stage = faultStage();

const proposalsOf = (channel: string) => stage.database.prisma.proposal.count({ where: { channel } });
const confirmations = (fake: FakeTelegram | FakeZalo, chatId: number | string) => fake.sentTo(chatId).filter((m) => CODE.test(m.text)).length;

describe.each(["webhook", "polling"] as const)("the same update delivered twice at once over %s", (mode) => {
  it("makes one proposal and one reply, on Telegram and on Zalo", async () => {
    const bot = await stage.start({ webhook: mode === "webhook" });
    const tg = new TelegramYouth(stage.telegram, 7001, mode === "webhook" ? bot.telegramWebhook : null);
    const za = new ZaloYouth(stage.zalo, "za7001", mode === "webhook" ? bot.zaloWebhook : null);
    await onboard(tg);
    await onboardOnZalo(za);

    // Up to the review of the proposal; its confirmation is the update delivered twice.
    await tg.tap("Gửi kiến nghị");
    await tg.tap("Việc làm, khởi nghiệp");
    await tg.tap("Phường");
    await tg.send(PROPOSAL);
    for (const answer of ["1", "2", "1", PROPOSAL]) await za.send(answer);

    const tgConfirm = tg.tapUpdate(/^Gửi/);
    const zaConfirm = stage.zalo.text(za.chatId, "1");
    const tgBefore = stage.telegram.sentTo(tg.chatId).length;
    const zaBefore = stage.zalo.sentTo(za.chatId).length;
    if (mode === "webhook") {
      const answers = await Promise.all([
        postWebhook(bot.telegramWebhook, tgConfirm),
        postWebhook(bot.telegramWebhook, tgConfirm),
        postZaloWebhook(bot.zaloWebhook, zaConfirm),
        postZaloWebhook(bot.zaloWebhook, zaConfirm),
      ]);
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    } else {
      stage.telegram.queue(tgConfirm);
      stage.telegram.queue(tgConfirm);
      stage.zalo.queue(zaConfirm);
      stage.zalo.queue(zaConfirm);
    }
    await stage.telegram.turn(tg.chatId, tgBefore);
    await stage.zalo.turn(za.chatId, zaBefore);
    // A second handling would come within a moment of the first.
    await sleep(1000);

    const result = {
      mode,
      telegram_proposals: await proposalsOf("telegram"),
      telegram_confirmations: confirmations(stage.telegram, tg.chatId),
      telegram_replies: stage.telegram.sentTo(tg.chatId).length - tgBefore,
      zalo_proposals: await proposalsOf("zalo"),
      zalo_confirmations: confirmations(stage.zalo, za.chatId),
      zalo_replies: stage.zalo.sentTo(za.chatId).length - zaBefore,
    };
    figures("duplicate-delivery", result);
    expect(result).toMatchObject({ telegram_proposals: 1, telegram_confirmations: 1, zalo_proposals: 1, zalo_confirmations: 1 });
    // The turn a confirmation brings is sent once: the same number of messages as a single delivery brings.
    expect(stage.telegram.sentTo(tg.chatId).slice(tgBefore).filter((m) => CODE.test(m.text))).toHaveLength(1);
    expect(stage.zalo.sentTo(za.chatId).slice(zaBefore).map((m) => m.text).join("\n").match(new RegExp(CODE, "g"))).toHaveLength(1);
  });
});
