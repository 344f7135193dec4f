import type { Tx } from "../db/client.js";

export const UNIT_LEVELS = ["PROVINCE", "TOWN", "WARD", "BRANCH"] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

/** The neighbourhood branches a youth can belong to, by name. */
export function listBranches(db: Tx) {
  return db.unit.findMany({ where: { level: "BRANCH" }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}

