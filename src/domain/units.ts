import type { Tx } from "../db/client.js";

export const UNIT_LEVELS = ["PROVINCE", "TOWN", "WARD", "BRANCH"] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

/** The neighbourhood branches a youth can belong to, by name. */
export async function listBranches(db: Tx) {
  return db.all<{ id: number; name: string }>(`SELECT "id", "name" FROM "Unit" WHERE "level" = 'BRANCH' ORDER BY "name"`);
}
