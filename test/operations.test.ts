import { execFile } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { openDatabase } from "../src/db/client.js";
import { checkReadiness, shippedMigrations } from "../src/db/readiness.js";
import { holdTransaction } from "./support/outside-process.js";
import { startApp, type StartedApp } from "./support/app.js";
import { appArgs } from "./support/app-build.js";
import { TestClock } from "./support/clock.js";
import { blankDatabase, createTestDatabase, type TestDatabase } from "./support/database.js";

let database: TestDatabase;
let started: StartedApp;

beforeEach(async () => {
  database = await createTestDatabase(new Date());
  started = await startApp({ db: database.db, clock: new TestClock(new Date()) });
});

afterEach(async () => {
  await started.stop();
  await database.close();
});

const get = async (path: string) => {
  const res = await fetch(`${started.url}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe("the probes a load balancer or an orchestrator asks", () => {
  it("says the process is up, and ready only while the database answers with every migration applied", async () => {
    expect(await get("/healthz")).toEqual({ status: 200, body: { ok: true } });
    expect(await get("/readyz")).toEqual({ status: 200, body: { ready: true } });

    // Another process holds the write lock (on PostgreSQL, the tables the probe reads): the database does not answer in time.
    const stall = await holdTransaction(database.url, "IMMEDIATE", 3000);
    const start = performance.now();
    expect(await get("/readyz")).toEqual({ status: 503, body: { ready: false, reason: "database_busy" } });
    expect(performance.now() - start).toBeLessThan(2800);
    expect(await get("/healthz")).toEqual({ status: 200, body: { ok: true } });
    await stall.done;

    // A database behind the code: a shipped migration is not applied.
    const [latest] = await database.prisma.$queryRawUnsafe<{ name: string }[]>(
      `SELECT "migration_name" AS "name" FROM "_prisma_migrations" ORDER BY "migration_name" DESC LIMIT 1`,
    );
    await database.prisma.$executeRaw`DELETE FROM "_prisma_migrations" WHERE "migration_name" = ${latest!.name}`;
    expect(await get("/readyz")).toEqual({ status: 503, body: { ready: false, reason: "migrations_pending", pending: [latest!.name] } });
  });
});

/** The migration step `npm start` runs first (src/db/migrate.cli.ts), on the database at `url`. */
function migrate(url: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, appArgs("db/migrate.cli"), { env: { ...process.env, DATABASE_URL: url } }, (error, out, err) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, out: out + err }),
    );
  });
}

describe("the migration step before the bot starts (npm start, the terminal chat, the Docker image)", () => {
  it("leaves a database that has every migration alone, while the bot has it open", async () => {
    // Prisma's own command (run before, whatever the database had) takes a SQLite file for itself,
    // and failed here after 10 s: the app of this test has the file open.
    const step = await migrate(database.url);
    expect(step).toEqual({ code: 0, out: "The database has every migration: nothing to apply.\n" });
    expect(await get("/readyz")).toEqual({ status: 200, body: { ready: true } });
  });

  it("migrates a new database", { timeout: 60_000 }, async () => {
    const blank = await blankDatabase();
    onTestFinished(blank.remove);
    expect((await migrate(blank.url)).code).toBe(0);
    const db = await openDatabase(blank.url);
    onTestFinished(() => db.close());
    expect(await checkReadiness(db, shippedMigrations(db.dialect))).toEqual({ ready: true });
  });
});
