import type { Statement, Tx } from "../db/client.js";
import { enqueue } from "../outbox/outbox.store.js";
import { chatOf } from "./broadcasts.js";
import { DomainError } from "./errors.js";
import { canAddress } from "./roles.js";

export const INVITATION_STATUSES = ["PENDING", "ACCEPTED", "DECLINED"] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];
/** The youth's command that lists their invitations: where a busy chat is pointed to. */
export const INVITATIONS_COMMAND = "invitations";

export async function setQuota(db: Tx, dialogueId: number, branchId: number, seats: number): Promise<void> {
  if (!Number.isInteger(seats) || seats < 0) throw new DomainError("quota-invalid", { seats });
  await db.run(
    `INSERT INTO "Quota" ("dialogueId", "branchId", "seats") VALUES (?, ?, ?)
     ON CONFLICT ("dialogueId", "branchId") DO UPDATE SET "seats" = excluded."seats"`,
    dialogueId,
    branchId,
    seats,
  );
}

export interface QuotaUse {
  seats: number;
  /** Pending and accepted invitations hold a seat; a declined one frees it. */
  taken: number;
  accepted: number;
  declined: number;
  pending: number;
}

/**
 * Takes the turn of a branch's seats at a dialogue, to the transaction's end: two leaders inviting,
 * or youth accepting again, in chats side by side count the seats one after the other.
 */
async function seatsTurn(db: Tx, dialogueId: number, branchId: number): Promise<QuotaUse> {
  await db.lock(`quota:${dialogueId}:${branchId}`);
  return quotaUse(db, dialogueId, branchId);
}

export async function quotaUse(db: Tx, dialogueId: number, branchId: number): Promise<QuotaUse> {
  const quota = await db.get<{ seats: number }>(`SELECT "seats" FROM "Quota" WHERE "dialogueId" = ? AND "branchId" = ?`, dialogueId, branchId);
  const seats = quota?.seats ?? 0;
  const rows = await db.all<{ status: string; n: number }>(
    `SELECT "status", COUNT(*) AS "n" FROM "Invitation" WHERE "dialogueId" = ? AND "branchId" = ? GROUP BY "status"`,
    dialogueId,
    branchId,
  );
  const counts = Object.fromEntries(rows.map((r) => [r.status, r.n])) as Partial<Record<InvitationStatus, number>>;
  const accepted = counts.ACCEPTED ?? 0;
  const pending = counts.PENDING ?? 0;
  return { seats, taken: accepted + pending, accepted, pending, declined: counts.DECLINED ?? 0 };
}

/** Published dialogues still ahead where a branch has seats. */
export async function dialoguesWithSeats(db: Tx, branchId: number, now: Date): Promise<{ id: number; title: string; startsAt: Date }[]> {
  const rows = await db.all<{ id: number; title: string; startsAt: string }>(
    `SELECT d."id", d."title", d."startsAt" FROM "Dialogue" d JOIN "Quota" q ON q."dialogueId" = d."id" AND q."branchId" = ?
     WHERE d."publishedAt" IS NOT NULL AND d."startsAt" > ? AND q."seats" > 0 ORDER BY d."startsAt"`,
    branchId,
    now,
  );
  return rows.map((d) => ({ ...d, startsAt: new Date(d.startsAt) }));
}

export interface Member {
  id: number;
  fullName: string;
  birthYear: number;
}

/**
 * Members of a branch who can be invited: they agreed to receive invitations, have a chat that
 * takes messages, and were not invited to this dialogue yet.
 */
const byVietnameseName = new Intl.Collator("vi");

export async function invitableMembers(db: Tx, dialogueId: number, branchId: number): Promise<Member[]> {
  const members = await db.all<Member>(
    `SELECT p."id", p."fullName", p."birthYear" FROM "Participant" p
     WHERE p."branchId" = ? AND p."anonymisedAt" IS NULL AND p."consentAnnouncements" = TRUE AND p."fullName" IS NOT NULL
       AND EXISTS (SELECT 1 FROM "Conversation" c WHERE c."participantId" = p."id" AND c."unreachableAt" IS NULL)
       AND NOT EXISTS (SELECT 1 FROM "Invitation" i WHERE i."participantId" = p."id" AND i."dialogueId" = ?)
     ORDER BY p."id"`,
    branchId,
    dialogueId,
  );
  // SQL orders by code points (Đ after Z); a leader looks for a name in Vietnamese order.
  return members.sort((a, b) => byVietnameseName.compare(a.fullName, b.fullName));
}

export interface InvitationSummary {
  id: number;
  fullName: string | null;
  status: InvitationStatus;
  answeredAt: Date | null;
}

export async function invitationsOfBranch(db: Tx, dialogueId: number, branchId: number): Promise<InvitationSummary[]> {
  const rows = await db.all<Omit<InvitationSummary, "answeredAt"> & { answeredAt: string | null }>(
    `SELECT i."id", p."fullName", i."status", i."answeredAt" FROM "Invitation" i JOIN "Participant" p ON p."id" = i."participantId"
     WHERE i."dialogueId" = ? AND i."branchId" = ? ORDER BY i."status" = 'DECLINED', p."fullName", i."id"`,
    dialogueId,
    branchId,
  );
  return rows.map((r) => ({ ...r, answeredAt: r.answeredAt ? new Date(r.answeredAt) : null }));
}

