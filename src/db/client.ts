import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client.js";
import { sqliteUrl } from "./sqlite-url.js";

export type Db = PrismaClient;
/** The client or an interactive transaction's client: what domain functions take. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export class DatabaseSetupError extends Error {}

const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens the SQLite database at `url` with WAL on and a busy timeout, and checks that WAL took:
 * without it a reader blocks the writer and concurrent youth see SQLITE_BUSY.
 */
export async function openDatabase(url: string | undefined): Promise<Db> {
  const adapter = new PrismaBetterSQLite3({ url: sqliteUrl(url), timeout: BUSY_TIMEOUT_MS });
  const db = new PrismaClient({ adapter });
  const [mode] = await db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode = WAL");
  if (mode?.journal_mode !== "wal" && mode?.journal_mode !== "memory") {
    await db.$disconnect();
    throw new DatabaseSetupError(`SQLite journal mode is ${mode?.journal_mode}, expected wal`);
  }
  await db.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  return db;
}

/** Another process held the write lock, or committed under our read snapshot: the transaction can be run again. */
export function isBusyError(err: unknown): boolean {
  const e = err as { code?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } } | null;
  const original = e?.meta?.driverAdapterError?.cause?.originalCode;
  return e?.code === "P1008" || e?.code === "P2034" || [e?.code, original].some((c) => c?.startsWith("SQLITE_BUSY"));
}

const ATTEMPTS = 5;

/**
 * An interactive transaction that writes. It takes SQLite's write lock with its first statement
 * (a write that matches no row — the adapter only says BEGIN, not BEGIN IMMEDIATE), so it waits
 * for another process's lock instead of failing later with SQLITE_BUSY_SNAPSHOT; should the
 * database still be busy, the whole unit of work runs again, never a half of it.
 */
export async function transaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(
        async (tx) => {
          await tx.$executeRawUnsafe(`UPDATE "ProposalCounter" SET "last" = "last" WHERE 1 = 0`);
          return work(tx);
        },
        { maxWait: 30_000, timeout: 30_000 },
      );
    } catch (err) {
      if (attempt >= ATTEMPTS || !isBusyError(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, attempt * 20 + Math.random() * 30));
    }
  }
}
