import type { Tx } from "../../db/client.js";
import { UNIT_SUBTREE, type Unit } from "../../domain/roles.js";
import type { StaffPrincipal } from "../../domain/staff-tokens.js";
import { ApiError } from "./api-error.js";

/** The units a staff member may see: theirs and every unit below it. */
export function unitsInScope(db: Tx, who: StaffPrincipal): Promise<(Unit & { parentId: number | null })[]> {
  return db.all(
    `${UNIT_SUBTREE} SELECT u."id", u."code", u."name", u."level", u."parentId" FROM "Unit" u JOIN "scope" s ON s."id" = u."id" ORDER BY u."code"`,
    who.unitId,
  );
}

export async function isUnitInScope(db: Tx, who: StaffPrincipal, unitId: number): Promise<boolean> {
  return !!(await db.get(`${UNIT_SUBTREE} SELECT 1 FROM "scope" WHERE "id" = ?`, who.unitId, unitId));
}

/** A unit by code, if it is in scope: unknown is 404, outside the scope 403. */
export async function unitInScope(db: Tx, who: StaffPrincipal, code: string): Promise<Unit> {
  const unit = await db.get<Unit>(`SELECT "id", "code", "name", "level" FROM "Unit" WHERE "code" = ?`, code);
  if (!unit) throw new ApiError(404, "unit_not_found", { unit: code });
  if (!(await isUnitInScope(db, who, unit.id))) throw new ApiError(403, "out_of_scope", { unit: code });
  return unit;
}

/** A dialogue hosted by a unit in scope: unknown is 404, another unit's 403. */
export async function dialogueInScope(db: Tx, who: StaffPrincipal, id: number) {
  const d = await db.get<{ id: number; hostUnitId: number; title: string; codePrefix: string }>(
    `SELECT "id", "hostUnitId", "title", "codePrefix" FROM "Dialogue" WHERE "id" = ?`,
    id,
  );
  if (!d) throw new ApiError(404, "dialogue_not_found", { dialogue: id });
  if (!(await isUnitInScope(db, who, d.hostUnitId))) throw new ApiError(403, "out_of_scope", { dialogue: id });
  return d;
}

/** A proposal of a dialogue in scope. */
export async function proposalInScope(db: Tx, who: StaffPrincipal, id: number) {
  const p = await db.get<{ id: number; dialogueId: number }>(`SELECT "id", "dialogueId" FROM "Proposal" WHERE "id" = ? AND "status" <> 'WITHDRAWN'`, id);
  if (!p) throw new ApiError(404, "proposal_not_found", { proposal: id });
  await dialogueInScope(db, who, p.dialogueId);
  return p;
}
