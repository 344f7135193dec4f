import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { holdTransaction } from "./support/outside-process.js";
import { startApp, type StartedApp } from "./support/app.js";
import { TestClock } from "./support/clock.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";

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
