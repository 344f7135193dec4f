import { execFileSync, spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import type { FakeTelegram } from "../test/support/fake-telegram.js";
import type { FakeZalo } from "../test/support/fake-zalo.js";

/** The webhook secret the benchmarks' bot is started with (on Telegram and on Zalo). */
export const BENCH_SECRET = "bench-secret-0123456789";

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Brings a benchmark's fresh database (a SQLite file, or a PostgreSQL database) up to the latest migration, as `npm start` does. */
export function migrate(databaseUrl: string): void {
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: "pipe" });
}

/**
 * The environment of the bot process (`src/main.ts`): Telegram in webhook mode on `port`, against
 * the fake; Zalo too, in webhook mode, when its fake is given.
 */
export function botEnv(o: { databaseUrl: string; port: number; fake: FakeTelegram; zalo?: FakeZalo; extra?: Record<string, string> }): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: o.databaseUrl,
    PORT: String(o.port),
    PUBLIC_URL: `http://127.0.0.1:${o.port}`,
    TELEGRAM_BOT_TOKEN: o.fake.token,
    TELEGRAM_API_ROOT: o.fake.apiRoot,
    TELEGRAM_WEBHOOK_SECRET: BENCH_SECRET,
    ...(o.zalo ? { ZALO_BOT_TOKEN: o.zalo.token, ZALO_API_BASE: o.zalo.baseUrl, ZALO_WEBHOOK_SECRET: BENCH_SECRET } : {}),
    LOG_LEVEL: "warn",
    ...o.extra,
  };
}

/**
 * The app as `npm start` runs it once migrated (`src/main.ts` under tsx), as a process of its own:
 * its pid is the one whose memory and CPU are read. `compiled`: as the Docker image runs it instead
 * (`node dist/main.js`, built by `build()`), without tsx's compiler in memory.
 */
export function startBot(env: NodeJS.ProcessEnv, stdio: StdioOptions = ["ignore", "inherit", "inherit"], compiled = false): ChildProcess {
  return spawn(process.execPath, [...nodeFlags(), ...(compiled ? ["dist/main.js"] : ["--import", "tsx", "src/main.ts"])], { env, stdio });
}

/**
 * Node's flags for the bot processes from BENCH_BOT_NODE_FLAGS (space-separated), to look inside
 * them: `BENCH_BOT_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof"` writes a CPU profile of each
 * when it stops.
 */
function nodeFlags(): string[] {
  return process.env.BENCH_BOT_NODE_FLAGS?.split(" ").filter(Boolean) ?? [];
}

/** Compiles the app to dist/ (`npm run build`), as the Docker image does. */
export function build(): void {
  execFileSync("npm", ["run", "build"], { stdio: "pipe" });
}

/** Polls `ready` until it holds; fails if `child` exits first or `timeoutMs` passes. */
export async function waitUntil(what: string, ready: () => boolean | Promise<boolean>, child: ChildProcess, timeoutMs = 30_000, pollMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the bot exited (${child.exitCode ?? child.signalCode}) before ${what}`);
    if (Date.now() > deadline) throw new Error(`the bot did not get to ${what} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Stops a bot with SIGTERM (SIGKILL after `graceMs`) and waits for it to exit. */
export async function stopBot(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

/** The most the process has had resident since it started (Linux). */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** CPU seconds a process has used (user + system), from /proc. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The machine's CPU time so far, busy and in all, in clock ticks (Linux: /proc/stat), to tell how busy it was between two readings. */
export function machineCpu(): { busy: number; total: number } {
  const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  // idle and iowait
  return { busy: total - fields[3]! - (fields[4] ?? 0), total };
}

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
