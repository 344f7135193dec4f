import type { Logger } from "pino";
import type { PrismaClient } from "../generated/prisma/client.js";
import { isPostgresUrl } from "./postgres-url.js";

export class DatabaseSetupError extends Error {}

export type SqlValue = string | number | boolean | null | Date;

/** A statement and its values, for `Tx.batch`. */
export interface Statement {
  sql: string;
  params: SqlValue[];
}

/** What a statement of a batch gave: its rows, and how many rows it changed. */
export interface BatchResult {
  rows: Record<string, unknown>[];
  changes: number;
}

/**
 * Statements on the database: what domain functions take. Plain SQL over a statement cache,
 * because Prisma's query compiler (6.x, JavaScript engine) costs about 0.7 ms a query and a
 * youth's every message runs several. One text serves both databases: `?` placeholders, standard
 * SQL; rows read alike (numbers, booleans as 0/1, dates as ISO text).
 */
export interface Tx {
  get<T>(sql: string, ...params: SqlValue[]): Promise<T | undefined>;
  all<T>(sql: string, ...params: SqlValue[]): Promise<T[]>;
  run(sql: string, ...params: SqlValue[]): Promise<{ changes: number }>;
  /**
   * Runs statements none of whose values depends on another's result, in order, and gives each
   * one's result. On PostgreSQL they go in one round trip (one simple query, the values written
   * into it as quoted literals, which the server reads as it reads untyped parameters). A chat's
   * update opens with one: its claim and the chat as stored.
   */
  batch(statements: Statement[]): Promise<BatchResult[]>;
  /**
   * A write that nothing later in this transaction reads (a chat's new state): run just before the
   * COMMIT, and on PostgreSQL sent with it in one round trip. Its failure fails the transaction.
   */
  beforeCommit(sql: string, ...params: SqlValue[]): void;
  /**
   * From here to the transaction's end, takes turns with every transaction (in any process) that
   * locks `key`: under READ COMMITTED, what it reads next includes what the one before it wrote.
   * How a chat's transaction guards a rule it shares with other chats (a quota's seats, a topic's
   * groups). On SQLite one writer runs at a time anyway.
   */
  lock(key: string): Promise<void>;
  /**
   * Calls `fn` once this transaction has ended: `committed` after its COMMIT, false when it rolled
   * back (an attempt run again after a conflict is a transaction of its own, with its own calls).
   * For what a process keeps beside the database (a cache), which must learn only what was
   * committed. `fn` must not throw.
   */
  onEnd(fn: (committed: boolean) => void): void;
  /**
   * Runs one statement that takes the next number of a counter (an upsert returning it). On
   * PostgreSQL it runs on its own connection and is committed at once, whatever becomes of this
   * transaction: the counter's row is not held to this transaction's end, where every other
   * transaction taking a number would wait for it and then, serializable, run again from the start.
   * A number taken by a transaction that then rolls back is not given again (a gap). On SQLite, where
   * one transaction writes at a time anyway, it runs inside this one.
   */
  takeNumber<T>(sql: string, ...params: SqlValue[]): Promise<T | undefined>;
}

/**
 * `isolation: "read committed"`: each statement sees what others committed before it began, and no
 * conflict with another transaction runs this one again. Only for statements that guard themselves
 * (an UPDATE that re-checks the row's state, a unique key, turns taken by `Tx.lock`): a chat's
 * updates, and the outbox's claims and settlings, which serializable lose to each other all the
 * time. SERIALIZABLE (the default) elsewhere; on SQLite every transaction is serializable anyway.
 *
 * `lock`: transactions with the same key take turns across every process on the database (a chat's
 * updates), from their start to their end; on SQLite one process writes at a time anyway. Read
 * committed, so that each takes up what the one before it committed.
 *
 * On PostgreSQL the BEGIN (and the turn's lock) goes with the transaction's first statement, in one
 * round trip, and the statements held for the COMMIT (`Tx.beforeCommit`) with the COMMIT.
 *
 * `alone`: the work runs one statement (a second throws), committed on its own: on PostgreSQL no
 * BEGIN and no COMMIT, so the rows it writes are locked while it runs and not a round trip of the
 * client's longer. For the outbox's group commits and renewals, which other processes' and this
 * one's senders wait on. On SQLite a transaction as any other.
 */
export type TransactionOptions =
  | { isolation?: "read committed"; lock?: undefined; alone?: undefined }
  | { isolation: "read committed"; lock: string; alone?: undefined }
  | { alone: true; isolation?: undefined; lock?: undefined };

/** The database: transactions of plain statements for the per-message path, the Prisma client for set-up and staff tools. */
export interface Db {
  prisma: PrismaClient;
  /**
   * `sqlite`: the embedded file, one process. `postgres`: a server that several processes share,
   * so nothing may assume it is the only one (claims left by a crash are waited out, not taken back).
   */
  dialect: "sqlite" | "postgres";
  /** A write transaction, run again from the start if another process keeps the database busy or its writes conflict. */
  transaction<T>(work: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Copies the database to `file` while it is in use (SQLite's online backup, a few pages a turn):
   * a consistent snapshot, with the bot still writing meanwhile. PostgreSQL is backed up with pg_dump.
   */
  backup(file: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /**
   * On PostgreSQL, a transaction this process leaves open this long without a statement (the
   * process stalled) is ended by the server, letting go of its locks for the other processes.
   */
  stalledTransactionMs?: number;
}

/**
 * Opens the database DATABASE_URL names: a PostgreSQL server (`postgres://`, `postgresql://`) or the
 * SQLite file. Only the one in use is loaded, each with its Prisma client and driver.
 */
export async function openDatabase(url: string | undefined, logger?: Logger, options: OpenOptions = {}): Promise<Db> {
  return isPostgresUrl(url) ? (await import("./postgres.js")).openPostgres(url, logger, options) : (await import("./sqlite.js")).openSqlite(url, logger);
}
