import type { Tx } from "../db/client.js";
import { encodePayload, type OutboxPayload } from "../outbox/payload.js";
import { UNIT_SUBTREE } from "./roles.js";

export const BROADCAST_KINDS = [
  "ANNOUNCEMENT",
  "DIALOGUE_UPDATE",
  "DEADLINE_REMINDER",
  "EVENT_REMINDER",
  "INVITATION_REMINDER",
  "LEADER",
] as const;
export type BroadcastKind = (typeof BROADCAST_KINDS)[number];

export interface Broadcast {
  id: number;
  kind: BroadcastKind;
  dialogueId: number | null;
  unitId: number | null;
  text: string | null;
  senderParticipantId: number | null;
  dueAt: Date;
  total: number;
}

type BroadcastRow = Omit<Broadcast, "dueAt"> & { dueAt: string };
const toBroadcast = (row: BroadcastRow): Broadcast => ({ ...row, dueAt: new Date(row.dueAt) });
const COLUMNS = `"id", "kind", "dialogueId", "unitId", "text", "senderParticipantId", "dueAt", "total"`;

export async function scheduleBroadcast(
  db: Tx,
  b: { kind: BroadcastKind; dueAt: Date; dialogueId?: number; unitId?: number; text?: string; senderParticipantId?: number },
  now: Date,
): Promise<number> {
  const { id } = (await db.get<{ id: number }>(
    `INSERT INTO "Broadcast" ("kind", "dialogueId", "unitId", "text", "senderParticipantId", "dueAt", "total", "createdAt")
     VALUES (?, ?, ?, ?, ?, ?, 0, ?) RETURNING "id"`,
    b.kind,
    b.dialogueId ?? null,
    b.unitId ?? null,
    b.text ?? null,
    b.senderParticipantId ?? null,
    b.dueAt,
    now,
  ))!;
  return id;
}

/** Broadcasts due and not yet fanned out, oldest first. */
export async function dueBroadcasts(db: Tx, now: Date): Promise<Broadcast[]> {
  const rows = await db.all<BroadcastRow>(`SELECT ${COLUMNS} FROM "Broadcast" WHERE "fannedOutAt" IS NULL AND "dueAt" <= ? ORDER BY "dueAt", "id"`, now);
  return rows.map(toBroadcast);
}

/** Broadcasts fanned out and not yet finished. */
export async function unfinishedBroadcasts(db: Tx): Promise<number[]> {
  const rows = await db.all<{ id: number }>(`SELECT "id" FROM "Broadcast" WHERE "fannedOutAt" IS NOT NULL AND "finishedAt" IS NULL ORDER BY "id"`);
  return rows.map((r) => r.id);
}

/** Reminders not yet sent for a dialogue are dropped when its dates change; new ones are scheduled. */
export async function cancelPendingReminders(db: Tx, dialogueId: number): Promise<void> {
  await db.run(
    `DELETE FROM "Broadcast" WHERE "dialogueId" = ? AND "fannedOutAt" IS NULL
       AND "kind" IN ('DEADLINE_REMINDER', 'EVENT_REMINDER', 'INVITATION_REMINDER')`,
    dialogueId,
  );
}

// Each youth is written to in one chat: the one they used last that still takes messages.
const CHATS = `"chats" AS (
  SELECT c."participantId", c."channel", c."chatId",
         ROW_NUMBER() OVER (PARTITION BY c."participantId" ORDER BY c."updatedAt" DESC) AS "rank"
  FROM "Conversation" c WHERE c."participantId" IS NOT NULL AND c."unreachableAt" IS NULL)`;

const ANNOUNCEMENTS_WANTED = `p."anonymisedAt" IS NULL AND p."consentAnnouncements" = TRUE AND p."announcementsMuted" = FALSE`;

