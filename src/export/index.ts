import type { Db } from "../db/client.js";
import { vietnamIsoDate } from "./cells.js";
import { writeCsv } from "./csv.js";
import { writeJson } from "./json.js";
import { planExport, type ExportQuery } from "./source.js";

export type { ExportQuery } from "./source.js";
export { ExportAbortedError } from "./output.js";
export { renderConclusion } from "./conclusion.js";

export const EXPORT_FORMATS = ["csv", "xlsx", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  json: "application/json; charset=utf-8",
};

/**
 * Writes a dialogue's proposals to `out` and ends it: by topic (in topic order), then by group of
 * similar proposals (most asked first), each group's representative first, then filing order. Rows
 * are read a chunk at a time in short transactions and written as the client takes them, so memory
 * stays flat however many there are. Throws `DomainError("dialogue-unknown")` before writing
 * anything if there is no such dialogue, and `ExportAbortedError` if `out` closes first (the client
 * went away).
 */
export async function writeProposalsExport(
  db: Db,
  q: ExportQuery,
  format: ExportFormat,
  out: NodeJS.WritableStream,
  now = new Date(),
): Promise<void> {
  const plan = await planExport(db, q);
  switch (format) {
    case "csv":
      return writeCsv(db, q, plan, out);
    case "xlsx":
      // ExcelJS takes about 0.6 s of CPU to load: at the first XLSX export, not at every start.
      return (await import("./xlsx.js")).writeXlsx(db, q, plan, out, now);
    case "json":
      return writeJson(db, q, plan, out, now);
  }
}

/** ASCII letters, digits and dashes: Vietnamese letters lose their marks (đ → d). */
export function asciiSlug(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * `kien-nghi-PS-2026-11-25.xlsx`: the dialogue's code prefix (or, without one, the start of its
 * title) and the Vietnam date of the export, in ASCII so every browser and OS keeps it.
 */
export function exportFileName(dialogue: { codePrefix: string; title: string }, format: ExportFormat, now: Date): string {
  const which = asciiSlug(dialogue.codePrefix) || asciiSlug(dialogue.title).slice(0, 40).replace(/-+$/, "") || "doi-thoai";
  return `kien-nghi-${which}-${vietnamIsoDate(now)}.${format}`;
}
