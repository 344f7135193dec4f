import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import type BetterSqlite3 from "better-sqlite3";
import type { Logger } from "pino";
import { PrismaClient } from "../generated/prisma/client.js";
import { createKeyedQueue } from "../concurrency/keyed-queue.js";
import { startCheckpointer } from "./checkpointer.js";
import { DatabaseSetupError, type Db, type SqlValue, type Statement, type Tx } from "./client.js";
import { toSqlDate } from "./sql-date.js";
import { sqliteUrl } from "./sqlite-url.js";

/**
 * SQLite waits out another process's lock inside the call, holding up the whole event loop: so it
 * waits only briefly, and a transaction that still finds the database busy is tried again after an
 * asynchronous pause, for up to `BUSY_GIVE_UP_MS` (a backup, a long CLI command) — the bot keeps
 * answering webhooks and other work meanwhile.
 */
const BUSY_TIMEOUT_MS = 50;
const BUSY_GIVE_UP_MS = 60_000;
const BUSY_PAUSE_MAX_MS = 250;
/**
 * Statements kept prepared, the least recently used dropped first: far more than the app's own, but
 * a list of values (`IN (?, ?, …)`, an export's chunk of ids) makes a text per length.
 */
const STATEMENTS_KEPT = 500;

const toParam = (v: SqlValue) => (v instanceof Date ? toSqlDate(v) : typeof v === "boolean" ? Number(v) : v);

/** Captures the connection the Prisma adapter opens, so Prisma and plain statements share one. */
class SharedConnectionAdapter extends PrismaBetterSQLite3 {
  connection?: BetterSqlite3.Database;
  override async connect() {
    const adapter = await super.connect();
    // Not a public field of @prisma/adapter-better-sqlite3 6.19 (pinned): checked at open.
    this.connection = (adapter as unknown as { client: BetterSqlite3.Database }).client;
    return adapter;
  }
}

/** Another process held the write lock past the busy timeout: the transaction can run again. */
function isBusyError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}

/**
 * Opens the SQLite database at `url`: WAL (checked, or concurrent readers block the writer),
 * a busy timeout, foreign keys on.
 */
export async function openSqlite(url: string | undefined, logger?: Logger): Promise<Db> {
  const adapter = new SharedConnectionAdapter({ url: sqliteUrl(url), timeout: BUSY_TIMEOUT_MS });
  const prisma = new PrismaClient({ adapter });
  const [mode] = await prisma.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode = WAL");
  const connection = adapter.connection as BetterSqlite3.Database;
  if (!adapter.connection) throw new DatabaseSetupError("the SQLite connection of the Prisma adapter was not found");
  if (mode?.journal_mode !== "wal" && mode?.journal_mode !== "memory") {
    await prisma.$disconnect();
    throw new DatabaseSetupError(`SQLite journal mode is ${mode?.journal_mode}, expected wal`);
  }
  connection.pragma("foreign_keys = ON");
  // Personal data erased (consent withdrawn, an under-16) is overwritten in the file, not left in free pages.
  connection.pragma("secure_delete = ON");
  const file = sqliteUrl(url).replace(/^file:/, "");
  let checkpointer: ReturnType<typeof startCheckpointer> | undefined;
  if (file !== ":memory:") {
    connection.pragma("wal_autocheckpoint = 0");
    checkpointer = startCheckpointer(file, (message) => logger?.error({ message }, "WAL checkpoint failed"));
  }

  const statements = new Map<string, BetterSqlite3.Statement>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (statement) {
      statements.delete(sql);
    } else {
      statement = connection.prepare(sql);
      // The adapter turns safe integers on for the connection; ids here fit in a number.
      if (statement.reader) statement.safeIntegers(false);
      if (statements.size >= STATEMENTS_KEPT) statements.delete(statements.keys().next().value!);
    }
    statements.set(sql, statement);
    return statement;
  };
  // better-sqlite3 runs a statement within the call: its result is handed back already settled.
  const plain: Omit<Tx, "onEnd" | "beforeCommit"> = {
    get: async <T>(sql: string, ...params: SqlValue[]) => prepare(sql).get(...params.map(toParam)) as T | undefined,
    takeNumber: async <T>(sql: string, ...params: SqlValue[]) => prepare(sql).get(...params.map(toParam)) as T | undefined,
    all: async <T>(sql: string, ...params: SqlValue[]) => prepare(sql).all(...params.map(toParam)) as T[],
    run: async (sql, ...params) => ({ changes: prepare(sql).run(...params.map(toParam)).changes }),
    batch: async (statements) =>
      statements.map(({ sql, params }) => {
        const statement = prepare(sql);
        return statement.reader
          ? { rows: statement.all(...params.map(toParam)) as Record<string, unknown>[], changes: 0 }
          : { rows: [], changes: statement.run(...params.map(toParam)).changes };
      }),
    lock: async () => undefined,
  };

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const turns = createKeyedQueue();

  async function attempt<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    // A transaction of Prisma's own (seeding, a nested write) is open on the connection: let it end.
    while (connection.inTransaction) await sleep(1);
    // IMMEDIATE takes the write lock now, waiting out another process (busy timeout), rather than
    // fail at a later write because that process wrote since this one read.
    prepare("BEGIN IMMEDIATE").run();
    // A Tx per transaction: what it is told to call at its end belongs to it alone.
    const ends: ((committed: boolean) => void)[] = [];
    const atCommit: Statement[] = [];
    const tx: Tx = { ...plain, onEnd: (fn) => void ends.push(fn), beforeCommit: (sql, ...params) => void atCommit.push({ sql, params }) };
    let committed = false;
    try {
      const result = await work(tx);
      for (const { sql, params } of atCommit) prepare(sql).run(...params.map(toParam));
      prepare("COMMIT").run();
      committed = true;
      return result;
    } catch (err) {
      if (connection.inTransaction) prepare("ROLLBACK").run();
      throw err;
    } finally {
      for (const fn of ends) fn(committed);
    }
  }

  /**
   * One write transaction at a time on the connection, in the order asked. `work` awaits only Tx
   * calls (it is given nothing else), and here those are settled when they return: it goes on in
   * microtasks, no timer or I/O in between, so it still holds the connection (and the write lock)
   * for one turn of the event loop, as a synchronous transaction would.
   */
  function transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    // No lock by key is needed (TransactionOptions): every transaction here takes the write lock.
    return turns.run("write", async () => {
      const giveUpAt = Date.now() + BUSY_GIVE_UP_MS;
      for (let tries = 1; ; tries++) {
        try {
          return await attempt(work);
        } catch (err) {
          if (Date.now() >= giveUpAt || !isBusyError(err)) throw err;
          await sleep(Math.min(tries * 20, BUSY_PAUSE_MAX_MS) + Math.random() * 30);
        }
      }
    });
  }

  return {
    prisma,
    dialect: "sqlite",
    transaction,
    async backup(file) {
      await connection.backup(file);
    },
    async close() {
      await checkpointer?.stop();
      await prisma.$disconnect();
    },
  };
}
