import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findUnitByCode } from "../src/domain/roles.js";
import { createToken } from "../src/domain/staff-tokens.js";
import { TestClock } from "./support/clock.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { received } from "./support/engagement.js";
import { FakeTelegram } from "./support/fake-telegram.js";
import { FakeZalo } from "./support/fake-zalo.js";
import { startApp, type StartedApp } from "./support/app.js";
import { onboard, TelegramYouth } from "./support/telegram-youth.js";
import { onboardOnZalo, ZaloYouth } from "./support/zalo-youth.js";

const NOW = new Date("2026-11-25T03:00:00Z");
const LOANS = "Đề nghị phường hỗ trợ thanh niên vay vốn ưu đãi để khởi nghiệp, vì lãi suất ngân hàng hiện nay còn quá cao.";
const LOANS_UNMARKED = "de nghi ho tro tn vay von uu dai de khoi nghiep vi lai suat ngan hang cao qua";
const LOANS_AGAIN = "Mong phường hỗ trợ thanh niên được vay vốn ưu đãi khởi nghiệp, lãi suất ngân hàng bây giờ cao quá.";
const PITCH = "Khu phố em chưa có sân bóng đá cho thanh thiếu nhi, đề nghị phường bố trí một bãi đất trống làm sân chơi.";
const ANSWER = "Từ tháng 1/2027 phường phối hợp Ngân hàng Chính sách xã hội cho thanh niên vay khởi nghiệp với lãi suất 6,6%/năm.";

let database: TestDatabase;
let telegram: FakeTelegram;
let zalo: FakeZalo;
let app: StartedApp;
let base: string;
let token: string;

beforeEach(async () => {
  database = await createTestDatabase(NOW);
  telegram = await new FakeTelegram().start();
  zalo = await new FakeZalo().start();
  app = await startApp({ db: database.db, clock: new TestClock(NOW), telegram, zalo });
  base = app.telegramBot.webhookUrl.replace(/\/webhook\/telegram$/, "");
  token = await database.db.transaction(async (tx) => (await createToken(tx, { name: "Văn phòng", role: "STAFF", unit: (await findUnitByCode(tx, "TH-BS-PS"))!, now: NOW })).token);
});

afterEach(async () => {
  await app.stop();
  await telegram.stop();
  await zalo.stop();
  await database.close();
});

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** A Telegram youth writes `text` in the jobs and start-ups topic; returns what the bot answered the text with. */
async function writeOnTelegram(chatId: number, text: string) {
  const youth = new TelegramYouth(telegram, chatId, app.telegramBot);
  await onboard(youth);
  await youth.send("/submit");
  await youth.tap("Việc làm, khởi nghiệp");
  await youth.tap("Phường");
  return { youth, reply: (await youth.send(text))[0]! };
}

/** A Zalo youth writes `text` in the same topic, answering by numbers. */
async function writeOnZalo(chatId: string, text: string, onboarded = false) {
  const youth = new ZaloYouth(zalo, chatId, app.zaloBot);
  if (!onboarded) await onboardOnZalo(youth);
  await youth.send("/submit");
  await youth.send("2"); // Việc làm, khởi nghiệp
  await youth.send("1"); // Phường
  return { youth, reply: (await youth.send(text)).join("\n") };
}

/** A Telegram youth files `text`, even when shown like proposals. */
async function fileOnTelegram(chatId: number, text: string) {
  const { youth, reply } = await writeOnTelegram(chatId, text);
  if (reply.buttons.some((b) => b.text === "Vẫn gửi kiến nghị của tôi")) await youth.tap("Vẫn gửi kiến nghị của tôi");
  expect((await youth.tap("Gửi"))[0]!.text).toContain("Đã nhận kiến nghị của bạn");
}

const proposals = () => database.prisma.proposal.findMany({ orderBy: { id: "asc" } });

