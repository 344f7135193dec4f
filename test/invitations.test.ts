import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DomainError } from "../src/domain/errors.js";
import { invite, setQuota } from "../src/domain/invitations.js";
import { TestClock } from "./support/clock.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { claimCodeFor, received } from "./support/engagement.js";
import { FakeTelegram } from "./support/fake-telegram.js";
import { FakeZalo } from "./support/fake-zalo.js";
import { startApp, type StartedApp } from "./support/app.js";
import { onboard, TelegramYouth } from "./support/telegram-youth.js";
import { onboardOnZalo, ZaloYouth } from "./support/zalo-youth.js";

const NOW = new Date("2026-11-25T03:00:00Z"); // 10:00 in Hà Nội
const EVENT_REMINDER = new Date("2026-12-22T01:00:00Z"); // 08:00 the day before the demo dialogue
const SETTLE_MS = 300;

let database: TestDatabase;
let telegram: FakeTelegram;
let zalo: FakeZalo;
let clock: TestClock;
let app: StartedApp;
let leader: TelegramYouth;
let dialogueId: number;

beforeEach(async () => {
  clock = new TestClock(NOW);
  database = await createTestDatabase(NOW);
  telegram = await new FakeTelegram().start();
  zalo = await new FakeZalo().start();
  app = await startApp({ db: database.db, clock, telegram, zalo });
  leader = new TelegramYouth(telegram, 5001, app.telegramBot);
  await onboard(leader, "Lê Văn Bí Thư");
  await leader.send(`/claim ${await claimCodeFor(database.db, "LEADER", "TH-BS-PS-KP2")}`);
  dialogueId = (await database.prisma.dialogue.findFirstOrThrow()).id;
  const branch = await database.prisma.unit.findUniqueOrThrow({ where: { code: "TH-BS-PS-KP2" } });
  await database.db.transaction(async (tx) => setQuota(tx, dialogueId, branch.id, 2));
});

afterEach(async () => {
  await app.stop();
  await telegram.stop();
  await zalo.stop();
  await database.close();
});

const settle = () => new Promise((r) => setTimeout(r, SETTLE_MS));
const participantId = async (name: string) => (await database.prisma.participant.findFirstOrThrow({ where: { fullName: name } })).id;

/** From the leader's menu: /invite, then invite the member named `name`; returns the overview that follows. */
async function inviteMember(name: string) {
  const [overview] = await leader.send("/invite");
  expect(overview!.buttons.map((b) => b.text)).toContain("Mời thêm");
  await leader.tap("Mời thêm");
  const [sent, after] = await leader.tap(name, 2);
  expect(sent!.text).toBe("Đã gửi lời mời.");
  return after!;
}

