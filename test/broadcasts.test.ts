import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scheduleBroadcast } from "../src/domain/broadcasts.js";
import { enqueue } from "../src/outbox/outbox.store.js";
import { until } from "./faults/support/bot-process.js";
import { TestClock } from "./support/clock.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { FakeTelegram } from "./support/fake-telegram.js";
import { FakeZalo } from "./support/fake-zalo.js";
import { claimCodeFor, received } from "./support/engagement.js";
import { registerYouth } from "./support/population.js";
import { startApp, type StartedApp } from "./support/app.js";
import { onboard, TelegramYouth } from "./support/telegram-youth.js";
import { onboardOnZalo, ZaloYouth } from "./support/zalo-youth.js";

const NOW = new Date("2026-11-25T03:00:00Z"); // 10:00 in Hà Nội
const DAY = 24 * 60 * 60 * 1000;
const NEWS = "Chủ nhật này chi đoàn ra quân dọn vệ sinh khu phố, tập trung lúc 7 giờ tại nhà văn hoá.";
const REPORT = "Báo cáo gửi thông báo";

let database: TestDatabase;
let telegram: FakeTelegram;
let zalo: FakeZalo;
let clock: TestClock;
let started: StartedApp;

beforeEach(async () => {
  clock = new TestClock(NOW);
  database = await createTestDatabase(NOW);
  telegram = await new FakeTelegram().start();
  zalo = await new FakeZalo().start();
  started = await startApp({ db: database.db, clock, telegram, zalo });
});

afterEach(async () => {
  await started.stop();
  await telegram.stop();
  await zalo.stop();
  await database.close();
});

