import type { Tx } from "../db/client.js";
import { PARTICIPANT_COLUMNS, toParticipant, type Participant, type ParticipantRow } from "../domain/participants.js";

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

const CLAIM = `INSERT INTO "ProcessedUpdate" ("channel", "updateKey", "createdAt") VALUES (?, ?, ?) ON CONFLICT DO NOTHING`;

/** Records an update as handled; false when it already was (a redelivery). */
export async function claimUpdate(db: Tx, channel: string, updateKey: string, now: Date): Promise<boolean> {
  const { changes } = await db.run(CLAIM, channel, updateKey, now);
  return changes === 1;
}

/** A chat as stored, with its youth (null when nobody is known in it, or they were anonymised). */
export type StoredChat = ConversationRow & { updatedAt: Date; participant: Participant | null };

const CHAT = `SELECT c."channel", c."chatId", c."participantId", c."locale", c."flow", c."step", c."state", c."version", c."updatedAt",
    ${PARTICIPANT_COLUMNS}
  FROM "Conversation" c
  LEFT JOIN "Participant" p ON p."id" = c."participantId" AND p."anonymisedAt" IS NULL
  LEFT JOIN "Unit" u ON u."id" = p."branchId"
  WHERE c."channel" = ? AND c."chatId" = ?`;

type ChatRow = ConversationRow & { updatedAt: string } & { [K in keyof ParticipantRow]: ParticipantRow[K] | null };

/**
 * What an update's transaction starts with: the update claimed (`claimed` false: a redelivery,
 * handled already), and the chat as stored with its youth. One round trip on PostgreSQL, with the
 * transaction's BEGIN and the chat's turn.
 */
export async function openStoredChat(
  db: Tx,
  channel: string,
  chatId: string,
  claim?: { updateKey: string; now: Date },
): Promise<{ claimed: boolean; chat: StoredChat | null }> {
  const results = await db.batch([
    ...(claim ? [{ sql: CLAIM, params: [channel, claim.updateKey, claim.now] }] : []),
    { sql: CHAT, params: [channel, chatId] },
  ]);
  const claimed = !claim || results[0]!.changes === 1;
  const row = results.at(-1)!.rows[0] as ChatRow | undefined;
  if (!row) return { claimed, chat: null };
  const { channel: c, chatId: id, participantId, locale, flow, step, state, version, updatedAt } = row;
  return {
    claimed,
    chat: {
      channel: c,
      chatId: id,
      participantId,
      locale,
      flow,
      step,
      state,
      version,
      updatedAt: new Date(updatedAt),
      participant: row.id === null ? null : toParticipant(row as ParticipantRow),
    },
  };
}

/**
 * Saving means the chat was just used: it takes messages again if it had been recorded unreachable.
 * The last write of an update's transaction: held for its COMMIT (`Tx.beforeCommit`), sent with it.
 */
export function saveConversation(db: Tx, row: ConversationRow, now: Date): void {
  db.beforeCommit(
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
