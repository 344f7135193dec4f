import type { Db } from "../../src/db/client.js";
import { createClaimCode, findUnitByCode, type Role } from "../../src/domain/roles.js";
import type { FakePlatform } from "./fake-platform.js";

/** A one-time code for a role, as `npm run cli -- role code` makes it; valid for a day from `now` unless told. */
export async function claimCodeFor(db: Db, role: Role, unitCode: string, expiresAt?: Date, now = new Date("2026-11-25T03:00:00Z")) {
  return db.transaction(async (tx) =>
    createClaimCode(tx, { role, unit: (await findUnitByCode(tx, unitCode))!, createdBy: "test", expiresAt: expiresAt ?? new Date(now.getTime() + 86_400_000), now }),
  );
}

/** Waits until a chat has received a message containing `text` (the outbox sends on its own time), and returns its text. */
export async function received(fake: FakePlatform, chatId: number | string, text: string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = fake.sentTo(chatId).find((m) => m.text.includes(text));
    if (found) return found.text;
    if (Date.now() > deadline) {
      throw new Error(`chat ${chatId} never got "${text}"; its last: ${JSON.stringify(fake.sentTo(chatId).map((m) => m.text).slice(-2))}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
