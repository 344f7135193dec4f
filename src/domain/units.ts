import type { Tx } from "../db/client.js";

/** The neighbourhood branches a youth can belong to, by name. */
export async function listBranches(db: Tx) {
  return db.all<{ id: number; name: string }>(`SELECT "id", "name" FROM "Unit" WHERE "level" = 'BRANCH' ORDER BY "name"`);
}
