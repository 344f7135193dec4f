import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { openDatabase, type Db } from "../../src/db/client.js";
import { seedDemo } from "../../src/seed/demo.js";
import { onServer, postgresDatabaseUrl, TEST_POSTGRES_URL, uniqueName } from "./test-database-server.js";

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

function freshSqlite() {
  const dir = mkdtempSync(join(tmpdir(), "youth-test-"));
  const file = join(dir, "youth.db");
  copyFileSync(inject("templateDb"), file);
  return { url: `file:${file}`, remove: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function freshPostgres() {
  const name = uniqueName("youth_test");
  await onServer(`CREATE DATABASE "${name}" TEMPLATE "${inject("templateDb")}"`);
  return { url: postgresDatabaseUrl(name), remove: () => onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** Whether the suite runs on PostgreSQL (`npm run test:pg`): tests of SQLite's own file and locks skip there. */
export const ON_POSTGRES = !!TEST_POSTGRES_URL;
