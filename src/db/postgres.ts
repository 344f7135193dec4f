import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { Logger } from "pino";
import type { PrismaClient } from "../generated/prisma/client.js";
import { PrismaClient as PostgresPrismaClient } from "../generated/prisma-pg/client.js";
import type { BatchResult, Db, OpenOptions, SqlValue, Statement, TransactionOptions, Tx } from "./client.js";
import { numberedPlaceholders, replacePlaceholders } from "./placeholders.js";
import { toSqlDate } from "./sql-date.js";

/**
 * A transaction is SERIALIZABLE unless it asks for READ COMMITTED, so the domain's statements mean on
 * PostgreSQL what they mean on SQLite, where one writer runs at a time: read-then-write needs no
 * locking of its own there. One that loses to another process is run again from the start, as on
 * SQLite when the database is busy. A chat's transactions are READ COMMITTED and take turns by the
 * chat (TransactionOptions): what they share with other chats guards itself (see Tx.lock).
 */
const RETRYABLE = new Set(["40001", "40P01"]); // serialization_failure, deadlock_detected
const GIVE_UP_MS = 60_000;
const PAUSE_MAX_MS = 250;
/** Connections per process: two processes and the office's tools stay well under PostgreSQL's default 100. */
const POOL_SIZE = 10;

const OID = { BOOL: 16, INT8: 20, NUMERIC: 1700, TIMESTAMP: 1114, TIMESTAMPTZ: 1184 } as const;

/**
 * Values read as SQLite gives them, so the domain sees one kind of row: counts (bigint) and sums
 * (numeric) as numbers, booleans as 0/1, timestamps as the ISO text Prisma writes in SQLite.
 */
const types = {
  getTypeParser(oid: number, format?: string) {
    switch (oid) {
      case OID.BOOL:
        return (v: string) => (v === "t" ? 1 : 0);
      case OID.INT8:
      case OID.NUMERIC:
        return Number;
      case OID.TIMESTAMP:
        // Prisma keeps DateTime as UTC in `timestamp(3)`.
        return (v: string) => toSqlDate(new Date(`${v.replace(" ", "T")}Z`));
      case OID.TIMESTAMPTZ:
        return (v: string) => toSqlDate(new Date(v));
      default:
        return pg.types.getTypeParser(oid, format as "text");
    }
  },
} as pg.CustomTypesConfig;

const toParam = (v: SqlValue) => (v instanceof Date ? toSqlDate(v) : v);

/**
 * A value as a quoted literal, which the server types from its place in the statement as it types
 * an untyped parameter (node-postgres sends every parameter as text, untyped): for statements sent
 * together in one simple query, which takes no parameters.
 */
function literal(v: SqlValue): string {
  if (v === null) return "NULL";
  if (typeof v === "number" && !Number.isFinite(v)) throw new RangeError(`${v} is not a value for SQL`);
  return pg.escapeLiteral(v instanceof Date ? toSqlDate(v) : String(v));
}

/** The statement with its values written in. */
const inlined = ({ sql, params }: Statement) =>
  replacePlaceholders(sql, (i) => {
    if (i >= params.length) throw new RangeError(`a value is missing for placeholder ${i + 1} of: ${sql}`);
    return literal(params[i]!);
  });

function isRetryable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && RETRYABLE.has(code);
}

/**
 * What starts a transaction. A chat's turn is taken with BEGIN, in one round trip, and held to the
 * transaction's end: under READ COMMITTED each statement after it sees what the chat's previous
 * transaction committed.
 */
function begin(client: pg.PoolClient, options: TransactionOptions): string {
  if (options.lock) return `BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(hashtextextended(${client.escapeLiteral(options.lock)}, 0))`;
  return options.isolation === "read committed" ? "BEGIN ISOLATION LEVEL READ COMMITTED" : "BEGIN ISOLATION LEVEL SERIALIZABLE";
}

