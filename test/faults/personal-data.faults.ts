import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestDatabase } from "../support/database.js";
import type { FakeTelegram } from "../support/fake-telegram.js";
import type { FakeZalo } from "../support/fake-zalo.js";
import { onboard, TelegramYouth } from "../support/telegram-youth.js";
import { onboardOnZalo, ZaloYouth } from "../support/zalo-youth.js";
import { type BotProcess, figures } from "./support/bot-process.js";
import { faultStage } from "./support/stage.js";
import { fileOnTelegram, fileOnZalo } from "./support/filing.js";
import { csvRows, exportFile, officeApi, staffToken, xlsxCells, type OfficeApi } from "./support/office.js";

// The app, its database and the platforms, for the whole file: each test leaves them as the next finds them.
const stage = faultStage("file");
let database: TestDatabase;
let telegram: FakeTelegram;
let zalo: FakeZalo;
let bot: BotProcess;
let api: OfficeApi;
let adminToken: string;
let dialogueId: number;

const tally = { youth: 0, mydataFieldsShown: 0, withdrawn: 0, anonymisedProposals: 0, exportsChecked: 0, children: 0, tracesLeft: 0 };

beforeAll(async () => {
  ({ database, telegram, zalo } = stage);
  bot = await stage.start({ webhook: true, pipeStderr: true });
  adminToken = await staffToken(database);
  api = officeApi(bot.url, adminToken);
  dialogueId = (await database.prisma.dialogue.findFirstOrThrow()).id;
});

afterAll(async () => {
  figures("personal-data", { ...tally, running: bot?.running });
});

/** Every row of every table that holds `needle` anywhere (the database as a whole, not only the profile). */
async function tracesOf(needle: string): Promise<string[]> {
  return database.db.transaction(async (tx) => {
    const tables = await tx.all<{ name: string }>(`SELECT "name" FROM sqlite_master WHERE "type" = 'table' AND "name" NOT LIKE 'sqlite_%'`);
    const traces: string[] = [];
    for (const { name } of tables) {
      for (const row of await tx.all<Record<string, unknown>>(`SELECT * FROM "${name}"`)) {
        const trace = `${name} ${JSON.stringify(row)}`;
        if (trace.includes(needle)) traces.push(trace);
      }
    }
    return traces;
  });
}

/** The office's three exports and its list, as an admin (who is shown phone numbers) reads them. */
async function officeViews(): Promise<Record<string, string>> {
  const [csv, xlsx, json] = await Promise.all([
    exportFile(bot.url, adminToken, dialogueId, "csv"),
    exportFile(bot.url, adminToken, dialogueId, "xlsx"),
    exportFile(bot.url, adminToken, dialogueId, "json"),
  ]);
  const list = await api("GET", `/api/dialogues/${dialogueId}/proposals?pageSize=200`);
  return {
    csv: csvRows(csv).flat().join("\n"),
    xlsx: (await xlsxCells(xlsx)).map((c) => String(c.value ?? "")).join("\n"),
    json: json.toString("utf8"),
    list: JSON.stringify(list.body),
  };
}

