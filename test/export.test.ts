import { PassThrough } from "node:stream";
import { finished } from "node:stream/promises";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../src/db/client.js";
import type { ProposalFilters } from "../src/domain/proposal-query.js";
import { exportFileName, renderConclusion, writeProposalsExport, type ExportFormat, type ExportQuery } from "../src/export/index.js";
import { planExport, topicProposals } from "../src/export/source.js";
import { parseCsv } from "./support/csv.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { registerYouth } from "./support/population.js";

const NOW = new Date("2026-11-25T03:00:00Z"); // 10:00 in Vietnam
const HOUR = 60 * 60 * 1000;
const at = (hours: number) => new Date(NOW.getTime() + hours * HOUR);

interface Seeded {
  code: string;
  topic: number;
  branch: string;
  level: string | null;
  status: string;
  hours: number;
  text: string;
  agency?: string;
  reason?: string;
  answer?: string;
}

const P = {
  earlyAnswered: {
    code: "PS-T-0006",
    topic: 1,
    branch: "KP1",
    level: "WARD",
    status: "ANSWERED_AT_DIALOGUE",
    hours: 0.5,
    text: 'Câu hỏi "khó", có dấu phẩy\nvà xuống dòng <script>alert(1)</script> về chính sách cho thanh niên',
    answer: "Phường sẽ tổ chức hội nghị tuyên truyền chính sách vào tháng Mười Hai.",
  },
  loan: {
    code: "PS-T-0001",
    topic: 2,
    branch: "KP1",
    level: "WARD",
    status: "RECEIVED",
    hours: 1,
    text: "Đề nghị hỗ trợ vốn vay ưu đãi cho thanh niên khởi nghiệp ở khu phố, thủ tục đơn giản hơn",
  },
  military: {
    code: "PS-T-0002",
    topic: 1,
    branch: "KP2",
    level: "TOWN",
    status: "ANSWERED",
    hours: 2,
    text: "Thanh niên được hưởng chính sách gì khi hoàn thành nghĩa vụ quân sự và trở về địa phương?",
    answer: "Theo Luật Nghĩa vụ quân sự, thanh niên được hỗ trợ học nghề và giới thiệu việc làm.",
  },
  withdrawn: {
    code: "PS-T-0003",
    topic: 1,
    branch: "KP3",
    level: null,
    status: "WITHDRAWN",
    hours: 3,
    text: "Kiến nghị đã rút, không được xuất hiện trong bất kỳ bản xuất nào",
  },
  formula: {
    code: "PS-T-0004",
    topic: 3,
    branch: "KP3",
    level: "PROVINCE",
    status: "NOT_ADMISSIBLE",
    hours: 3.5,
    text: '=HYPERLINK("http://x","y") bấm vào đây để xem chi tiết kiến nghị',
    reason: "Không thuộc thẩm quyền giải quyết của địa phương",
  },
  at: {
    code: "PS-T-0005",
    topic: 3,
    branch: "KP1",
    level: "WARD",
    status: "FORWARDED",
    hours: 4,
    text: "@admin đề nghị phủ sóng wifi miễn phí tại nhà văn hoá các khu phố",
    agency: "Sở Thông tin và Truyền thông",
  },
  late: {
    code: "PS-T-0007",
    topic: 2,
    branch: "KP2",
    level: "TOWN",
    status: "RECEIVED",
    hours: 5,
    text: "Mong thị xã mở thêm lớp đào tạo kỹ năng số miễn phí cho thanh niên lao động tự do",
  },
  lateAgain: {
    code: "PS-T-0008",
    topic: 2,
    branch: "KP3",
    level: "TOWN",
    status: "RECEIVED",
    hours: 8,
    text: "Đề nghị mở lớp kỹ năng số miễn phí cho thanh niên lao động tự do ở thị xã",
  },
  lateSameAuthor: {
    code: "PS-T-0009",
    topic: 2,
    branch: "KP2",
    level: null,
    status: "RECEIVED",
    hours: 7,
    text: "Xin hỏi lại: khi nào thị xã mở lớp kỹ năng số miễn phí cho thanh niên?",
  },
} satisfies Record<string, Seeded>;

/**
 * Groups of similar proposals and who supported what. Authors: KP1 wrote earlyAnswered, loan and at;
 * KP2 military, late and lateSameAuthor; KP3 formula, lateAgain and the withdrawn one.
 * - policy (topic 1): military, earlyAnswered, withdrawn; supported by S1 twice, by KP2 (also an
 *   author in it) and, on the withdrawn proposal, by S2. Asked by KP2, KP1 and S1: 3.
 * - skills (topic 2): late, lateAgain, lateSameAuthor. Asked by KP2 (twice an author) and KP3: 2.
 * - loan (topic 2) is in no group, supported by S3: asked by 2, as many as skills, whose
 *   representative (late) has the lower id.
 * - wifi (topic 3): at, supported by S1, S2, S3: 4, before formula's group of 1.
 */