describe("invitations", () => {
  it("go to members within the quota, are answered on both channels, free a declined seat, and are reminded the day before", async () => {
    const hoa = new TelegramYouth(telegram, 5002, app.telegramBot);
    await onboard(hoa, "Trần Thị Hoa");
    const minh = new ZaloYouth(zalo, "za-minh", app.zaloBot);
    await onboardOnZalo(minh, "2", "Phạm Văn Minh");
    const lan = new TelegramYouth(telegram, 5004, app.telegramBot);
    await onboard(lan, "Đỗ Thị Lan");
    const other = new TelegramYouth(telegram, 5005, app.telegramBot);
    await onboard(other, "Vũ Văn Khác");
    await other.send("/profile");
    await other.tap("Đổi chi đoàn");
    await other.tap("Khu phố 3");

    const [overview] = await leader.send("/invite");
    expect(overview!.text).toContain("Số suất: 2. Đã dùng: 0");
    const [members] = await leader.tap("Mời thêm");
    // Members of the leader's branch only, the leader among them.
    expect(members!.buttons.map((b) => b.text)).toEqual([
      "Đỗ Thị Lan (2001)",
      "Lê Văn Bí Thư (2001)",
      "Phạm Văn Minh (2002)",
      "Trần Thị Hoa (2001)",
      "Quay lại",
    ]);
    await leader.tap("Trần Thị Hoa");

    const invitation = await received(telegram, 5002, "Giấy mời");
    expect(invitation).toContain("Chi đoàn Khu phố 2 trân trọng mời bạn");
    expect(invitation).toContain("08:00 23/12/2026");
    expect(hoa.last().buttons.map((b) => b.text)).toEqual(["Tôi sẽ tham dự", "Tôi không tham dự được", "Trả lời sau"]);
    expect((await hoa.tap("Tôi sẽ tham dự"))[0]!.text).toContain("Cảm ơn bạn đã nhận lời");

    await inviteMember("Phạm Văn Minh");
    expect(await received(zalo, "za-minh", "Giấy mời")).toMatch(/1\. Tôi sẽ tham dự\n2\. Tôi không tham dự được\n3\. Trả lời sau$/);
    expect((await minh.send("2"))[0]).toContain("Đã ghi nhận bạn không tham dự được");

    // The declined seat is free again: Lan takes it, and then the quota is full.
    const full = await inviteMember("Đỗ Thị Lan");
    expect(full.text).toContain("Số suất: 2. Đã dùng: 2 (1 nhận lời, 1 chưa trả lời). Từ chối: 1");
    expect(full.text).toContain("• Trần Thị Hoa: đã nhận lời");
    expect(full.text).toContain("• Phạm Văn Minh: đã từ chối");
    expect(full.buttons.map((b) => b.text)).toEqual(["Xong"]);
    await received(telegram, 5004, "Giấy mời");
    await lan.tap("Tôi sẽ tham dự");

    const leaderId = await participantId("Lê Văn Bí Thư");
    const refusal = (participant: number) =>
      database.db.transaction(async (tx) => invite(tx, { leaderId, dialogueId, participantId: participant, now: clock.now() })).catch((e: unknown) => e);
    expect(await refusal(await participantId("Lê Văn Bí Thư"))).toMatchObject(new DomainError("invite-over-quota", { seats: 2 }));
    expect(await refusal(await participantId("Vũ Văn Khác"))).toMatchObject(new DomainError("invite-out-of-scope"));

    clock.set(EVENT_REMINDER);
    for (const chat of [5002, 5004]) expect(await received(telegram, chat, "bạn đã nhận lời dự")).toContain("ngày mai");
    // The others get the dialogue's own reminder; those who accepted get only theirs.
    expect(await received(zalo, "za-minh", "Nhắc lịch")).toContain("ngày mai diễn ra");
    await settle();
    expect(telegram.sentTo(5002).filter((m) => m.text.includes("⏰"))).toHaveLength(1);
    expect(zalo.sentTo("za-minh").some((m) => m.text.includes("bạn đã nhận lời dự"))).toBe(false);
  });

  it("reach a youth busy in another flow as a note, answered later with /invitations", async () => {
    const hoa = new TelegramYouth(telegram, 5002, app.telegramBot);
    await onboard(hoa, "Trần Thị Hoa");
    await hoa.tap("Gửi kiến nghị");
    await hoa.tap("Việc làm, khởi nghiệp"); // now asked the level: mid-flow

    await inviteMember("Trần Thị Hoa");
    const note = await received(telegram, 5002, "Giấy mời");
    expect(note).toContain("gửi /invitations để trả lời");
    expect(hoa.last().buttons).toEqual([]);
    // The flow she was in goes on where it was.
    expect((await hoa.tap("Phường"))[0]!.text).toContain("Bạn viết nội dung câu hỏi");

    await hoa.send("/invitations");
    await hoa.tap("Tôi không tham dự được");
    const [answered] = await hoa.send("/invitations");
    expect(answered!.text).toContain("Bạn đã từ chối. Bạn có thể đổi câu trả lời.");
    expect((await hoa.tap("Tôi sẽ tham dự"))[0]!.text).toContain("Cảm ơn bạn đã nhận lời");
    expect(await database.prisma.invitation.findFirstOrThrow()).toMatchObject({ status: "ACCEPTED", answeredAt: NOW });
  });

  it("cannot be sent by a youth without the role", async () => {
    const hoa = new TelegramYouth(telegram, 5002, app.telegramBot);
    await onboard(hoa, "Trần Thị Hoa");
    expect((await hoa.send("/invite"))[0]!.text).toContain("Bạn không có quyền");
    expect((await hoa.send("/invitations"))[0]!.text).toContain("Bạn chưa có lời mời");
  });
});
