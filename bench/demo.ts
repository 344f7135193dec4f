import type { Db } from "../src/db/client.js";
import { seedDemo } from "../src/seed/demo.js";

/**
 * The demo dialogue (`src/seed/demo.ts`) for a benchmark, dated from `now`. Its announcement went
 * out when it was published, before the benchmark's youth joined: only what the benchmark sends is
 * measured. (Its reminders are weeks ahead.)
 */
export async function seedDemoAnnounced(db: Db, now: Date): Promise<void> {
  if (!(await seedDemo(db, now))) throw new Error("the benchmark's database already has units");
  await db.transaction(async (tx) =>
    tx.run(`UPDATE "Broadcast" SET "fannedOutAt" = ?, "finishedAt" = ? WHERE "fannedOutAt" IS NULL AND "dueAt" <= ?`, now, now, now),
  );
}
