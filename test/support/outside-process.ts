import { spawn, type ChildProcess } from "node:child_process";
import { isPostgresUrl } from "../../src/db/postgres-url.js";

/**
 * Another process on the database (a CLI, a backup, a second bot): it opens a transaction of the
 * kind given and holds it `holdMs`, or until stopped. Resolves once the transaction is open.
 * - IMMEDIATE stalls every writer: SQLite's write lock; on PostgreSQL, exclusive locks on the
 *   tables each transaction of the bot reads first (its chats, and the migrations the probe reads).
 * - DEFERRED with a read holds a snapshot.
 */
export async function holdTransaction(url: string, kind: "IMMEDIATE" | "DEFERRED", holdMs: number): Promise<{ done: Promise<void>; process: ChildProcess }> {
  const script = isPostgresUrl(url)
    ? `
    const client = new (require("pg").Client)({ connectionString: process.argv[1] });
    (async () => {
      await client.connect();
      await client.query(${JSON.stringify(kind === "IMMEDIATE" ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ")});
      ${kind === "IMMEDIATE" ? `await client.query('LOCK TABLE "_prisma_migrations", "ProcessedUpdate", "Conversation", "Proposal" IN ACCESS EXCLUSIVE MODE');` : ""}
      await client.query('SELECT COUNT(*) FROM "Proposal"');
      process.stdout.write("held\\n");
      setTimeout(async () => { await client.query("COMMIT"); await client.end(); }, ${holdMs});
    })();`
    : `
    const db = new (require("better-sqlite3"))(process.argv[1].replace(/^file:/, ""));
    db.prepare("BEGIN ${kind}").run();
    db.prepare("SELECT COUNT(*) FROM Proposal").get();
    process.stdout.write("held\\n");
    setTimeout(() => { db.prepare("COMMIT").run(); db.close(); }, ${holdMs});`;
  const child = spawn(process.execPath, ["-e", script, url], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("held") && resolve());
    child.once("exit", (code) => reject(new Error(`the outside process ended (${code}) before holding its transaction`)));
  });
  const done = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", () => resolve())));
  return { done, process: child };
}