const GROUPS = {
  policy: [P.military, P.withdrawn, P.earlyAnswered],
  skills: [P.late, P.lateAgain, P.lateSameAuthor],
  wifi: [P.at],
  formula: [P.formula],
};
const SUPPORTS: [Seeded, string][] = [
  [P.military, "S1"],
  [P.earlyAnswered, "S1"],
  [P.earlyAnswered, "KP2"],
  [P.withdrawn, "S2"],
  [P.loan, "S3"],
  [P.at, "S1"],
  [P.at, "S2"],
  [P.at, "S3"],
];

/**
 * Codes in export order: by topic; groups most asked first (ties: lowest representative id first);
 * in a group its representative (earliest id) first, then filing time; withdrawn never.
 */
const ALL_IN_ORDER = [P.military, P.earlyAnswered, P.late, P.lateSameAuthor, P.lateAgain, P.loan, P.at, P.formula].map((p) => p.code);
/** CSV: topic, group, asked, then the proposal's columns from its code on. */
const CODE = 3;

describe("exports of a dialogue's proposals", () => {
  let tdb: TestDatabase;
  let db: Db;
  let dialogueId: number;
  let topicIds: number[];
  let branchIds: Record<string, number>;

  beforeAll(async () => {
    tdb = await createTestDatabase(NOW);
    db = tdb.db;
    const [kp1a] = await registerYouth(db, { count: 1, branch: "TH-BS-PS-KP1", channel: "telegram", firstChatId: 1, at: NOW });
    const [kp2] = await registerYouth(db, { count: 1, branch: "TH-BS-PS-KP2", channel: "zalo", firstChatId: 2, at: NOW });
    const [kp3] = await registerYouth(db, { count: 1, branch: "TH-BS-PS-KP3", channel: "telegram", firstChatId: 3, at: NOW });
    const [s1, s2, s3] = await registerYouth(db, { count: 3, branch: "TH-BS-PS-KP1", channel: "zalo", firstChatId: 10, at: NOW });
    const authors: Record<string, number> = { KP1: kp1a!, KP2: kp2!, KP3: kp3! };
    const people: Record<string, number> = { ...authors, S1: s1!, S2: s2!, S3: s3! };
    await db.transaction(async (tx) => {
      await tx.run(`UPDATE "Participant" SET "fullName" = ?, "phone" = ? WHERE "id" = ?`, "Nguyễn Thị Hương", "0912345678", kp1a!);
      dialogueId = (await tx.get<{ id: number }>(`SELECT "id" FROM "Dialogue"`))!.id;
      topicIds = (await tx.all<{ id: number }>(`SELECT "id" FROM "Topic" WHERE "dialogueId" = ? ORDER BY "position"`, dialogueId)).map((r) => r.id);
      branchIds = Object.fromEntries(
        (await tx.all<{ id: number; code: string }>(`SELECT "id", "code" FROM "Unit" WHERE "level" = 'BRANCH'`)).map((r) => [r.code.split("-").at(-1), r.id]),
      );
      // Inserted out of filing order: ids 1 (late) … 9 (lateSameAuthor), not the order of filing.
      for (const p of [P.late, P.formula, P.loan, P.military, P.withdrawn, P.at, P.earlyAnswered, P.lateAgain, P.lateSameAuthor] as Seeded[])
        await tx.run(
          `INSERT INTO "Proposal" ("code", "dialogueId", "participantId", "topicId", "level", "text", "status", "channel",
             "agency", "statusReason", "answer", "answeredAt", "createdAt", "updatedAt")
           VALUES (?, ?, ?, ?, ?, ?, ?, 'telegram', ?, ?, ?, ?, ?, ?)`,
          p.code,
          dialogueId,
          authors[p.branch]!,
          topicIds[p.topic - 1]!,
          p.level,
          p.text,
          p.status,
          p.agency ?? null,
          p.reason ?? null,
          p.answer ?? null,
          p.answer ? at(24) : null,
          at(p.hours),
          at(p.hours),
        );
      for (const members of Object.values(GROUPS) as Seeded[][]) {
        const group = (await tx.get<{ id: number }>(
          `INSERT INTO "ProposalGroup" ("dialogueId", "topicId", "createdAt", "updatedAt") VALUES (?, ?, ?, ?) RETURNING "id"`,
          dialogueId,
          topicIds[members[0]!.topic - 1]!,
          NOW,
          NOW,
        ))!.id;
        for (const p of members) await tx.run(`UPDATE "Proposal" SET "groupId" = ? WHERE "code" = ?`, group, p.code);
      }
      for (const [p, who] of SUPPORTS)
        await tx.run(
          `INSERT INTO "ProposalSupport" ("proposalId", "participantId", "channel", "createdAt")
           SELECT "id", ?, 'zalo', ? FROM "Proposal" WHERE "code" = ?`,
          people[who]!,
          NOW,
          p.code,
        );
    });
  });
  afterAll(() => tdb.close());

  const query = (filters: ProposalFilters = {}, withPhone = false): ExportQuery => ({ dialogueId, filters, withPhone, locale: "vi" });

  async function exportTo(format: ExportFormat, q: ExportQuery): Promise<Buffer> {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (c: Buffer) => chunks.push(c));
    const done = finished(out);
    await writeProposalsExport(db, q, format, out, NOW);
    await done;
    return Buffer.concat(chunks);
  }

  async function csv(q: ExportQuery) {
    const buffer = await exportTo("csv", q);
    expect([...buffer.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(buffer.toString("utf8").slice(1));
    return { header: header!, rows };
  }

  describe("CSV", () => {
    it("has a BOM, CRLF, the topic and the group first, rows by topic then group, and no withdrawn proposal", async () => {
      const { header, rows } = await csv(query());
      expect(header).toEqual([
        "Chủ đề",
        "Nhóm",
        "Số người hỏi",
        "Mã kiến nghị",
        "Thời gian gửi",
        "Chi đoàn",
        "Gửi tới cấp",
        "Họ và tên",
        "Nội dung",
        "Trạng thái",
        "Cơ quan xử lý",
        "Lý do không tiếp nhận",
        "Trả lời",
        "Thời gian trả lời",
      ]);
      expect(rows.map((r) => r[CODE])).toEqual(ALL_IN_ORDER);
      expect(rows.every((r) => r.length === header.length)).toBe(true);
      expect(rows.map((r) => r[0]!.slice(0, 2))).toEqual(["1.", "1.", "2.", "2.", "2.", "2.", "3.", "3."]);
      expect(rows[2]![0]).toBe("2. Việc làm, khởi nghiệp, lập nghiệp của thanh niên");

      const byCode = new Map(rows.map((r) => [r[CODE], r]));
      const loan = byCode.get(P.loan.code)!;
      expect(loan.slice(1)).toEqual([
        "2",
        "2",
        P.loan.code,
        "25/11/2026 11:00",
        "Chi đoàn Khu phố 1",
        "Phường",
        "Nguyễn Thị Hương",
        P.loan.text,
        "Đã tiếp nhận",
        "",
        "",
        "",
        "",
      ]);
      // Quotes, commas and a line break survive the quoting.
      expect(byCode.get(P.earlyAnswered.code)![CODE + 5]).toBe(P.earlyAnswered.text);
      expect(byCode.get(P.military.code)![CODE + 10]).toBe("26/11/2026 10:00");
      expect(byCode.get(P.formula.code)![CODE + 3]).toBe("Tỉnh");
      expect(byCode.get(P.formula.code)![CODE + 8]).toBe(P.formula.reason);
      expect(byCode.get(P.at.code)![CODE + 7]).toBe(P.at.agency);
    });

    it("puts a group's proposals together, most asked group first, its representative first", async () => {
      const { rows } = await csv(query());
      // Topic, group, asked, code. The representative (lowest id) leads though filed later (military);
      // the others follow in filing order, not id order (lateSameAuthor was filed before lateAgain).
      expect(rows.map((r) => [r[0]!.slice(0, 1), r[1], r[2], r[CODE]])).toEqual([
        ["1", "1", "3", P.military.code],
        ["1", "1", "3", P.earlyAnswered.code],
        ["2", "1", "2", P.late.code],
        ["2", "1", "2", P.lateSameAuthor.code],
        ["2", "1", "2", P.lateAgain.code],
        ["2", "2", "2", P.loan.code],
        ["3", "1", "4", P.at.code],
        ["3", "2", "1", P.formula.code],
      ]);
    });

    it("counts the distinct people asking a group: authors and supporters once each, withdrawn proposals not", async () => {
      const asked = new Map((await csv(query())).rows.map((r) => [r[CODE], Number(r[2])]));
      // Policy: KP2 (author, and a supporter of another member), KP1 (author), S1 (supported two members).
      // Not KP3 nor S2: the author and the supporter of the withdrawn member.
      expect(asked.get(P.military.code)).toBe(3);
      // Skills: KP2 wrote two of its proposals, KP3 one.
      expect(asked.get(P.late.code)).toBe(2);
      // A proposal in no group: its author and its supporter.
      expect(asked.get(P.loan.code)).toBe(2);
      expect(asked.get(P.at.code)).toBe(4);
      expect(asked.get(P.formula.code)).toBe(1);
    });

    it("neutralises cells a spreadsheet would run as formulas", async () => {
      const { rows } = await csv(query());
      const byCode = new Map(rows.map((r) => [r[CODE], r]));
      expect(byCode.get(P.formula.code)![CODE + 5]).toBe(`'${P.formula.text}`);
      expect(byCode.get(P.at.code)![CODE + 5]).toBe(`'${P.at.text}`);
    });

    it("applies the filters of the list API to the proposals listed, never to what a group counts", async () => {
      const codes = async (filters: ProposalFilters) => (await csv(query(filters))).rows.map((r) => r[CODE]);
      expect(await codes({ status: ["RECEIVED"] })).toEqual([P.late.code, P.lateSameAuthor.code, P.lateAgain.code, P.loan.code]);
      expect(await codes({ from: at(1), to: at(4) })).toEqual([P.military.code, P.loan.code, P.formula.code]);
      expect(await codes({ level: ["TOWN"], topicIds: [topicIds[1]!] })).toEqual([P.late.code, P.lateAgain.code]);
      expect(await codes({ status: ["WITHDRAWN"] })).toEqual([]);
      // The policy group's representative is in another branch: the group still shows, with its whole count.
      // No proposal of the skills group is from KP1: it is left out, and loan's group numbered 1.
      const kp1 = (await csv(query({ branchIds: [branchIds.KP1!] }))).rows;
      expect(kp1.map((r) => [r[CODE], r[1], r[2]])).toEqual([
        [P.earlyAnswered.code, "1", "3"],
        [P.loan.code, "1", "2"],
        [P.at.code, "1", "4"],
      ]);
    });

    it("shows phone numbers only when asked", async () => {
      const without = await csv(query());
      expect(without.header).not.toContain("Số điện thoại");
      expect(without.rows.flat()).not.toContain("0912345678");
      const withPhone = await csv(query({}, true));
      const phone = withPhone.header.indexOf("Số điện thoại");
      expect(phone).toBe(CODE + 5);
      expect(withPhone.rows.find((r) => r[CODE] === P.loan.code)![phone]).toBe("0912345678");
    });

    it("labels columns and statuses in English", async () => {
      const { header, rows } = await csv({ ...query(), locale: "en" });
      expect(header.slice(0, 5)).toEqual(["Topic", "Group", "People asking", "Code", "Filed at"]);
      expect(rows[0]![0]).toBe("1. Party and State policy on caring for and developing youth");
      expect(rows.find((r) => r[CODE] === P.loan.code)![CODE + 6]).toBe("Received");
    });
  });

  describe("XLSX", () => {
    let workbook: ExcelJS.Workbook;
    beforeAll(async () => {
      workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await exportTo("xlsx", query())) as unknown as ArrayBuffer);
    });
    const values = (sheet: ExcelJS.Worksheet) => {
      const rows: unknown[][] = [];
      sheet.eachRow((row, n) => n > 1 && rows.push((row.values as unknown[]).slice(1)));
      return rows;
    };

    it("has a summary sheet, the questions, then a sheet per topic with a valid name", () => {
      const names = workbook.worksheets.map((s) => s.name);
      expect(names).toEqual([
        "Tổng hợp",
        "Câu hỏi",
        "1. Thông tin chủ trương, chính…",
        "2. Việc làm, khởi nghiệp, lập…",
        "3. Cải cách hành chính, chuyển…",
        "4. Đề xuất giải pháp hỗ trợ th…",
      ]);
      for (const name of names) {
        expect([...name].length).toBeLessThanOrEqual(31);
        expect(name).not.toMatch(/[[\]:*?/\\]/);
      }
    });

    it("counts proposals by topic, level, branch and status on the summary sheet", () => {
      const sheet = workbook.worksheets[0]!;
      const rows: unknown[][] = [];
      sheet.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)));
      expect(rows[0]![0]).toBe("Đối thoại giữa Chủ tịch UBND phường Phú Sơn với thanh niên năm 2023");
      const after = (title: string) => {
        const start = rows.findIndex((r) => r[0] === title);
        expect(start).toBeGreaterThan(0);
        const table: unknown[][] = [];
        for (let i = start + 2; rows[i]?.length; i++) table.push(rows[i]!);
        return table;
      };
      const byTopic = after("Theo chủ đề");
      expect(byTopic.map((r) => r.slice(0, 2))).toEqual([
        ["1. Thông tin chủ trương, chính sách của Đảng, Nhà nước về chăm lo, phát triển thanh niên", 2],
        ["2. Việc làm, khởi nghiệp, lập nghiệp của thanh niên", 4],
        ["3. Cải cách hành chính, chuyển đổi số, đổi mới sáng tạo", 2],
        ["4. Đề xuất giải pháp hỗ trợ thanh niên khởi nghiệp", 0],
        ["Tổng cộng", 8],
      ]);
      expect(rows[rows.findIndex((r) => r[0] === "Theo chủ đề") + 1]).toEqual([
        "Chủ đề",
        "Số kiến nghị",
        "Đã tiếp nhận",
        "Đã chuyển cơ quan chức năng",
        "Đã trả lời",
        "Đã trả lời tại buổi đối thoại",
        "Không thuộc phạm vi tiếp nhận",
      ]);
      expect(byTopic[0]).toEqual([byTopic[0]![0], 2, 0, 0, 1, 1, 0]);
      expect(after("Theo cấp")).toEqual([
        ["Phường", 3],
        ["Thị xã", 3],
        ["Tỉnh", 1],
        ["Chưa xác định cấp", 1],
        ["Tổng cộng", 8],
      ]);
      expect(after("Theo chi đoàn")).toEqual([
        ["Chi đoàn Khu phố 1", 3],
        ["Chi đoàn Khu phố 2", 3],
        ["Chi đoàn Khu phố 3", 2],
        ["Tổng cộng", 8],
      ]);
      expect(after("Theo trạng thái")).toEqual([
        ["Đã tiếp nhận", 4],
        ["Đã chuyển cơ quan chức năng", 1],
        ["Đã trả lời", 1],
        ["Đã trả lời tại buổi đối thoại", 1],
        ["Không thuộc phạm vi tiếp nhận", 1],
        ["Tổng cộng", 8],
      ]);
    });

    it("lists each group once on the questions sheet, told by its representative, with its count and its members", () => {
      const sheet = workbook.worksheets[1]!;
      const header = sheet.getRow(1);
      expect((header.values as unknown[]).slice(1)).toEqual([
        "Chủ đề",
        "Nhóm",
        "Số người hỏi",
        "Số kiến nghị",
        "Mã kiến nghị",
        "Nội dung",
        "Các kiến nghị cùng nhóm",
        "Trạng thái",
        "Cơ quan xử lý",
        "Trả lời",
      ]);
      expect(header.getCell(1).font?.bold).toBe(true);
      expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
      const rows = values(sheet);
      const t1 = "1. Thông tin chủ trương, chính sách của Đảng, Nhà nước về chăm lo, phát triển thanh niên";
      const t2 = "2. Việc làm, khởi nghiệp, lập nghiệp của thanh niên";
      const t3 = "3. Cải cách hành chính, chuyển đổi số, đổi mới sáng tạo";
      expect(rows.map((r) => r.slice(0, 5).concat(r[6]))).toEqual([
        [t1, 1, 3, 2, P.military.code, P.earlyAnswered.code],
        [t2, 1, 2, 3, P.late.code, `${P.lateSameAuthor.code}, ${P.lateAgain.code}`],
        [t2, 2, 2, 1, P.loan.code, undefined],
        [t3, 1, 4, 1, P.at.code, undefined],
        [t3, 2, 1, 1, P.formula.code, undefined],
      ]);
      // The representative's text, status and answer; texts neutralised like everywhere.
      expect(rows[0]!.slice(5)).toEqual([P.military.text, P.earlyAnswered.code, "Đã trả lời", undefined, P.military.answer]);
      expect(rows[3]![5]).toBe(`'${P.at.text}`);
      expect(rows[3]![8]).toBe(P.at.agency);
      expect(sheet.getRow(5).getCell(6).type).toBe(ExcelJS.ValueType.String);
      expect(sheet.getRow(2).getCell(6).alignment?.wrapText).toBe(true);
    });

    it("shows a group's question by its representative even when the filters leave that one out", async () => {
      const filtered = new ExcelJS.Workbook();
      await filtered.xlsx.load((await exportTo("xlsx", query({ branchIds: [branchIds.KP1!] }))) as unknown as ArrayBuffer);
      const rows = values(filtered.worksheets[1]!);
      // Policy: asked by 3, one proposal listed (earlyAnswered, KP1), told by military (KP2), its representative.
      expect(rows.map((r) => [r[1], r[2], r[3], r[4], r[6]])).toEqual([
        [1, 3, 1, P.military.code, P.earlyAnswered.code],
        [1, 2, 1, P.loan.code, undefined],
        [1, 4, 1, P.at.code, undefined],
      ]);
    });

    it("lists each topic's proposals group by group under a bold, frozen header", () => {
      const sheets = workbook.worksheets.slice(2);
      const rows = sheets.map((sheet) => {
        const header = sheet.getRow(1);
        expect((header.values as unknown[]).slice(1, 5)).toEqual(["Nhóm", "Số người hỏi", "Mã kiến nghị", "Thời gian gửi"]);
        expect(header.getCell(1).font?.bold).toBe(true);
        expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
        expect(sheet.getColumn(8).width).toBeGreaterThan(40);
        return values(sheet).map((r) => r.slice(0, 3));
      });
      expect(rows).toEqual([
        [
          [1, 3, P.military.code],
          [1, 3, P.earlyAnswered.code],
        ],
        [
          [1, 2, P.late.code],
          [1, 2, P.lateSameAuthor.code],
          [1, 2, P.lateAgain.code],
          [2, 2, P.loan.code],
        ],
        [
          [1, 4, P.at.code],
          [2, 1, P.formula.code],
        ],
        [],
      ]);

      const loan = sheets[1]!.getRow(5);
      expect(loan.getCell(3).value).toBe(P.loan.code);
      expect(loan.getCell(5).value).toBe("Chi đoàn Khu phố 1");
      expect(loan.getCell(6).value).toBe("Phường");
      expect(loan.getCell(7).value).toBe("Nguyễn Thị Hương");
      expect(loan.getCell(8).value).toBe(P.loan.text);
      expect(loan.getCell(8).alignment?.wrapText).toBe(true);
      expect(loan.getCell(9).value).toBe("Đã tiếp nhận");
      // A date cell showing Vietnam time: 25/11/2026 11:00.
      const filed = loan.getCell(4);
      expect(filed.type).toBe(ExcelJS.ValueType.Date);
      expect((filed.value as Date).toISOString()).toBe("2026-11-25T11:00:00.000Z");
      expect(filed.numFmt).toBe("dd/mm/yyyy hh:mm");
      expect(loan.getCell(1).type).toBe(ExcelJS.ValueType.Number);
    });

    it("writes text as string cells, never formulas, neutralised", () => {
      const sheet = workbook.worksheets[4]!;
      const formula = sheet.getRow(3).getCell(8);
      expect(formula.type).toBe(ExcelJS.ValueType.String);
      expect(formula.formula).toBeUndefined();
      expect(formula.value).toBe(`'${P.formula.text}`);
      expect(sheet.getRow(2).getCell(8).value).toBe(`'${P.at.text}`);
      expect(sheet.getRow(3).getCell(11).value).toBe(P.formula.reason);
    });
  });

  describe("JSON", () => {
    it("nests the proposals by topic and group, with their numbers", async () => {
      const doc = JSON.parse((await exportTo("json", query())).toString("utf8"));
      expect(doc.dialogue).toMatchObject({ id: dialogueId, codePrefix: "PS", title: expect.stringContaining("Phú Sơn") });
      expect(doc.exportedAt).toBe(NOW.toISOString());
      type Group = { number: number; asked: number; proposals: { code: string; text: string }[] };
      type Topic = { position: number; count: number; groups: Group[] };
      const topics = doc.topics as Topic[];
      expect(topics.map((t) => [t.position, t.count])).toEqual([
        [1, 2],
        [2, 4],
        [3, 2],
        [4, 0],
      ]);
      expect(topics.map((t) => t.groups.map((g) => [g.number, g.asked, g.proposals.map((p) => p.code)]))).toEqual([
        [[1, 3, [P.military.code, P.earlyAnswered.code]]],
        [
          [1, 2, [P.late.code, P.lateSameAuthor.code, P.lateAgain.code]],
          [2, 2, [P.loan.code]],
        ],
        [
          [1, 4, [P.at.code]],
          [2, 1, [P.formula.code]],
        ],
        [],
      ]);
      const loan = topics[1]!.groups[1]!.proposals[0];
      expect(loan).toEqual({
        id: expect.any(Number),
        code: P.loan.code,
        createdAt: at(1).toISOString(),
        branch: "Chi đoàn Khu phố 1",
        level: "WARD",
        authorName: "Nguyễn Thị Hương",
        text: P.loan.text,
        status: "RECEIVED",
        agency: null,
        statusReason: null,
        answer: null,
        answeredAt: null,
      });
      // Machine-readable: text as it is, not neutralised.
      expect(topics[2]!.groups[1]!.proposals[0]!.text).toBe(P.formula.text);
    });

    it("carries phone numbers and filters as asked", async () => {
      const doc = JSON.parse((await exportTo("json", query({ status: ["ANSWERED", "ANSWERED_AT_DIALOGUE"] }, true))).toString("utf8"));
      expect(doc.topics.map((t: { count: number }) => t.count)).toEqual([2, 0, 0, 0]);
      expect(doc.topics[1].groups).toEqual([]);
      expect(doc.topics[0].groups[0].proposals[1]).toMatchObject({ code: P.earlyAnswered.code, phone: "0912345678", answer: P.earlyAnswered.answer });
    });
  });

  it("refuses an unknown dialogue before writing anything", async () => {
    const out = new PassThrough();
    await expect(writeProposalsExport(db, { ...query(), dialogueId: 999 }, "csv", out)).rejects.toMatchObject({ code: "dialogue-unknown" });
    expect(out.writableLength).toBe(0);
  });

  describe("conclusion page", () => {
    it("shows per topic the counts and the answered proposals with their answers, escaped", async () => {
      const html = await renderConclusion(db, dialogueId, "vi", NOW);
      expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
      expect(html).toContain('<meta charset="utf-8">');
      expect(html).toContain("<h1>Đối thoại giữa Chủ tịch UBND phường Phú Sơn với thanh niên năm 2023</h1>");
      expect(html).toContain("Hội trường UBND phường Phú Sơn");
      expect(html).toContain("Tổng số kiến nghị: 8");
      expect(html).toContain(P.military.answer);
      expect(html).toContain(P.earlyAnswered.answer);
      expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
      expect(html).not.toContain("<script>");
      expect(html).toContain("Câu hỏi &quot;khó&quot;");
      // Unanswered and withdrawn proposals are counted or left out, not quoted.
      expect(html).not.toContain(P.loan.text);
      expect(html).not.toContain(P.withdrawn.text);
      expect(html).not.toContain("Nguyễn Thị Hương");
      const topic1 = html.slice(html.indexOf("<h2>1. "), html.indexOf("<h2>2. "));
      expect(topic1).toContain("<td>2</td><td>0</td><td>0</td><td>1</td><td>1</td><td>0</td>");
      expect(topic1.indexOf(P.earlyAnswered.answer)).toBeLessThan(topic1.indexOf(P.military.answer));
      const topic4 = html.slice(html.indexOf("<h2>4. "));
      expect(topic4).toContain("Chưa có kiến nghị nào thuộc chủ đề này được trả lời.");
    });
  });
});

