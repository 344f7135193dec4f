import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

// Plain JavaScript evaluated in the worker, so it runs the same under tsx and from dist/.
const WORKER = `
const { workerData, parentPort } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 5000 });
const checkpoint = () => {
  try { db.pragma("wal_checkpoint(PASSIVE)"); } catch (err) { parentPort.postMessage(String(err)); }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on("message", () => { clearInterval(timer); checkpoint(); db.close(); process.exit(0); });
`;

/**
 * Copies the WAL back into the database from a worker thread. SQLite's automatic checkpoint runs
 * inside a COMMIT on the main thread and, with its fsync, stalls every chat for tens of
 * milliseconds; a PASSIVE checkpoint on its own connection waits for no reader or writer.
 */
export function startCheckpointer(file: string, onError: (message: string) => void, everyMs = 1000) {
  // Resolved here: an evaluated worker would resolve it from the working directory.
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER, { eval: true, workerData: { file, everyMs, driver } });
  worker.on("message", onError);
  worker.on("error", (err) => onError(String(err)));
  worker.unref();
  return {
    async stop() {
      // Referenced again, or the process could end before the worker has closed its connection.
      worker.ref();
      const exited = new Promise((resolve) => worker.once("exit", resolve));
      worker.postMessage("stop");
      await exited;
    },
  };
}
