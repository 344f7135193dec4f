import "./favour-memory.js";
import { createApp } from "./app.js";
import { runConsoleChat } from "./channels/console/console.channel.js";
import { LATE, within } from "./concurrency/within.js";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { openDatabase } from "./db/client.js";
import { pruneProcessedUpdates } from "./flows/conversation.store.js";
import { loadI18n } from "./i18n/i18n.js";
import { createLogger } from "./logger.js";
import { seedDemo } from "./seed/demo.js";

/** Redeliveries come within a day (Telegram keeps an update 24 hours); a week is plenty. */
const PROCESSED_UPDATES_KEPT_MS = 7 * 24 * 60 * 60 * 1000;
/** How long SIGTERM waits for updates in hand and sends in flight: under the 10 s a container runtime gives. */
const STOP_GRACE_MS = 8000;

/** Opens the database, starts the app (src/app.ts) and the terminal chat, and stops cleanly on a signal. */
async function main(config: Config, chatOnly: boolean) {
  // With no messenger the terminal chat opens — when there is a terminal (not in a container).
  const consoleChat = chatOnly || (!config.TELEGRAM_BOT_TOKEN && !config.ZALO_BOT_TOKEN && process.stdin.isTTY === true);
  // In the terminal chat only warnings reach the screen, so the conversation stays readable.
  const logger = createLogger(consoleChat && config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL);
  // A process stalled past its outbox claims is taken over: its open transaction is ended too, or its locks would hold the others up.
  const db = await openDatabase(config.DATABASE_URL, logger, { stalledTransactionMs: config.OUTBOX_CLAIM_SECONDS * 1000 });
  if (await seedDemo(db, new Date())) logger.info("empty database: the demo dialogue was loaded");

  const app = createApp({
    config,
    db,
    i18n: loadI18n(),
    clock: { now: () => new Date() },
    logger,
    terminal: consoleChat ? process.stdout : undefined,
    chatOnly,
  });
  await app.start();

  const prune = setInterval(() => {
    db.transaction(async (tx) => pruneProcessedUpdates(tx, new Date(Date.now() - PROCESSED_UPDATES_KEPT_MS)))
      .then((pruned) => logger.debug({ pruned }, "old processed updates pruned"))
      .catch((err: unknown) => logger.error({ err }, "pruning processed updates failed"));
  }, 60 * 60 * 1000);
  prune.unref();

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    clearInterval(prune);
    // A reply still being retried against a failing platform could hold the stop for minutes;
    // container runtimes kill after 10 s. Past the grace, what is left is what a crash leaves:
    // outbox rows in flight go out again at the next start.
    if ((await within(app.stop(), STOP_GRACE_MS)) === LATE) logger.warn({ graceMs: STOP_GRACE_MS }, "stopping took too long: exiting with work in hand");
    else await db.close();
    process.exit(code);
  };
  process.once("SIGINT", () => void stop(0));
  process.once("SIGTERM", () => void stop(0));

  if (consoleChat) {
    await runConsoleChat({ runner: app.runner, input: process.stdin, output: process.stdout });
    await stop(0);
  }
}

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(1);
}
await main(config, process.argv.includes("--chat")).catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