describe("export file names", () => {
  it("carry the dialogue and the Vietnam date, in ASCII", () => {
    const late = new Date("2026-11-24T18:30:00Z"); // 01:30 on the 25th in Vietnam
    expect(exportFileName({ codePrefix: "PS", title: "Đối thoại" }, "xlsx", late)).toBe("kien-nghi-PS-2026-11-25.xlsx");
    expect(exportFileName({ codePrefix: "", title: "Đối thoại Phường Đông Sơn" }, "csv", late)).toBe(
      "kien-nghi-Doi-thoai-Phuong-Dong-Son-2026-11-25.csv",
    );
  });
});

describe("reading in chunks", () => {
  it("reads a topic in the planned order, a chunk at a time: proposals filed since are left out, and withdrawn ones", async () => {
    const tdb = await createTestDatabase(NOW);
    try {
      const authors = await registerYouth(tdb.db, { count: 3, branch: "TH-BS-PS-KP1", channel: "telegram", firstChatId: 1, at: NOW });
      const { dialogueId, topicId } = await tdb.db.transaction(async (tx) => {
        const d = (await tx.get<{ id: number }>(`SELECT "id" FROM "Dialogue"`))!.id;
        const topic = (await tx.get<{ id: number }>(`SELECT "id" FROM "Topic" WHERE "dialogueId" = ? AND "position" = 4`, d))!.id;
        for (let i = 1; i <= 5; i++)
          await tx.run(
            `INSERT INTO "Proposal" ("code", "dialogueId", "participantId", "topicId", "text", "status", "channel", "createdAt", "updatedAt")
             VALUES (?, ?, ?, ?, 'Cùng một thời điểm gửi kiến nghị', 'RECEIVED', 'zalo', ?, ?)`,
            `PS-C-${i}`,
            d,
            authors[0]!,
            topic,
            i === 5 ? at(-1) : NOW,
            NOW,
          );
        // PS-C-3 and PS-C-5 ask the same, by two people: that group comes first, PS-C-3 (the lower id) leading it.
        const group = (await tx.get<{ id: number }>(
          `INSERT INTO "ProposalGroup" ("dialogueId", "topicId", "createdAt", "updatedAt") VALUES (?, ?, ?, ?) RETURNING "id"`,
          d,
          topic,
          NOW,
          NOW,
        ))!.id;
        await tx.run(`UPDATE "Proposal" SET "groupId" = ? WHERE "code" IN ('PS-C-3', 'PS-C-5')`, group);
        await tx.run(
          `INSERT INTO "ProposalSupport" ("proposalId", "participantId", "channel", "createdAt") SELECT "id", ?, 'zalo', ? FROM "Proposal" WHERE "code" = 'PS-C-5'`,
          authors[1]!,
          NOW,
        );
        return { dialogueId: d, topicId: topic };
      });
      const q: ExportQuery = { dialogueId, filters: {}, withPhone: false, locale: "vi" };
      const read = async (plan: Awaited<ReturnType<typeof planExport>>) => {
        const chunks: string[][] = [];
        for await (const chunk of topicProposals(tdb.db, q, plan, topicId, 2)) chunks.push(chunk.map((p) => `${p.group}:${p.code}`));
        return chunks;
      };
      const plan = await planExport(tdb.db, q);
      expect(plan.counts).toEqual([{ topicId, level: null, branchId: expect.any(Number), branchName: "Chi đoàn Khu phố 1", status: "RECEIVED", n: 5 }]);
      expect(await read(plan)).toEqual([["1:PS-C-3", "1:PS-C-5"], ["2:PS-C-1", "3:PS-C-2"], ["4:PS-C-4"]]);

      // Filed after the export started: left to the next one. Withdrawn meanwhile: left out.
      await tdb.db.transaction(async (tx) => {
        await tx.run(
          `INSERT INTO "Proposal" ("code", "dialogueId", "participantId", "topicId", "text", "status", "channel", "createdAt", "updatedAt")
           VALUES ('PS-C-6', ?, ?, ?, 'Gửi trong lúc đang xuất dữ liệu', 'RECEIVED', 'zalo', ?, ?)`,
          dialogueId,
          authors[2]!,
          topicId,
          at(-2),
          at(-2),
        );
        await tx.run(`UPDATE "Proposal" SET "status" = 'WITHDRAWN' WHERE "code" = 'PS-C-2'`);
      });
      expect(await read(plan)).toEqual([["1:PS-C-3", "1:PS-C-5"], ["2:PS-C-1"], ["4:PS-C-4"]]);
    } finally {
      await tdb.close();
    }
  });
});

