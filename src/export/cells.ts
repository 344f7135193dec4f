import type { OfficeProposal } from "../domain/proposal-query.js";
import { cleanText } from "../text/clean-text.js";
import { loadI18n, t, type I18n, type Locale } from "../i18n/i18n.js";

let texts: I18n | undefined;
/** The locale texts, loaded once for every export. */
export const i18n = (): I18n => (texts ??= loadI18n());

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
const pad = (n: number) => String(n).padStart(2, "0");

/** The clock in Vietnam as a Date whose UTC fields are Vietnam's: what a spreadsheet date cell shows. */
export const vietnamWallClock = (at: Date): Date => new Date(at.getTime() + VIETNAM_OFFSET_MS);

/** `25/11/2026 10:00`, Vietnam time whatever the server's zone. */
export function vietnamDateTime(at: Date): string {
  const v = vietnamWallClock(at);
  return `${pad(v.getUTCDate())}/${pad(v.getUTCMonth() + 1)}/${v.getUTCFullYear()} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}`;
}

/** `2026-11-25`, the Vietnam date. */
export function vietnamIsoDate(at: Date): string {
  const v = vietnamWallClock(at);
  return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text for a spreadsheet cell: cleaned (NFC; no control character, which would make the XLSX one
 * Excel cannot open, whoever typed it), and a leading `'` when a spreadsheet would take it for a
 * formula (OWASP "CSV injection").
 */
export function cellText(value: string | null | undefined): string {
  if (value == null) return "";
  const text = cleanText(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** The columns of a proposal, in order; `phone` only when the export may show phone numbers. */
export const PROPOSAL_COLUMNS = [
  "code",
  "filed-at",
  "branch",
  "level",
  "author",
  "phone",
  "text",
  "status",
  "agency",
  "reason",
  "answer",
  "answered-at",
] as const;
export type ProposalColumn = (typeof PROPOSAL_COLUMNS)[number];

export const proposalColumns = (withPhone: boolean): ProposalColumn[] =>
  PROPOSAL_COLUMNS.filter((c) => withPhone || c !== "phone");

/** Columns about a proposal's group of similar proposals, and the Questions sheet's own. */
export type GroupColumn = "group" | "asked" | "members" | "same-group";

export const columnLabel = (locale: Locale, column: ProposalColumn | GroupColumn | "topic"): string =>
  i18n().format(locale, t(`export-col-${column}`));

/** Labels of statuses and levels, formatted once per export rather than once per row. */
export class Labels {
  private readonly cache = new Map<string, string>();
  constructor(readonly locale: Locale) {}

  private label(key: string, args: Record<string, string>, cacheKey: string): string {
    let label = this.cache.get(cacheKey);
    if (label === undefined) {
      label = i18n().format(this.locale, t(key, args));
      this.cache.set(cacheKey, label);
    }
    return label;
  }

  status(status: string): string {
    return this.label("proposal-status", { status }, `s:${status}`);
  }

  /** Phường / Thị xã / Tỉnh; empty when the youth left it to the office. */
  level(level: string | null): string {
    return level ? this.label("proposal-level", { level }, `l:${level}`) : "";
  }

  text(key: string): string {
    return this.label(key, {}, `t:${key}`);
  }
}

/** Text for a cell, or undefined when there is none (ExcelJS then makes no cell). */
export const optionalCellText = (value: string | null | undefined): string | undefined => (value ? cellText(value) : undefined);

/**
 * A proposal's value in a column: text neutralised, a date as `date` renders it (text in CSV, a
 * date cell in XLSX); undefined when empty.
 */
export function proposalCell<D>(p: OfficeProposal, column: ProposalColumn, labels: Labels, date: (at: Date) => D): string | D | undefined {
  switch (column) {
    case "code":
      return optionalCellText(p.code);
    case "filed-at":
      return date(p.createdAt);
    case "branch":
      return optionalCellText(p.branchName);
    case "level":
      return p.level ? labels.level(p.level) : undefined;
    case "author":
      return optionalCellText(p.authorName);
    case "phone":
      return optionalCellText(p.phone);
    case "text":
      return optionalCellText(p.text);
    case "status":
      return labels.status(p.status);
    case "agency":
      return optionalCellText(p.agency);
    case "reason":
      return optionalCellText(p.statusReason);
    case "answer":
      return optionalCellText(p.answer);
    case "answered-at":
      return p.answeredAt ? date(p.answeredAt) : undefined;
  }
}

/** A proposal's cells as text (CSV), in the order of `columns`, neutralised. */
export const proposalTexts = (p: OfficeProposal, columns: readonly ProposalColumn[], labels: Labels): string[] =>
  columns.map((c) => proposalCell(p, c, labels, vietnamDateTime) ?? "");
