import ExcelJS from "exceljs";
import { findUnitByCode } from "../../../src/domain/roles.js";
import { createToken, type StaffRole } from "../../../src/domain/staff-tokens.js";
import { parseCsv } from "../../support/csv.js";
import type { TestDatabase } from "../../support/database.js";

/** A staff token of `role` for `unit` (the ward by default), as `npm run cli -- token create` makes one. */
export function staffToken(database: TestDatabase, role: StaffRole = "ADMIN", unit = "TH-BS-PS"): Promise<string> {
  return database.db.transaction(async (tx) => (await createToken(tx, { name: `${role} ${unit}`, role, unit: (await findUnitByCode(tx, unit))!, now: new Date() })).token);
}

export interface ApiAnswer {
  status: number;
  body: any;
}

/** The office's HTTP API of the app at `base`; `raw` sends a body as it is, `token: null` none. */
export function officeApi(base: string, token: string) {
  return async function call(method: string, path: string, opts: { body?: unknown; raw?: string; token?: string | null } = {}): Promise<ApiAnswer> {
    const bearer = opts.token === undefined ? token : opts.token;
    const hasBody = opts.body !== undefined || opts.raw !== undefined;
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(hasBody ? { "content-type": "application/json" } : {}) },
      body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    });
    const type = res.headers.get("content-type") ?? "";
    return { status: res.status, body: type.includes("json") ? await res.json() : await res.text() };
  };
}

export type OfficeApi = ReturnType<typeof officeApi>;

/** A dialogue's proposals exported in `format`, as bytes. */
export async function exportFile(base: string, token: string, dialogueId: number, format: "csv" | "xlsx" | "json"): Promise<Buffer> {
  const res = await fetch(`${base}/api/dialogues/${dialogueId}/proposals/export?format=${format}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`export ${format} answered ${res.status}: ${await res.text()}`);
  return Buffer.from(await res.arrayBuffer());
}

/** Signs in to the office web page with `token` and returns a page of it, as the browser shows it. */
export async function officeWebPage(base: string, token: string, path: string): Promise<{ status: number; html: string }> {
  const signIn = await fetch(`${base}/admin/sign-in`, { method: "POST", body: new URLSearchParams({ token }), redirect: "manual" });
  const cookie = (signIn.headers.get("set-cookie") ?? "").split(";")[0]!;
  const res = await fetch(`${base}${path}`, { headers: { cookie }, redirect: "manual" });
  return { status: res.status, html: await res.text() };
}

/** Every cell of every sheet of an XLSX file, with its type as ExcelJS reads it back. */
export async function xlsxCells(bytes: Buffer): Promise<ExcelJS.Cell[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const cells: ExcelJS.Cell[] = [];
  for (const sheet of book.worksheets) sheet.eachRow((row) => row.eachCell((cell) => void cells.push(cell)));
  return cells;
}

/** The rows of a CSV export (UTF-8 with a byte order mark), parsed as RFC 4180. */
export function csvRows(bytes: Buffer): string[][] {
  return parseCsv(bytes.toString("utf8").replace(/^\uFEFF/, ""));
}
