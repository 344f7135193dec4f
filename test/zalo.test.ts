import { stdSerializers } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createZaloClient, ZaloApiError, ZaloHttpError } from "../src/channels/zalo/zalo.client.js";
import { formatDate } from "../src/i18n/i18n.js";
import { TestClock } from "./support/clock.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { FakeZalo } from "./support/fake-zalo.js";
import { onboardOnZalo, postZaloWebhook, startZaloBot, ZALO_SECRET, ZaloYouth, type ZaloBot } from "./support/zalo-youth.js";

const NOW = new Date("2026-11-25T03:00:00Z");
const PROPOSAL = "Đề nghị thị xã hỗ trợ thanh niên khởi nghiệp được vay vốn ưu đãi không cần tài sản thế chấp.";

let database: TestDatabase;
let fake: FakeZalo;
let clock: TestClock;
let bot: ZaloBot;
let youth: ZaloYouth;

beforeEach(async () => {
  clock = new TestClock(NOW);
  database = await createTestDatabase(NOW);
  fake = await new FakeZalo().start();
  bot = await startZaloBot({ db: database.db, clock, fake, webhook: true });
  youth = new ZaloYouth(fake, "e4ea2cd5189df1c3a88c", bot);
});

afterEach(async () => {
  await bot.stop();
  await fake.stop();
  await database.close();
});

/** From the menu: send a proposal on topic 2, to the ward, and confirm. */
async function fileProposal(text = PROPOSAL) {
  await youth.send("1");
  await youth.send("2");
  await youth.send("1");
  await youth.send(text);
  return youth.send("1");
}

