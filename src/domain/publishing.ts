import type { Tx } from "../db/client.js";
import { cancelPendingReminders, scheduleBroadcast } from "./broadcasts.js";
import { DomainError } from "./errors.js";
import { vietnamTimeDaysBefore } from "./vietnam-time.js";

/** Reminders go out at 08:00 Vietnam time: 2 days before the deadline's day, and the day before the dialogue. */
export const REMINDER_HOUR = 8;
export const DEADLINE_REMINDER_DAYS = 2;
export const EVENT_REMINDER_DAYS = 1;

interface DialogueDates {
  id: number;
  hostUnitId: number;
  startsAt: Date;
  submissionsCloseAt: Date;
  venue: string;
  publishedAt: Date | null;
}

async function loadDates(db: Tx, dialogueId: number): Promise<DialogueDates> {
  const row = await db.get<{ id: number; hostUnitId: number; startsAt: string; submissionsCloseAt: string; venue: string; publishedAt: string | null }>(
    `SELECT "id", "hostUnitId", "startsAt", "submissionsCloseAt", "venue", "publishedAt" FROM "Dialogue" WHERE "id" = ?`,
    dialogueId,
  );
  if (!row) throw new DomainError("dialogue-unknown", { dialogue: dialogueId });
  return {
    ...row,
    startsAt: new Date(row.startsAt),
    submissionsCloseAt: new Date(row.submissionsCloseAt),
    publishedAt: row.publishedAt ? new Date(row.publishedAt) : null,
  };
}

/** Schedules the reminders still ahead; one whose time has passed is not sent late. */
async function scheduleReminders(db: Tx, d: DialogueDates, now: Date) {
  const deadline = vietnamTimeDaysBefore(d.submissionsCloseAt, DEADLINE_REMINDER_DAYS, REMINDER_HOUR);
  const event = vietnamTimeDaysBefore(d.startsAt, EVENT_REMINDER_DAYS, REMINDER_HOUR);
  const base = { dialogueId: d.id, unitId: d.hostUnitId };
  if (deadline > now && deadline < d.submissionsCloseAt) await scheduleBroadcast(db, { ...base, kind: "DEADLINE_REMINDER", dueAt: deadline }, now);
  if (event > now && event < d.startsAt) {
    await scheduleBroadcast(db, { ...base, kind: "EVENT_REMINDER", dueAt: event }, now);
    await scheduleBroadcast(db, { ...base, kind: "INVITATION_REMINDER", dueAt: event }, now);
  }
}

/** Publishing shows the dialogue to youth, announces it to those of the host unit and below, and schedules its reminders. */
export async function publishDialogue(db: Tx, dialogueId: number, now: Date): Promise<void> {
  const d = await loadDates(db, dialogueId);
  if (d.publishedAt) throw new DomainError("dialogue-already-published", { dialogue: dialogueId, publishedAt: d.publishedAt });
  if (d.startsAt <= now) throw new DomainError("dialogue-in-the-past", { dialogue: dialogueId, startsAt: d.startsAt });
  await db.run(`UPDATE "Dialogue" SET "publishedAt" = ?, "updatedAt" = ? WHERE "id" = ?`, now, now, dialogueId);
  await scheduleBroadcast(db, { kind: "ANNOUNCEMENT", dialogueId, unitId: d.hostUnitId, dueAt: now }, now);
  await scheduleReminders(db, d, now);
}

export interface DialogueChange {
  startsAt?: Date;
  venue?: string;
  submissionsCloseAt?: Date;
}

/**
 * Changes a dialogue's date, venue or deadline. Once published, a changed date or venue is
 * announced, and the reminders follow the new dates.
 */
export async function changeDialogue(db: Tx, dialogueId: number, change: DialogueChange, now: Date): Promise<{ announced: boolean }> {
  const before = await loadDates(db, dialogueId);
  const after: DialogueDates = {
    ...before,
    startsAt: change.startsAt ?? before.startsAt,
    venue: change.venue ?? before.venue,
    submissionsCloseAt: change.submissionsCloseAt ?? before.submissionsCloseAt,
  };
  if (after.submissionsCloseAt > after.startsAt) {
    throw new DomainError("dialogue-deadline-after-start", { deadline: after.submissionsCloseAt, startsAt: after.startsAt });
  }
  await db.run(
    `UPDATE "Dialogue" SET "startsAt" = ?, "venue" = ?, "submissionsCloseAt" = ?, "updatedAt" = ? WHERE "id" = ?`,
    after.startsAt,
    after.venue,
    after.submissionsCloseAt,
    now,
    dialogueId,
  );
  if (!before.publishedAt) return { announced: false };
  await cancelPendingReminders(db, dialogueId);
  await scheduleReminders(db, after, now);
  const changed = after.startsAt.getTime() !== before.startsAt.getTime() || after.venue !== before.venue;
  if (changed) await scheduleBroadcast(db, { kind: "DIALOGUE_UPDATE", dialogueId, unitId: before.hostUnitId, dueAt: now }, now);
  return { announced: changed };
}
