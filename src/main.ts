import type { Server } from "node:http";
import type { MessengerChannel } from "./channels/channel.js";
import { runConsoleChat } from "./channels/console/console.channel.js";
import { createTelegramChannel } from "./channels/telegram/telegram.channel.js";
import { createZaloChannel } from "./channels/zalo/zalo.channel.js";
import { ConfigError, loadConfig, type Config } from "./config.js";
import { openDatabase } from "./db/client.js";
import { pruneProcessedUpdates } from "./flows/conversation.store.js";
import { createBotFlows } from "./flows/index.js";
import { createHttpApp, listen } from "./http/server.js";
import { loadI18n } from "./i18n/i18n.js";
import { createLogger } from "./logger.js";
import { seedDemo } from "./seed/demo.js";

/** Redeliveries come within a day (Telegram keeps an update 24 hours); a week is plenty. */
const PROCESSED_UPDATES_KEPT_MS = 7 * 24 * 60 * 60 * 1000;

/** Wires and starts everything: the flows, the HTTP server, the channels whose token is set, the terminal chat. */
async function main(config: Config, chatOnly: boolean) {
  // With no messenger the terminal chat opens — when there is a terminal (not in a container).
  const consoleChat = chatOnly || (!config.TELEGRAM_BOT_TOKEN && !config.ZALO_BOT_TOKEN && process.stdin.isTTY === true);
  // In the terminal chat only warnings reach the screen, so the conversation stays readable.
  const logger = createLogger(consoleChat && config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL);
  const db = await openDatabase(config.DATABASE_URL, logger);
  if (await seedDemo(db, new Date())) logger.info("empty database: the demo dialogue was loaded");

  const i18n = loadI18n();
  const runner = createBotFlows({ db, i18n, clock: { now: () => new Date() }, logger, defaultLocale: config.DEFAULT_LOCALE });
  const webhookOf = (secret: string | undefined) =>
    config.PUBLIC_URL && secret ? { publicUrl: config.PUBLIC_URL, secret } : undefined;

  const channels: MessengerChannel[] = [];
  if (config.TELEGRAM_BOT_TOKEN && !chatOnly) {
    channels.push(
      createTelegramChannel({
        token: config.TELEGRAM_BOT_TOKEN,
        apiRoot: config.TELEGRAM_API_ROOT,
        runner,
        i18n,
        logger,
        webhook: webhookOf(config.TELEGRAM_WEBHOOK_SECRET),
      }),
    );
  }
  if (config.ZALO_BOT_TOKEN && !chatOnly) {
    channels.push(
      createZaloChannel({
        token: config.ZALO_BOT_TOKEN,
        apiBase: config.ZALO_API_BASE,
        runner,
        logger,
        webhook: webhookOf(config.ZALO_WEBHOOK_SECRET),
      }),
    );
  }

  let server: Server | undefined;
  if (!chatOnly) {
    const app = createHttpApp({ routers: channels.map((c) => c.router), logger });
    const listening = await listen(app, config.PORT).catch((err: NodeJS.ErrnoException) => {
      throw err.code === "EADDRINUSE" ? new ConfigError([`PORT: ${config.PORT} is in use; set PORT to a free port`]) : err;
    });
    server = listening.server;
    logger.info({ port: listening.port }, "HTTP server listening");
  }
  for (const channel of channels) await channel.start();

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
    await Promise.all(channels.map((c) => c.stop()));
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await db.close();
    process.exit(code);
  };
  process.once("SIGINT", () => void stop(0));
  process.once("SIGTERM", () => void stop(0));

  if (consoleChat) {
    await runConsoleChat({ runner, input: process.stdin, output: process.stdout });
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