describe("a branch leader's broadcast", () => {
  it("reaches the branch on Telegram and Zalo, not the muted nor other branches, and reports sent and unreachable", async () => {
    const leader = new TelegramYouth(telegram, 7001, started.telegramBot);
    await onboard(leader, "Lê Văn Bí Thư"); // Khu phố 2
    const [granted] = await leader.send(`/claim ${await claimCodeFor(database.db, "LEADER", "TH-BS-PS-KP2")}`);
    expect(granted!.text).toContain("Đã kích hoạt vai trò Bí thư chi đoàn — Chi đoàn Khu phố 2");

    const member = new TelegramYouth(telegram, 7002, started.telegramBot);
    await onboard(member);
    const onZalo = new ZaloYouth(zalo, "za-member-1", started.zaloBot);
    await onboardOnZalo(onZalo, "2");
    const muted = new TelegramYouth(telegram, 7003, started.telegramBot);
    await onboard(muted);
    await muted.send("/settings");
    expect((await muted.tap("Tắt thông báo"))[0]!.text).toContain("Đã tắt thông báo");
    const elsewhere = new TelegramYouth(telegram, 7004, started.telegramBot);
    await onboard(elsewhere);
    await elsewhere.send("/profile");
    await elsewhere.tap("Đổi chi đoàn");
    await elsewhere.tap("Khu phố 3");
    await registerYouth(database.db, { count: 1, branch: "TH-BS-PS-KP2", channel: "telegram", firstChatId: 7999, at: NOW });
    telegram.block(7999);

    const [ask] = await leader.send("/announce");
    expect(ask!.text).toContain("Chi đoàn Khu phố 2");
    const [preview] = await leader.send(NEWS);
    // The leader, the member on Telegram, the one on Zalo and the one who blocked the bot: not the muted one.
    expect(preview!.text).toContain("tới 4 người");
    expect(preview!.text).toContain(`Thông báo từ Chi đoàn Khu phố 2:\n${NEWS}`);
    expect(preview!.buttons.map((b) => b.text)).toEqual(["Gửi", "Sửa nội dung", "Huỷ"]);
    const sentBefore = telegram.sent.length;
    await leader.tap("Gửi");
    expect(await received(telegram, 7001, "Đã xếp lịch gửi tới 4 người")).toBeTruthy();

    expect(await received(telegram, 7002, NEWS)).toContain("Thông báo từ Chi đoàn Khu phố 2");
    expect(await received(zalo, "za-member-1", NEWS)).toContain("Thông báo từ Chi đoàn Khu phố 2");
    const report = await received(telegram, 7001, REPORT);
    expect(report).toMatch(/Tổng số người nhận: 4\n.*Đã gửi: 3\n.*Lỗi: 0\n.*Đã chặn chatbot: 1/);
    expect(telegram.sentTo(7003).some((m) => m.text.includes(NEWS))).toBe(false);
    expect(telegram.sentTo(7004).some((m) => m.text.includes(NEWS))).toBe(false);
    // Once each.
    expect(telegram.sent.slice(sentBefore).filter((m) => m.text.includes(NEWS) && m.chat_id === "7002")).toHaveLength(1);

    const blocked = await database.prisma.conversation.findUniqueOrThrow({ where: { channel_chatId: { channel: "telegram", chatId: "7999" } } });
    expect(blocked.unreachableAt).toEqual(NOW);
    const rows = await database.prisma.outboxMessage.groupBy({ by: ["status"], _count: true, where: { broadcastId: { not: null } } });
    expect(Object.fromEntries(rows.map((r) => [r.status, r._count]))).toEqual({ SENT: 3, UNREACHABLE: 1 });

    // Before sending another, the leader sees how the last one went.
    const [progress] = await leader.send("/announce");
    expect(progress!.text).toMatch(/đã gửi xong: 3\/4 đã tới, 0 lỗi, 1 đã chặn chatbot/);
  });

  it("from a ward admin on Zalo goes to the whole ward, and the report comes back on Zalo", async () => {
    const admin = new ZaloYouth(zalo, "za-admin", started.zaloBot);
    await onboardOnZalo(admin, "1", "Phạm Thị Quản Trị");
    await admin.send(`/claim ${(await claimCodeFor(database.db, "ADMIN", "TH-BS-PS")).toLowerCase()}`);
    const [audiences] = await admin.send("/announce");
    expect(audiences).toMatch(/1\. Phường Phú Sơn \(1 người nhận\)/);
    expect(audiences).toContain("6. Chi đoàn Khu phố 5 (0 người nhận)");
    const members = [new TelegramYouth(telegram, 7101, started.telegramBot), new TelegramYouth(telegram, 7102, started.telegramBot)];
    await onboard(members[0]!);
    await onboard(members[1]!);
    await members[1]!.send("/profile");
    await members[1]!.tap("Đổi chi đoàn");
    await members[1]!.tap("Khu phố 5");

    await admin.send("1");
    const [preview] = await admin.send(NEWS);
    expect(preview).toContain("tới 3 người của Phường Phú Sơn");
    await admin.send("1");
    for (const m of members) expect(await received(telegram, m.chatId, NEWS)).toContain("Thông báo từ Phường Phú Sơn");
    expect(await received(zalo, "za-admin", REPORT)).toMatch(/Tổng số người nhận: 3\n.*Đã gửi: 3/);
  });

  it("waits out a 429 for the time the platform asked, then delivers everything once", async () => {
    await registerYouth(database.db, { count: 5, branch: "TH-BS-PS-KP2", channel: "telegram", firstChatId: 8000, at: NOW });
    const branch = (await database.prisma.unit.findUniqueOrThrow({ where: { code: "TH-BS-PS-KP2" } })).id;
    telegram.failSends(1, { error_code: 429, description: "Too Many Requests: retry after 2", retry_after: 2 });
    const scheduled = Date.now();
    await database.db.transaction(async (tx) => scheduleBroadcast(tx, { kind: "LEADER", unitId: branch, text: NEWS, dueAt: NOW }, NOW));
    for (let chat = 8000; chat < 8005; chat++) await received(telegram, chat, NEWS, 8000);
    expect(telegram.calls.filter((c) => c.method === "sendMessage")).toHaveLength(6);
    expect(Date.now() - scheduled).toBeGreaterThanOrEqual(2000);
    for (let chat = 8000; chat < 8005; chat++) expect(telegram.sentTo(chat).filter((m) => m.text.includes(NEWS))).toHaveLength(1);
  });

  it("retries a send that failed on the platform's side, later, and delivers it once", async () => {
    await registerYouth(database.db, { count: 2, branch: "TH-BS-PS-KP2", channel: "zalo", firstChatId: 8100, at: NOW });
    const branch = (await database.prisma.unit.findUniqueOrThrow({ where: { code: "TH-BS-PS-KP2" } })).id;
    zalo.failSends(1, { error_code: 500, description: "Internal Server Error" });
    await database.db.transaction(async (tx) => scheduleBroadcast(tx, { kind: "LEADER", unitId: branch, text: NEWS, dueAt: NOW }, NOW));
    // Rows go out in order, paced: the first (8100) meets the failure, the second goes on.
    await received(zalo, "8101", NEWS);
    await new Promise((r) => setTimeout(r, 200));
    expect(zalo.sentTo("8100")).toEqual([]);
    const waiting = await database.prisma.outboxMessage.findFirstOrThrow({ where: { status: "PENDING" } });
    expect(waiting).toMatchObject({ attempts: 1, lastError: "500 Internal Server Error" });
    expect(waiting.dueAt).toEqual(new Date(NOW.getTime() + 5000));

    clock.set(new Date(NOW.getTime() + 5000));
    for (const chat of ["8100", "8101"]) await received(zalo, chat, NEWS);
    await new Promise((r) => setTimeout(r, 200));
    for (const chat of ["8100", "8101"]) expect(zalo.sentTo(chat).filter((m) => m.text.includes(NEWS))).toHaveLength(1);
  });

  it("is kept a month once sent: then its rows are deleted, its counts kept, and what is still to go is kept", async () => {
    const [sender] = await registerYouth(database.db, { count: 4, branch: "TH-BS-PS-KP2", channel: "telegram", firstChatId: 8200, at: NOW });
    telegram.block(8203);
    const branch = (await database.prisma.unit.findUniqueOrThrow({ where: { code: "TH-BS-PS-KP2" } })).id;
    const id = await database.db.transaction(async (tx) =>
      scheduleBroadcast(tx, { kind: "LEADER", unitId: branch, text: NEWS, dueAt: NOW, senderParticipantId: sender }, NOW),
    );
    expect(await received(telegram, 8200, REPORT)).toMatch(/Tổng số người nhận: 4\n.*Đã gửi: 3\n.*Lỗi: 0\n.*Đã chặn chatbot: 1/);
    // A message due in six weeks, not yet sent.
    const pending = await database.db.transaction(async (tx) =>
      enqueue(tx, { channel: "telegram", chatId: "8201", participantId: sender!, payload: { texts: [] }, bulk: false, dueAt: new Date(NOW.getTime() + 42 * DAY) }, NOW),
    );
    const rows = () => database.prisma.outboxMessage.count({ where: { OR: [{ broadcastId: id }, { chatId: "8200" }] } });
    expect(await rows()).toBe(5); // four recipients, and the report to the sender

    clock.set(new Date(NOW.getTime() + 29 * DAY));
    await new Promise((r) => setTimeout(r, 300));
    expect(await rows()).toBe(5);

    clock.set(new Date(NOW.getTime() + 31 * DAY));
    await until(async () => (await rows()) === 0, 5000, "the month-old rows deleted");
    expect(await database.prisma.broadcast.findUniqueOrThrow({ where: { id } })).toMatchObject({ total: 4, sent: 3, failed: 0, unreachable: 1, skipped: 0 });
    expect(await database.prisma.outboxMessage.findUnique({ where: { id: pending } })).toMatchObject({ status: "PENDING" });
  });

  it("is refused to a youth without the role, and to a leader whose role was revoked mid-way", async () => {
    const youth = new TelegramYouth(telegram, 7301, started.telegramBot);
    await onboard(youth);
    expect((await youth.send("/announce"))[0]!.text).toContain("Bạn không có quyền");
    const [wrong] = await youth.send("/claim ABCD-EFGH");
    expect(wrong!.text).toContain("Mã này không đúng");
    const code = await claimCodeFor(database.db, "LEADER", "TH-BS-PS-KP2");
    await youth.send(`/claim ${code}`);
    expect((await youth.send("/mydata"))[0]!.text).toContain("Vai trò: Bí thư chi đoàn — Chi đoàn Khu phố 2");
    const other = new TelegramYouth(telegram, 7302, started.telegramBot);
    await onboard(other);
    expect((await other.send(`/claim ${code}`))[0]!.text).toContain("Mã này đã được dùng");
    const expired = await claimCodeFor(database.db, "LEADER", "TH-BS-PS-KP2", new Date(NOW.getTime() - 1000));
    expect((await other.send(`/claim ${expired}`))[0]!.text).toContain("Mã này đã hết hạn");

    await youth.send("/announce");
    await youth.send(NEWS);
    await database.prisma.roleGrant.deleteMany({});
    const [refused] = await youth.tap("Gửi");
    expect(refused!.text).toContain("Bạn không có quyền");
    expect(await database.prisma.broadcast.count({ where: { kind: "LEADER" } })).toBe(0);
  });
});