/** Who a broadcast goes to, as `FROM … WHERE …` over `p` (participant) and `ch` (their chat), and its parameters. */
function audience(b: Broadcast): { sql: string; params: (number | null)[] } {
  const inScope = `FROM "Participant" p JOIN "scope" s ON s."id" = p."branchId"
    JOIN "chats" ch ON ch."participantId" = p."id" AND ch."rank" = 1 WHERE ${ANNOUNCEMENTS_WANTED}`;
  switch (b.kind) {
    case "ANNOUNCEMENT":
    case "DIALOGUE_UPDATE":
    case "LEADER":
      return { sql: inScope, params: [] };
    case "DEADLINE_REMINDER":
      // Those who filed for this dialogue need no reminder to file.
      return {
        sql: `${inScope} AND NOT EXISTS (SELECT 1 FROM "Proposal" pr WHERE pr."participantId" = p."id" AND pr."dialogueId" = ? AND pr."status" <> 'WITHDRAWN')`,
        params: [b.dialogueId],
      };
    case "EVENT_REMINDER":
      // Those who accepted an invitation get the invitation's reminder instead.
      return {
        sql: `${inScope} AND NOT EXISTS (SELECT 1 FROM "Invitation" i WHERE i."participantId" = p."id" AND i."dialogueId" = ? AND i."status" = 'ACCEPTED')`,
        params: [b.dialogueId],
      };
    case "INVITATION_REMINDER":
      // An invitation is not an announcement: muting does not stop it.
      return {
        sql: `FROM "Participant" p JOIN "Invitation" i ON i."participantId" = p."id" AND i."dialogueId" = ? AND i."status" = 'ACCEPTED'
          JOIN "chats" ch ON ch."participantId" = p."id" AND ch."rank" = 1 WHERE p."anonymisedAt" IS NULL`,
        params: [b.dialogueId],
      };
  }
}

/** How many a broadcast would reach now: the preview a leader sees before confirming. */
export async function countAudience(db: Tx, b: Pick<Broadcast, "kind" | "unitId" | "dialogueId">): Promise<number> {
  const { sql, params } = audience({ ...b, id: 0, text: null, senderParticipantId: null, dueAt: new Date(0), total: 0 });
  const { n } = (await db.get<{ n: number }>(`${UNIT_SUBTREE}, ${CHATS} SELECT COUNT(*) AS "n" ${sql}`, b.unitId, ...params))!;
  return n;
}

/**
 * Writes one outbox row per recipient, in one statement, and marks the broadcast fanned out.
 * A recipient is written to once per broadcast whatever happens (unique broadcast + participant).
 * No payload (nothing left to say): nothing is written, and the broadcast is done. Rows are written
 * (and so sent) in the order the youth joined, on either database.
 */
export async function fanOut(db: Tx, b: Broadcast, payload: OutboxPayload | null, now: Date): Promise<number> {
  const { sql, params } = audience(b);
  const total = !payload ? 0 : (await db.run(
    `${UNIT_SUBTREE}, ${CHATS}
     INSERT INTO "OutboxMessage" ("broadcastId", "participantId", "channel", "chatId", "payload", "bulk", "dueAt", "status", "attempts", "createdAt")
     SELECT ?, p."id", ch."channel", ch."chatId", ?, TRUE, ?, 'PENDING', 0, ? ${sql}
     ORDER BY p."id"
     ON CONFLICT DO NOTHING`,
    b.unitId,
    b.id,
    encodePayload(payload),
    now,
    now,
    ...params,
  )).changes;
  await db.run(`UPDATE "Broadcast" SET "fannedOutAt" = ?, "total" = ? WHERE "id" = ?`, now, total, b.id);
  return total;
}

export interface BroadcastProgress {
  id: number;
  createdAt: Date;
  total: number;
  sent: number;
  failed: number;
  unreachable: number;
  skipped: number;
  waiting: number;
  finished: boolean;
}

