import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { appArgs } from "../support/app-build.js";
import type { FakePlatform } from "../support/fake-platform.js";
import { onboard, postWebhook, TelegramYouth } from "../support/telegram-youth.js";
import { onboardOnZalo, postZaloWebhook, ZaloYouth } from "../support/zalo-youth.js";
import { figures } from "./support/bot-process.js";
import { faultStage } from "./support/stage.js";

const HEALTHY = 3;
const PARKED_REPLY = "không xử lý được tin nhắn này";

const stage = faultStage();

/** Milliseconds from posting until the chat's first reply arrives. */
async function firstReplyMs(fake: FakePlatform, chatId: number | string, post: () => Promise<Response>): Promise<number> {
  const before = fake.sentTo(chatId).length;
  const start = performance.now();
  expect((await post()).status).toBe(200);
  await fake.waitForCount(chatId, before + 1, 10_000);
  return performance.now() - start;
}

describe("a chat whose updates make the handler throw", () => {
  it("is parked after a few tries with its error for staff, other chats keep flowing, and its next message is served", async () => {
    // Its stderr is kept: the parked updates' errors are logged there, as they should be.
    const app = (await stage.start({ webhook: true, pipeStderr: true }));
    const poisonedTg = new TelegramYouth(stage.telegram, 9100, app.telegramWebhook);
    const poisonedZa = new ZaloYouth(stage.zalo, "za9100", app.zaloWebhook);
    const healthyTg = Array.from({ length: HEALTHY }, (_, i) => new TelegramYouth(stage.telegram, 9200 + i, app.telegramWebhook));
    const healthyZa = Array.from({ length: HEALTHY }, (_, i) => new ZaloYouth(stage.zalo, `za92${i}`, app.zaloWebhook));
    for (const y of [poisonedTg, ...healthyTg]) await onboard(y);
    for (const y of [poisonedZa, ...healthyZa]) await onboardOnZalo(y);

    // The stored state of two chats is broken (a bad write, a bug): every update of theirs throws.
    await stage.database.db.transaction(async (tx) =>
      tx.run(`UPDATE "Conversation" SET "state" = '{"data": {"dialogueId"' WHERE "chatId" IN (?, ?)`, String(poisonedTg.chatId), poisonedZa.chatId),
    );
    const tgPoison = poisonedTg.messageUpdate({ text: "/my" });
    const zaPoison = stage.zalo.text(poisonedZa.chatId, "/my");
    const poisonedTgBefore = stage.telegram.sentTo(poisonedTg.chatId).length;
    const poisonedZaBefore = stage.zalo.sentTo(poisonedZa.chatId).length;
    const poisoned = Promise.all([
      firstReplyMs(stage.telegram, poisonedTg.chatId, () => postWebhook(app.telegramWebhook, tgPoison)),
      firstReplyMs(stage.zalo, poisonedZa.chatId, () => postZaloWebhook(app.zaloWebhook, zaPoison)),
    ]);
    // Meanwhile the other youth chat on, twice each.
    const others: number[] = [];
    for (let round = 0; round < 2; round++)
      others.push(
        ...(await Promise.all([
          ...healthyTg.map((y) => firstReplyMs(stage.telegram, y.chatId, () => postWebhook(app.telegramWebhook, y.messageUpdate({ text: "/my" })))),
          ...healthyZa.map((y) => firstReplyMs(stage.zalo, y.chatId, () => postZaloWebhook(app.zaloWebhook, stage.zalo.text(y.chatId, "/my")))),
        ])),
      );
    const poisonedMs = await poisoned;
    await new Promise((r) => setTimeout(r, 500));
    const poisonedReplies = [...stage.telegram.sentTo(poisonedTg.chatId).slice(poisonedTgBefore), ...stage.zalo.sentTo(poisonedZa.chatId).slice(poisonedZaBefore)];

    // Redelivered after parking, the update is not tried again.
    await postWebhook(app.telegramWebhook, tgPoison);
    await postZaloWebhook(app.zaloWebhook, zaPoison);
    const parked = await stage.database.prisma.parkedUpdate.findMany({ orderBy: { id: "asc" } });

    // Staff see them.
    const { stdout: listed } = await promisify(execFile)(process.execPath, appArgs("cli/main", "parked", "list"), {
      env: { ...process.env, DATABASE_URL: stage.database.url, LOG_LEVEL: "error" },
    });

    // And the chats are served again.
    const [nextTg] = await poisonedTg.send("/my");
    const [nextZa] = await poisonedZa.send("/my");

    expect(app.stderr).toContain("update failed every try: parked");
    const result = {
      parked: parked.length,
      attempts: parked.map((p) => p.attempts),
      poisoned_replies: poisonedReplies.length,
      poisoned_reply_ms: poisonedMs.map(Math.round),
      other_replies: others.length,
      others_max_ms: Math.round(Math.max(...others)),
      next_served: [nextTg?.text, nextZa].filter((text) => text && !text.includes(PARKED_REPLY)).length,
    };
    figures("poisoned-update", result);
    expect(parked).toHaveLength(2);
    expect(parked.map((p) => [p.channel, p.chatId, p.updateKey]).sort()).toEqual([
      ["telegram", String(poisonedTg.chatId), String(tgPoison.update_id)],
      ["zalo", poisonedZa.chatId, zaPoison.message.message_id],
    ]);
    for (const p of parked) {
      expect(p.error).toContain("SyntaxError");
      expect(p.attempts).toBe(3);
      expect(JSON.parse(p.input)).toEqual({ kind: "text", text: "/my" });
      expect(listed).toContain(`#${p.id} `);
    }
    expect(poisonedReplies.map((m) => m.text)).toEqual([expect.stringContaining(PARKED_REPLY), expect.stringContaining(PARKED_REPLY)]);
    expect(result.other_replies).toBe(4 * HEALTHY);
    expect(result.others_max_ms).toBeLessThan(1000);
    expect(result.next_served).toBe(2);
    expect(nextTg!.text).toContain("kiến nghị");
    expect(nextZa).toContain("kiến nghị");

    // A parked update holds the youth's words: withdrawing consent takes it away with the rest.
    await poisonedTg.send("/mydata");
    await poisonedTg.tap("Rút lại đồng ý và xoá dữ liệu");
    expect((await poisonedTg.tap("Rút lại đồng ý")).map((m) => m.text).join("\n")).toContain("Đã xoá dữ liệu cá nhân của bạn");
    expect((await stage.database.prisma.parkedUpdate.findMany()).map((p) => p.channel)).toEqual(["zalo"]);
  });
});
