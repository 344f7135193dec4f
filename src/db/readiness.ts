import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { LATE, within } from "../concurrency/within.js";
import type { Db } from "./client.js";

/** How long the probe waits for the database: a stalled one is not ready, whatever it says later. */
const PROBE_TIMEOUT_MS = 2000;

export type Readiness = { ready: true } | { ready: false; reason: string; pending?: string[] };

/**
 * The migrations this build ships for the database (`prisma/migrations/<name>/`, PostgreSQL's in
 * `prisma/postgresql/migrations/`), relative to the working directory as `npm start` runs.
 */
export function shippedMigrations(dialect: Db["dialect"]): string[] {
  const dir = resolve(dialect === "postgres" ? "prisma/postgresql/migrations" : "prisma/migrations");
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** The names of the migrations applied to the database, as Prisma records them. */
export const APPLIED_MIGRATIONS_SQL = `SELECT "migration_name" AS "name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`;

/** Ready: the database answers within the probe's time and has every shipped migration applied. */
export async function checkReadiness(db: Db, shipped: string[]): Promise<Readiness> {
  const probe = db
    .transaction(async (tx) =>
      tx.all<{ name: string }>(APPLIED_MIGRATIONS_SQL),
    )
    .then((rows): Readiness => {
      const applied = new Set(rows.map((r) => r.name));
      const pending = shipped.filter((name) => !applied.has(name));
      return pending.length ? { ready: false, reason: "migrations_pending", pending } : { ready: true };
    })
    .catch((err: unknown): Readiness => ({ ready: false, reason: `database_error: ${(err as Error).message}` }));
  const state = await within(probe, PROBE_TIMEOUT_MS);
  return state === LATE ? { ready: false, reason: "database_busy" } : state;
}
