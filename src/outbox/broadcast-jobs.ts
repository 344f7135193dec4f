import type { Tx } from "../db/client.js";
import { broadcastProgress, chatOf, dueBroadcasts, fanOut, finishIfDone, unfinishedBroadcasts, type Broadcast } from "../domain/broadcasts.js";
import { findDialogueWithTopics } from "../domain/dialogues.js";
import { findUnit } from "../domain/roles.js";
import { dialogueItem } from "../flows/dialogues.listing.js";
import { raw, t, type Text } from "../i18n/i18n.js";
import { enqueue } from "./outbox.store.js";
import type { OutboxPayload } from "./payload.js";

/** What a broadcast says, composed when it is fanned out (a reminder shows the dates as they are then). */
async function noticeOf(db: Tx, b: Broadcast, now: Date): Promise<OutboxPayload | null> {
  if (b.kind === "LEADER") {
    const unit = b.unitId ? await findUnit(db, b.unitId) : null;
    return { texts: [t("broadcast-from-leader", { unit: unit?.name ?? "", text: raw(b.text ?? "") })], announcement: true };
  }
  const dialogue = b.dialogueId ? await findDialogueWithTopics(db, b.dialogueId) : null;
  if (!dialogue) return null;
  // Fanned out late (the server was down): a reminder of a deadline or an event already past is not sent.
  if (b.kind === "DEADLINE_REMINDER" && now >= dialogue.submissionsCloseAt) return null;
  if ((b.kind === "EVENT_REMINDER" || b.kind === "INVITATION_REMINDER") && now >= dialogue.startsAt) return null;
  const details = dialogueItem(dialogue, now);
  const texts: Record<Exclude<Broadcast["kind"], "LEADER">, Text[]> = {
    ANNOUNCEMENT: [t("notice-dialogue-published"), details, t("notice-how-to-submit")],
    DIALOGUE_UPDATE: [t("notice-dialogue-changed"), details],
    DEADLINE_REMINDER: [t("notice-deadline-reminder", { title: dialogue.title, closesAt: dialogue.submissionsCloseAt }), t("notice-how-to-submit")],
    EVENT_REMINDER: [t("notice-event-reminder", { title: dialogue.title, startsAt: dialogue.startsAt, venue: dialogue.venue })],
    INVITATION_REMINDER: [t("notice-invitation-reminder", { title: dialogue.title, startsAt: dialogue.startsAt, venue: dialogue.venue })],
  };
  // Invitation reminders reach those who accepted even if they muted announcements.
  return { texts: texts[b.kind], announcement: b.kind !== "INVITATION_REMINDER" };
}

/** Fans out every broadcast that is due; returns how many rows were written. */
export async function fanOutDue(db: Tx, now: Date): Promise<number> {
  let rows = 0;
  for (const b of await dueBroadcasts(db, now)) {
    const payload = await noticeOf(db, b, now);
    // Nothing to say (its dialogue was deleted, or the reminder is too late): the broadcast is done.
    rows += await fanOut(db, b, payload, now);
    await settleBroadcast(db, b.id, now);
  }
  return rows;
}

/**
 * Finishes the broadcasts fanned out whose rows have all been settled: a process that settled the
 * last row of one and stopped before looking at it leaves it to this.
 */
export async function finishSettled(db: Tx, now: Date): Promise<void> {
  for (const id of await unfinishedBroadcasts(db)) await settleBroadcast(db, id, now);
}

/** Once a broadcast has no row waiting, its sender (a leader) gets the delivery report. */
export async function settleBroadcast(db: Tx, broadcastId: number, now: Date): Promise<void> {
  const finished = await finishIfDone(db, broadcastId, now);
  if (!finished?.senderParticipantId) return;
  const chat = await chatOf(db, finished.senderParticipantId);
  if (!chat) return;
  const p = await broadcastProgress(db, broadcastId);
  await enqueue(
    db,
    {
      ...chat,
      participantId: finished.senderParticipantId,
      payload: { texts: [t("broadcast-report", { total: p.total, sent: p.sent, failed: p.failed, unreachable: p.unreachable, skipped: p.skipped })] },
      bulk: false,
      dueAt: now,
    },
    now,
  );
}