export async function broadcastProgress(db: Tx, broadcastId: number): Promise<BroadcastProgress> {
  const b = (await db.get<{ id: number; createdAt: string; total: number; fannedOutAt: string | null; finishedAt: string | null } & Partial<DeliveryCounts>>(
    `SELECT "id", "createdAt", "total", "fannedOutAt", "finishedAt", "sent", "failed", "unreachable", "skipped" FROM "Broadcast" WHERE "id" = ?`,
    broadcastId,
  ))!;
  // Counted when it finished (its rows are deleted some days later); still going out, counted now.
  const counts = b.sent != null ? { sent: b.sent, failed: b.failed ?? 0, unreachable: b.unreachable ?? 0, skipped: b.skipped ?? 0, waiting: 0 } : await countRows(db, broadcastId);
  return {
    id: b.id,
    createdAt: new Date(b.createdAt),
    total: b.fannedOutAt ? b.total : 0,
    ...counts,
    finished: b.finishedAt !== null,
  };
}

interface DeliveryCounts {
  sent: number;
  failed: number;
  unreachable: number;
  /** A youth who withdrew consent or muted announcements meanwhile is skipped: not a failure of delivery. */
  skipped: number;
}

async function countRows(db: Tx, broadcastId: number): Promise<DeliveryCounts & { waiting: number }> {
  const rows = await db.all<{ status: string; n: number }>(
    `SELECT "status", COUNT(*) AS "n" FROM "OutboxMessage" WHERE "broadcastId" = ? GROUP BY "status"`,
    broadcastId,
  );
  const counts = Object.fromEntries(rows.map((r) => [r.status, r.n])) as Record<string, number | undefined>;
  return {
    sent: counts.SENT ?? 0,
    failed: counts.FAILED ?? 0,
    unreachable: counts.UNREACHABLE ?? 0,
    skipped: counts.SKIPPED ?? 0,
    waiting: (counts.PENDING ?? 0) + (counts.SENDING ?? 0),
  };
}

/** A leader's broadcasts still going out, and the ones finished in the last day: what they see before sending another. */
export async function recentBroadcastsOf(db: Tx, senderParticipantId: number, now: Date): Promise<BroadcastProgress[]> {
  const since = new Date(now.getTime() - 24 * 60 * 60 * 1000);
  const recent = await db.all<{ id: number }>(
    `SELECT "id" FROM "Broadcast" WHERE "senderParticipantId" = ? AND "kind" = 'LEADER' AND ("finishedAt" IS NULL OR "createdAt" >= ?)
     ORDER BY "id" DESC LIMIT 3`,
    senderParticipantId,
    since,
  );
  const progress: BroadcastProgress[] = [];
  for (const r of recent) progress.push(await broadcastProgress(db, r.id));
  return progress;
}

/**
 * Marks the broadcast finished once none of its rows waits any more; returns the broadcast
 * (for its report) the first time only.
 */
export async function finishIfDone(db: Tx, broadcastId: number, now: Date): Promise<Broadcast | null> {
  const waiting = await db.get(`SELECT 1 FROM "OutboxMessage" WHERE "broadcastId" = ? AND "status" IN ('PENDING', 'SENDING') LIMIT 1`, broadcastId);
  if (waiting) return null;
  // No row changes once settled: these are its final counts, kept when its rows are deleted (pruneOutbox).
  const counts = await countRows(db, broadcastId);
  const { changes } = await db.run(
    `UPDATE "Broadcast" SET "finishedAt" = ?, "sent" = ?, "failed" = ?, "unreachable" = ?, "skipped" = ?
     WHERE "id" = ? AND "finishedAt" IS NULL AND "fannedOutAt" IS NOT NULL`,
    now,
    counts.sent,
    counts.failed,
    counts.unreachable,
    counts.skipped,
    broadcastId,
  );
  if (!changes) return null;
  return toBroadcast((await db.get<BroadcastRow>(`SELECT ${COLUMNS} FROM "Broadcast" WHERE "id" = ?`, broadcastId))!);
}

/** The chat a youth is written to: the one they used last that still takes messages. */
export async function chatOf(db: Tx, participantId: number): Promise<{ channel: string; chatId: string } | null> {
  return (
    (await db.get<{ channel: string; chatId: string }>(
      `SELECT "channel", "chatId" FROM "Conversation" WHERE "participantId" = ? AND "unreachableAt" IS NULL ORDER BY "updatedAt" DESC LIMIT 1`,
      participantId,
    )) ?? null
  );
}
