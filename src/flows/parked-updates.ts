import type { Tx } from "../db/client.js";

export interface ParkedUpdate {
  id: number;
  channel: string;
  chatId: string;
  updateKey: string | null;
  participantId: number | null;
  input: string;
  error: string;
  attempts: number;
  createdAt: string;
}

/**
 * Keeps an update that failed every try, with its error, and clears its chat's flow: what made
 * it fail may be the flow's own state, and the chat's next message must be served, from the menu.
 */
export async function parkUpdate(
  db: Tx,
  p: { channel: string; chatId: string; updateKey?: string; input: unknown; error: unknown; attempts: number },
  now: Date,
): Promise<void> {
  const chat = await db.get<{ participantId: number | null }>(
    `SELECT "participantId" FROM "Conversation" WHERE "channel" = ? AND "chatId" = ?`,
    p.channel,
    p.chatId,
  );
  await db.run(
    `INSERT INTO "ParkedUpdate" ("channel", "chatId", "updateKey", "participantId", "input", "error", "attempts", "createdAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    p.channel,
    p.chatId,
    p.updateKey ?? null,
    chat?.participantId ?? null,
    JSON.stringify(p.input),
    describeError(p.error),
    p.attempts,
    now,
  );
  await db.run(
    `UPDATE "Conversation" SET "flow" = NULL, "step" = NULL, "state" = '{}', "updatedAt" = ? WHERE "channel" = ? AND "chatId" = ?`,
    now,
    p.channel,
    p.chatId,
  );
}

/** The most recent parked updates first. */
export function listParkedUpdates(db: Tx, limit: number): Promise<ParkedUpdate[]> {
  return db.all<ParkedUpdate>(
    `SELECT "id", "channel", "chatId", "updateKey", "participantId", "input", "error", "attempts", "createdAt"
     FROM "ParkedUpdate" ORDER BY "id" DESC LIMIT ?`,
    limit,
  );
}

/** The error's name, message and where it was thrown: what a developer needs, without the whole stack. */
function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const where = err.stack?.split("\n").find((line) => line.trim().startsWith("at "))?.trim();
  return `${err.name}: ${err.message}${where ? ` (${where})` : ""}`;
}
