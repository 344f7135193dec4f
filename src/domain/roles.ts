import { createHash, randomInt } from "node:crypto";
import type { Statement, Tx } from "../db/client.js";
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

export async function findUnitByCode(db: Tx, code: string): Promise<Unit | null> {
  return (await db.get<Unit>(`SELECT "id", "code", "name", "level" FROM "Unit" WHERE "code" = ?`, code)) ?? null;
}

export async function findUnit(db: Tx, id: number): Promise<Unit | null> {
  return (await db.get<Unit>(`SELECT "id", "code", "name", "level" FROM "Unit" WHERE "id" = ?`, id)) ?? null;
}

/**
 * `unitId` and every unit below it; the CTE is standard SQL (SQLite and PostgreSQL), the parameter
 * cast because PostgreSQL would take an untyped one for text.
 */
export const UNIT_SUBTREE = `WITH RECURSIVE "scope"("id") AS (
  SELECT CAST(? AS INTEGER) UNION ALL SELECT u."id" FROM "Unit" u JOIN "scope" s ON u."parentId" = s."id")`;

/** The branches at or below a unit, by name. */
export function branchesWithin(db: Tx, unitId: number): Promise<Unit[]> {
  return db.all<Unit>(
    `${UNIT_SUBTREE} SELECT u."id", u."code", u."name", u."level" FROM "Unit" u JOIN "scope" s ON s."id" = u."id"
     WHERE u."level" = 'BRANCH' ORDER BY u."name"`,
    unitId,
  );
}

export function rolesOf(db: Tx, participantId: number): Promise<RoleGrant[]> {
  const { sql, params } = rolesOfStatement(participantId);
  return db.all<RoleGrant>(sql, ...params);
}

/** The statement `rolesOf` runs, for a batch (`Tx.batch`): its rows are `RoleGrant`s. */
export function rolesOfStatement(participantId: number): Statement {
  return {
    sql: `SELECT g."role", g."unitId", u."name" AS "unitName", u."level" AS "unitLevel"
     FROM "RoleGrant" g JOIN "Unit" u ON u."id" = g."unitId"
     JOIN "Participant" p ON p."id" = g."participantId" AND p."anonymisedAt" IS NULL
     WHERE g."participantId" = ? ORDER BY g."role" DESC, u."name"`,
    params: [participantId],
  };
}

/** The units a leader may address: their branch; an admin's unit and the branches below it. */
export async function addressableUnits(db: Tx, participantId: number): Promise<Unit[]> {
  const units = new Map<number, Unit>();
  for (const grant of await rolesOf(db, participantId)) {
    units.set(grant.unitId, (await findUnit(db, grant.unitId))!);
    if (grant.role === "ADMIN") for (const branch of await branchesWithin(db, grant.unitId)) units.set(branch.id, branch);
  }
  return [...units.values()];
}

/** Checked on every use of a leader command: a role can be revoked between two messages. */
export async function canAddress(db: Tx, participantId: number, unitId: number): Promise<boolean> {
  return (await addressableUnits(db, participantId)).some((u) => u.id === unitId);
}

function checkRoleUnit(role: Role, unit: Unit) {
  if (role === "LEADER" && unit.level !== "BRANCH") throw new DomainError("role-leader-needs-branch", { unit: unit.code });
}

export async function grantRole(db: Tx, grant: { participantId: number; role: Role; unit: Unit; grantedBy: string; now: Date }): Promise<boolean> {
  checkRoleUnit(grant.role, grant.unit);
  const exists = await db.get(`SELECT 1 FROM "Participant" WHERE "id" = ? AND "anonymisedAt" IS NULL`, grant.participantId);
  if (!exists) throw new DomainError("participant-unknown", { participant: grant.participantId });
  const { changes } = await db.run(
    `INSERT INTO "RoleGrant" ("participantId", "role", "unitId", "grantedBy", "createdAt") VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    grant.participantId,
    grant.role,
    grant.unit.id,
    grant.grantedBy,
    grant.now,
  );
  return changes === 1;
}

export async function revokeRole(db: Tx, grant: { participantId: number; role: Role; unitId: number }): Promise<boolean> {
  const { changes } = await db.run(
    `DELETE FROM "RoleGrant" WHERE "participantId" = ? AND "role" = ? AND "unitId" = ?`,
    grant.participantId,
    grant.role,
    grant.unitId,
  );
  return changes === 1;
}

// No 0/O, 1/I/L: a code is read aloud and typed on a phone.
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LENGTH = 8;

const hashCode = (code: string) => createHash("sha256").update(code).digest("hex");
/** Case, spaces and dashes do not matter: `abcd-efgh` is `ABCDEFGH`. */
const normaliseCode = (typed: string) => typed.toUpperCase().replace(/[\s-]/g, "");

/** A single-use code for a role; only its hash is kept. Shown as `ABCD-EFGH`. */
export async function createClaimCode(db: Tx, claim: { role: Role; unit: Unit; createdBy: string; expiresAt: Date; now: Date }): Promise<string> {
  checkRoleUnit(claim.role, claim.unit);
  const code = Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");
  await db.run(
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
export async function claimRole(db: Tx, claim: { participantId: number; code: string; now: Date }): Promise<RoleGrant> {
  const row = await db.get<{ id: number; role: Role; unitId: number; expiresAt: string; usedAt: string | null }>(
    `SELECT "id", "role", "unitId", "expiresAt", "usedAt" FROM "ClaimCode" WHERE "codeHash" = ?`,
    hashCode(normaliseCode(claim.code)),
  );
  if (!row) throw new DomainError("claim-code-unknown");
  if (row.usedAt) throw new DomainError("claim-code-used");
  if (new Date(row.expiresAt) <= claim.now) throw new DomainError("claim-code-expired", { expiresAt: new Date(row.expiresAt) });
  // Spent only if nobody spent it meanwhile: two chats sending one code at once get one role between them.
  const { changes } = await db.run(
    `UPDATE "ClaimCode" SET "usedAt" = ?, "usedByParticipantId" = ? WHERE "id" = ? AND "usedAt" IS NULL`,
    claim.now,
    claim.participantId,
    row.id,
  );
  if (!changes) throw new DomainError("claim-code-used");
  const unit = (await findUnit(db, row.unitId))!;
  await grantRole(db, { participantId: claim.participantId, role: row.role, unit, grantedBy: `claim code #${row.id}`, now: claim.now });
  return { role: row.role, unitId: unit.id, unitName: unit.name, unitLevel: unit.level };
}
