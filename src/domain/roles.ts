import { createHash, randomInt } from "node:crypto";
import type { Tx } from "../db/client.js";
import { DomainError } from "./errors.js";

export const ROLES = ["LEADER", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

export interface RoleGrant {
  role: Role;
  unitId: number;
  unitName: string;
  unitLevel: string;
}

export interface Unit {
  id: number;
  code: string;
  name: string;
  level: string;
}

export function findUnitByCode(db: Tx, code: string): Unit | null {
  return db.get<Unit>(`SELECT "id", "code", "name", "level" FROM "Unit" WHERE "code" = ?`, code) ?? null;
}

export function findUnit(db: Tx, id: number): Unit | null {
  return db.get<Unit>(`SELECT "id", "code", "name", "level" FROM "Unit" WHERE "id" = ?`, id) ?? null;
}

/** `unitId` and every unit below it; the CTE is standard SQL (SQLite and PostgreSQL). */
export const UNIT_SUBTREE = `WITH RECURSIVE "scope"("id") AS (
  SELECT ? UNION ALL SELECT u."id" FROM "Unit" u JOIN "scope" s ON u."parentId" = s."id")`;

/** The branches at or below a unit, by name. */
export function branchesWithin(db: Tx, unitId: number): Unit[] {
  return db.all<Unit>(
    `${UNIT_SUBTREE} SELECT u."id", u."code", u."name", u."level" FROM "Unit" u JOIN "scope" s ON s."id" = u."id"
     WHERE u."level" = 'BRANCH' ORDER BY u."name"`,
    unitId,
  );
}

export function rolesOf(db: Tx, participantId: number): RoleGrant[] {
  return db.all<RoleGrant>(
    `SELECT g."role", g."unitId", u."name" AS "unitName", u."level" AS "unitLevel"
     FROM "RoleGrant" g JOIN "Unit" u ON u."id" = g."unitId"
     JOIN "Participant" p ON p."id" = g."participantId" AND p."anonymisedAt" IS NULL
     WHERE g."participantId" = ? ORDER BY g."role" DESC, u."name"`,
    participantId,
  );
}

/** The units a leader may address: their branch; an admin's unit and the branches below it. */
export function addressableUnits(db: Tx, participantId: number): Unit[] {
  const units = new Map<number, Unit>();
  for (const grant of rolesOf(db, participantId)) {
    units.set(grant.unitId, findUnit(db, grant.unitId)!);
    if (grant.role === "ADMIN") for (const branch of branchesWithin(db, grant.unitId)) units.set(branch.id, branch);
  }
  return [...units.values()];
}

/** Checked on every use of a leader command: a role can be revoked between two messages. */
export function canAddress(db: Tx, participantId: number, unitId: number): boolean {
  return addressableUnits(db, participantId).some((u) => u.id === unitId);
}

function checkRoleUnit(role: Role, unit: Unit) {
  if (role === "LEADER" && unit.level !== "BRANCH") throw new DomainError("role-leader-needs-branch", { unit: unit.code });
}

export function grantRole(db: Tx, grant: { participantId: number; role: Role; unit: Unit; grantedBy: string; now: Date }): boolean {
  checkRoleUnit(grant.role, grant.unit);
  const exists = db.get(`SELECT 1 FROM "Participant" WHERE "id" = ? AND "anonymisedAt" IS NULL`, grant.participantId);
  if (!exists) throw new DomainError("participant-unknown", { participant: grant.participantId });
  return (
    db.run(
      `INSERT INTO "RoleGrant" ("participantId", "role", "unitId", "grantedBy", "createdAt") VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      grant.participantId,
      grant.role,
      grant.unit.id,
      grant.grantedBy,
      grant.now,
    ).changes === 1
  );
}

export function revokeRole(db: Tx, grant: { participantId: number; role: Role; unitId: number }): boolean {
  return (
    db.run(`DELETE FROM "RoleGrant" WHERE "participantId" = ? AND "role" = ? AND "unitId" = ?`, grant.participantId, grant.role, grant.unitId)
      .changes === 1
  );
}

// No 0/O, 1/I/L: a code is read aloud and typed on a phone.
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LENGTH = 8;

const hashCode = (code: string) => createHash("sha256").update(code).digest("hex");
/** Case, spaces and dashes do not matter: `abcd-efgh` is `ABCDEFGH`. */
const normaliseCode = (typed: string) => typed.toUpperCase().replace(/[\s-]/g, "");

/** A single-use code for a role; only its hash is kept. Shown as `ABCD-EFGH`. */
export function createClaimCode(db: Tx, claim: { role: Role; unit: Unit; createdBy: string; expiresAt: Date; now: Date }): string {
  checkRoleUnit(claim.role, claim.unit);
  const code = Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");
  db.run(
    `INSERT INTO "ClaimCode" ("codeHash", "role", "unitId", "expiresAt", "createdBy", "createdAt") VALUES (?, ?, ?, ?, ?, ?)`,
    hashCode(code),
    claim.role,
    claim.unit.id,
    claim.expiresAt,
    claim.createdBy,
    claim.now,
  );
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** Takes the role a code grants; the code is spent. */
export function claimRole(db: Tx, claim: { participantId: number; code: string; now: Date }): RoleGrant {
  const row = db.get<{ id: number; role: Role; unitId: number; expiresAt: string; usedAt: string | null }>(
    `SELECT "id", "role", "unitId", "expiresAt", "usedAt" FROM "ClaimCode" WHERE "codeHash" = ?`,
    hashCode(normaliseCode(claim.code)),
  );
  if (!row) throw new DomainError("claim-code-unknown");
  if (row.usedAt) throw new DomainError("claim-code-used");
  if (new Date(row.expiresAt) <= claim.now) throw new DomainError("claim-code-expired", { expiresAt: new Date(row.expiresAt) });
  db.run(`UPDATE "ClaimCode" SET "usedAt" = ?, "usedByParticipantId" = ? WHERE "id" = ?`, claim.now, claim.participantId, row.id);
  const unit = findUnit(db, row.unitId)!;
  grantRole(db, { participantId: claim.participantId, role: row.role, unit, grantedBy: `claim code #${row.id}`, now: claim.now });
  return { role: row.role, unitId: unit.id, unitName: unit.name, unitLevel: unit.level };
}
