import { createApp } from "../../src/app.js";
import { TELEGRAM_WEBHOOK_PATH } from "../../src/channels/telegram/telegram.channel.js";
import { ZALO_WEBHOOK_PATH } from "../../src/channels/zalo/zalo.channel.js";
import { loadConfig } from "../../src/config.js";
import type { Db } from "../../src/db/client.js";
import type { Clock } from "../../src/flows/runner.js";
import type { FakeTelegram } from "./fake-telegram.js";
import type { FakeZalo } from "./fake-zalo.js";
import { silentLogger, testI18n } from "./runner.js";
import { WEBHOOK_SECRET, type TelegramBot } from "./telegram-youth.js";
import { ZALO_SECRET, type ZaloBot } from "./zalo-youth.js";

/**
 * The whole app as main.ts wires it (flows, both messengers in webhook mode, the HTTP server,
 * the delivery worker) against the fake platforms, on an ephemeral port.
 */
export async function startApp(opts: { db: Db; clock: Clock; telegram?: FakeTelegram; zalo?: FakeZalo; env?: Record<string, string> }) {
  const config = loadConfig({
    PORT: "0",
    PUBLIC_URL: "https://bot.example.test",
    ...(opts.telegram
      ? { TELEGRAM_BOT_TOKEN: opts.telegram.token, TELEGRAM_API_ROOT: opts.telegram.apiRoot, TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET }
      : {}),
    ...(opts.zalo ? { ZALO_BOT_TOKEN: opts.zalo.token, ZALO_API_BASE: opts.zalo.baseUrl, ZALO_WEBHOOK_SECRET: ZALO_SECRET } : {}),
    QUIET_HOURS: "off",
    OUTBOX_RATE_TELEGRAM: "200",
    OUTBOX_RATE_ZALO: "200",
    ...opts.env,
  });
  const app = createApp({ config, db: opts.db, i18n: testI18n, clock: opts.clock, logger: silentLogger, pollMs: 20 });
  const port = await app.start();
  // The fakes learn when the app is done with a turn.
  const served = [opts.telegram, opts.zalo].flatMap((fake) => (fake ? [fake.servedBy(app.idle)] : []));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    served.forEach((gone) => gone());
    await app.stop();
  };
  const telegramBot: TelegramBot = { webhookUrl: `http://127.0.0.1:${port}${TELEGRAM_WEBHOOK_PATH}`, stop };
  const zaloBot: ZaloBot = { webhookUrl: `http://127.0.0.1:${port}${ZALO_WEBHOOK_PATH}`, stop };
  return { app, url: `http://127.0.0.1:${port}`, telegramBot, zaloBot, stop };
}

export type StartedApp = Awaited<ReturnType<typeof startApp>>;
