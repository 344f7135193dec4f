import type { Tx } from "../db/client.js";

/** A chat's row: who is in it, its language, and the flow step it stands on with that step's state (JSON). */
export interface ConversationRow {
  channel: string;
  chatId: string;
  participantId: number | null;
  locale: string;
  flow: string | null;
  step: string | null;
  state: string;
  version: number;
}

/** Records an update as handled; false when it already was (a redelivery). */
export async function claimUpdate(db: Tx, channel: string, updateKey: string, now: Date): Promise<boolean> {
  const { changes } = await db.run(
    `INSERT INTO "ProcessedUpdate" ("channel", "updateKey", "createdAt") VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
    channel,
    updateKey,
    now,
  );
  return changes === 1;
}

export async function loadConversation(db: Tx, channel: string, chatId: string): Promise<(ConversationRow & { updatedAt: Date }) | null> {
  const row = await db.get<ConversationRow & { updatedAt: string }>(
    `SELECT "channel", "chatId", "participantId", "locale", "flow", "step", "state", "version", "updatedAt"
     FROM "Conversation" WHERE "channel" = ? AND "chatId" = ?`,
    channel,
    chatId,
  );
  return row ? { ...row, updatedAt: new Date(row.updatedAt) } : null;
}

/** Saving means the chat was just used: it takes messages again if it had been recorded unreachable. */
export async function saveConversation(db: Tx, row: ConversationRow, now: Date): Promise<void> {
  await db.run(
    `INSERT INTO "Conversation" ("channel", "chatId", "participantId", "locale", "flow", "step", "state", "version", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT ("channel", "chatId") DO UPDATE SET
       "participantId" = excluded."participantId", "locale" = excluded."locale", "flow" = excluded."flow",
       "step" = excluded."step", "state" = excluded."state", "version" = excluded."version", "updatedAt" = excluded."updatedAt",
       "unreachableAt" = NULL`,
    row.channel,
    row.chatId,
    row.participantId,
    row.locale,
    row.flow,
    row.step,
    row.state,
    row.version,
    now,
  );
}

/** Forgets handled updates older than `before`: platforms stop redelivering within a day. */
export async function pruneProcessedUpdates(db: Tx, before: Date): Promise<number> {
  const { changes } = await db.run(`DELETE FROM "ProcessedUpdate" WHERE "createdAt" < ?`, before);
  return changes;
}
