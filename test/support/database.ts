import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { openDatabase, type Db } from "../../src/db/client.js";
import { APPLIED_MIGRATIONS_SQL, shippedMigrations } from "../../src/db/readiness.js";
import { seedDemo } from "../../src/seed/demo.js";
import pg from "pg";
import { onServer, postgresDatabaseUrl, TEST_POSTGRES_URL, testDatabaseName } from "./test-database-server.js";

export interface TestDatabase {
  url: string;
  db: Db;
  /** The same database through Prisma, for a test's own reads and set-up. */
  prisma: Db["prisma"];
  /** Another client on the same file: a restarted process. */
  reopen(): Promise<Db>;
  close(): Promise<void>;
}

/**
 * A real database, migrated, with the demo dialogue loaded as of `now`: a SQLite file in a temp
 * dir, or under `npm run test:pg` a PostgreSQL database of its own.
 */
export async function createTestDatabase(now: Date): Promise<TestDatabase> {
  const { url, remove } = await emptyDatabase();
  const db = await openDatabase(url);
  await seedDemo(db, now);
  const clients: Db[] = [db];
  return {
    url,
    db,
    prisma: db.prisma,
    async reopen() {
      const other = await openDatabase(url);
      clients.push(other);
      return other;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await remove();
    },
  };
}

/** A real database, migrated and empty, and how to remove it. */
export function emptyDatabase(): Promise<{ url: string; remove: () => Promise<void> }> {
  return TEST_POSTGRES_URL ? freshPostgres() : Promise.resolve(freshSqlite());
}

/** A database with nothing in it, not even migrations (a new server's, a new file's path), and how to remove it. */
export async function blankDatabase(): Promise<{ url: string; remove: () => Promise<void> }> {
  if (TEST_POSTGRES_URL) {
    // Named after the template, so that the run's end drops it too.
    const name = testDatabaseName(inject("templateDb"));
    await onServer(`CREATE DATABASE "${name}"`);
    return { url: postgresDatabaseUrl(name), remove: () => onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
  }
  const dir = mkdtempSync(join(tmpdir(), "youth-blank-"));
  return { url: `file:${join(dir, "youth.db")}`, remove: async () => rmSync(dir, { recursive: true, force: true }) };
}

function freshSqlite() {
  const dir = mkdtempSync(join(tmpdir(), "youth-test-"));
  const file = join(dir, "youth.db");
  copyFileSync(inject("templateDb"), file);
  return { url: `file:${file}`, remove: async () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The databases this test process made and a test has finished with. The next test takes one,
 * emptied, rather than make another: making a database from the template and dropping it cost
 * PostgreSQL more than most tests. global-setup drops them all after the run (their names start
 * with the template's).
 */
const finished: string[] = [];

async function freshPostgres() {
  const reused = finished.pop();
  const name = reused ?? testDatabaseName(inject("templateDb"));
  if (!reused || !(await emptied(name))) {
    if (reused) await onServer(`DROP DATABASE "${name}" WITH (FORCE)`);
    await onServer(`CREATE DATABASE "${name}" TEMPLATE "${inject("templateDb")}"`);
  }
  return { url: postgresDatabaseUrl(name), remove: async () => void finished.push(name) };
}

/**
 * Database `name` as the template made it: a process the last test left connected is cut off, every
 * table emptied, every id counting from 1. DELETE with the foreign keys' triggers off (a session
 * replicating does not fire them) rather than TRUNCATE, which makes every table a new file: a third
 * of the time, on tables a test filled with a few rows. False, and left as it is, if a test took a
 * migration off its record (a database behind the code): it is made again from the template.
 */
async function emptied(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresDatabaseUrl(name) });
  await client.connect();
  try {
    await client.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
    const { rows: applied } = await client.query(APPLIED_MIGRATIONS_SQL);
    if (applied.length !== shippedMigrations("postgres").length) return false;
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
    );
    const { rows: sequences } = await client.query<{ name: string }>(`SELECT quote_ident(sequencename) AS name FROM pg_sequences WHERE schemaname = 'public'`);
    await client.query(
      [
        "BEGIN",
        "SET LOCAL session_replication_role = replica",
        ...tables.map((t) => `DELETE FROM ${t.name}`),
        ...sequences.map((s) => `ALTER SEQUENCE ${s.name} RESTART`),
        "COMMIT",
      ].join(";\n"),
    );
    return true;
  } finally {
    await client.end();
  }
}

/** Whether the suite runs on PostgreSQL (`npm run test:pg`): tests of SQLite's own file and locks skip there. */
export const ON_POSTGRES = !!TEST_POSTGRES_URL;
