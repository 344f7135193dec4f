import { execFileSync } from "node:child_process";
import { createServer } from "node:net";
import type { FakeTelegram } from "../test/support/fake-telegram.js";

/** The webhook secret the benchmarks' bot is started with. */
export const BENCH_SECRET = "bench-secret-0123456789";

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Brings a benchmark's fresh SQLite file up to the latest migration, as `npm start` does. */
export function migrate(databaseUrl: string): void {
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: "pipe" });
}

/** The environment of the bot process (`src/main.ts`): Telegram in webhook mode on `port`, against the fake. */
export function botEnv(o: { databaseUrl: string; port: number; fake: FakeTelegram; extra?: Record<string, string> }): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: o.databaseUrl,
    PORT: String(o.port),
    PUBLIC_URL: `http://127.0.0.1:${o.port}`,
    TELEGRAM_BOT_TOKEN: o.fake.token,
    TELEGRAM_API_ROOT: o.fake.apiRoot,
    TELEGRAM_WEBHOOK_SECRET: BENCH_SECRET,
    LOG_LEVEL: "warn",
    ...o.extra,
  };
}