describe("a youth on Zalo", () => {
  it("consents by number or by words, then completes a profile", async () => {
    const [welcome] = await youth.send("Xin chào");
    expect(welcome).toContain("Đối thoại với thanh niên");
    expect(welcome).toMatch(/\n1\. Tôi đồng ý\n2\. Tôi không đồng ý\n3\. English$/);
    expect(await database.prisma.participant.count()).toBe(0);

    const [announcements] = await youth.send("tôi đồng ý");
    expect(announcements).toContain("thông báo");
    expect(announcements).toMatch(/1\. Có\n2\. Không$/);
    const friend = new ZaloYouth(fake, "a1b2c3d4e5f6a7b8c9d0", bot);
    await friend.send("Chào chatbot");
    expect((await friend.send("Tôi đồng ý"))[0]).toContain("Bạn có muốn nhận thông báo");
    await youth.send("2");
    await youth.send("Trần Thị Mai");
    const [branches] = await youth.send("2002");
    expect(branches).toContain("4. Chi đoàn Khu phố 4");
    await youth.send("4");
    const menu = await youth.send("0912 345 678");
    expect(menu.at(-1)).toContain("1. Gửi kiến nghị");

    const participant = await database.prisma.participant.findFirstOrThrow({ include: { branch: true } });
    expect(participant).toMatchObject({ fullName: "Trần Thị Mai", birthYear: 2002, phone: "0912345678", consentChannel: "zalo", consentAnnouncements: false });
    expect(participant.branch?.name).toBe("Chi đoàn Khu phố 4");
  });

  it("files a proposal and is told its code only once it is saved", async () => {
    await onboardOnZalo(youth);
    let savedWhenTold: unknown = "not told";
    fake.onSend = async (text) => {
      const code = /PS-\d{4}-\d{4}/.exec(text)?.[0];
      if (code) savedWhenTold = await database.prisma.proposal.findUnique({ where: { code } });
    };
    await youth.send("1");
    expect(youth.last()).toContain("2. Việc làm, khởi nghiệp, lập nghiệp của thanh niên");
    await youth.send("2");
    expect(youth.last()).toMatch(/1\. Phường\n2\. Thị xã\n3\. Tỉnh\n4\. Để cán bộ xác định$/);
    await youth.send("Thị xã");
    await youth.send(PROPOSAL);
    const [received] = await youth.send("1");
    expect(received).toContain("Mã kiến nghị: PS-2026-0001");
    expect(savedWhenTold).toMatchObject({ text: PROPOSAL, level: "TOWN", channel: "zalo", status: "RECEIVED" });
  });

  it("lists their proposals with status and shows one", async () => {
    await onboardOnZalo(youth);
    await fileProposal();
    const [list] = await youth.send("/my");
    expect(list).toContain("1. PS-2026-0001 · Đã tiếp nhận");
    const [detail] = await youth.send("1");
    expect(detail).toContain(PROPOSAL);
    expect(detail).toContain("Trạng thái: Đã tiếp nhận");
  });

  it("is refused after the deadline, and told when submissions closed in Vietnam time", async () => {
    // 17:30 UTC on 16/12 is half past midnight on 17/12 in Vietnam.
    const closesAt = new Date("2026-12-16T17:30:00Z");
    await database.prisma.dialogue.updateMany({ data: { submissionsCloseAt: closesAt } });
    await onboardOnZalo(youth);
    const [topics] = await youth.send("1");
    expect(topics).toContain("Hạn gửi kiến nghị: 00:30 17/12/2026.");
    await youth.send("2");
    await youth.send("1");
    await youth.send(PROPOSAL);

    clock.set(new Date(closesAt.getTime() + 1));
    const [refused] = await youth.send("1");
    expect(refused).toContain("Đã hết hạn nhận kiến nghị lúc 00:30 17/12/2026");
    expect(refused).not.toMatch(/PS-\d{4}-\d{4}/);
    expect(youth.last()).toContain("1. Gửi kiến nghị");
    const [closed] = await youth.send("/submit");
    expect(closed).toContain("Đã hết hạn nhận kiến nghị lúc 00:30 17/12/2026");
    expect(await database.prisma.proposal.count()).toBe(0);
  });

  it("is told when submissions open if they have not yet", async () => {
    await onboardOnZalo(youth);
    const opensAt = new Date(NOW.getTime() + 3 * 24 * 3600 * 1000);
    await database.prisma.dialogue.updateMany({ data: { submissionsOpenAt: opensAt } });
    const [notYet] = await youth.send("/submit");
    expect(notYet).toContain(`Chatbot bắt đầu nhận từ ${formatDate("vi", opensAt)}`);
  });

  it("carries on after a restart mid-flow", async () => {
    await onboardOnZalo(youth);
    await youth.send("1");
    await youth.send("3");
    await bot.stop();
    bot = await startZaloBot({ db: await database.reopen(), clock, fake, webhook: true });
    youth.useBot(bot);
    await youth.send("3");
    expect(youth.last()).toContain("từ 20 đến 2.000 ký tự");
    await youth.send(PROPOSAL);
    const [received] = await youth.send("1");
    expect(received).toContain("PS-2026-0001");
    expect(await database.prisma.proposal.findFirstOrThrow({ include: { topic: true } })).toMatchObject({
      level: "PROVINCE",
      topic: { nameVi: "Cải cách hành chính, chuyển đổi số, đổi mới sáng tạo" },
    });
  });

  it("has a redelivered message handled once", async () => {
    await onboardOnZalo(youth);
    await youth.send("1");
    await youth.send("2");
    await youth.send("1");
    await youth.send(PROPOSAL);
    const confirm = fake.text(youth.chatId, "1");
    await youth.deliver(confirm);
    const count = fake.sentTo(youth.chatId).length;
    expect((await postZaloWebhook(bot, confirm)).status).toBe(200);
    expect((await postZaloWebhook(bot, { ok: true, result: confirm })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.sentTo(youth.chatId)).toHaveLength(count);
    expect(await database.prisma.proposal.count()).toBe(1);
  });

  it("gets a polite re-prompt for a sticker or photo, the bound for an oversize text, help for an unknown command", async () => {
    await onboardOnZalo(youth);
    await youth.send("1");
    await youth.send("2");
    await youth.send("1");
    const sticker = await youth.deliver(fake.sticker(youth.chatId), 2);
    expect(sticker[0]!.text).toContain("chỉ đọc được tin nhắn chữ");
    expect(sticker[1]!.text).toContain("từ 20 đến 2.000 ký tự");
    const photo = await youth.deliver(fake.image(youth.chatId, "ảnh khu phố"), 2);
    expect(photo[0]!.text).toContain("chỉ đọc được tin nhắn chữ");
    expect(photo[1]!.text).toContain("từ 20 đến 2.000 ký tự");

    const [tooLong] = await youth.send("x".repeat(2500));
    expect(tooLong).toContain("tối đa 2.000 ký tự (bạn viết 2.500)");
    const [help] = await youth.send("/giupdo");
    expect(help).toContain("Mình chưa hiểu lệnh này");
    expect(youth.last()).toContain("từ 20 đến 2.000 ký tự");
  });

  it("gets a reply over 2000 characters in clean parts, the options in the last", async () => {
    await onboardOnZalo(youth);
    await youth.send("1");
    await youth.send("2");
    await youth.send("1");
    const long = `${"Thanh niên cần được hỗ trợ học nghề và việc làm tại địa phương. ".repeat(30)}`.slice(0, 1990).trim();
    const review = await youth.send(long);
    expect(review.length).toBe(2);
    for (const part of review) expect([...part].length).toBeLessThanOrEqual(2000);
    expect(review.join(" ").replace(/\s+/g, " ")).toContain(long.replace(/\s+/g, " "));
    expect(review[1]).toMatch(/1\. Gửi\n2\. Sửa nội dung\n3\. Đổi chủ đề\n4\. Huỷ$/);
  });

  it("gets its reply after a transient failure, and no retries of a refused one", async () => {
    fake.failSends(2, { error_code: 500, description: "Internal error" });
    const [welcome] = await youth.send("Xin chào");
    expect(welcome).toContain("Chào bạn");
    expect(fake.calls.filter((c) => c.method === "sendMessage")).toHaveLength(3);

    fake.failSends(1, { error_code: 403, description: "user blocked the bot" });
    const before = fake.calls.length;
    await postZaloWebhook(bot, fake.text(youth.chatId, "2"));
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.calls.slice(before).filter((c) => c.method === "sendMessage")).toHaveLength(1);
    const [next] = await youth.send("/start");
    expect(next).toContain("Chào bạn");
  });

  it("gets its reply after a rate limit, once the wait Zalo asked for is over", async () => {
    fake.failSends(1, { error_code: 429, description: "Too many requests", retry_after: 1 });
    const started = Date.now();
    const [welcome] = await youth.send("Xin chào");
    expect(welcome).toContain("Chào bạn");
    // The channel's own backoff is 20 ms in tests: only Zalo's retry_after explains the second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });
});

describe("the Zalo webhook", () => {
  it("refuses a wrong or missing secret with 401 and handles nothing", async () => {
    const wrong = await postZaloWebhook(bot, fake.text(youth.chatId, "hi"), "wrong-secret-00000000");
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: "unauthorized" });
    expect((await postZaloWebhook(bot, fake.text(youth.chatId, "hi"), ZALO_SECRET.slice(0, -1))).status).toBe(401);
    expect((await postZaloWebhook(bot, fake.text(youth.chatId, "hi"), null)).status).toBe(401);
    await new Promise((r) => setTimeout(r, 150));
    expect(fake.sentTo(youth.chatId)).toHaveLength(0);
    expect(await database.prisma.conversation.count()).toBe(0);
  });

  it("is set with the public URL and the secret when the bot starts", async () => {
    expect(fake.calls.find((c) => c.method === "setWebhook")?.body).toEqual({
      url: "https://bot.example.test/webhook/zalo",
      secret_token: ZALO_SECRET,
    });
    expect(fake.webhookSecret).toBe(ZALO_SECRET);
  });

  it("answers 200 to a malformed body and keeps serving; a wrapped update is unwrapped", async () => {
    expect((await postZaloWebhook(bot, "{oops")).status).toBe(200);
    expect((await postZaloWebhook(bot, "")).status).toBe(200);
    expect((await postZaloWebhook(bot, { event_name: "message.text.received", message: { text: "hi" } })).status).toBe(200);
    expect((await postZaloWebhook(bot, [1, 2, 3])).status).toBe(200);
    expect(await database.prisma.conversation.count()).toBe(0);
    const before = fake.sentTo(youth.chatId).length;
    await postZaloWebhook(bot, { ok: true, result: fake.text(youth.chatId, "Xin chào") });
    const [welcome] = await fake.turn(youth.chatId, before);
    expect(welcome!.text).toContain("Chào bạn");
  });

  it("ignores events it does not handle, and answers them 200", async () => {
    const follow = fake.event(youth.chatId, "user.follow.received");
    expect((await postZaloWebhook(bot, follow)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 150));
    expect(fake.sentTo(youth.chatId)).toHaveLength(0);
    expect(await database.prisma.conversation.count()).toBe(0);
    const [welcome] = await youth.send("Xin chào");
    expect(welcome).toContain("Chào bạn");
  });
});

