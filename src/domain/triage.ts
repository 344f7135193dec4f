import type { Tx } from "../db/client.js";
import { t, type Text } from "../i18n/i18n.js";
import { enqueue } from "../outbox/outbox.store.js";
import { chatOf } from "./broadcasts.js";
import { DomainError } from "./errors.js";
import { groupingTurn, groupMembers, settleGroup } from "./similar-proposals.js";
import type { ProposalStatus } from "./proposals.js";

/** The statuses the office sets; WITHDRAWN is the youth's alone. */
export const TRIAGE_STATUSES = ["RECEIVED", "FORWARDED", "ANSWERED", "ANSWERED_AT_DIALOGUE", "NOT_ADMISSIBLE"] as const;
export type TriageStatus = (typeof TRIAGE_STATUSES)[number];

export interface Triage {
  status: TriageStatus;
  /** Required when FORWARDED. */
  agency?: string;
  /** Required when NOT_ADMISSIBLE: the author is told why. */
  reason?: string;
  /** Required when ANSWERED; may come with ANSWERED_AT_DIALOGUE. */
  answer?: string;
}

interface ProposalRow {
  id: number;
  code: string;
  status: ProposalStatus;
  participantId: number;
  channel: string;
  dialogueId: number;
  groupId: number | null;
}

/**
 * Sets a proposal's status (with the agency, the reason or the answer it needs) and tells its
 * author and its supporters in the chat where each asked, in their language, through the outbox:
 * never dropped silently. Its group is settled: a proposal arriving later may join it, but grouping
 * no longer moves its members elsewhere.
 */
export async function triageProposal(db: Tx, proposalId: number, change: Triage, now: Date): Promise<void> {
  const p = await db.get<ProposalRow>(
    `SELECT "id", "code", "status", "participantId", "channel", "dialogueId", "groupId" FROM "Proposal" WHERE "id" = ?`,
    proposalId,
  );
  if (!p) throw new DomainError("proposal-unknown", { proposal: proposalId });
  if (p.status === "WITHDRAWN") throw new DomainError("proposal-withdrawn", { code: p.code });
  if (change.status === "FORWARDED" && !change.agency) throw new DomainError("triage-needs-agency");
  if (change.status === "NOT_ADMISSIBLE" && !change.reason) throw new DomainError("triage-needs-reason");
  if (change.status === "ANSWERED" && !change.answer) throw new DomainError("triage-needs-answer");
  const answered = change.answer !== undefined;
  await db.run(
    `UPDATE "Proposal" SET "status" = ?, "agency" = COALESCE(?, "agency"), "statusReason" = ?,
       "answer" = COALESCE(?, "answer"), "answeredAt" = CASE WHEN ? THEN ? ELSE "answeredAt" END, "updatedAt" = ? WHERE "id" = ?`,
    change.status,
    change.agency ?? null,
    change.status === "NOT_ADMISSIBLE" ? change.reason! : null,
    change.answer ?? null,
    answered,
    now,
    now,
    proposalId,
  );
  if (p.groupId !== null) {
    await groupingTurn(db, p.dialogueId);
    await settleGroup(db, p.groupId, now);
  }
  const notice = (role: Role) =>
    statusNotice({ code: p.code, status: change.status, agency: change.agency ?? null, reason: change.reason ?? null, answer: change.answer ?? null }, role);
  if (!notice("author")) return;
  // Its author and those who supported it instead of asking again, each where they asked.
  const supporters = await db.all<{ participantId: number; channel: string }>(
    `SELECT "participantId", "channel" FROM "ProposalSupport" WHERE "proposalId" = ? ORDER BY "id"`,
    p.id,
  );
  const told = [
    { participantId: p.participantId, channel: p.channel, role: "author" as const },
    ...supporters.map((s) => ({ ...s, role: "supporter" as const })),
  ];
  for (const { participantId, channel, role } of told) {
    const chat = await chatWhereAsked(db, participantId, channel);
    if (chat) await enqueue(db, { ...chat, participantId, payload: { texts: [notice(role)!] }, bulk: false, dueAt: now }, now);
  }
}

type Role = "author" | "supporter";

/** What the office made of a proposal, as a youth is told it: its author, or one who supported it. Null when there is nothing to tell. */
export function statusNotice(
  p: { code: string; status: ProposalStatus; agency: string | null; reason: string | null; answer: string | null },
  role: Role,
): Text | null {
  if (p.status === "FORWARDED") return t("triage-forwarded", { code: p.code, agency: p.agency ?? "", role });
  if (p.status === "NOT_ADMISSIBLE") return t("triage-not-admissible", { code: p.code, reason: p.reason ?? "", role });
  if (p.answer === null) return null;
  return t(p.status === "ANSWERED_AT_DIALOGUE" ? "triage-answered-at-dialogue" : "triage-answered", { code: p.code, answer: p.answer, role });
}

/** The chat on the channel where the youth asked; if that one is gone, the one they used last. */
async function chatWhereAsked(db: Tx, participantId: number, channel: string) {
  return (
    (await db.get<{ channel: string; chatId: string }>(
      `SELECT "channel", "chatId" FROM "Conversation" WHERE "participantId" = ? AND "channel" = ? AND "unreachableAt" IS NULL
       ORDER BY "updatedAt" DESC LIMIT 1`,
      participantId,
      channel,
    )) ?? (await chatOf(db, participantId))
  );
}

/** Answers (or forwards, or declines) a whole group of similar proposals: every author and supporter is told. */
export async function triageGroup(db: Tx, groupId: number, change: Triage, now: Date): Promise<number[]> {
  const members = await groupMembers(db, groupId);
  for (const id of members) await triageProposal(db, id, change, now);
  return members;
}
