import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findUnitByCode } from "../src/domain/roles.js";
import { createToken, type StaffRole } from "../src/domain/staff-tokens.js";
import { TestClock } from "./support/clock.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { received } from "./support/engagement.js";
import { FakeTelegram } from "./support/fake-telegram.js";
import { FakeZalo } from "./support/fake-zalo.js";
import { startApp, type StartedApp } from "./support/app.js";
import { onboard, TelegramYouth } from "./support/telegram-youth.js";
import { onboardOnZalo, ZaloYouth } from "./support/zalo-youth.js";

const NOW = new Date("2026-11-25T03:00:00Z"); // 10:00 in Hà Nội
const PROPOSAL = "Đề nghị phường mở lớp bồi dưỡng kỹ năng số miễn phí cho thanh niên các khu phố vào buổi tối.";

let database: TestDatabase;
let telegram: FakeTelegram;
let zalo: FakeZalo;
let clock: TestClock;
let app: StartedApp;
let base: string;
let wardAdmin: string;
let dialogueId: number;

beforeEach(async () => {
  clock = new TestClock(NOW);
  database = await createTestDatabase(NOW);
  telegram = await new FakeTelegram().start();
  zalo = await new FakeZalo().start();
  app = await startApp({ db: database.db, clock, telegram, zalo });
  base = app.telegramBot.webhookUrl.replace(/\/webhook\/telegram$/, "");
  wardAdmin = await tokenFor("ADMIN", "TH-BS-PS");
  dialogueId = (await database.prisma.dialogue.findFirstOrThrow()).id;
});

afterEach(async () => {
  await app.stop();
  await telegram.stop();
  await zalo.stop();
  await database.close();
});

async function tokenFor(role: StaffRole, unit: string) {
  return database.db.transaction(async (tx) => (await createToken(tx, { name: `${role} ${unit}`, role, unit: (await findUnitByCode(tx, unit))!, now: NOW })).token);
}

async function call(method: string, path: string, opts: { token?: string | null; body?: unknown; raw?: string } = {}) {
  const token = opts.token === undefined ? wardAdmin : opts.token;
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(opts.body !== undefined || opts.raw !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
  });
  const type = res.headers.get("content-type") ?? "";
  return { status: res.status, body: type.includes("json") ? ((await res.json()) as any) : await res.text() };
}

/** A second ward of the same town, with its own staff. */
async function neighbourWard() {
  const town = await database.prisma.unit.findUniqueOrThrow({ where: { code: "TH-BS" } });
  const ward = await database.prisma.unit.create({ data: { code: "TH-BS-BS", name: "Phường Bắc Sơn", level: "WARD", parentId: town.id } });
  await database.prisma.unit.create({ data: { code: "TH-BS-BS-KP1", name: "Chi đoàn Bắc Sơn 1", level: "BRANCH", parentId: ward.id } });
  return tokenFor("STAFF", "TH-BS-BS");
}

async function fileOnTelegram(chatId: number, text = PROPOSAL) {
  const youth = new TelegramYouth(telegram, chatId, app.telegramBot);
  await onboard(youth);
  await youth.send("/profile");
  await youth.tap("Sửa số điện thoại");
  await youth.send("0912345678");
  await youth.send("/submit");
  await youth.tap("Việc làm, khởi nghiệp");
  await youth.tap("Phường");
  await youth.send(text);
  await youth.tap("Gửi");
  return youth;
}

