import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { openDatabase, type Db } from "../../src/db/client.js";
import { seedDemo } from "../../src/seed/demo.js";

export interface TestDatabase {
  url: string;
  db: Db;
  /** The same database through Prisma, for a test's own reads and set-up. */
  prisma: Db["prisma"];
  /** Another client on the same file: a restarted process. */
  reopen(): Promise<Db>;
  close(): Promise<void>;
}

/** A real SQLite file in a temp dir, migrated, with the demo dialogue loaded as of `now`. */
export async function createTestDatabase(now: Date): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), "youth-test-"));
  const file = join(dir, "youth.db");
  copyFileSync(inject("templateDb"), file);
  const url = `file:${file}`;
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
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