describe("a very large group", () => {
  it("lists as many of its codes as an Excel cell holds, then how many more", async () => {
    const tdb = await createTestDatabase(NOW);
    try {
      const [author] = await registerYouth(tdb.db, { count: 1, branch: "TH-BS-PS-KP1", channel: "telegram", firstChatId: 1, at: NOW });
      const MEMBERS = 2500;
      const dialogueId = await tdb.db.transaction(async (tx) => {
        const d = (await tx.get<{ id: number }>(`SELECT "id" FROM "Dialogue"`))!.id;
        const topic = (await tx.get<{ id: number }>(`SELECT "id" FROM "Topic" WHERE "dialogueId" = ? AND "position" = 1`, d))!.id;
        const group = (await tx.get<{ id: number }>(
          `INSERT INTO "ProposalGroup" ("dialogueId", "topicId", "createdAt", "updatedAt") VALUES (?, ?, ?, ?) RETURNING "id"`,
          d,
          topic,
          NOW,
          NOW,
        ))!.id;
        for (let i = 1; i <= MEMBERS; i++)
          await tx.run(
            `INSERT INTO "Proposal" ("code", "dialogueId", "participantId", "topicId", "groupId", "text", "status", "channel", "createdAt", "updatedAt")
             VALUES (?, ?, ?, ?, ?, 'Đề nghị mở thêm sân bóng cho thanh niên', 'RECEIVED', 'zalo', ?, ?)`,
            `PS-2026-${String(i).padStart(6, "0")}`,
            d,
            author!,
            topic,
            group,
            at(i / 60),
            at(i / 60),
          );
        return d;
      });
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on("data", (c: Buffer) => chunks.push(c));
      const done = finished(out);
      await writeProposalsExport(tdb.db, { dialogueId, filters: {}, withPhone: false, locale: "vi" }, "xlsx", out, NOW);
      await done;
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
      const row = workbook.worksheets[1]!.getRow(2);
      expect(row.getCell(3).value).toBe(1);
      expect(row.getCell(4).value).toBe(MEMBERS);
      const cell = String(row.getCell(7).value);
      expect(cell.length).toBeLessThanOrEqual(32767);
      const [, listed, more] = /^(.*), và (\d+) kiến nghị khác$/.exec(cell)!;
      const codes = listed!.split(", ");
      expect(codes[0]).toBe("PS-2026-000002");
      expect(codes.length + Number(more)).toBe(MEMBERS - 1);
      expect(codes.length).toBeGreaterThan(2000);
    } finally {
      await tdb.close();
    }
  });
});
