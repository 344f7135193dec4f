import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatDate } from "../src/i18n/i18n.js";
import { TestClock } from "./support/clock.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { FakeTelegram } from "./support/fake-telegram.js";
import { onboard, postWebhook, startTelegramBot, TelegramYouth, type TelegramBot } from "./support/telegram-youth.js";

const NOW = new Date("2026-11-25T03:00:00Z"); // 10:00 in Hà Nội
const PROPOSAL =
  "Đề nghị phường mở lớp bồi dưỡng kỹ năng số miễn phí cho thanh niên các khu phố vào buổi tối.";

let database: TestDatabase;
let fake: FakeTelegram;
let clock: TestClock;
let bot: TelegramBot;
let youth: TelegramYouth;

beforeEach(async () => {
  clock = new TestClock(NOW);
  database = await createTestDatabase(NOW);
  fake = await new FakeTelegram().start();
  bot = await startTelegramBot({ db: database.db, clock, fake, webhook: true });
  youth = new TelegramYouth(fake, 5550001, bot);
});

afterEach(async () => {
  await bot.stop();
  await fake.stop();
  await database.close();
});

async function fileProposal(text = PROPOSAL) {
  await youth.tap("Gửi kiến nghị");
  await youth.tap("Việc làm, khởi nghiệp");
  await youth.tap("Phường");
  await youth.send(text);
  return youth.tap("Gửi");
}

