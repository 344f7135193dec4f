import ExcelJS from "exceljs";
import type { Db } from "../db/client.js";
import { t } from "../i18n/i18n.js";
import {
  cellText,
  columnLabel,
  i18n,
  Labels,
  optionalCellText,
  proposalCell,
  proposalColumns,
  vietnamDateTime,
  vietnamWallClock,
  type GroupColumn,
  type ProposalColumn,
} from "./cells.js";
import { drained } from "./output.js";
import { topicGroups, topicProposals, type ExportPlan, type ExportQuery, type ListedGroup, type ListedProposal } from "./source.js";
import { summarise, type Summary } from "./summary.js";

type Worksheet = ExcelJS.Worksheet;
type Style = Partial<ExcelJS.Style>;

// Shared style objects: ExcelJS resolves a style once per object, not once per cell.
const HEADER: Style = { font: { bold: true }, alignment: { vertical: "top", wrapText: true } };
const TITLE: Style = { font: { bold: true, size: 14 } };
const SECTION: Style = { font: { bold: true, size: 12 } };
const WRAP: Style = { alignment: { vertical: "top", wrapText: true } };
const TOP: Style = { alignment: { vertical: "top" } };
const DATE: Style = { numFmt: "dd/mm/yyyy hh:mm", alignment: { vertical: "top", horizontal: "left" } };
const BOLD: Style = { font: { bold: true } };

const WIDTHS: Record<ProposalColumn, number> = {
  code: 15,
  "filed-at": 16,
  branch: 22,
  level: 10,
  author: 24,
  phone: 13,
  text: 70,
  status: 22,
  agency: 24,
  reason: 30,
  answer: 60,
  "answered-at": 16,
};
const WRAPPED = new Set<ProposalColumn>(["branch", "author", "text", "status", "agency", "reason", "answer"]);

/** The Questions sheet: a group a row, told by its representative. */
const QUESTION_COLUMNS = ["topic", "group", "asked", "members", "code", "text", "same-group", "status", "agency", "answer"] as const;
type QuestionColumn = (typeof QUESTION_COLUMNS)[number];
const QUESTION_WIDTHS: Record<QuestionColumn, number> = {
  topic: 30,
  group: 7,
  asked: 10,
  members: 10,
  code: 15,
  text: 70,
  "same-group": 32,
  status: 22,
  agency: 24,
  answer: 60,
};
const QUESTION_WRAPPED = new Set<QuestionColumn>(["topic", "text", "same-group", "status", "agency", "answer"]);
/** The group's number and how many people ask it, before a proposal's columns on a topic's sheet. */
const GROUP_COLUMNS = ["group", "asked"] as const satisfies readonly GroupColumn[];
const GROUP_WIDTHS: Record<(typeof GROUP_COLUMNS)[number], number> = { group: 7, asked: 10 };

/** The most characters an Excel cell holds. */
const CELL_MAX = 32767;

const SHEET_NAME_MAX = 31;

/**
 * A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, not starting or ending
 * with an apostrophe, unique (case-insensitively) in the workbook. Long names end with "…".
 */
