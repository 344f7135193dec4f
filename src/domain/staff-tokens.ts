import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Tx } from "../db/client.js";
import { DomainError } from "./errors.js";
import type { Unit } from "./roles.js";

export const STAFF_ROLES = ["STAFF", "ADMIN"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Who is calling the admin API: a token's holder, their role and the unit they may see (and below). */
export interface StaffPrincipal {
  tokenId: number;
  name: string;
  role: StaffRole;
  unitId: number;
}

const TOKEN_PREFIX = "ydt_";
/** Web sessions last a working day. */
export const SESSION_MS = 12 * 60 * 60 * 1000;

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/** Makes a token; it is shown once, only its hash is stored. */
export function createToken(db: Tx, t: { name: string; role: StaffRole; unit: Unit; now: Date }): { id: number; token: string } {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const id = db.get<{ id: number }>(
    `INSERT INTO "ApiToken" ("name", "role", "unitId", "tokenHash", "createdAt") VALUES (?, ?, ?, ?, ?) RETURNING "id"`,
    t.name,
    t.role,
    t.unit.id,
    sha256(token),
    t.now,
  )!.id;
  return { id, token };
}

export function revokeToken(db: Tx, id: number, now: Date): void {
  const changed = db.run(`UPDATE "ApiToken" SET "revokedAt" = ? WHERE "id" = ? AND "revokedAt" IS NULL`, now, id).changes;
  if (!changed) throw new DomainError("token-unknown", { token: id });
  db.run(`DELETE FROM "AdminSession" WHERE "tokenId" = ?`, id);
}

export function listTokens(db: Tx) {
  return db.all<{ id: number; name: string; role: StaffRole; unitCode: string; createdAt: string; revokedAt: string | null }>(
    `SELECT t."id", t."name", t."role", u."code" AS "unitCode", t."createdAt", t."revokedAt"
     FROM "ApiToken" t JOIN "Unit" u ON u."id" = t."unitId" ORDER BY t."id"`,
  );
}

type TokenRow = { id: number; name: string; role: StaffRole; unitId: number; tokenHash: string };

/**
 * The holder of a token, or null. The lookup is by hash, and the hashes are compared again in
 * constant time, so the time taken says nothing about how much of a guess was right.
 */
export function authenticate(db: Tx, token: string): StaffPrincipal | null {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
  const hash = sha256(token);
  const row = db.get<TokenRow>(
    `SELECT "id", "name", "role", "unitId", "tokenHash" FROM "ApiToken" WHERE "tokenHash" = ? AND "revokedAt" IS NULL`,
    hash,
  );
  if (!row || !timingSafeEqual(Buffer.from(row.tokenHash), Buffer.from(hash))) return null;
  return { tokenId: row.id, name: row.name, role: row.role, unitId: row.unitId };
}

/** Opens a web session for a token's holder; returns the session id for the cookie. */
export function createSession(db: Tx, tokenId: number, now: Date): string {
  const id = randomBytes(32).toString("base64url");
  db.run(`DELETE FROM "AdminSession" WHERE "expiresAt" < ?`, now);
  db.run(`INSERT INTO "AdminSession" ("idHash", "tokenId", "expiresAt", "createdAt") VALUES (?, ?, ?, ?)`, sha256(id), tokenId, new Date(now.getTime() + SESSION_MS), now);
  return id;
}

export function sessionPrincipal(db: Tx, sessionId: string, now: Date): StaffPrincipal | null {
  if (sessionId.length > 100) return null;
  return (
    db.get<StaffPrincipal>(
      `SELECT t."id" AS "tokenId", t."name", t."role", t."unitId" FROM "AdminSession" s JOIN "ApiToken" t ON t."id" = s."tokenId"
       WHERE s."idHash" = ? AND s."expiresAt" > ? AND t."revokedAt" IS NULL`,
      sha256(sessionId),
      now,
    ) ?? null
  );
}

export function endSession(db: Tx, sessionId: string): void {
  db.run(`DELETE FROM "AdminSession" WHERE "idHash" = ?`, sha256(sessionId));
}

/** Records who changed what; `details` is what they sent. */
export function audit(db: Tx, who: StaffPrincipal, action: string, entity: string, entityId: string | number, details: unknown, now: Date): void {
  db.run(
    `INSERT INTO "AuditLog" ("tokenId", "action", "entity", "entityId", "details", "createdAt") VALUES (?, ?, ?, ?, ?, ?)`,
    who.tokenId,
    action,
    entity,
    String(entityId),
    JSON.stringify(details ?? null),
    now,
  );
}
