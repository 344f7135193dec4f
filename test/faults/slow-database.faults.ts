import { describe, expect, it } from "vitest";
import { onboard, postWebhook, TelegramYouth } from "../support/telegram-youth.js";
import { onboardOnZalo, postZaloWebhook, ZaloYouth } from "../support/zalo-youth.js";
import { figures, until } from "./support/bot-process.js";
import { faultStage } from "./support/stage.js";
import { holdTransaction } from "../support/outside-process.js";

const STALL_MS = 15_000;
const YOUTH = 4;
const PROPOSAL = "Đề nghị xã tổ chức lớp kỹ năng số cho thanh niên: dùng dịch vụ công trực tuyến, bảo mật tài khoản.";

const stage = faultStage();

/** How long a webhook post takes to be answered, and its status. */
async function timed(post: Promise<Response>): Promise<{ ms: number; status: number }> {
  const start = performance.now();
  const res = await post;
  return { ms: performance.now() - start, status: res.status };
}

describe("a database that stalls in the middle of a flow", () => {
  it("still answers every webhook within 1 s, finishes the work after the stall and sends no reply twice", async () => {
    const app = (await stage.start({ webhook: true }));
    const tgYouth = Array.from({ length: YOUTH }, (_, i) => new TelegramYouth(stage.telegram, 8100 + i, app.telegramWebhook));
    const zaYouth = Array.from({ length: YOUTH }, (_, i) => new ZaloYouth(stage.zalo, `za81${i}`, app.zaloWebhook));
    for (const y of tgYouth) {
      await onboard(y);
      await y.tap("Gửi kiến nghị");
      await y.tap("Việc làm, khởi nghiệp");
      await y.tap("Phường");
    }
    for (const y of zaYouth) {
      await onboardOnZalo(y);
      for (const answer of ["1", "2", "1"]) await y.send(answer);
    }
    const before = new Map<string, number>([
      ...tgYouth.map((y) => [String(y.chatId), stage.telegram.sentTo(y.chatId).length] as const),
      ...zaYouth.map((y) => [y.chatId, stage.zalo.sentTo(y.chatId).length] as const),
    ]);

    // Another process takes the write lock and keeps it 15 s; every youth writes their proposal meanwhile,
    // and Telegram, not answered fast, would deliver each update again: so does this test.
    const stall = await holdTransaction(stage.database.url, "IMMEDIATE", STALL_MS);
    const stalledAt = Date.now();
    const tgUpdates = tgYouth.map((y, i) => y.messageUpdate({ text: `${PROPOSAL} (${i})` }));
    const zaUpdates = zaYouth.map((y, i) => stage.zalo.text(y.chatId, `${PROPOSAL} (${i})`));
    const answers = await Promise.all([
      ...tgUpdates.flatMap((u) => [timed(postWebhook(app.telegramWebhook, u)), timed(postWebhook(app.telegramWebhook, u))]),
      ...zaUpdates.flatMap((u) => [timed(postZaloWebhook(app.zaloWebhook, u)), timed(postZaloWebhook(app.zaloWebhook, u))]),
    ]);
    const repliedDuringStall = [...before].filter(([chat, n]) => (stage.telegram.sentTo(chat).length || stage.zalo.sentTo(chat).length) > n).length;
    await stall.done;
    const stallMs = Date.now() - stalledAt;

    // Every youth is shown the review of their proposal once the database is back.
    await until(
      () => tgYouth.every((y) => stage.telegram.sentTo(y.chatId).length > before.get(String(y.chatId))!) && zaYouth.every((y) => stage.zalo.sentTo(y.chatId).length > before.get(y.chatId)!),
      30_000,
      "every youth's review after the stall",
    );
    await new Promise((r) => setTimeout(r, 1000));
    const turns = [
      ...tgYouth.map((y) => stage.telegram.sentTo(y.chatId).slice(before.get(String(y.chatId)))),
      ...zaYouth.map((y) => stage.zalo.sentTo(y.chatId).slice(before.get(y.chatId))),
    ];
    // Then each confirms, and the proposal is saved.
    for (const y of tgYouth) await y.tap(/^Gửi/);
    for (const y of zaYouth) await y.send("1");

    const result = {
      stall_ms: stallMs,
      webhooks: answers.length,
      webhook_max_ms: Math.round(Math.max(...answers.map((a) => a.ms))),
      not_200: answers.filter((a) => a.status !== 200).length,
      replied_during_stall: repliedDuringStall,
      reviews_sent_twice: turns.filter((t) => t.filter((m) => m.text.includes(PROPOSAL.slice(0, 40))).length > 1).length,
      proposals: await stage.database.prisma.proposal.count(),
    };
    figures("slow-database", result);
    expect(result.stall_ms).toBeGreaterThanOrEqual(STALL_MS - 100);
    expect(result.not_200).toBe(0);
    expect(result.webhook_max_ms).toBeLessThan(1000);
    expect(result.replied_during_stall).toBe(0);
    expect(result.reviews_sent_twice).toBe(0);
    expect(result.proposals).toBe(2 * YOUTH);
  });
});
