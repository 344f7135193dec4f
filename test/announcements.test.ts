import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scheduleBroadcast } from "../src/domain/broadcasts.js";
import { changeDialogue, publishDialogue } from "../src/domain/publishing.js";
import { TestClock } from "./support/clock.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { received } from "./support/engagement.js";
import { FakeTelegram } from "./support/fake-telegram.js";
import { FakeZalo } from "./support/fake-zalo.js";
import { registerYouth } from "./support/population.js";
import { startApp, type StartedApp } from "./support/app.js";
import { onboard, TelegramYouth } from "./support/telegram-youth.js";
import { onboardOnZalo, ZaloYouth } from "./support/zalo-youth.js";

const NOW = new Date("2026-11-25T03:00:00Z"); // 10:00 in Hà Nội
// The demo dialogue (src/seed/demo.ts) seeded at NOW: 08:00 on 23/12, proposals until 08:00 on 16/12, Vietnam time.
const DEADLINE_REMINDER = new Date("2026-12-14T01:00:00Z"); // 08:00 on 14/12
const EVENT_REMINDER = new Date("2026-12-22T01:00:00Z"); // 08:00 on 22/12
const PROPOSAL = "Đề nghị phường mở lớp bồi dưỡng kỹ năng số miễn phí cho thanh niên các khu phố vào buổi tối.";
/** Long enough for the worker (polling every 20 ms) to have sent anything that was due. */
const SETTLE_MS = 300;

let database: TestDatabase;
let telegram: FakeTelegram;
let zalo: FakeZalo;
let clock: TestClock;
let started: StartedApp | undefined;

beforeEach(async () => {
  clock = new TestClock(NOW);
  database = await createTestDatabase(NOW);
  telegram = await new FakeTelegram().start();
  zalo = await new FakeZalo().start();
});

afterEach(async () => {
  await started?.stop();
  started = undefined;
  await telegram.stop();
  await zalo.stop();
  await database.close();
});

async function boot(env: Record<string, string> = {}) {
  started = await startApp({ db: database.db, clock, telegram, zalo, env });
  return started;
}

const settle = () => new Promise((r) => setTimeout(r, SETTLE_MS));
const texts = (fake: FakeTelegram | FakeZalo, chatId: number | string) => fake.sentTo(chatId).map((m) => m.text);

/** A second dialogue of the ward, a draft until a test publishes it. */
async function draftDialogue() {
  const ward = await database.prisma.unit.findUniqueOrThrow({ where: { code: "TH-BS-PS" } });
  return database.prisma.dialogue.create({
    data: {
      hostUnitId: ward.id,
      title: "Đối thoại về việc làm cho thanh niên khu công nghiệp",
      theme: "Thanh niên với chuyển đổi số",
      startsAt: new Date("2026-12-20T01:00:00Z"), // 08:00 on 20/12
      venue: "Nhà văn hoá khu phố 3",
      format: "IN_PERSON",
      submissionsOpenAt: NOW,
      submissionsCloseAt: new Date("2026-12-13T01:00:00Z"),
      codePrefix: "VL",
      topics: { create: [{ position: 1, nameVi: "Việc làm", nameEn: "Jobs" }] },
    },
  });
}

