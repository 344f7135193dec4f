import { spawn, type ChildProcess } from "node:child_process";

/**
 * Another process on the SQLite file (a CLI, a backup, a second bot): it opens a transaction of
 * the kind given — IMMEDIATE takes the write lock, DEFERRED with a read holds a snapshot — and
 * holds it `holdMs`, or until stopped. Resolves once the transaction is open.
 */
export async function holdTransaction(file: string, kind: "IMMEDIATE" | "DEFERRED", holdMs: number): Promise<{ done: Promise<void>; process: ChildProcess }> {
  const script = `
    const db = new (require("better-sqlite3"))(process.argv[1]);
    db.prepare("BEGIN ${kind}").run();
    db.prepare("SELECT COUNT(*) FROM Proposal").get();
    process.stdout.write("held\\n");
    setTimeout(() => { db.prepare("COMMIT").run(); db.close(); }, ${holdMs});`;
  const child = spawn(process.execPath, ["-e", script, file], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("held") && resolve());
    child.once("exit", (code) => reject(new Error(`the outside process ended (${code}) before holding its transaction`)));
  });
  const done = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", () => resolve())));
  return { done, process: child };
}

/** The file of a `file:` database URL. */
export const sqliteFile = (url: string) => url.replace(/^file:/, "");
