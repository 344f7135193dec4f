import type { Db, Tx } from "../db/client.js";
import { placeholders } from "../db/placeholders.js";
import { encodePayload, type OutboxPayload } from "./payload.js";

export const OUTBOX_STATUSES = ["PENDING", "SENDING", "SENT", "FAILED", "UNREACHABLE", "SKIPPED"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
/** Settled: the row will not be sent (again). */
export type FinalStatus = Exclude<OutboxStatus, "PENDING" | "SENDING">;

export interface NewOutboxMessage {
  channel: string;
  chatId: string;
  participantId: number;
  payload: OutboxPayload;
  /** Bulk messages wait out quiet hours. */
  bulk: boolean;
  dueAt: Date;
  broadcastId?: number;
}

export async function enqueue(db: Tx, message: NewOutboxMessage, now: Date): Promise<number> {
  const { id } = (await db.get<{ id: number }>(
    `INSERT INTO "OutboxMessage" ("broadcastId", "participantId", "channel", "chatId", "payload", "bulk", "dueAt", "status", "attempts", "createdAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?) RETURNING "id"`,
    message.broadcastId ?? null,
    message.participantId,
    message.channel,
    message.chatId,
    encodePayload(message.payload),
    message.bulk,
    message.dueAt,
    now,
  ))!;
  return id;
}

/** A claimed row, with what the chat is like now: its language, who is in it, whether they muted announcements. */
export interface ClaimedMessage {
  id: number;
  broadcastId: number | null;
  participantId: number | null;
  channel: string;
  chatId: string;
  payload: string;
  attempts: number;
  locale: string | null;
  chatParticipantId: number | null;
  muted: number | null;
}

/** A row that may be claimed: not claimed, or its claim ran out. */
const CLAIMABLE = `("status" = 'PENDING' OR ("status" = 'SENDING' AND "claimedUntil" < ?))`;

/**
 * Takes up to `limit` rows of `channel` that are due (and were not claimed, or whose claim ran
 * out) and marks them SENDING until `claimUntil`. During quiet hours only non-bulk rows.
 *
 * Safe under READ COMMITTED, where another process may claim the same rows meanwhile: each row is
 * taken only if it is still claimable when updated (a row another claim holds is waited for, then
 * found taken). `skipLocked` (PostgreSQL): rows another claim is taking are passed over as they
 * are read, so two processes claiming at once take different rows rather than one taking none.
 *
 * The rows are picked by id first, along the index on channel, status, due time and id, so a claim
 * reads about `limit` rows however long the queue is; their chats are joined afterwards. Joined
 * before the limit, a town's broadcast (37 000 rows queued) had every claim join each queued row to
 * its chat and youth and sort them all: a second a claim, which held two processes to about 130
 * messages a second (bench:scale).
 */
export async function claimDue(
  db: Tx,
  opts: { channel: string; now: Date; limit: number; claimUntil: Date; quiet: boolean; skipLocked?: boolean },
): Promise<ClaimedMessage[]> {
  const pick = (status: string, limit: number) =>
    db.all<{ id: number }>(
      `SELECT "id" FROM "OutboxMessage"
       WHERE "channel" = ? AND "status" = ?${status === "SENDING" ? ` AND "claimedUntil" < ?` : ""} AND "dueAt" <= ? AND ("bulk" = FALSE OR ? = FALSE)
       ORDER BY "dueAt", "id" LIMIT ?${opts.skipLocked ? " FOR UPDATE SKIP LOCKED" : ""}`,
      opts.channel,
      status,
      ...(status === "SENDING" ? [opts.now] : []),
      opts.now,
      opts.quiet,
      limit,
    );
  // Rows whose claim ran out (a process died holding them) were due before the rest: they go first.
  const picked = await pick("SENDING", opts.limit);
  if (picked.length < opts.limit) picked.push(...(await pick("PENDING", opts.limit - picked.length)));
  if (!picked.length) return [];
  const taken = await db.all<{ id: number }>(
    `UPDATE "OutboxMessage" SET "status" = 'SENDING', "claimedUntil" = ? WHERE "id" IN (${placeholders(picked.length)}) AND ${CLAIMABLE} RETURNING "id"`,
    opts.claimUntil,
    ...picked.map((r) => r.id),
    opts.now,
  );
  if (!taken.length) return [];
  return db.all<ClaimedMessage>(
    `SELECT o."id", o."broadcastId", o."participantId", o."channel", o."chatId", o."payload", o."attempts",
            c."locale", c."participantId" AS "chatParticipantId", p."announcementsMuted" AS "muted"
     FROM "OutboxMessage" o
     LEFT JOIN "Conversation" c ON c."channel" = o."channel" AND c."chatId" = o."chatId"
     LEFT JOIN "Participant" p ON p."id" = o."participantId"
     WHERE o."id" IN (${placeholders(taken.length)}) ORDER BY o."dueAt", o."id"`,
    ...taken.map((r) => r.id),
  );
}

/** The platform took them: recorded even if a claim ran out meanwhile (a process that took the row over may repeat it). */
export async function markAllSent(db: Tx, ids: number[], now: Date): Promise<void> {
  await db.run(`UPDATE "OutboxMessage" SET "status" = 'SENT', "sentAt" = ?, "claimedUntil" = NULL WHERE "id" IN (${placeholders(ids.length)})`, now, ...ids);
}

/** Rows deleted by one transaction of `pruneOutbox`: short enough not to hold up senders (SQLite has one writer). */
const PRUNE_BATCH = 1000;

/**
 * Deletes the rows settled that were made before `before`, replies and reminders alike, those of a
 * broadcast once its counts are kept on it (`finishIfDone`); a batch a transaction, while `goOn`
 * says so (the process is not stopping). Returns how many.
 */
export async function pruneOutbox(db: Db, before: Date, goOn: () => boolean = () => true): Promise<number> {
  let pruned = 0;
  while (goOn()) {
    const { changes } = await db.transaction((tx) =>
      tx.run(
        `DELETE FROM "OutboxMessage" WHERE "id" IN (
           SELECT o."id" FROM "OutboxMessage" o LEFT JOIN "Broadcast" b ON b."id" = o."broadcastId"
           WHERE o."status" IN ('SENT', 'FAILED', 'UNREACHABLE', 'SKIPPED') AND o."createdAt" < ? AND (o."broadcastId" IS NULL OR b."sent" IS NOT NULL)
           ORDER BY o."id" LIMIT ${PRUNE_BATCH})`,
        before,
      ),
    );
    pruned += changes;
    if (changes < PRUNE_BATCH) break;
  }
  return pruned;
}

/**
 * Settles a row that will not be sent, while this process's claim on it holds (another process
 * that took it over after the claim ran out decides for itself); an unreachable chat is recorded
 * on the chat too.
 */
export async function markUndelivered(
  db: Tx,
  row: { id: number; channel: string; chatId: string; until: Date },
  status: Exclude<FinalStatus, "SENT">,
  error: string,
  now: Date,
): Promise<void> {
  const { changes } = await db.run(
    `UPDATE "OutboxMessage" SET "status" = ?, "lastError" = ?, "claimedUntil" = NULL WHERE "id" = ? AND "status" = 'SENDING' AND "claimedUntil" = ?`,
    status,
    error,
    row.id,
    row.until,
  );
  if (changes && status === "UNREACHABLE") {
    await db.run(`UPDATE "Conversation" SET "unreachableAt" = ? WHERE "channel" = ? AND "chatId" = ?`, now, row.channel, row.chatId);
  }
}

/** Puts a row back to be tried again at `dueAt`, while this process's claim on it holds. */
export async function retryLater(db: Tx, held: HeldClaim, dueAt: Date, error: string): Promise<void> {
  await db.run(
    `UPDATE "OutboxMessage" SET "status" = 'PENDING', "attempts" = "attempts" + 1, "dueAt" = ?, "lastError" = ?, "claimedUntil" = NULL
     WHERE "id" = ? AND "status" = 'SENDING' AND "claimedUntil" = ?`,
    dueAt,
    error,
    held.id,
    held.until,
  );
}

/** A claim as the process holding it last set it: still its own while the row's `claimedUntil` is `until`. */
export interface HeldClaim {
  id: number;
  until: Date;
}

/**
 * Extends the claims this process still holds: a row's only while its claim is the one this
 * process last set (`until`). A claim that ran out meanwhile (this process stalled) and was taken
 * by another is left to that one, and a row settled meanwhile as it is. Returns the rows renewed.
 * Each statement is committed alone: rows in flight are being recorded as sent meanwhile, and
 * waited for the renewal's commit (bench:scale).
 */
export async function renewClaims(db: Db, held: HeldClaim[], claimUntil: Date): Promise<Set<number>> {
  const byUntil = new Map<number, number[]>();
  for (const { id, until } of held) {
    const ids = byUntil.get(until.getTime());
    if (ids) ids.push(id);
    else byUntil.set(until.getTime(), [id]);
  }
  const renewed = new Set<number>();
  for (const [until, ids] of byUntil)
    for (let i = 0; i < ids.length; i += RENEW_CHUNK) {
      const chunk = ids.slice(i, i + RENEW_CHUNK);
      const rows = await db.transaction(
        (tx) =>
          tx.all<{ id: number }>(
            `UPDATE "OutboxMessage" SET "claimedUntil" = ?
             WHERE "id" IN (${placeholders(chunk.length)}) AND "status" = 'SENDING' AND "claimedUntil" = ? RETURNING "id"`,
            claimUntil,
            ...chunk,
            new Date(until),
          ),
        { alone: true },
      );
      for (const { id } of rows) renewed.add(id);
    }
  return renewed;
}
/** Ids a statement: SQLite takes up to 32 766 parameters, PostgreSQL 65 535. */
const RENEW_CHUNK = 500;

/** Hands back rows claimed and not sent (this process stops): they go out first. A claim another process took since is left to it. */
export async function releaseClaims(db: Tx, held: HeldClaim[]): Promise<void> {
  for (const { id, until } of held)
    await db.run(`UPDATE "OutboxMessage" SET "status" = 'PENDING', "claimedUntil" = NULL WHERE "id" = ? AND "status" = 'SENDING' AND "claimedUntil" = ?`, id, until);
}

/**
 * At start on SQLite, one process sends on a channel: rows of it still SENDING were in flight when
 * the previous process died. They go out again (the platform may have taken them: at most those repeat).
 */
export async function releaseAllClaims(db: Tx, channel: string): Promise<number> {
  const { changes } = await db.run(
    `UPDATE "OutboxMessage" SET "status" = 'PENDING', "claimedUntil" = NULL WHERE "status" = 'SENDING' AND "channel" = ?`,
    channel,
  );
  return changes;
}