describe("personal data on the running app", () => {
  it("/mydata shows what is held: profile, proposals, the consent given (version, time, channel), roles and invitations", async () => {
    const youth = new TelegramYouth(telegram, 8001, bot.telegramWebhook);
    await onboard(youth, "Đặng Thu Trang");
    await youth.send("/profile");
    await youth.tap("Sửa số điện thoại");
    await youth.send("0987654321");
    await fileOnTelegram(youth, "Đề nghị phường lắp thêm đèn chiếu sáng trên đường ra bãi tập thể dục của khu phố.");
    const shown = (await youth.send("/mydata"))[0]!;
    const held = ["Đặng Thu Trang", "2001", "Chi đoàn Khu phố 2", "0987654321", "Số kiến nghị đã gửi: 1", "phiên bản 2026-01", "qua Telegram", "Vai trò: đoàn viên", "Lời mời dự đối thoại: 0"];
    for (const fact of held) expect(shown.text).toContain(fact);
    expect(shown.buttons.map((b) => b.text)).toContain("Rút lại đồng ý và xoá dữ liệu");

    const onZalo = new ZaloYouth(zalo, "z-8001", bot.zaloWebhook);
    await onboardOnZalo(onZalo, "4", "Vũ Hoàng Nam");
    const onZaloShown = (await onZalo.send("/mydata")).join("\n");
    for (const fact of ["Vũ Hoàng Nam", "2002", "Chi đoàn Khu phố 4", "Điện thoại: (chưa có)", "qua Zalo"]) expect(onZaloShown).toContain(fact);
    expect(onZaloShown).toMatch(/\d\. Rút lại đồng ý và xoá dữ liệu/);
    tally.youth += 2;
    tally.mydataFieldsShown += held.length + 5;

    // Staff who are not admins see the proposals and the names, never a phone number.
    const staff = await staffToken(database, "STAFF");
    for (const format of ["csv", "xlsx", "json"] as const) {
      const file = await exportFile(bot.url, staff, dialogueId, format);
      const text = format === "xlsx" ? (await xlsxCells(file)).map((c) => String(c.value ?? "")).join("\n") : file.toString("utf8");
      expect(text, format).toContain("Đặng Thu Trang");
      expect(text, format).not.toContain("0987654321");
      tally.exportsChecked++;
    }
    const list = await officeApi(bot.url, staff)("GET", `/api/dialogues/${dialogueId}/proposals`);
    expect(JSON.stringify(list.body)).not.toContain("0987654321");
  });

  it("withdrawing consent removes the profile at once; the proposals stay, with no name or phone in any export", async () => {
    const name = "Ngô Bảo Châu Anh";
    const phone = "0901234567";
    const youth = new TelegramYouth(telegram, 8101, bot.telegramWebhook);
    await onboard(youth, name);
    await youth.send("/profile");
    await youth.tap("Sửa số điện thoại");
    await youth.send(phone);
    const code = await fileOnTelegram(youth, "Đề nghị thị xã mở lớp dạy nghề sửa chữa điện thoại miễn phí cho thanh niên thất nghiệp.");
    const onZalo = new ZaloYouth(zalo, "z-8101", bot.zaloWebhook);
    await onboardOnZalo(onZalo, "3", "Lý Thanh Tùng");
    const zaloCode = await fileOnZalo(onZalo, "Đề nghị phường có góc đọc sách và wifi miễn phí tại nhà văn hoá khu phố cho thanh niên.");
    tally.youth += 2;

    // Before: the admin's exports name them (so the check below can fail).
    const before = await officeViews();
    for (const view of Object.values(before)) expect(view).toContain(name);
    expect(before.csv).toContain(phone);

    await youth.send("/mydata");
    await youth.tap("Rút lại đồng ý và xoá dữ liệu");
    expect((await youth.tap("Rút lại đồng ý")).map((m) => m.text).join("\n")).toContain("Đã xoá dữ liệu cá nhân của bạn");
    await onZalo.send("/mydata");
    const mydataChoices = onZalo.last();
    await onZalo.send(/(\d)\. Rút lại đồng ý và xoá dữ liệu/.exec(mydataChoices)![1]!);
    expect((await onZalo.send("1")).join("\n")).toContain("Đã xoá dữ liệu cá nhân của bạn");
    tally.withdrawn += 2;

    // The profile is gone from the database, every table of it; the proposals stay on record.
    for (const gone of [name, phone, "Lý Thanh Tùng"]) expect(await tracesOf(gone)).toEqual([]);
    const proposals = await database.prisma.proposal.findMany({ where: { code: { in: [code, zaloCode] } }, include: { participant: true } });
    expect(proposals).toHaveLength(2);
    for (const p of proposals) {
      expect(p.participant).toMatchObject({ fullName: null, birthYear: null, phone: null, consentAnnouncements: false });
      expect(p.participant.anonymisedAt).not.toBeNull();
    }
    expect(await database.prisma.conversation.count({ where: { participantId: { in: proposals.map((p) => p.participantId) } } })).toBe(0);
    tally.anonymisedProposals += proposals.length;

    const after = await officeViews();
    for (const [format, view] of Object.entries(after)) {
      expect(view, format).toContain(code);
      expect(view, format).toContain(zaloCode);
      for (const gone of [name, phone, "Lý Thanh Tùng"]) expect(view, format).not.toContain(gone);
      tally.exportsChecked++;
    }
    // An answer to a withdrawn youth's proposal is recorded, and goes to no chat: none is linked to them.
    const sentBefore = telegram.sentTo(8101).length;
    const answered = await api("PATCH", `/api/proposals/${proposals.find((p) => p.code === code)!.id}`, { body: { status: "ANSWERED", answer: "Thị xã sẽ mở lớp vào tháng tới." } });
    expect(answered.status).toBe(200);
    expect(await database.prisma.outboxMessage.count({ where: { chatId: "8101" } })).toBe(0);
    expect(telegram.sentTo(8101)).toHaveLength(sentBefore);
    // Their chat starts afresh: nothing is known of them.
    const again = (await youth.send("/mydata")).map((m) => m.text).join("\n");
    expect(again).toContain("Chào bạn!");
    expect(again).not.toContain(name);
  });

  it("a youth who filed nothing and withdraws leaves no row at all", async () => {
    const youth = new TelegramYouth(telegram, 8201, bot.telegramWebhook);
    await onboard(youth, "Tạ Minh Quân");
    const participants = await database.prisma.participant.count();
    await youth.send("/mydata");
    await youth.tap("Rút lại đồng ý và xoá dữ liệu");
    await youth.tap("Rút lại đồng ý");
    expect(await database.prisma.participant.count()).toBe(participants - 1);
    expect(await tracesOf("Tạ Minh Quân")).toEqual([]);
    tally.youth++;
    tally.withdrawn++;
  });

  it("someone under 16 is told kindly and nothing personal is stored, on Telegram, on Zalo, or when a profile is corrected to under 16", async () => {
    const childYear = String(new Date().getUTCFullYear() - 14);
    const participants = await database.prisma.participant.count();

    const onTelegram = new TelegramYouth(telegram, 8301, bot.telegramWebhook);
    await onTelegram.send("/start");
    await onTelegram.tap("Tôi đồng ý");
    await onTelegram.tap("Có");
    await onTelegram.send("Phạm Minh Khôi");
    const told = (await onTelegram.send(childYear)).map((m) => m.text).join("\n");
    expect(told).toContain("dưới 16 tuổi");
    expect(told).toContain("Mình đã xoá mọi thông tin bạn vừa nhập");

    const onZalo = new ZaloYouth(zalo, "z-8301", bot.zaloWebhook);
    for (const answer of ["Chào", "1", "1", "Hà Thị Ngọc Bích"]) await onZalo.send(answer);
    expect((await onZalo.send(childYear)).join("\n")).toContain("dưới 16 tuổi");
    expect(await database.prisma.participant.count()).toBe(participants);
    tally.children += 2;

    // A registered youth who files, then corrects the birth year to under 16.
    const corrected = new TelegramYouth(telegram, 8302, bot.telegramWebhook);
    await onboard(corrected, "Trịnh Gia Bảo");
    await corrected.send("/profile");
    await corrected.tap("Sửa số điện thoại");
    await corrected.send("0933222111");
    const code = await fileOnTelegram(corrected, "Đề nghị trường tổ chức câu lạc bộ lập trình miễn phí cho học sinh trong khu phố.");
    await corrected.send("/profile");
    await corrected.tap("Sửa năm sinh");
    expect((await corrected.send(childYear)).map((m) => m.text).join("\n")).toContain("dưới 16 tuổi");
    tally.children++;

    for (const gone of ["Phạm Minh Khôi", "Hà Thị Ngọc Bích", "Trịnh Gia Bảo", "0933222111"]) {
      const traces = await tracesOf(gone);
      tally.tracesLeft += traces.length;
      expect(traces).toEqual([]);
    }
    for (const chat of [{ channel: "telegram", chatId: "8301" }, { channel: "zalo", chatId: "z-8301" }, { channel: "telegram", chatId: "8302" }]) {
      const conversation = await database.prisma.conversation.findUnique({ where: { channel_chatId: chat } });
      expect(conversation?.participantId ?? null).toBeNull();
    }
    // What the child filed before saying their age stays on record, with nobody behind it.
    const filed = await database.prisma.proposal.findUniqueOrThrow({ where: { code }, include: { participant: true } });
    expect(filed.participant).toMatchObject({ fullName: null, birthYear: null, phone: null });
    expect(bot.running).toBe(true);
  });
});