describe("Zalo long polling", () => {
  beforeEach(async () => {
    await bot.stop();
    bot = await startZaloBot({ db: database.db, clock, fake, webhook: false });
    youth.useBot(null);
  });

  it("runs the same flows through getUpdates, a redelivered message once", async () => {
    expect(fake.calls.some((c) => c.method === "deleteWebhook")).toBe(true);
    expect(fake.webhookUrl).toBe("");
    const [welcome] = await youth.send("Xin chào");
    expect(welcome).toMatch(/Chào bạn[\s\S]*\n1\. Tôi đồng ý\n2\. Tôi không đồng ý\n3\. English$/);
    const agree = fake.text(youth.chatId, "Tôi đồng ý");
    const [announcements] = (await youth.deliver(agree)).map((m) => m.text);
    expect(announcements).toContain("Bạn có muốn nhận thông báo");
    // Zalo sends the consent again: were it handled, "Tôi đồng ý" would be asked to pick Có or Không.
    fake.queue(agree);
    const turn = await youth.send("1");
    expect(turn).toHaveLength(2);
    expect(turn[0]).toContain("Mình đã ghi nhận sự đồng ý của bạn");
    expect(turn[1]).toContain("Họ và tên đầy đủ của bạn là gì?");
    expect(await database.prisma.participant.findFirstOrThrow()).toMatchObject({ consentChannel: "zalo", consentAnnouncements: true });
  });

  it("keeps polling after getUpdates fails", async () => {
    fake.failPolls(2, { error_code: 500, description: "Internal error" });
    fake.failPolls(1, { error_code: 429, description: "Too many requests" });
    const [welcome] = await youth.send("Xin chào");
    expect(welcome).toContain("Chào bạn");
  });

  it("stops at once, though a getUpdates is waiting", async () => {
    const polls = () => fake.calls.filter((c) => c.method === "getUpdates").length;
    while (polls() === 0) await new Promise((r) => setTimeout(r, 10));
    const started = Date.now();
    await bot.stop();
    expect(Date.now() - started).toBeLessThan(300);
    const afterStop = polls();
    await new Promise((r) => setTimeout(r, 200));
    expect(polls()).toBe(afterStop);
  });
});