/** Opens the PostgreSQL database at `url` (already migrated by `npm start`). */
export async function openPostgres(url: string, logger?: Logger, options: OpenOptions = {}): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    max: POOL_SIZE,
    types,
    idle_in_transaction_session_timeout: options.stalledTransactionMs,
    // pg_stat_activity then says which process holds what.
    application_name: `youth-dialogue-bot ${process.pid}`,
  });
  pool.on("error", (err) => logger?.error({ err }, "idle PostgreSQL connection failed"));
  // Counters' numbers are taken on connections of their own (Tx.takeNumber): a transaction holding
  // one of the pool's could otherwise wait for another that every other transaction holds.
  const counters = new pg.Pool({ connectionString: url, max: 2, types });
  counters.on("error", (err) => logger?.error({ err }, "idle PostgreSQL connection failed"));
  // The same client type as SQLite's: both are generated from one set of models (prisma/derive-postgres.ts).
  const prisma = new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 2 }) }) as unknown as PrismaClient;
  const numbered = new Map<string, string>();
  const text = (sql: string) => {
    let out = numbered.get(sql);
    if (out === undefined) numbered.set(sql, (out = numberedPlaceholders(sql)));
    return out;
  };

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  async function attempt<T>(work: (tx: Tx) => Promise<T>, options: TransactionOptions): Promise<T> {
    const client = await pool.connect();
    let broken = false;
    // The server may end the connection while it is checked out (it stalled past the idle-in-transaction
    // timeout, or the server restarts): its query fails and it is closed, not left to take the process down.
    const lost = (err: Error) => {
      broken = true;
      logger?.warn({ err }, "PostgreSQL connection lost during a transaction");
    };
    client.on("error", lost);
    let committed = false;
    const ends: ((committed: boolean) => void)[] = [];
    // What starts the transaction, sent with its first statement (one round trip); alone, the one
    // statement is a transaction of its own: no BEGIN.
    let opening: string | null = options.alone ? null : begin(client, options);
    const atCommit: Statement[] = [];
    try {
      let statements = 0;
      /** Statements in one simple query, after the opening if it is still to be sent: each one's result. */
      const together = async (batch: Statement[]): Promise<pg.QueryResult[]> => {
        const texts = batch.map(inlined);
        if (opening !== null) texts.unshift(opening);
        opening = null;
        const results = (await client.query(texts.join(";\n"))) as unknown as pg.QueryResult | pg.QueryResult[];
        // Past the opening's results (its BEGIN and, in a chat's turn, its lock).
        return (Array.isArray(results) ? results : [results]).slice(-batch.length);
      };
      const query = async <R extends object>(sql: string, params: SqlValue[]): Promise<pg.QueryResult<R>> => {
        if (options.alone && statements++) throw new Error("a transaction run alone takes one statement");
        if (opening !== null) return (await together([{ sql, params }]))[0] as unknown as pg.QueryResult<R>;
        return client.query<R>(text(sql), params.map(toParam));
      };
      const tx: Tx = {
        get: async <R>(sql: string, ...params: SqlValue[]) => (await query<R & object>(sql, params)).rows[0] as R | undefined,
        all: async <R>(sql: string, ...params: SqlValue[]) => (await query<R & object>(sql, params)).rows as R[],
        run: async (sql, ...params) => ({ changes: (await query(sql, params)).rowCount ?? 0 }),
        batch: async (batch): Promise<BatchResult[]> => {
          if (options.alone && (statements += batch.length) > 1) throw new Error("a transaction run alone takes one statement");
          if (!batch.length) return [];
          return (await together(batch)).map((r) => ({ rows: r.rows as Record<string, unknown>[], changes: r.rowCount ?? 0 }));
        },
        beforeCommit: (sql, ...params) => {
          if (options.alone) throw new Error("a transaction run alone has no COMMIT to wait for");
          atCommit.push({ sql, params });
        },
        lock: (key) => query("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", [key]).then(() => undefined),
        onEnd: (fn) => void ends.push(fn),
        takeNumber: async <R>(sql: string, ...params: SqlValue[]) => (await counters.query<R & object>(text(sql), params.map(toParam))).rows[0] as R | undefined,
      };
      const result = await work(tx);
      // Nothing sent and nothing held for the COMMIT: nothing to commit.
      if (!options.alone && (opening === null || atCommit.length)) {
        const texts = [...(opening === null ? [] : [opening]), ...atCommit.map(inlined), "COMMIT"];
        opening = null;
        await client.query(texts.join(";\n"));
      }
      committed = true;
      return result;
    } catch (err) {
      if (!options.alone && opening === null) await client.query("ROLLBACK").catch(() => {
        broken = true;
      });
      throw err;
    } finally {
      client.off("error", lost);
      client.release(broken);
      // A COMMIT that failed (a lost connection) counts as rolled back: a cache then reads again what it doubts.
      for (const fn of ends) fn(committed);
    }
  }

  return {
    prisma,
    dialect: "postgres",
    async transaction(work, options = {}) {
      const giveUpAt = Date.now() + GIVE_UP_MS;
      for (let tries = 1; ; tries++) {
        try {
          return await attempt(work, options);
        } catch (err) {
          if (Date.now() >= giveUpAt || !isRetryable(err)) throw err;
          await sleep(Math.min(tries * 10, PAUSE_MAX_MS) + Math.random() * 20);
        }
      }
    },
    async backup() {
      // The CLI says so in the user's language before it gets here (cli-backup-postgres).
      throw new Error("PostgreSQL is backed up with pg_dump, not by the bot");
    },
    async close() {
      await Promise.all([pool.end(), counters.end(), prisma.$disconnect()]);
    },
  };
}
