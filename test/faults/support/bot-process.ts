import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { TELEGRAM_WEBHOOK_PATH } from "../../../src/channels/telegram/telegram.channel.js";
import { ZALO_WEBHOOK_PATH } from "../../../src/channels/zalo/zalo.channel.js";
import type { FakeTelegram } from "../../support/fake-telegram.js";
import type { FakeZalo } from "../../support/fake-zalo.js";
import { appArgs } from "../../support/app-build.js";
import { WEBHOOK_SECRET } from "../../support/telegram-youth.js";
import { ZALO_SECRET } from "../../support/zalo-youth.js";

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface BotProcessOptions {
  databaseUrl: string;
  telegram?: FakeTelegram;
  zalo?: FakeZalo;
  /** Webhook mode (the platforms post to the app) or long polling. */
  webhook: boolean;
  /** More environment, e.g. OUTBOX_RATE_TELEGRAM. */
  env?: Record<string, string>;
  /** The app's stderr, for a test that reads its errors; else inherited. */
  pipeStderr?: boolean;
}

/**
 * The app as a user starts it (`src/main.ts`, as `npm start` runs it, built: app-build.ts) against the fake platforms,
 * on a port of its own: a fault test can kill it, start it again, and hold its database.
 */
export class BotProcess {
  stderr = "";
  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(o: BotProcessOptions): Promise<BotProcess> {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, appArgs("main"), {
      env: {
        ...process.env,
        DATABASE_URL: o.databaseUrl,
        PORT: String(port),
        PUBLIC_URL: o.webhook ? publicUrl : "",
        TELEGRAM_BOT_TOKEN: o.telegram?.token ?? "",
        TELEGRAM_API_ROOT: o.telegram?.apiRoot ?? "",
        TELEGRAM_WEBHOOK_SECRET: o.webhook && o.telegram ? WEBHOOK_SECRET : "",
        ZALO_BOT_TOKEN: o.zalo?.token ?? "",
        ZALO_API_BASE: o.zalo?.baseUrl ?? "",
        ZALO_WEBHOOK_SECRET: o.webhook && o.zalo ? ZALO_SECRET : "",
        QUIET_HOURS: "off",
        LOG_LEVEL: "error",
        ...o.env,
      },
      stdio: ["ignore", "ignore", o.pipeStderr ? "pipe" : "inherit"],
    });
    const bot = new BotProcess(child, port);
    child.stderr?.on("data", (chunk: Buffer) => (bot.stderr += chunk.toString("utf8")));
    await bot.ready();
    return bot;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get telegramWebhook() {
    return { webhookUrl: `http://127.0.0.1:${this.port}${TELEGRAM_WEBHOOK_PATH}` };
  }

  get zaloWebhook() {
    return { webhookUrl: `http://127.0.0.1:${this.port}${ZALO_WEBHOOK_PATH}` };
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Sends `signal` and resolves with how the process ended. */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.running) this.child.kill(signal);
    if (this.running) await new Promise((resolve) => this.child.once("exit", resolve));
    return { code: this.child.exitCode, signal: this.child.signalCode };
  }

  /** Until the HTTP server answers (it starts before the channels, which start before the outbox). */
  private async ready(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) throw new Error(`the app exited (${this.child.exitCode ?? this.child.signalCode}) before serving: ${this.stderr}`);
      const ok = await fetch(`${this.url}/api/openapi.json`).then((r) => r.ok, () => false);
      if (ok) return;
      if (Date.now() > deadline) throw new Error("the app did not start serving in time");
      await sleep(100);
    }
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** A fault test's one line of figures, as the closing note quotes them. */
export function figures(name: string, values: Record<string, unknown>): void {
  console.log(`FAULT ${name} ${JSON.stringify(values)}`);
}
