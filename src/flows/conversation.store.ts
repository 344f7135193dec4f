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

// Read and written on every update: plain SQL, valid on SQLite and PostgreSQL, because the
// Prisma query compiler costs several times the query itself on this path.

/** Records an update as handled; false when it already was (a redelivery). */
export async function claimUpdate(db: Tx, channel: string, updateKey: string, now: Date): Promise<boolean> {
  const inserted = await db.$executeRaw`
    INSERT INTO "ProcessedUpdate" ("channel", "updateKey", "createdAt") VALUES (${channel}, ${updateKey}, ${now})
    ON CONFLICT DO NOTHING`;
  return inserted === 1;
}

export async function loadConversation(db: Tx, channel: string, chatId: string): Promise<ConversationRow | null> {
  const [row] = await db.$queryRaw<ConversationRow[]>`
    SELECT "channel", "chatId", "participantId", "locale", "flow", "step", "state", "version"
    FROM "Conversation" WHERE "channel" = ${channel} AND "chatId" = ${chatId}`;
  return row ?? null;
}

export async function saveConversation(db: Tx, row: ConversationRow, now: Date): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "Conversation" ("channel", "chatId", "participantId", "locale", "flow", "step", "state", "version", "updatedAt")
    VALUES (${row.channel}, ${row.chatId}, ${row.participantId}, ${row.locale}, ${row.flow}, ${row.step}, ${row.state}, ${row.version}, ${now})
    ON CONFLICT ("channel", "chatId") DO UPDATE SET
      "participantId" = excluded."participantId", "locale" = excluded."locale", "flow" = excluded."flow",
      "step" = excluded."step", "state" = excluded."state", "version" = excluded."version", "updatedAt" = excluded."updatedAt"`;
}
