import type { Tx } from "../db/client.js";

export interface UnitChoice {
  id: number;
  name: string;
  level: string;
}

const byName = new Intl.Collator("vi", { numeric: true });

/**
 * The units a youth picks from on the way down to their branch: those right under `parentId` (the
 * top of the tree when null) that are a branch or have units under them, in Vietnamese order of
 * their names (Khu phố 2 before Khu phố 10). A province's 5 000 branches are never listed at once:
 * no messenger shows that many options.
 */
export async function unitsUnder(db: Tx, parentId: number | null): Promise<UnitChoice[]> {
  const rows = await db.all<UnitChoice>(
    `SELECT u."id", u."name", u."level" FROM "Unit" u
     WHERE ${parentId === null ? `u."parentId" IS NULL` : `u."parentId" = ?`}
       AND (u."level" = 'BRANCH' OR EXISTS (SELECT 1 FROM "Unit" c WHERE c."parentId" = u."id"))`,
    ...(parentId === null ? [] : [parentId]),
  );
  return rows.sort((a, b) => byName.compare(a.name, b.name));
}