describe("the Zalo client", () => {
  it("tells a refusal for good from one worth retrying, and never shows the token", async () => {
    const client = createZaloClient({ token: fake.token, apiBase: fake.baseUrl });
    expect(await client.getMe()).toMatchObject({ account_name: "doithoai" });

    fake.failSends(1, { error_code: 429, description: "Too many requests: retry after 7" });
    const limited = await client.sendMessage(youth.chatId, "xin chào").catch((err: unknown) => err);
    expect(limited).toBeInstanceOf(ZaloApiError);
    expect(limited).toMatchObject({ method: "sendMessage", error_code: 429, permanent: false, retryAfterSeconds: 7 });

    fake.failSends(1, { error_code: 403, description: "user blocked the bot" });
    expect(await client.sendMessage(youth.chatId, "xin chào").catch((err: unknown) => err)).toMatchObject({ error_code: 403, permanent: true });
    expect(await client.sendMessage(youth.chatId, "x".repeat(2001)).catch((err: unknown) => err)).toMatchObject({ error_code: 400, permanent: true });

    const wrongToken = createZaloClient({ token: "1:wrong", apiBase: fake.baseUrl });
    expect(await wrongToken.getMe().catch((err: unknown) => err)).toMatchObject({ error_code: 401, permanent: true });

    const token = "999:secret-token-value";
    const broken = createZaloClient({ token, apiBase: "http://127.0.0.1:1" });
    const offline = await broken.getMe().catch((err: unknown) => err);
    expect(offline).toBeInstanceOf(ZaloHttpError);
    const invalidBase = await createZaloClient({ token, apiBase: "not a url" }).getMe().catch((err: unknown) => err);
    expect(invalidBase).toBeInstanceOf(ZaloHttpError);
    for (const err of [offline, invalidBase] as Error[]) {
      expect(JSON.stringify(stdSerializers.err(err))).not.toContain("secret-token-value");
      expect(`${err.stack} ${(err.cause as Error).stack}`).not.toContain("secret-token-value");
    }
  });

  it("gives null when no update came within the long-poll timeout", async () => {
    const client = createZaloClient({ token: fake.token, apiBase: fake.baseUrl });
    expect(await client.getWebhookInfo()).toMatchObject({ url: "https://bot.example.test/webhook/zalo" });
    expect(await client.deleteWebhook()).toMatchObject({ url: "" });
    expect(await client.getUpdates(0)).toBeNull();
    fake.queue(fake.text(youth.chatId, "Xin chào"));
    expect(await client.getUpdates(1)).toMatchObject({ event_name: "message.text.received", message: { text: "Xin chào" } });
  });
});