describe("dialogue announcements", () => {
  it("go out on publishing to the consenting youth of the host unit and below, on their channel, in their language", async () => {
    const app = await boot();
    const draft = await draftDialogue();
    const vi = new TelegramYouth(telegram, 6001, app.telegramBot);
    await onboard(vi);
    const [listing] = await vi.send("/dialogues");
    expect(listing!.text).not.toContain(draft.title);
    const en = new TelegramYouth(telegram, 6002, app.telegramBot);
    await onboard(en);
    await en.send("/language");
    await en.tap("English");
    const onZalo = new ZaloYouth(zalo, "za-6003", app.zaloBot);
    await onboardOnZalo(onZalo);
    const muted = new TelegramYouth(telegram, 6004, app.telegramBot);
    await onboard(muted);
    await muted.send("/settings");
    await muted.tap("Tắt thông báo");
    await registerYouth(database.db, { count: 1, branch: "TH-BS-PS-KP1", channel: "telegram", firstChatId: 6005, announcements: false, at: NOW });
    // A ward beside Phú Sơn: its youth are not the host unit's.
    const town = await database.prisma.unit.findUniqueOrThrow({ where: { code: "TH-BS" } });
    const ward = await database.prisma.unit.create({ data: { code: "TH-BS-BS", name: "Phường Bắc Sơn", level: "WARD", parentId: town.id } });
    await database.prisma.unit.create({ data: { code: "TH-BS-BS-KP1", name: "Chi đoàn Bắc Sơn 1", level: "BRANCH", parentId: ward.id } });
    await registerYouth(database.db, { count: 1, branch: "TH-BS-BS-KP1", channel: "telegram", firstChatId: 6006, at: NOW });

    await database.db.transaction(async (tx) => publishDialogue(tx, draft.id, clock.now()));

    const announced = await received(telegram, 6001, draft.title);
    expect(announced).toContain("Thông báo buổi đối thoại mới");
    expect(announced).toContain("08:00 20/12/2026");
    expect(announced).toContain("Nhà văn hoá khu phố 3");
    expect(announced).toContain("/submit");
    expect(await received(telegram, 6002, draft.title)).toContain("A new dialogue is announced");
    expect(await received(zalo, "za-6003", draft.title)).toContain("Thông báo buổi đối thoại mới");
    await settle();
    for (const chat of [6004, 6005, 6006]) expect(texts(telegram, chat).some((x) => x.includes(draft.title))).toBe(false);
    expect(texts(telegram, 6001).filter((x) => x.includes(draft.title))).toHaveLength(1);
    expect((await vi.send("/dialogues"))[0]!.text).toContain(draft.title);
  });

  it("remind before the deadline, at 08:00 Vietnam time, only those who have not filed, and the day before the event", async () => {
    const app = await boot();
    const filer = new TelegramYouth(telegram, 6101, app.telegramBot);
    await onboard(filer);
    await filer.tap("Gửi kiến nghị");
    await filer.tap("Việc làm, khởi nghiệp");
    await filer.tap("Phường");
    await filer.send(PROPOSAL);
    await filer.tap("Gửi");
    const idle = new ZaloYouth(zalo, "za-6102", app.zaloBot);
    await onboardOnZalo(idle);

    clock.set(new Date(DEADLINE_REMINDER.getTime() - 60_000));
    await settle();
    expect(texts(zalo, "za-6102").some((x) => x.includes("Nhắc bạn"))).toBe(false);
    clock.set(DEADLINE_REMINDER);
    expect(await received(zalo, "za-6102", "Nhắc bạn")).toContain("đến 08:00 16/12/2026. Bạn chưa gửi kiến nghị nào.");
    await settle();
    expect(texts(telegram, 6101).some((x) => x.includes("Nhắc bạn"))).toBe(false);

    clock.set(EVENT_REMINDER);
    for (const [fake, chat] of [[telegram, 6101], [zalo, "za-6102"]] as const) {
      expect(await received(fake, chat, "Nhắc lịch")).toContain("ngày mai diễn ra");
      expect(texts(fake, chat).filter((x) => x.includes("Nhắc lịch"))).toHaveLength(1);
    }
  });

  it("announce a changed date, and the reminders follow the new date", async () => {
    const app = await boot();
    const youth = new TelegramYouth(telegram, 6201, app.telegramBot);
    await onboard(youth);
    const dialogue = await database.prisma.dialogue.findFirstOrThrow();
    const later = new Date("2026-12-30T01:00:00Z"); // 08:00 on 30/12
    await database.db.transaction(async (tx) => changeDialogue(tx, dialogue.id, { startsAt: later }, clock.now()));
    const update = await received(telegram, 6201, "có thay đổi");
    expect(update).toContain("08:00 30/12/2026");

    clock.set(EVENT_REMINDER);
    await settle();
    expect(texts(telegram, 6201).some((x) => x.includes("Nhắc lịch"))).toBe(false);
    clock.set(new Date("2026-12-29T01:00:00Z"));
    expect(await received(telegram, 6201, "Nhắc lịch")).toContain("08:00 30/12/2026");
  });

  it("wait out quiet hours: a broadcast due at 22:00 goes out at 07:00, while replies go on", async () => {
    clock.set(new Date("2026-11-25T15:00:00Z")); // 22:00 in Hà Nội
    const app = await boot({ QUIET_HOURS: "21:00-07:00" });
    const youth = new TelegramYouth(telegram, 6301, app.telegramBot);
    await onboard(youth);
    const branch = await database.prisma.unit.findUniqueOrThrow({ where: { code: "TH-BS-PS-KP2" } });
    const text = "Tối nay có họp chi đoàn, mời các bạn tham dự đầy đủ.";
    await database.db.transaction(async (tx) => scheduleBroadcast(tx, { kind: "LEADER", unitId: branch.id, text, dueAt: clock.now() }, clock.now()));
    await settle();
    expect(texts(telegram, 6301).some((x) => x.includes(text))).toBe(false);
    expect((await youth.send("/help"))[0]!.text).toContain("Hướng dẫn");

    clock.set(new Date("2026-11-26T00:00:00Z")); // 07:00
    expect(await received(telegram, 6301, text)).toContain("Thông báo từ Chi đoàn Khu phố 2");
  });
});