export function sheetName(wanted: string, taken: Set<string>): string {
  const clean = wanted
    .normalize("NFC")
    .replace(/[[\]:*?/\\\u0000-\u001f]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^'+|'+$/g, "");
  const cut = (s: string, max: number) => {
    const chars = [...s];
    return chars.length <= max ? s : `${chars.slice(0, max - 1).join("").trimEnd()}…`;
  };
  let name = cut(clean || "Sheet", SHEET_NAME_MAX);
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${cut(clean, SHEET_NAME_MAX - String(n).length - 3)} (${n})`;
  taken.add(name.toLowerCase());
  return name;
}

/**
 * Bytes a sheet has produced that the zip has not taken yet. ExcelJS's sheet stream pushes into
 * the archiver without backpressure, so the export waits on this between chunks, or a fast
 * database and a slow zip or client would pile the sheet up in memory. (ExcelJS 4.4 internals,
 * read defensively: if they are not there the export still waits on the response's own buffer.)
 */
function pendingBytes(sheet: Worksheet): number {
  type State = { length?: number };
  const stream = (sheet as unknown as { stream?: { buffers?: unknown[]; pipes?: { _writableState?: State; _readableState?: State }[] } })
    .stream;
  let bytes = (stream?.buffers?.length ?? 0) * 65536;
  for (const p of stream?.pipes ?? []) bytes += (p._writableState?.length ?? 0) + (p._readableState?.length ?? 0);
  return bytes;
}

/**
 * At most this much of a sheet waits for the zip, checked every `SETTLE_EVERY` rows. Kept small so
 * the 64 KB buffers ExcelJS hands on are taken while still young: left waiting longer they outlive
 * a scavenge and pile up until a full GC (70 MB of them on 100 000 proposals).
 */
const PENDING_MAX = 512 * 1024;
const SETTLE_EVERY = 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function settle(sheet: Worksheet, out: NodeJS.WritableStream): Promise<void> {

  for (;;) {
    await drained(out);
    if (pendingBytes(sheet) <= PENDING_MAX) return;
    await sleep(2);
  }
}

/** Adds and commits a row; every cell given a style shares that style object (resolved once by ExcelJS). */
function addRow(
  sheet: Worksheet,
  values: (string | number | Date | undefined)[],
  style?: Style | ((i: number) => Style | undefined),
): void {
  const row = sheet.addRow(values);
  if (style)
    for (let i = 0; i < values.length; i++) {
      const s = typeof style === "function" ? style(i) : style;
      if (s && values[i] !== undefined) row.getCell(i + 1).style = s;
    }
  row.commit();
}

function filtersLine(q: ExportQuery, plan: ExportPlan, labels: Labels): string | null {
  const f = q.filters;
  const l = q.locale;
  const fmt = (key: string, args: Record<string, string>) => i18n().format(l, t(key, args));
  const parts: string[] = [];
  if (f.status?.length) parts.push(fmt("export-filter-status", { values: f.status.map((s) => labels.status(s)).join(", ") }));
  if (f.level?.length) parts.push(fmt("export-filter-level", { values: f.level.map((v) => labels.level(v)).join(", ") }));
  if (f.branchIds?.length) parts.push(fmt("export-filter-branch", { values: plan.filterBranchNames.join(", ") }));
  if (f.topicIds?.length) parts.push(fmt("export-filter-topic", { values: plan.topics.map((x) => x.position).join(", ") }));
  if (f.from) parts.push(fmt("export-filter-from", { at: vietnamDateTime(f.from) }));
  if (f.to) parts.push(fmt("export-filter-to", { at: vietnamDateTime(f.to) }));
  return parts.length ? fmt("export-summary-filtered", { filters: parts.join("; ") }) : null;
}

function writeSummary(sheet: Worksheet, q: ExportQuery, plan: ExportPlan, summary: Summary, labels: Labels, now: Date): void {
  const l = q.locale;
  const fmt = (key: string, args?: Record<string, string | number>) => i18n().format(l, t(key, args));
  const statuses = summary.byStatus.map(([s]) => s);
  sheet.columns = [{ width: 60 }, { width: 12 }, ...statuses.map(() => ({ width: 16 }))];

  addRow(sheet, [cellText(plan.dialogue.title)], TITLE);
  addRow(sheet, [cellText(fmt("export-summary-when", { startsAt: vietnamDateTime(plan.dialogue.startsAt), venue: plan.dialogue.venue }))]);
  addRow(sheet, [fmt("export-summary-exported", { at: vietnamDateTime(now), total: summary.total })]);
  const filters = filtersLine(q, plan, labels);
  if (filters) addRow(sheet, [cellText(filters)]);

  const count = fmt("export-summary-count");
  const totalLabel = fmt("export-summary-total");
  const table = (title: string, head: string[], rows: (string | number)[][], withTotal: (string | number)[]) => {
    addRow(sheet, []);
    addRow(sheet, [title], SECTION);
    addRow(sheet, head, HEADER);
    for (const r of rows) addRow(sheet, r, (i) => (i === 0 ? WRAP : undefined));
    addRow(sheet, withTotal, BOLD);
  };

  table(
    fmt("export-summary-by-topic"),
    [columnLabel(l, "topic"), count, ...statuses.map((s) => labels.status(s))],
    plan.topics.map((topic) => {
      const c = summary.byTopic.get(topic.id)!;
      return [cellText(`${topic.position}. ${topic.name}`), c.total, ...statuses.map((s) => c.byStatus.get(s) ?? 0)];
    }),
    [totalLabel, summary.total, ...summary.byStatus.map(([, n]) => n)],
  );
  table(
    fmt("export-summary-by-level"),
    [columnLabel(l, "level"), count],
    summary.byLevel.map(([level, n]) => [level ? labels.level(level) : labels.text("export-level-none"), n]),
    [totalLabel, summary.total],
  );
  table(
    fmt("export-summary-by-branch"),
    [columnLabel(l, "branch"), count],
    summary.byBranch.map(([name, n]) => [name === null ? labels.text("export-branch-none") : cellText(name), n]),
    [totalLabel, summary.total],
  );
  table(
    fmt("export-summary-by-status"),
    [columnLabel(l, "status"), count],
    summary.byStatus.map(([s, n]) => [labels.status(s), n]),
    [totalLabel, summary.total],
  );
}

/** A proposal's cells after its group's; empty ones undefined, so ExcelJS makes no cell for them. */
function proposalCells(p: ListedProposal, columns: readonly ProposalColumn[], labels: Labels): (string | number | Date | undefined)[] {
  return [p.group, p.asked, ...columns.map((c) => proposalCell(p, c, labels, vietnamWallClock))];
}

/**
 * Codes joined by commas, cut to what a cell holds (a group of thousands would not fit): the
 * codes that fit, then how many more there are.
 */
function codesCell(codes: string[], labels: Labels): string | undefined {
  if (!codes.length) return undefined;
  const joined = codes.join(", ");
  if (joined.length <= CELL_MAX) return cellText(joined);
  const more = (n: number) => `, ${i18n().format(labels.locale, t("export-group-more", { count: n }))}`;
  // Room for the longest "and n more" (n has at most as many digits as all the codes' count) and a leading quote.
  const room = CELL_MAX - more(codes.length).length - 1;
  let kept = 0;
  for (let length = codes[0]!.length; length <= room; length += 2 + codes[kept]!.length) kept++;
  return cellText(`${codes.slice(0, kept).join(", ")}${more(codes.length - kept)}`);
}

/** A group's row on the Questions sheet: its numbers, then its representative's code, text and answer. */
function questionCells(topicCell: string, g: ListedGroup, labels: Labels): (string | number | undefined)[] {
  const r = g.representative;
  const others = g.members.filter((m) => m.id !== r?.id).map((m) => m.code);
  return QUESTION_COLUMNS.map((c) => {
    switch (c) {
      case "topic":
        return topicCell;
      case "group":
        return g.number;
      case "asked":
        return g.asked;
      case "members":
        return g.members.length;
      case "code":
        return optionalCellText(r?.code);
      case "text":
        return optionalCellText(r?.text);
      case "same-group":
        return codesCell(others, labels);
      case "status":
        return r ? labels.status(r.status) : undefined;
      case "agency":
        return optionalCellText(r?.agency);
      case "answer":
        return optionalCellText(r?.answer);
    }
  });
}

/** A sheet of rows under a bold header that stays in view, filters and prints on every page. */
function addListSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  taken: Set<string>,
  pageSetup: Partial<ExcelJS.PageSetup>,
  header: string[],
  widths: number[],
): Worksheet {
  const sheet = workbook.addWorksheet(sheetName(name, taken), {
    views: [{ state: "frozen", ySplit: 1 }],
    pageSetup: { ...pageSetup, printTitlesRow: "1:1" },
  });
  sheet.columns = widths.map((width) => ({ width }));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: header.length } };
  addRow(sheet, header, HEADER);
  return sheet;
}

/**
 * XLSX, streamed with ExcelJS's WorkbookWriter: a summary sheet (counted before any row is
 * streamed); a Questions sheet, each group of similar proposals once (by topic, most asked first)
 * told by its representative; then a sheet per topic, a proposal a row, group by group. Text is
 * always a string cell — never a formula — and neutralised as in CSV; dates are date cells showing
 * Vietnam time.
 */
export async function writeXlsx(
  db: Db,
  q: ExportQuery,
  plan: ExportPlan,
  out: NodeJS.WritableStream,
  now: Date,
): Promise<void> {
  const labels = new Labels(q.locale);
  const columns = proposalColumns(q.withPhone);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out as unknown as import("node:stream").Stream,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = "youth-dialogue-bot";
  workbook.created = now;
  const taken = new Set<string>();
  const pageSetup: Partial<ExcelJS.PageSetup> = { orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 };

  const summarySheet = workbook.addWorksheet(sheetName(labels.text("export-summary-sheet"), taken), { pageSetup });
  writeSummary(summarySheet, q, plan, summarise(plan.counts, plan.topics), labels, now);
  summarySheet.commit();

  const questions = addListSheet(
    workbook,
    labels.text("export-questions-sheet"),
    taken,
    pageSetup,
    QUESTION_COLUMNS.map((c) => columnLabel(q.locale, c)),
    QUESTION_COLUMNS.map((c) => QUESTION_WIDTHS[c]),
  );
  const questionStyles = QUESTION_COLUMNS.map((c) => (QUESTION_WRAPPED.has(c) ? WRAP : TOP));
  for (const topic of plan.topics) {
    const topicCell = cellText(`${topic.position}. ${topic.name}`);
    for await (const chunk of topicGroups(db, q, plan, topic.id)) {
      for (let i = 0; i < chunk.length; i++) {
        addRow(questions, questionCells(topicCell, chunk[i]!, labels), (c) => questionStyles[c]);
        if ((i + 1) % SETTLE_EVERY === 0 || i === chunk.length - 1) await settle(questions, out);
      }
    }
  }
  questions.commit();

  const header = [...GROUP_COLUMNS, ...columns].map((c) => columnLabel(q.locale, c));
  const widths = [...GROUP_COLUMNS.map((c) => GROUP_WIDTHS[c]), ...columns.map((c) => WIDTHS[c])];
  const styles = [
    ...GROUP_COLUMNS.map(() => TOP),
    ...columns.map((c) => (c === "filed-at" || c === "answered-at" ? DATE : WRAPPED.has(c) ? WRAP : TOP)),
  ];
  for (const topic of plan.topics) {
    const sheet = addListSheet(workbook, `${topic.position}. ${topic.name}`, taken, pageSetup, header, widths);
    for await (const chunk of topicProposals(db, q, plan, topic.id)) {
      for (let i = 0; i < chunk.length; i++) {
        addRow(sheet, proposalCells(chunk[i]!, columns, labels), (c) => styles[c]);
        if ((i + 1) % SETTLE_EVERY === 0 || i === chunk.length - 1) await settle(sheet, out);
      }
    }
    sheet.commit();
  }
  await workbook.commit();
}
