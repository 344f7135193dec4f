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