describe("a youth on Telegram", () => {
  it("is welcomed, consents before anything is stored, and completes a profile", async () => {
    const [welcome] = await youth.send("/start");
    expect(welcome!.text).toContain("Đối thoại với thanh niên");
    expect(welcome!.text).toContain("Nghị định 13/2023/NĐ-CP");
    expect(welcome!.buttons.map((b) => b.text)).toEqual(["Tôi đồng ý", "Tôi không đồng ý", "English"]);
    expect(await database.prisma.participant.count()).toBe(0);

    await youth.tap("Tôi đồng ý");
    expect(youth.last().text).toContain("thông báo");
    const recorded = await youth.tap("Có");
    expect(recorded.map((m) => m.text).join("\n")).toContain("Họ và tên");
    await youth.send("Nguyễn Văn An");
    expect(youth.last().text).toContain("sinh năm");
    await youth.send("2001");
    expect(youth.last().buttons.map((b) => b.text)).toContain("Chi đoàn Khu phố 3");
    await youth.tap("Khu phố 3");
    await youth.send("+84 912 345 678");
    expect(youth.last().text).toBe("Bạn muốn làm gì?");

    const participant = await database.prisma.participant.findFirstOrThrow({ include: { branch: true } });
    expect(participant).toMatchObject({
      fullName: "Nguyễn Văn An",
      birthYear: 2001,
      phone: "0912345678",
      consentChannel: "telegram",
      consentAnnouncements: true,
    });
    expect(participant.branch?.name).toBe("Chi đoàn Khu phố 3");
    expect(participant.consentAt).toEqual(NOW);
  });

  it("who declines consent is told so and nothing is stored", async () => {
    await youth.send("/start");
    const [declined] = await youth.tap("Tôi không đồng ý");
    expect(declined!.text).toContain("không lưu thông tin");
    expect(await database.prisma.participant.count()).toBe(0);
  });

  it("under 16 is kindly refused and forgotten", async () => {
    await youth.send("/start");
    await youth.tap("Tôi đồng ý");
    await youth.tap("Không");
    await youth.send("Trần Thị Bình");
    const [refusal] = await youth.send(String(NOW.getUTCFullYear() - 14));
    expect(refusal!.text).toContain("dưới 16 tuổi");
    expect(await database.prisma.participant.count()).toBe(0);
  });

  it("files a whole proposal and gets its reference code once it is saved", async () => {
    await onboard(youth);
    await youth.tap("Gửi kiến nghị");
    expect(youth.last().text).toContain("Hạn gửi kiến nghị: 08:00 16/12/2026");
    expect(youth.last().buttons).toHaveLength(4);
    await youth.tap("Việc làm, khởi nghiệp");
    await youth.tap("Phường");
    expect(youth.last().text).toContain("từ 20 đến 2.000 ký tự");
    const [review] = await youth.send(PROPOSAL);
    expect(review!.text).toContain(PROPOSAL);
    expect(review!.text).toContain("Việc làm, khởi nghiệp, lập nghiệp của thanh niên");
    const [received] = await youth.tap("Gửi");
    const code = /Mã kiến nghị: (PS-2026-\d{4})/.exec(received!.text)?.[1];
    expect(code).toBe("PS-2026-0001");

    const saved = await database.prisma.proposal.findUniqueOrThrow({ where: { code: code! }, include: { topic: true } });
    expect(saved).toMatchObject({ text: PROPOSAL, level: "WARD", status: "RECEIVED", channel: "telegram" });
    expect(saved.topic.nameVi).toBe("Việc làm, khởi nghiệp, lập nghiệp của thanh niên");
  });

  it("sees, edits and withdraws their proposals while submissions are open", async () => {
    await onboard(youth);
    await fileProposal();
    const [list] = await youth.send("/my");
    expect(list!.buttons[0]!.text).toBe("PS-2026-0001 · Đã tiếp nhận");
    const [detail] = await youth.tap("PS-2026-0001");
    expect(detail!.text).toContain(PROPOSAL);
    await youth.tap("Sửa nội dung");
    const edited = "Đề nghị phường mở thêm điểm truy cập internet miễn phí tại nhà văn hoá khu phố.";
    const [done] = await youth.send(edited);
    expect(done!.text).toBe("Đã sửa nội dung kiến nghị.");
    expect((await database.prisma.proposal.findFirstOrThrow()).text).toBe(edited);

    await youth.tap("Rút kiến nghị");
    await youth.tap("Rút kiến nghị");
    expect((await database.prisma.proposal.findFirstOrThrow()).status).toBe("WITHDRAWN");
    const [none] = await youth.send("/my");
    expect(none!.text).toContain("chưa gửi kiến nghị nào");
  });

  it("is told submissions closed, in Vietnam time, after the deadline", async () => {
    await onboard(youth);
    const dialogue = await database.prisma.dialogue.findFirstOrThrow();
    clock.set(new Date(dialogue.submissionsCloseAt.getTime() + 60_000));
    const [closed] = await youth.send("/submit");
    expect(closed!.text).toContain(`Đã hết hạn nhận kiến nghị lúc ${formatDate("vi", dialogue.submissionsCloseAt)}`);
    expect(closed!.text).toContain("08:00");
    expect(await database.prisma.proposal.count()).toBe(0);
  });

  it("whose review is confirmed after the deadline passed gets no code and nothing is filed", async () => {
    await onboard(youth);
    await youth.tap("Gửi kiến nghị");
    await youth.tap("Việc làm, khởi nghiệp");
    await youth.tap("Tỉnh");
    await youth.send(PROPOSAL);
    const dialogue = await database.prisma.dialogue.findFirstOrThrow();
    clock.set(dialogue.submissionsCloseAt);
    const [closed] = await youth.tap("Gửi");
    expect(closed!.text).toContain("Đã hết hạn nhận kiến nghị");
    expect(await database.prisma.proposal.count()).toBe(0);
  });

  it("carries on where they were after the server restarts mid-flow", async () => {
    await onboard(youth);
    await youth.tap("Gửi kiến nghị");
    await youth.tap("Việc làm, khởi nghiệp");
    await bot.stop();

    const restarted = await startTelegramBot({ db: await database.reopen(), clock, fake, webhook: true });
    bot = restarted;
    youth.useBot(restarted);
    await youth.tap("Thị xã");
    expect(youth.last().text).toContain("từ 20 đến 2.000 ký tự");
    await youth.send(PROPOSAL);
    const [received] = await youth.tap("Gửi");
    expect(received!.text).toContain("PS-2026-0001");
    expect((await database.prisma.proposal.findFirstOrThrow()).level).toBe("TOWN");
  });

  it("has a redelivered update handled once", async () => {
    await onboard(youth);
    await youth.tap("Gửi kiến nghị");
    await youth.tap("Việc làm, khởi nghiệp");
    await youth.tap("Phường");
    const update = youth.messageUpdate({ text: PROPOSAL });
    await youth.deliver(update);
    const confirm = youth.last().buttons.find((b) => b.text === "Gửi")!;
    const tap = {
      update_id: fake.newUpdateId(),
      callback_query: { id: "9", from: { id: youth.chatId }, chat_instance: "1", data: confirm.data, message: { message_id: 1, date: 0, chat: { id: youth.chatId, type: "private" } } },
    };
    await youth.deliver(tap);
    const count = fake.sentTo(youth.chatId).length;
    expect((await postWebhook(bot, tap)).status).toBe(200);
    expect((await postWebhook(bot, update)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.sentTo(youth.chatId)).toHaveLength(count);
    expect(await database.prisma.proposal.count()).toBe(1);
  });

  it("gets a polite re-prompt for a sticker, the bound for an oversize text, help for an unknown command", async () => {
    await onboard(youth);
    await youth.tap("Gửi kiến nghị");
    await youth.tap("Việc làm, khởi nghiệp");
    await youth.tap("Phường");
    const [polite, again] = await youth.deliver(youth.messageUpdate({ sticker: { file_id: "x", type: "regular" } }), 2);
    expect(polite!.text).toContain("chỉ đọc được tin nhắn chữ");
    expect(again!.text).toContain("từ 20 đến 2.000 ký tự");

    const [tooLong] = await youth.send("a".repeat(2001));
    expect(tooLong!.text).toContain("tối đa 2.000 ký tự (bạn viết 2.001)");
    const [tooShort] = await youth.send("ngắn quá");
    expect(tooShort!.text).toContain("ít nhất 20 ký tự");

    const [help] = await youth.send("/frobnicate");
    expect(help!.text).toContain("Mình chưa hiểu lệnh này");
    expect(youth.last().text).toContain("từ 20 đến 2.000 ký tự");
  });

  it("is asked to pick from the latest list when tapping an old button", async () => {
    await onboard(youth);
    await youth.tap("Gửi kiến nghị");
    const topics = youth.last().buttons;
    await youth.tap("Việc làm, khởi nghiệp");
    const [stale] = await youth.tapData(topics[0]!.data);
    expect(stale!.text).toContain("tin nhắn cũ");
    expect(youth.last().text).toContain("lãnh đạo cấp nào");
  });

  it("can switch to English and back", async () => {
    await youth.send("/start");
    await youth.tap("English");
    expect(youth.last().text).toContain("Do you agree?");
    await youth.tap("I agree");
    await youth.tap("No");
    expect(youth.last().text).toContain("full name");
    await youth.send("/language");
    await youth.tap("Tiếng Việt");
    expect(youth.last().text).toContain("Họ và tên");
  });

  it("sees what is held and can withdraw consent, leaving their proposals anonymised", async () => {
    await onboard(youth);
    await fileProposal();
    const [data] = await youth.send("/mydata");
    expect(data!.text).toContain("Nguyễn Văn An");
    expect(data!.text).toContain("phiên bản 2026-01");
    await youth.tap("Rút lại đồng ý và xoá dữ liệu");
    await youth.tap("Rút lại đồng ý");
    const participant = await database.prisma.participant.findFirstOrThrow();
    expect(participant).toMatchObject({ fullName: null, birthYear: null, phone: null });
    expect(participant.anonymisedAt).not.toBeNull();
    expect(await database.prisma.proposal.count()).toBe(1);
    expect(await database.prisma.conversation.count({ where: { participantId: { not: null } } })).toBe(0);
  });
});

describe("the Telegram webhook", () => {
  it("refuses a wrong secret with 401 and handles nothing", async () => {
    const res = await postWebhook(bot, youth.messageUpdate({ text: "/start" }), "wrong-secret-000000");
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 150));
    expect(fake.sentTo(youth.chatId)).toHaveLength(0);
  });

  it("answers 200 to a malformed update and keeps serving", async () => {
    expect((await postWebhook(bot, "{not json")).status).toBe(200);
    expect((await postWebhook(bot, { update_id: "x", message: 42 })).status).toBe(200);
    expect((await postWebhook(bot, { update_id: 7, message: { chat: { id: "nope" } } })).status).toBe(200);
    const [welcome] = await youth.send("/start");
    expect(welcome!.text).toContain("Chào bạn");
  });

  it("publishes the command menu in Vietnamese and English", () => {
    const menus = fake.calls.filter((c) => c.method === "setMyCommands").map((c) => c.body);
    expect(menus).toHaveLength(2);
    const vi = menus.find((m) => !m.language_code) as { commands: { command: string; description: string }[] };
    expect(vi.commands.find((c) => c.command === "submit")?.description).toBe("Gửi kiến nghị");
    expect(menus.find((m) => m.language_code === "en")).toBeTruthy();
    expect(fake.calls.find((c) => c.method === "setWebhook")?.body).toMatchObject({
      url: "https://bot.example.test/webhook/telegram",
      secret_token: "test-secret-0123456789",
    });
  });

  it("stops a tapped button's spinner in its answer to the webhook, with no request of its own", async () => {
    await youth.send("/start");
    const tap = youth.tapUpdate("Tôi đồng ý");
    const res = await postWebhook(bot, tap);
    expect(await res.json()).toEqual({ method: "answerCallbackQuery", callback_query_id: tap.callback_query.id });
    await fake.turn(youth.chatId, 1);
    expect(youth.last().text).toContain("thông báo");
    expect(fake.calls.filter((c) => c.method === "answerCallbackQuery")).toEqual([]);
  });

  it("waits out a 429 and delivers the reply", async () => {
    fake.failSends(1, { error_code: 429, description: "Too Many Requests: retry after 1", retry_after: 1 });
    const started = Date.now();
    const [welcome] = await youth.send("/start");
    expect(welcome!.text).toContain("Chào bạn");
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});

describe("Telegram long polling", () => {
  it("runs the same flows through getUpdates", async () => {
    await bot.stop();
    bot = await startTelegramBot({ db: database.db, clock, fake, webhook: false });
    youth.useBot(null);
    const [welcome] = await youth.send("/start");
    expect(welcome!.text).toContain("Chào bạn");
    await youth.tap("Tôi đồng ý");
    expect(youth.last().text).toContain("thông báo");
    expect(fake.calls.some((c) => c.method === "deleteWebhook")).toBe(true);
    // No webhook to answer: the spinner is stopped by a request.
    expect(fake.calls.filter((c) => c.method === "answerCallbackQuery")).toHaveLength(1);
  });
});