describe("the office API", () => {
  it("refuses a missing or bad token with 401, and slows down repeated failures", async () => {
    expect(await call("GET", "/api/dialogues", { token: null })).toMatchObject({ status: 401, body: { error: "unauthorized" } });
    expect((await call("GET", "/api/dialogues", { token: "ydt_guess" })).status).toBe(401);
    for (let i = 0; i < 4; i++) await call("GET", "/api/me", { token: "ydt_wrong" });
    const started = Date.now();
    expect((await call("GET", "/api/me", { token: "ydt_wrong" })).status).toBe(401);
    expect((await call("GET", "/api/me", { token: "ydt_wrong" })).status).toBe(401);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250 + 500);
    const revoked = await tokenFor("STAFF", "TH-BS-PS");
    await database.prisma.apiToken.updateMany({ where: { name: "STAFF TH-BS-PS" }, data: { revokedAt: NOW } });
    expect((await call("GET", "/api/me", { token: revoked })).status).toBe(401);
  });

  it("keeps each token to its unit and below on every route: 403 outside, 404 for what does not exist", async () => {
    await fileOnTelegram(4001);
    const proposal = await database.prisma.proposal.findFirstOrThrow();
    const group = proposal.groupId!;
    const topic = await database.prisma.topic.findFirstOrThrow({ where: { dialogueId } });
    const d = `/api/dialogues/${dialogueId}`;
    // Every route that touches a dialogue or a proposal, with a valid request: only the scope is wrong.
    const scoped: [method: string, path: string, body?: unknown][] = [
      ["POST", "/api/dialogues", { hostUnit: "TH-BS-PS", title: "Đối thoại tháng Mười Hai", theme: "Thanh niên và việc làm", startsAt: "2026-12-20T08:00:00+07:00", venue: "Hội trường", format: "IN_PERSON", codePrefix: "TM", topics: [{ nameVi: "Việc làm" }] }],
      ["GET", d],
      ["PATCH", d, { venue: "Nhà văn hoá khu phố 3" }],
      ["POST", `${d}/publish`],
      ["POST", `${d}/topics`, { nameVi: "Kỹ năng số" }],
      ["PATCH", `${d}/topics/${topic.id}`, { nameVi: "Việc làm và khởi nghiệp" }],
      ["PUT", `${d}/quotas/TH-BS-PS-KP1`, { seats: 3 }],
      ["GET", `${d}/proposals`],
      ["GET", `${d}/proposals/export?format=csv`],
      ["GET", `${d}/conclusion`],
      ["PATCH", `/api/proposals/${proposal.id}`, { status: "FORWARDED", agency: "Phòng Kinh tế" }],
      ["GET", `${d}/groups`],
      ["PATCH", `/api/groups/${group}`, { status: "FORWARDED", agency: "Phòng Kinh tế" }],
      ["POST", `/api/groups/${group}/merge`, { from: group }],
      ["POST", `/api/groups/${group}/split`, { proposals: [proposal.id] }],
    ];
    // Routes that only show what is in the caller's own scope.
    const own = ["GET /api/me", "GET /api/units", "GET /api/dialogues"];
    const doc = (await call("GET", "/api/openapi.json", { token: null })).body;
    const described = Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const asDescribed = (path: string) =>
      path.split("?")[0]!.replace(/\/\d+\/topics\/\d+$/, "/{id}/topics/{topicId}").replace(/\/quotas\/[^/]+$/, "/quotas/{branch}").replace(/\/\d+/, "/{id}");
    expect([...scoped.map(([m, p]) => `${m} ${asDescribed(p)}`), ...own].sort()).toEqual(described.sort());

    const neighbour = await neighbourWard();
    for (const [method, path, body] of scoped) {
      const res = await call(method, path, { token: neighbour, body });
      expect({ route: `${method} ${path}`, status: res.status, error: res.body.error }).toEqual({ route: `${method} ${path}`, status: 403, error: "out_of_scope" });
      expect((await call(method, path, { token: null, body })).status).toBe(401);
    }
    expect(await database.prisma.auditLog.count()).toBe(0);
    expect((await database.prisma.proposal.findFirstOrThrow()).status).toBe("RECEIVED");
    expect((await call("GET", "/api/dialogues", { token: neighbour })).body).toEqual([]);

    const town = await tokenFor("STAFF", "TH-BS");
    expect((await call("GET", d, { token: town })).status).toBe(200);
    expect((await call("GET", "/api/units", { token: town })).body.map((u: { code: string }) => u.code)).toContain("TH-BS-BS-KP1");
    expect((await call("GET", "/api/units")).body.map((u: { code: string }) => u.code)).not.toContain("TH-BS-BS-KP1");
    expect(await call("GET", "/api/dialogues/999")).toMatchObject({ status: 404, body: { error: "dialogue_not_found" } });
    expect((await call("PATCH", "/api/proposals/999", { body: { status: "FORWARDED", agency: "Phòng LĐTBXH" } })).status).toBe(404);
    expect((await call("GET", "/api/dialogues/abc")).status).toBe(400);
  });

  it("says which fields are wrong (400), refuses oversize bodies (413) and broken JSON (400)", async () => {
    const bad = await call("POST", "/api/dialogues", { body: { hostUnit: "TH-BS-PS", title: "x", startsAt: "tomorrow", format: "ZOOM", topics: [] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe("invalid_request");
    const fields = bad.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(["title", "theme", "startsAt", "venue", "format", "codePrefix", "topics"]));
    expect((await call("PATCH", `/api/dialogues/${dialogueId}`, { body: { venue: 42 } })).body.details).toEqual([{ field: "venue", message: expect.any(String) }]);
    expect((await call("PATCH", `/api/dialogues/${dialogueId}`, { body: { title: "Đối thoại", extra: true } })).status).toBe(400);
    expect((await call("PUT", `/api/dialogues/${dialogueId}/quotas/TH-BS-PS-KP1`, { body: { seats: "many" } })).status).toBe(400);
    expect(await call("PATCH", `/api/dialogues/${dialogueId}`, { body: { title: "a".repeat(200_000) } })).toMatchObject({ status: 413, body: { error: "payload_too_large" } });
    expect(await call("PATCH", `/api/dialogues/${dialogueId}`, { raw: "{ not json" })).toMatchObject({ status: 400, body: { error: "invalid_json" } });
    expect((await call("GET", `/api/dialogues/${dialogueId}/proposals?status=LOST&pageSize=1000`)).body.details.map((d: { field: string }) => d.field)).toEqual([
      "status.0",
      "pageSize",
    ]);
    expect(await call("POST", `/api/dialogues/${dialogueId}/publish`)).toMatchObject({ status: 409, body: { error: "dialogue-already-published" } });
  });

  it("sets up a dialogue without touching the database: create, topics, quotas, publish announces it", async () => {
    const youth = new TelegramYouth(telegram, 4001, app.telegramBot);
    await onboard(youth);
    const created = await call("POST", "/api/dialogues", {
      body: {
        hostUnit: "TH-BS-PS",
        title: "Đối thoại về việc làm cho thanh niên",
        theme: "Thanh niên với chuyển đổi số",
        startsAt: "2026-12-20T08:00:00+07:00",
        venue: "Nhà văn hoá khu phố 3",
        format: "IN_PERSON",
        codePrefix: "VL",
        topics: [{ nameVi: "Việc làm", nameEn: "Jobs" }],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: "Đối thoại về việc làm cho thanh niên", publishedAt: null, topics: [{ position: 1, nameVi: "Việc làm" }] });
    expect(created.body.submissionsCloseAt).toBe("2026-12-13T01:00:00.000+00:00");
    const id = created.body.id as number;
    expect((await call("POST", `/api/dialogues/${id}/topics`, { body: { nameVi: "Kỹ năng số" } })).status).toBe(201);
    const quota = await call("PUT", `/api/dialogues/${id}/quotas/TH-BS-PS-KP2`, { body: { seats: 4 } });
    expect(quota.body.quotas).toEqual([{ branch: "TH-BS-PS-KP2", name: "Chi đoàn Khu phố 2", seats: 4 }]);
    expect((await call("PUT", `/api/dialogues/${id}/quotas/TH-BS-PS`, { body: { seats: 4 } })).status).toBe(400);
    expect((await call("POST", `/api/dialogues/${id}/publish`)).body.publishedAt).not.toBeNull();
    expect(await received(telegram, 4001, "Đối thoại về việc làm cho thanh niên")).toContain("Thông báo buổi đối thoại mới");
    const audit = await database.prisma.auditLog.findMany({ orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["dialogue.create", "topic.create", "quota.set", "dialogue.publish"]);
    expect(JSON.parse(audit[2]!.details)).toEqual({ seats: 4 });
  });

  it("lists proposals with filters and pages, phone numbers for admins only", async () => {
    await fileOnTelegram(4101);
    const topic = await database.prisma.topic.findFirstOrThrow({ where: { dialogueId, position: 2 } });
    const list = await call("GET", `/api/dialogues/${dialogueId}/proposals?topic=${topic.id}&branch=TH-BS-PS-KP2&status=RECEIVED`);
    expect(list.body).toMatchObject({ total: 1, page: 1, items: [{ code: "PS-2026-0001", text: PROPOSAL, branchName: "Chi đoàn Khu phố 2", level: "WARD", phone: "0912345678" }] });
    const staff = await tokenFor("STAFF", "TH-BS-PS");
    const seen = await call("GET", `/api/dialogues/${dialogueId}/proposals`, { token: staff });
    expect(seen.body.items[0].phone).toBeUndefined();
    expect(seen.body.items[0].authorName).toBe("Nguyễn Văn An");
    expect((await call("GET", `/api/dialogues/${dialogueId}/proposals?status=ANSWERED`)).body.total).toBe(0);
    expect((await call("GET", `/api/dialogues/${dialogueId}/proposals?branch=TH-BS-PS-KP1`)).body.total).toBe(0);
    expect((await call("GET", `/api/dialogues/${dialogueId}/proposals?from=2026-11-26T00:00:00%2B07:00`)).body.total).toBe(0);
    expect((await call("GET", `/api/dialogues/${dialogueId}/proposals?page=2&pageSize=1`)).body).toMatchObject({ total: 1, items: [] });
  });

  it("triages: the answer and the reason reach the youth in the chat where they filed, in their language", async () => {
    const onTelegram = await fileOnTelegram(4201);
    const onZalo = new ZaloYouth(zalo, "za-4202", app.zaloBot);
    await onboardOnZalo(onZalo);
    await onZalo.send("/language");
    await onZalo.send("2"); // English
    for (const answer of ["1", "2", "1", PROPOSAL]) await onZalo.send(answer);
    expect(onZalo.last()).toContain("2. Send mine anyway"); // the same words as the Telegram youth's
    await onZalo.send("2");
    await onZalo.send("1");
    const [first, second] = await database.prisma.proposal.findMany({ orderBy: { id: "asc" } });

    expect((await call("PATCH", `/api/proposals/${first!.id}`, { body: { status: "FORWARDED" } })).body.error).toBe("triage-needs-agency");
    await call("PATCH", `/api/proposals/${first!.id}`, { body: { status: "FORWARDED", agency: "Phòng Lao động – Thương binh và Xã hội" } });
    expect(await received(telegram, 4201, "đã được chuyển tới Phòng Lao động – Thương binh và Xã hội")).toContain(first!.code);
    const answered = await call("PATCH", `/api/proposals/${first!.id}`, {
      body: { status: "ANSWERED", answer: "Phường sẽ mở lớp kỹ năng số miễn phí vào tối thứ Ba hằng tuần từ tháng 1/2027." },
    });
    expect(answered.body).toMatchObject({ status: "ANSWERED", agency: "Phòng Lao động – Thương binh và Xã hội" });
    expect(await received(telegram, 4201, "đã có trả lời")).toContain("tối thứ Ba hằng tuần");
    await onTelegram.send("/my");
    expect((await onTelegram.tap(first!.code))[0]!.text).toContain("tối thứ Ba hằng tuần");

    await call("PATCH", `/api/proposals/${second!.id}`, { body: { status: "NOT_ADMISSIBLE", reason: "Nội dung thuộc thẩm quyền của cấp tỉnh, đã chuyển Tỉnh đoàn." } });
    expect(await received(zalo, "za-4202", "was not accepted")).toContain("Reason: Nội dung thuộc thẩm quyền của cấp tỉnh");
    expect(await database.prisma.auditLog.count({ where: { action: "proposal.triage" } })).toBe(3);
  });

  it("exports over HTTP, grouped by topic, as a file named for the dialogue and the day; phones for admins only", async () => {
    await fileOnTelegram(4301);
    await fileOnTelegram(4302, `=HYPERLINK("http://x.example","Bấm vào đây") — đề nghị hỗ trợ thanh niên khởi nghiệp`);
    const res = await fetch(`${base}/api/dialogues/${dialogueId}/proposals/export?format=xlsx`, { headers: { authorization: `Bearer ${wardAdmin}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("kien-nghi-PS-2026-11-25.xlsx");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const topicSheet = book.worksheets.find((w) => w.name.startsWith("2."))!;
    const cells = topicSheet.getSheetValues().flat().map(String);
    expect(cells).toContain(PROPOSAL);
    expect(cells).toContain("0912345678");
    expect(cells.some((c) => c.startsWith(`'=HYPERLINK(`))).toBe(true);

    const staff = await tokenFor("STAFF", "TH-BS-PS");
    const csvRes = await fetch(`${base}/api/dialogues/${dialogueId}/proposals/export?format=csv&branch=TH-BS-PS-KP2`, { headers: { authorization: `Bearer ${staff}` } });
    const bytes = Buffer.from(await csvRes.arrayBuffer());
    // The BOM tells Excel the file is UTF-8 (fetch's text() would hide it).
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString("utf8");
    expect(csv).toContain(PROPOSAL);
    expect(csv).not.toContain("0912345678");
    expect((await call("GET", `/api/dialogues/${dialogueId}/proposals/export?format=pdf`)).status).toBe(400);
    expect((await call("GET", `/api/dialogues/${dialogueId}/proposals/export`, { token: await neighbourWard() })).status).toBe(403);
    const conclusion = await call("GET", `/api/dialogues/${dialogueId}/conclusion`);
    expect(conclusion.status).toBe(200);
    expect(conclusion.body).toContain("Đối thoại giữa Chủ tịch UBND phường Phú Sơn");
  });

  it("describes itself in OpenAPI, from the schemas that validate it", async () => {
    const doc = await call("GET", "/api/openapi.json", { token: null });
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe("3.1.0");
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(["/api/dialogues", "/api/dialogues/{id}/proposals/export", "/api/proposals/{id}"]));
    expect(doc.body.paths["/api/dialogues"].post.requestBody.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/DialogueCreate" });
    const create = doc.body.components.schemas.DialogueCreate;
    expect(create.required).toEqual(expect.arrayContaining(["hostUnit", "title", "startsAt", "topics"]));
    expect(create.properties.format.enum).toEqual(["IN_PERSON", "ONLINE", "HYBRID"]);
  });
});
