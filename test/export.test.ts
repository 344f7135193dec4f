import { PassThrough } from "node:stream";
import { finished } from "node:stream/promises";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../src/db/client.js";
import type { ProposalFilters } from "../src/domain/proposal-query.js";
import { exportFileName, renderConclusion, writeProposalsExport, type ExportFormat, type ExportQuery } from "../src/export/index.js";
import { planExport, topicProposals } from "../src/export/source.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { registerYouth } from "./support/population.js";

const NOW = new Date("2026-11-25T03:00:00Z"); // 10:00 in Vietnam
const HOUR = 60 * 60 * 1000;
const at = (hours: number) => new Date(NOW.getTime() + hours * HOUR);

/** RFC 4180: fields separated by commas, records by CRLF, quoted fields may hold both and "" for a quote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') (field += '"'), i++;
      else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(field), (field = "");
    else if (c === "\r" && text[i + 1] === "\n") row.push(field), rows.push(row), (row = []), (field = ""), i++;
    else if (c === "\n" || c === "\r") throw new Error(`a bare line break outside quotes at ${i}`);
    else field += c;
  }
  if (field !== "" || row.length) throw new Error("the last record does not end with CRLF");
  return rows;
}

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
    branch: "KP1",
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
} satisfies Record<string, Seeded>;

/** Codes in export order: by topic, then filing time; withdrawn never. */
const ALL_IN_ORDER = [P.earlyAnswered, P.military, P.loan, P.late, P.formula, P.at].map((p) => p.code);

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
    const authors: Record<string, number> = { KP1: kp1a!, KP2: kp2!, KP3: kp3! };
    await db.transaction(async (tx) => {
      tx.run(`UPDATE "Participant" SET "fullName" = ?, "phone" = ? WHERE "id" = ?`, "Nguyễn Thị Hương", "0912345678", kp1a!);
      dialogueId = tx.get<{ id: number }>(`SELECT "id" FROM "Dialogue"`)!.id;
      topicIds = tx.all<{ id: number }>(`SELECT "id" FROM "Topic" WHERE "dialogueId" = ? ORDER BY "position"`, dialogueId).map((r) => r.id);
      branchIds = Object.fromEntries(
        tx.all<{ id: number; code: string }>(`SELECT "id", "code" FROM "Unit" WHERE "level" = 'BRANCH'`).map((r) => [r.code.split("-").at(-1), r.id]),
      );
      // Inserted out of filing order: the export orders by time, not by id.
      for (const p of [P.late, P.formula, P.loan, P.military, P.withdrawn, P.at, P.earlyAnswered] as Seeded[])
        tx.run(
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
    it("has a BOM, CRLF, the topic first, rows by topic then filing time, and no withdrawn proposal", async () => {
      const { header, rows } = await csv(query());
      expect(header).toEqual([
        "Chủ đề",
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
      expect(rows.map((r) => r[1])).toEqual(ALL_IN_ORDER);
      expect(rows.every((r) => r.length === header.length)).toBe(true);
      expect(rows.map((r) => r[0]!.slice(0, 2))).toEqual(["1.", "1.", "2.", "2.", "3.", "3."]);
      expect(rows[2]![0]).toBe("2. Việc làm, khởi nghiệp, lập nghiệp của thanh niên");

      const byCode = new Map(rows.map((r) => [r[1], r]));
      const loan = byCode.get(P.loan.code)!;
      expect(loan.slice(2)).toEqual([
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
      expect(byCode.get(P.earlyAnswered.code)![6]).toBe(P.earlyAnswered.text);
      expect(byCode.get(P.military.code)![11]).toBe("26/11/2026 10:00");
      expect(byCode.get(P.formula.code)![4]).toBe("Tỉnh");
      expect(byCode.get(P.formula.code)![9]).toBe(P.formula.reason);
      expect(byCode.get(P.at.code)![8]).toBe(P.at.agency);
    });

    it("neutralises cells a spreadsheet would run as formulas", async () => {
      const { rows } = await csv(query());
      const byCode = new Map(rows.map((r) => [r[1], r]));
      expect(byCode.get(P.formula.code)![6]).toBe(`'${P.formula.text}`);
      expect(byCode.get(P.at.code)![6]).toBe(`'${P.at.text}`);
    });

    it("applies the filters of the list API", async () => {
      const codes = async (filters: ProposalFilters) => (await csv(query(filters))).rows.map((r) => r[1]);
      expect(await codes({ status: ["RECEIVED"] })).toEqual([P.loan.code, P.late.code]);
      expect(await codes({ branchIds: [branchIds.KP1!] })).toEqual([P.earlyAnswered.code, P.loan.code, P.at.code]);
      expect(await codes({ from: at(1), to: at(4) })).toEqual([P.military.code, P.loan.code, P.formula.code]);
      expect(await codes({ level: ["TOWN"], topicIds: [topicIds[1]!] })).toEqual([P.late.code]);
      expect(await codes({ status: ["WITHDRAWN"] })).toEqual([]);
    });

    it("shows phone numbers only when asked", async () => {
      const without = await csv(query());
      expect(without.header).not.toContain("Số điện thoại");
      expect(without.rows.flat()).not.toContain("0912345678");
      const withPhone = await csv(query({}, true));
      const phone = withPhone.header.indexOf("Số điện thoại");
      expect(phone).toBe(6);
      expect(withPhone.rows.find((r) => r[1] === P.loan.code)![phone]).toBe("0912345678");
    });

    it("labels columns and statuses in English", async () => {
      const { header, rows } = await csv({ ...query(), locale: "en" });
      expect(header.slice(0, 3)).toEqual(["Topic", "Code", "Filed at"]);
      expect(rows[0]![0]).toBe("1. Party and State policy on caring for and developing youth");
      expect(rows.find((r) => r[1] === P.loan.code)![7]).toBe("Received");
    });
  });

  describe("XLSX", () => {
    let workbook: ExcelJS.Workbook;
    beforeAll(async () => {
      workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await exportTo("xlsx", query())) as unknown as ArrayBuffer);
    });

    it("has a summary sheet, then a sheet per topic with a valid name", () => {
      const names = workbook.worksheets.map((s) => s.name);
      expect(names).toEqual([
        "Tổng hợp",
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

    it("counts by topic, level, branch and status on the summary sheet", () => {
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
        ["2. Việc làm, khởi nghiệp, lập nghiệp của thanh niên", 2],
        ["3. Cải cách hành chính, chuyển đổi số, đổi mới sáng tạo", 2],
        ["4. Đề xuất giải pháp hỗ trợ thanh niên khởi nghiệp", 0],
        ["Tổng cộng", 6],
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
        ["Thị xã", 2],
        ["Tỉnh", 1],
        ["Chưa xác định cấp", 0],
        ["Tổng cộng", 6],
      ]);
      expect(after("Theo chi đoàn")).toEqual([
        ["Chi đoàn Khu phố 1", 3],
        ["Chi đoàn Khu phố 2", 2],
        ["Chi đoàn Khu phố 3", 1],
        ["Tổng cộng", 6],
      ]);
      expect(after("Theo trạng thái")).toEqual([
        ["Đã tiếp nhận", 2],
        ["Đã chuyển cơ quan chức năng", 1],
        ["Đã trả lời", 1],
        ["Đã trả lời tại buổi đối thoại", 1],
        ["Không thuộc phạm vi tiếp nhận", 1],
        ["Tổng cộng", 6],
      ]);
    });

    it("lists each topic's proposals in filing order under a bold, frozen header", () => {
      const codes = workbook.worksheets.slice(1).map((sheet) => {
        const header = sheet.getRow(1);
        expect(header.getCell(1).value).toBe("Mã kiến nghị");
        expect(header.getCell(1).font?.bold).toBe(true);
        expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
        expect(sheet.getColumn(6).width).toBeGreaterThan(40);
        const out: unknown[] = [];
        sheet.eachRow((row, n) => n > 1 && out.push(row.getCell(1).value));
        return out;
      });
      expect(codes).toEqual([[P.earlyAnswered.code, P.military.code], [P.loan.code, P.late.code], [P.formula.code, P.at.code], []]);

      const loan = workbook.worksheets[2]!.getRow(2);
      expect(loan.getCell(3).value).toBe("Chi đoàn Khu phố 1");
      expect(loan.getCell(4).value).toBe("Phường");
      expect(loan.getCell(5).value).toBe("Nguyễn Thị Hương");
      expect(loan.getCell(6).value).toBe(P.loan.text);
      expect(loan.getCell(6).alignment?.wrapText).toBe(true);
      expect(loan.getCell(7).value).toBe("Đã tiếp nhận");
      // A date cell showing Vietnam time: 25/11/2026 11:00.
      const filed = loan.getCell(2);
      expect(filed.type).toBe(ExcelJS.ValueType.Date);
      expect((filed.value as Date).toISOString()).toBe("2026-11-25T11:00:00.000Z");
      expect(filed.numFmt).toBe("dd/mm/yyyy hh:mm");
    });

    it("writes text as string cells, never formulas, neutralised", () => {
      const sheet = workbook.worksheets[3]!;
      const formula = sheet.getRow(2).getCell(6);
      expect(formula.type).toBe(ExcelJS.ValueType.String);
      expect(formula.formula).toBeUndefined();
      expect(formula.value).toBe(`'${P.formula.text}`);
      expect(sheet.getRow(3).getCell(6).value).toBe(`'${P.at.text}`);
      expect(sheet.getRow(2).getCell(9).value).toBe(P.formula.reason);
    });
  });

  describe("JSON", () => {
    it("nests the proposals by topic, with their number", async () => {
      const doc = JSON.parse((await exportTo("json", query())).toString("utf8"));
      expect(doc.dialogue).toMatchObject({ id: dialogueId, codePrefix: "PS", title: expect.stringContaining("Phú Sơn") });
      expect(doc.exportedAt).toBe(NOW.toISOString());
      expect(doc.topics.map((t: { position: number; count: number }) => [t.position, t.count])).toEqual([
        [1, 2],
        [2, 2],
        [3, 2],
        [4, 0],
      ]);
      expect(doc.topics.flatMap((t: { proposals: { code: string }[] }) => t.proposals.map((p) => p.code))).toEqual(ALL_IN_ORDER);
      const loan = doc.topics[1].proposals[0];
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
      expect(doc.topics[2].proposals[0].text).toBe(P.formula.text);
    });

    it("carries phone numbers and filters as asked", async () => {
      const doc = JSON.parse((await exportTo("json", query({ status: ["ANSWERED", "ANSWERED_AT_DIALOGUE"] }, true))).toString("utf8"));
      expect(doc.topics.map((t: { count: number }) => t.count)).toEqual([2, 0, 0, 0]);
      expect(doc.topics[0].proposals[0]).toMatchObject({ code: P.earlyAnswered.code, phone: "0912345678", answer: P.earlyAnswered.answer });
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
      expect(html).toContain("Tổng số kiến nghị: 6");
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
  it("pages by filing time and id, so proposals filed at the same instant are each read once", async () => {
    const tdb = await createTestDatabase(NOW);
    try {
      const [author] = await registerYouth(tdb.db, { count: 1, branch: "TH-BS-PS-KP1", channel: "telegram", firstChatId: 1, at: NOW });
      const { dialogueId, topicId } = await tdb.db.transaction(async (tx) => {
        const d = tx.get<{ id: number }>(`SELECT "id" FROM "Dialogue"`)!.id;
        const topic = tx.get<{ id: number }>(`SELECT "id" FROM "Topic" WHERE "dialogueId" = ? AND "position" = 4`, d)!.id;
        for (let i = 1; i <= 5; i++)
          tx.run(
            `INSERT INTO "Proposal" ("code", "dialogueId", "participantId", "topicId", "text", "status", "channel", "createdAt", "updatedAt")
             VALUES (?, ?, ?, ?, 'Cùng một thời điểm gửi kiến nghị', 'RECEIVED', 'zalo', ?, ?)`,
            `PS-C-${i}`,
            d,
            author!,
            topic,
            i === 5 ? at(-1) : NOW,
            NOW,
          );
        return { dialogueId: d, topicId: topic };
      });
      const q: ExportQuery = { dialogueId, filters: {}, withPhone: false, locale: "vi" };
      const read = async (plan: Awaited<ReturnType<typeof planExport>>) => {
        const chunks: string[][] = [];
        for await (const chunk of topicProposals(tdb.db, q, plan, topicId, 2)) chunks.push(chunk.map((p) => p.code));
        return chunks;
      };
      const plan = await planExport(tdb.db, q);
      expect(plan.counts).toEqual([{ topicId, level: null, branchId: expect.any(Number), branchName: "Chi đoàn Khu phố 1", status: "RECEIVED", n: 5 }]);
      expect(await read(plan)).toEqual([["PS-C-5", "PS-C-1"], ["PS-C-2", "PS-C-3"], ["PS-C-4"]]);

      // Filed after the export started: left to the next one. Withdrawn meanwhile: left out.
      await tdb.db.transaction(async (tx) => {
        tx.run(
          `INSERT INTO "Proposal" ("code", "dialogueId", "participantId", "topicId", "text", "status", "channel", "createdAt", "updatedAt")
           VALUES ('PS-C-6', ?, ?, ?, 'Gửi trong lúc đang xuất dữ liệu', 'RECEIVED', 'zalo', ?, ?)`,
          dialogueId,
          author!,
          topicId,
          at(-2),
          at(-2),
        );
        tx.run(`UPDATE "Proposal" SET "status" = 'WITHDRAWN' WHERE "code" = 'PS-C-2'`);
      });
      expect(await read(plan)).toEqual([["PS-C-5", "PS-C-1"], ["PS-C-3"], ["PS-C-4"]]);
    } finally {
      await tdb.close();
    }
  });
});
