import { spawnSync } from "node:child_process";
import Database from "better-sqlite3";
import pg from "pg";
import { isPostgresUrl } from "./postgres-url.js";
import { APPLIED_MIGRATIONS_SQL, shippedMigrations } from "./readiness.js";
import { sqliteUrl } from "./sqlite-url.js";

/**
 * The migration step of `npm start` (and of the terminal chat, the demo seed and the Docker image):
 * `prisma migrate deploy` when a shipped migration is not applied to the database at DATABASE_URL,
 * nothing when none is missing. Prisma's command takes a SQLite file for itself
 * (`PRAGMA locking_mode=EXCLUSIVE`), so it failed whenever another process had the file open — the
 * terminal chat started beside the bot — and on PostgreSQL it sits 10 s after its work (README).
 */
const url = process.env.DATABASE_URL;
const postgres = isPostgresUrl(url);

/** The migrations applied; none when the database or Prisma's table of them is not there yet. */
async function appliedMigrations(): Promise<Set<string>> {
  try {
    if (!postgres) {
      const db = new Database(sqliteUrl(url).replace(/^file:/, ""), { readonly: true, fileMustExist: true });
      try {
        return new Set(db.prepare<[], { name: string }>(APPLIED_MIGRATIONS_SQL).all().map((r) => r.name));
      } finally {
        db.close();
      }
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return new Set((await client.query<{ name: string }>(APPLIED_MIGRATIONS_SQL)).rows.map((r) => r.name));
    } finally {
      await client.end();
    }
  } catch {
    // Prisma's command makes what is missing, or says what is wrong with the address.
    return new Set();
  }
}

const applied = await appliedMigrations();
const pending = shippedMigrations(postgres ? "postgres" : "sqlite").filter((name) => !applied.has(name));
if (!pending.length) {
  console.log("The database has every migration: nothing to apply.");
} else {
  const migrated = spawnSync("npx", ["prisma", "migrate", "deploy"], { stdio: "inherit" });
  if (migrated.status !== 0) {
    if (!postgres) console.error("Prisma migrates a SQLite file only while no other process has it open: stop the bot (npm start) and try again.");
    process.exit(migrated.status ?? 1);
  }
}