/**
 * A leader invites a member of a branch in their scope, within the branch's seats. The
 * invitation goes out through the outbox as a question the youth answers (accept / decline).
 */
export async function invite(db: Tx, inv: { leaderId: number; dialogueId: number; participantId: number; now: Date }): Promise<number> {
  const member = await db.get<{ branchId: number | null; consentAnnouncements: number }>(
    `SELECT "branchId", "consentAnnouncements" FROM "Participant" WHERE "id" = ? AND "anonymisedAt" IS NULL`,
    inv.participantId,
  );
  if (!member?.branchId) throw new DomainError("invite-unknown-member");
  if (!(await canAddress(db, inv.leaderId, member.branchId))) throw new DomainError("invite-out-of-scope");
  if (member.consentAnnouncements !== 1) throw new DomainError("invite-no-consent");
  const dialogue = await db.get<{ startsAt: string; publishedAt: string | null }>(`SELECT "startsAt", "publishedAt" FROM "Dialogue" WHERE "id" = ?`, inv.dialogueId);
  if (!dialogue?.publishedAt || new Date(dialogue.startsAt) <= inv.now) throw new DomainError("invite-dialogue-closed");
  const use = await seatsTurn(db, inv.dialogueId, member.branchId);
  if (use.taken >= use.seats) throw new DomainError("invite-over-quota", { seats: use.seats });
  const chat = await chatOf(db, inv.participantId);
  if (!chat) throw new DomainError("invite-unreachable");
  const inserted = await db.get<{ id: number }>(
    `INSERT INTO "Invitation" ("dialogueId", "participantId", "branchId", "invitedByParticipantId", "status", "createdAt")
     VALUES (?, ?, ?, ?, 'PENDING', ?) ON CONFLICT DO NOTHING RETURNING "id"`,
    inv.dialogueId,
    inv.participantId,
    member.branchId,
    inv.leaderId,
    inv.now,
  );
  if (!inserted) throw new DomainError("invite-already");
  const invitationId = inserted.id;
  await enqueue(
    db,
    {
      ...chat,
      participantId: inv.participantId,
      payload: { flow: "invitation", data: { invitationId }, command: INVITATIONS_COMMAND },
      bulk: true,
      dueAt: inv.now,
    },
    inv.now,
  );
  return invitationId;
}

export interface Invitation {
  id: number;
  dialogueId: number;
  title: string;
  startsAt: Date;
  venue: string;
  format: string;
  hostUnitName: string;
  branchName: string;
  status: InvitationStatus;
}

const INVITATION_QUERY = `SELECT i."id", i."dialogueId", d."title", d."startsAt", d."venue", d."format", h."name" AS "hostUnitName",
    b."name" AS "branchName", i."status"
  FROM "Invitation" i JOIN "Dialogue" d ON d."id" = i."dialogueId" JOIN "Unit" h ON h."id" = d."hostUnitId"
  JOIN "Unit" b ON b."id" = i."branchId"`;
type InvitationRow = Omit<Invitation, "startsAt"> & { startsAt: string };
const toInvitation = (r: InvitationRow): Invitation => ({ ...r, startsAt: new Date(r.startsAt) });

/** A youth's own invitation, or null when it is not theirs. */
export async function findMyInvitation(db: Tx, participantId: number, invitationId: number): Promise<Invitation | null> {
  const row = await db.get<InvitationRow>(`${INVITATION_QUERY} WHERE i."id" = ? AND i."participantId" = ?`, invitationId, participantId);
  return row ? toInvitation(row) : null;
}

/** A youth's invitations to dialogues still ahead. */
export async function myInvitations(db: Tx, participantId: number, now: Date): Promise<Invitation[]> {
  const { sql, params } = myInvitationsStatement(participantId, now);
  const rows = await db.all<InvitationRow>(sql, ...params);
  return rows.map(toInvitation);
}

/** The statement `myInvitations` runs, for a batch (`Tx.batch`): its rows are invitations' (to tell whether there are some). */
export function myInvitationsStatement(participantId: number, now: Date): Statement {
  return { sql: `${INVITATION_QUERY} WHERE i."participantId" = ? AND d."startsAt" > ? ORDER BY d."startsAt"`, params: [participantId, now] };
}

/** Records the answer. Accepting again after declining needs the seat to be still free. */
export async function answerInvitation(db: Tx, ans: { participantId: number; invitationId: number; accept: boolean; now: Date }): Promise<void> {
  const row = await db.get<{ status: InvitationStatus; dialogueId: number; branchId: number; startsAt: string }>(
    `SELECT i."status", i."dialogueId", i."branchId", d."startsAt" FROM "Invitation" i JOIN "Dialogue" d ON d."id" = i."dialogueId"
     WHERE i."id" = ? AND i."participantId" = ?`,
    ans.invitationId,
    ans.participantId,
  );
  if (!row) throw new DomainError("invitation-unknown");
  if (new Date(row.startsAt) <= ans.now) throw new DomainError("invitation-past");
  if (ans.accept && row.status === "DECLINED") {
    const use = await seatsTurn(db, row.dialogueId, row.branchId);
    if (use.taken >= use.seats) throw new DomainError("invitation-seat-taken");
  }
  await db.run(
    `UPDATE "Invitation" SET "status" = ?, "answeredAt" = ? WHERE "id" = ?`,
    ans.accept ? "ACCEPTED" : "DECLINED",
    ans.now,
    ans.invitationId,
  );
}
