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
export async function createToken(db: Tx, t: { name: string; role: StaffRole; unit: Unit; now: Date }): Promise<{ id: number; token: string }> {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const { id } = (await db.get<{ id: number }>(
    `INSERT INTO "ApiToken" ("name", "role", "unitId", "tokenHash", "createdAt") VALUES (?, ?, ?, ?, ?) RETURNING "id"`,
    t.name,
    t.role,
    t.unit.id,
    sha256(token),
    t.now,
  ))!;
  return { id, token };
}

export async function revokeToken(db: Tx, id: number, now: Date): Promise<void> {
  const { changes } = await db.run(`UPDATE "ApiToken" SET "revokedAt" = ? WHERE "id" = ? AND "revokedAt" IS NULL`, now, id);
  if (!changes) throw new DomainError("token-unknown", { token: id });
  await db.run(`DELETE FROM "AdminSession" WHERE "tokenId" = ?`, id);
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
export async function authenticate(db: Tx, token: string): Promise<StaffPrincipal | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) return null;
  const hash = sha256(token);
  const row = await db.get<TokenRow>(
    `SELECT "id", "name", "role", "unitId", "tokenHash" FROM "ApiToken" WHERE "tokenHash" = ? AND "revokedAt" IS NULL`,
    hash,
  );
  if (!row || !timingSafeEqual(Buffer.from(row.tokenHash), Buffer.from(hash))) return null;
  return { tokenId: row.id, name: row.name, role: row.role, unitId: row.unitId };
}

/** Opens a web session for a token's holder; returns the session id for the cookie. */
export async function createSession(db: Tx, tokenId: number, now: Date): Promise<string> {
  const id = randomBytes(32).toString("base64url");
  await db.run(`DELETE FROM "AdminSession" WHERE "expiresAt" < ?`, now);
  await db.run(`INSERT INTO "AdminSession" ("idHash", "tokenId", "expiresAt", "createdAt") VALUES (?, ?, ?, ?)`, sha256(id), tokenId, new Date(now.getTime() + SESSION_MS), now);
  return id;
}

export async function sessionPrincipal(db: Tx, sessionId: string, now: Date): Promise<StaffPrincipal | null> {
  if (sessionId.length > 100) return null;
  return (
    (await db.get<StaffPrincipal>(
      `SELECT t."id" AS "tokenId", t."name", t."role", t."unitId" FROM "AdminSession" s JOIN "ApiToken" t ON t."id" = s."tokenId"
       WHERE s."idHash" = ? AND s."expiresAt" > ? AND t."revokedAt" IS NULL`,
      sha256(sessionId),
      now,
    )) ?? null
  );
}

export async function endSession(db: Tx, sessionId: string): Promise<void> {
  await db.run(`DELETE FROM "AdminSession" WHERE "idHash" = ?`, sha256(sessionId));
}

/** Records who changed what; `details` is what they sent. */
export async function audit(db: Tx, who: StaffPrincipal, action: string, entity: string, entityId: string | number, details: unknown, now: Date): Promise<void> {
  await db.run(
    `INSERT INTO "AuditLog" ("tokenId", "action", "entity", "entityId", "details", "createdAt") VALUES (?, ?, ?, ?, ?, ?)`,
    who.tokenId,
    action,
    entity,
    String(entityId),
    JSON.stringify(details ?? null),
    now,
  );
}
