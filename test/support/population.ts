import type { Db } from "../../src/db/client.js";
import { CONSENT_VERSION } from "../../src/domain/participants.js";

export interface PopulationOptions {
  count: number;
  /** Unit code of their branch. */
  branch: string;
  channel: "telegram" | "zalo";
  /** Chat ids are firstChatId, firstChatId + 1, … */
  firstChatId: number;
  announcements?: boolean;
  locale?: "vi" | "en";
  /** Time their consent and chats are stamped with. */
  at: Date;
}

/**
 * Registers youth straight into the database, as if each had consented and finished the profile
 * in the bot: the audience of a broadcast test or benchmark, without thousands of conversations.
 */
export async function registerYouth(db: Db, o: PopulationOptions): Promise<number[]> {
  return db.transaction(async (tx) => {
    const branch = await tx.get<{ id: number }>(`SELECT "id" FROM "Unit" WHERE "code" = ?`, o.branch);
    if (!branch) throw new Error(`no unit ${o.branch}`);
    const ids: number[] = [];
    for (let i = 0; i < o.count; i++) {
      const id = (await tx.get<{ id: number }>(
        `INSERT INTO "Participant" ("consentVersion", "consentAt", "consentChannel", "consentAnnouncements", "fullName", "birthYear", "branchId", "createdAt", "updatedAt")
         VALUES (?, ?, ?, ?, ?, 2000, ?, ?, ?) RETURNING "id"`,
        CONSENT_VERSION,
        o.at,
        o.channel,
        o.announcements ?? true,
        `Đoàn viên ${o.firstChatId + i}`,
        branch.id,
        o.at,
        o.at,
      ))!.id;
      await tx.run(
        `INSERT INTO "Conversation" ("channel", "chatId", "participantId", "locale", "flow", "step", "state", "version", "updatedAt")
         VALUES (?, ?, ?, ?, 'menu', 'main', '{}', 1, ?)`,
        o.channel,
        String(o.firstChatId + i),
        id,
        o.locale ?? "vi",
        o.at,
      );
      ids.push(id);
    }
    return ids;
  });
}
