import type { SqlValue, Tx } from "../db/client.js";
import { placeholders } from "../db/placeholders.js";
import type { AddressedLevel, ProposalStatus } from "./proposals.js";

/** What the office filters a dialogue's proposals by; every field optional, lists mean "any of". */
export interface ProposalFilters {
  status?: ProposalStatus[];
  level?: AddressedLevel[];
  branchIds?: number[];
  topicIds?: number[];
  /** Filed at or after. */
  from?: Date;
  /** Filed before. */
  to?: Date;
}

/** A proposal as the office sees it. `phone` only when the role may see it. */
export interface OfficeProposal {
  id: number;
  code: string;
  createdAt: Date;
  topicId: number;
  topicPosition: number;
  topicName: string;
  branchName: string | null;
  level: AddressedLevel | null;
  text: string;
  status: ProposalStatus;
  agency: string | null;
  statusReason: string | null;
  answer: string | null;
  answeredAt: Date | null;
  authorName: string | null;
  phone?: string | null;
}

/**
 * The WHERE clause over `p` (Proposal) and `pa` (Participant) for a dialogue's proposals with these
 * filters. Withdrawn proposals are never shown to the office: the youth took them back.
 */
export function proposalWhere(dialogueId: number, f: ProposalFilters): { sql: string; params: SqlValue[] } {
  const clauses = [`p."dialogueId" = ?`, `p."status" <> 'WITHDRAWN'`];
  const params: SqlValue[] = [dialogueId];
  if (f.status?.length) {
    clauses.push(`p."status" IN (${placeholders(f.status.length)})`);
    params.push(...f.status);
  }
  if (f.level?.length) {
    clauses.push(`p."level" IN (${placeholders(f.level.length)})`);
    params.push(...f.level);
  }
  if (f.branchIds?.length) {
    // The authors of the branches, found by their branch (a ward's few thousand of a province's
    // million), rather than each proposal's author looked up to read their branch.
    clauses.push(`p."participantId" IN (SELECT "id" FROM "Participant" WHERE "branchId" IN (${placeholders(f.branchIds.length)}))`);
    params.push(...f.branchIds);
  }
  if (f.topicIds?.length) {
    clauses.push(`p."topicId" IN (${placeholders(f.topicIds.length)})`);
    params.push(...f.topicIds);
  }
  if (f.from) {
    clauses.push(`p."createdAt" >= ?`);
    params.push(f.from);
  }
  if (f.to) {
    clauses.push(`p."createdAt" < ?`);
    params.push(f.to);
  }
  return { sql: clauses.join(" AND "), params };
}

/** Columns and joins of an office proposal; `t` is its topic, `b` the author's branch. */
export const OFFICE_PROPOSAL_FROM = `FROM "Proposal" p
  JOIN "Participant" pa ON pa."id" = p."participantId"
  JOIN "Topic" t ON t."id" = p."topicId"
  LEFT JOIN "Unit" b ON b."id" = pa."branchId"`;

export function officeProposalColumns(withPhone: boolean): string {
  return `p."id", p."code", p."createdAt", p."topicId", t."position" AS "topicPosition", t."nameVi" AS "topicName",
    b."name" AS "branchName", p."level", p."text", p."status", p."agency", p."statusReason", p."answer", p."answeredAt",
    pa."fullName" AS "authorName"${withPhone ? `, pa."phone"` : ""}`;
}

type Row = Omit<OfficeProposal, "createdAt" | "answeredAt"> & { createdAt: string; answeredAt: string | null };
export const toOfficeProposal = (r: Row): OfficeProposal => ({
  ...r,
  createdAt: new Date(r.createdAt),
  answeredAt: r.answeredAt ? new Date(r.answeredAt) : null,
});

/** One page of a dialogue's proposals, by topic then filing time, and how many match in all. */
export async function listProposals(
  db: Tx,
  q: { dialogueId: number; filters: ProposalFilters; withPhone: boolean; page: number; pageSize: number },
): Promise<{ total: number; items: OfficeProposal[] }> {
  const where = proposalWhere(q.dialogueId, q.filters);
  const { n: total } = (await db.get<{ n: number }>(`SELECT COUNT(*) AS "n" ${OFFICE_PROPOSAL_FROM} WHERE ${where.sql}`, ...where.params))!;
  const rows = await db.all<Row>(
    `SELECT ${officeProposalColumns(q.withPhone)} ${OFFICE_PROPOSAL_FROM} WHERE ${where.sql}
     ORDER BY t."position", p."createdAt", p."id" LIMIT ? OFFSET ?`,
    ...where.params,
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
  return { total, items: rows.map(toOfficeProposal) };
}
