import { SimilarProposals } from "./domain/similar-proposals.js";
import { dialoguesOpenForSubmissions } from "./domain/dialogues.js";
import type { Server } from "node:http";
import type { Logger } from "pino";
import type { MessengerChannel, Sender } from "./channels/channel.js";
import { createConsoleSender } from "./channels/console/console.sender.js";
import { createTelegramChannel } from "./channels/telegram/telegram.channel.js";
import { createZaloChannel } from "./channels/zalo/zalo.channel.js";
import { TELEGRAM_CHANNEL } from "./channels/telegram/telegram.update.js";
import { ZALO_CHANNEL } from "./channels/zalo/zalo.update.js";
import { ConfigError, type Config } from "./config.js";
import type { Db } from "./db/client.js";
import { createBotFlows } from "./flows/index.js";
import type { Clock } from "./flows/runner.js";
import { createAdminWebRouter } from "./http/admin/admin.router.js";
import { createApiRouter } from "./http/api/api.router.js";
import { createSignInThrottle } from "./http/api/sign-in-throttle.js";
import { checkReadiness, shippedMigrations } from "./db/readiness.js";
import { createHttpApp, listen } from "./http/server.js";
import type { I18n } from "./i18n/i18n.js";
import { createDeliveryWorker } from "./outbox/delivery-worker.js";

export interface AppDeps {
  config: Config;
  db: Db;
  i18n: I18n;
  clock: Clock;
  logger: Logger;
  /** The terminal chat's output, when it runs: announcements and invitations to it are printed there. */
  terminal?: NodeJS.WritableStream;
  /** Only the terminal chat: no messengers, no HTTP server. */
  chatOnly?: boolean;
  /** Tests poll faster than production. */
  pollMs?: number;
  zaloPollTimeoutSeconds?: number;
}

/**
 * Everything one process runs, wired: the flows, the messengers whose token is set, the HTTP
 * server, the delivery worker. main.ts starts it; tests start it against fake platforms.
 */
export function createApp(deps: AppDeps) {
  const { config, logger, i18n } = deps;
  // One index of the proposals per process, shared by the flows (suggestions) and the office (groups).
  // A big dialogue is read into the similarity index in the background, so a restart keeps answering.
  const similar = new SimilarProposals({
    db: deps.db,
    onError: (err) => logger.error({ err }, "reading proposals for similarity failed"),
    now: () => deps.clock.now(),
  });
  const runner = createBotFlows({ db: deps.db, i18n, clock: deps.clock, logger, defaultLocale: config.DEFAULT_LOCALE, similar });
  const webhookOf = (secret: string | undefined) => (config.PUBLIC_URL && secret ? { publicUrl: config.PUBLIC_URL, secret } : undefined);

  const channels: MessengerChannel[] = [];
  if (config.TELEGRAM_BOT_TOKEN && !deps.chatOnly) {
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
  if (config.ZALO_BOT_TOKEN && !deps.chatOnly) {
    channels.push(
      createZaloChannel({
        token: config.ZALO_BOT_TOKEN,
        apiBase: config.ZALO_API_BASE,
        runner,
        logger,
        webhook: webhookOf(config.ZALO_WEBHOOK_SECRET),
        pollTimeoutSeconds: deps.zaloPollTimeoutSeconds,
      }),
    );
  }
  const senders: Sender[] = [...channels, ...(deps.terminal ? [createConsoleSender(deps.terminal)] : [])];
  const worker = createDeliveryWorker({
    db: deps.db,
    senders,
    runner,
    clock: deps.clock,
    logger,
    defaultLocale: config.DEFAULT_LOCALE,
    rates: { [TELEGRAM_CHANNEL]: config.OUTBOX_RATE_TELEGRAM, [ZALO_CHANNEL]: config.OUTBOX_RATE_ZALO },
    quietHours: config.QUIET_HOURS,
    concurrency: config.OUTBOX_CONCURRENCY,
    claimMs: config.OUTBOX_CLAIM_SECONDS * 1000,
    keptMs: config.OUTBOX_KEPT_DAYS * 24 * 60 * 60 * 1000,
    pollMs: deps.pollMs,
  });

  let server: Server | undefined;
  let stopping = false;
  return {
    runner,
    worker,
    /** Whether nothing is in hand: no update being handled, no reply or outbox row being sent. Tests end a turn on it. */
    idle: () => runner.idle() && channels.every((c) => c.idle()) && worker.idle(),
    /** Listens (unless chat-only), starts the messengers and the delivery worker; resolves to the HTTP port. */
    async start(): Promise<number | undefined> {
      // The similarity index of the dialogues open for proposals is read now rather than at the first
      // youth's filing; a big dialogue's in the background, while /readyz says so.
      await deps.db
        .transaction((tx) => dialoguesOpenForSubmissions(tx, deps.clock.now()))
        .then((ids) => similar.preload(ids))
        .catch((err: unknown) => logger.error({ err }, "reading proposals for similarity failed"));
      let port: number | undefined;
      if (!deps.chatOnly) {
        // One throttle for the API and the web page's sign-in: guesses count wherever they come from.
        const throttle = createSignInThrottle();
        const api = createApiRouter({ db: deps.db, clock: deps.clock, logger, throttle, similar });
        const web = createAdminWebRouter({ db: deps.db, clock: deps.clock, i18n, throttle });
        const shipped = shippedMigrations(deps.db.dialect);
        const http = createHttpApp({
          routers: [...channels.map((c) => c.router), api, web],
          logger,
          // Stopping: a load balancer's check takes this process out while it finishes what it holds.
          // Reading a big dialogue's proposals for similarity takes a province's process a minute of
          // CPU or more, during which its answers are slow (bench:scale): the other processes serve meanwhile.
          readiness: async () =>
            stopping
              ? { ready: false, reason: "stopping" }
              : similar.readingInBackground
                ? { ready: false, reason: "reading_proposals" }
                : checkReadiness(deps.db, shipped),
        });
        const listening = await listen(http, config.PORT).catch((err: NodeJS.ErrnoException) => {
          throw err.code === "EADDRINUSE" ? new ConfigError([`PORT: ${config.PORT} is in use; set PORT to a free port`]) : err;
        });
        server = listening.server;
        port = listening.port;
        logger.info({ port }, "HTTP server listening");
      }
      for (const channel of channels) await channel.start();
      await worker.start();
      return port;
    },
    /**
     * Stops taking updates (webhooks answer 503: a load balancer hands them to another process),
     * lets the ones in hand, their replies and the sends in flight finish.
     */
    async stop() {
      stopping = true;
      await Promise.all(channels.map((c) => c.stop()));
      await worker.stop();
      if (server) {
        server.closeAllConnections();
        await new Promise((resolve) => server!.close(resolve));
      }
    },
  };
}

export type App = ReturnType<typeof createApp>;