describe("similar proposals", () => {
  it("are offered before filing on Zalo and Telegram: supported once, declined, or not shown for a new question", async () => {
    const a = await writeOnTelegram(6001, LOANS);
    expect(a.reply.buttons.map((b) => b.text)).toContain("Gửi"); // nothing like it yet: straight to the review
    await a.youth.tap("Gửi");
    const [first] = await proposals();

    // On Zalo, typed without diacritics and in shorthand: the proposal is found and numbered.
    const b = await writeOnZalo("za-6002", LOANS_UNMARKED);
    expect(b.reply).toContain("gần giống câu hỏi của bạn");
    expect(b.reply).toContain(`1. [${first!.code}] ${LOANS} — 1 người đã hỏi`);
    expect(b.reply).toMatch(/1\. Ủng hộ ý kiến 1\n2\. Vẫn gửi kiến nghị của tôi/);
    expect((await b.youth.send("1")).join("\n")).toContain(`Bạn đã ủng hộ kiến nghị ${first!.code}`);
    expect(await proposals()).toHaveLength(1);

    // Asking again counts them once.
    const again = await writeOnZalo("za-6002", LOANS_UNMARKED, true);
    expect(again.reply).toContain("— 2 người đã hỏi");
    expect((await again.youth.send("1")).join("\n")).toContain(`Bạn đã ủng hộ kiến nghị ${first!.code} từ trước`);
    expect(await database.prisma.proposalSupport.count()).toBe(1);

    // On Telegram, with buttons: the youth files theirs anyway, and it joins the same group.
    const c = await writeOnTelegram(6003, LOANS_AGAIN);
    expect(c.reply.text).toContain(first!.code);
    expect(c.reply.buttons.map((x) => x.text)).toEqual(["Ủng hộ ý kiến 1", "Vẫn gửi kiến nghị của tôi"]);
    const review = await c.youth.tap("Vẫn gửi kiến nghị của tôi");
    expect(review[0]!.text).toContain(LOANS_AGAIN);
    expect((await c.youth.tap("Gửi"))[0]!.text).toContain("Đã nhận kiến nghị của bạn");
    const [p1, p2] = await proposals();
    expect(p2!.groupId).toBe(p1!.groupId);

    // A question nobody asked yet: no suggestion, straight to the review, and a group of its own.
    const d = await writeOnZalo("za-6004", PITCH);
    expect(d.reply).not.toContain("gần giống");
    expect(d.reply).toContain("Bạn xem lại kiến nghị");
    await d.youth.send("1");
    const p3 = (await proposals())[2]!;
    expect(p3.groupId).not.toBe(p1!.groupId);
  });

  it("are grouped for the office, merged and split over the API, and a group's answer reaches every author and supporter", async () => {
    await (await writeOnTelegram(6101, LOANS)).youth.tap("Gửi");
    const supporter = await writeOnZalo("za-6102", LOANS_UNMARKED);
    await supporter.youth.send("1");
    const c = await writeOnTelegram(6103, LOANS_AGAIN);
    await c.youth.tap("Vẫn gửi");
    await c.youth.tap("Gửi");
    const d = await writeOnZalo("za-6104", PITCH);
    await d.youth.send("1");
    const [p1, p2, p3] = await proposals();
    const dialogueId = p1!.dialogueId;

    const groups = await api("GET", `/api/dialogues/${dialogueId}/groups`);
    expect(groups.body).toMatchObject({
      total: 2,
      items: [
        { id: p1!.groupId, asked: 3, representative: { code: p1!.code, text: LOANS }, members: [{ code: p1!.code, supporters: 1 }, { code: p2!.code, supporters: 0 }] },
        { id: p3!.groupId, asked: 1, representative: { code: p3!.code } },
      ],
    });

    const split = await api("POST", `/api/groups/${p1!.groupId}/split`, { proposals: [p2!.id] });
    expect(split).toMatchObject({ status: 201, body: { proposals: [p2!.id] } });
    expect((await api("GET", `/api/dialogues/${dialogueId}/groups`)).body.items.map((g: any) => [g.id, g.asked])).toEqual([
      [p1!.groupId, 2],
      [split.body.id, 1], // as many ask it as the next: the one asked first comes first
      [p3!.groupId, 1],
    ]);
    expect(await api("POST", `/api/groups/${p1!.groupId}/split`, { proposals: [p1!.id] })).toMatchObject({ status: 409, body: { error: "group-split-all" } });
    expect(await api("POST", `/api/groups/${p1!.groupId}/split`, { proposals: [p3!.id] })).toMatchObject({ status: 409, body: { error: "group-split-not-members" } });
    expect((await api("POST", `/api/groups/${p1!.groupId}/split`, { proposals: [] })).status).toBe(400);

    const merged = await api("POST", `/api/groups/${p1!.groupId}/merge`, { from: split.body.id });
    expect(merged.body.proposals).toEqual([p1!.id, p2!.id]);
    expect((await api("POST", `/api/groups/${p1!.groupId}/merge`, { from: split.body.id })).status).toBe(404);
    expect((await api("PATCH", "/api/groups/9999", { status: "ANSWERED", answer: ANSWER })).status).toBe(404);

    const answered = await api("PATCH", `/api/groups/${p1!.groupId}`, { status: "ANSWERED", answer: ANSWER });
    expect(answered.body.proposals).toEqual([p1!.id, p2!.id]);
    expect(await received(telegram, 6101, `Kiến nghị ${p1!.code} của bạn đã có trả lời`)).toContain(ANSWER);
    expect(await received(telegram, 6103, `Kiến nghị ${p2!.code} của bạn đã có trả lời`)).toContain(ANSWER);
    expect(await received(zalo, "za-6102", `Kiến nghị ${p1!.code} mà bạn ủng hộ đã có trả lời`)).toContain(ANSWER);
    expect(zalo.sentTo("za-6104").map((m) => m.text).join("\n")).not.toContain(ANSWER);

    // One who supports it once answered is told the answer in the reply.
    const late = await writeOnZalo("za-6105", LOANS_UNMARKED);
    const told = (await late.youth.send("1")).join("\n");
    expect(told).toContain(`Bạn đã ủng hộ kiến nghị ${p1!.code}.`);
    expect(told).not.toContain("Khi kiến nghị có trả lời");
    expect(told).toContain(`Kiến nghị ${p1!.code} mà bạn ủng hộ đã có trả lời:\n${ANSWER}`);
    const audit = await database.prisma.auditLog.findMany({ orderBy: { id: "asc" } });
    expect(audit.map((x) => x.action)).toEqual(["group.split", "group.merge", "group.triage"]);
  });

  it("keep the members a group was answered for when a closer proposal arrives", async () => {
    // Alone, grouping would re-form the three as {2, 3} (very close) and {1} (near 2, far from 3);
    // once staff have answered 1 and 2 as one group, the group stays as it was answered.
    await fileOnTelegram(6201, "Đề nghị phường hỗ trợ thanh niên vay vốn ưu đãi để khởi nghiệp.");
    await fileOnTelegram(6202, "Lãi suất vay vốn khởi nghiệp ở ngân hàng còn quá cao, đề nghị giảm lãi suất cho thanh niên.");
    const [p1, p2] = await proposals();
    expect(p2!.groupId).toBe(p1!.groupId);
    expect((await api("PATCH", `/api/groups/${p1!.groupId}`, { status: "ANSWERED", answer: ANSWER })).body.proposals).toEqual([p1!.id, p2!.id]);

    await fileOnTelegram(6203, "Đề nghị ngân hàng giảm lãi suất cho vay, lãi suất hiện nay quá cao.");
    const groups = await api("GET", `/api/dialogues/${p1!.dialogueId}/groups`);
    const answered = groups.body.items.find((g: any) => g.id === p1!.groupId);
    expect(answered.members.map((m: any) => m.code)).toEqual(expect.arrayContaining([p1!.code, p2!.code]));
    expect(answered.members.filter((m: any) => m.status === "ANSWERED").map((m: any) => m.code)).toEqual([p1!.code, p2!.code]);
  });
});
