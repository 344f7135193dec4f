/**
 * Inbound benchmark: simulated youth (default 200 at once) complete the proposal flow through the
 * webhook path of the real bot, run as its own process, against the fake Telegram on loopback.
 * Usage: npm run bench:inbound -- [--youth 200] [--think-ms 500] [--warmup-youth 200]
 * A warm-up round (not measured) first lets the bot's JIT and connections settle.
 * Last line: {"steps_per_s":…, "p50_ms":…, "p99_ms":…, "peak_rss_mb":…}
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { FakeTelegram } from "../test/support/fake-telegram.js";
import { BENCH_SECRET, botEnv, freePort, migrate } from "./bot-process.js";

const { values } = parseArgs({
  options: {
    youth: { type: "string", default: "200" },
    "think-ms": { type: "string", default: "500" },
    "warmup-youth": { type: "string", default: "200" },
  },
});
const YOUTH = Number(values.youth);
/** Mean pause of a youth between reading a reply and answering (uniform, ±50 %): people type. */
const THINK_MS = Number(values["think-ms"]);
const TEXT = "Đề nghị phường hỗ trợ thanh niên vay vốn khởi nghiệp với lãi suất ưu đãi và thủ tục đơn giản hơn.";

type Action = { send: string } | { tap: number | "random" };
/** The proposal flow from the first message to the reference code; `replies`: messages the turn brings. */
const SCRIPT: (Action & { replies: number })[] = [
  { send: "/start", replies: 1 },
  { tap: 0, replies: 1 }, // I agree
  { tap: 0, replies: 2 }, // announcements: yes → recorded, ask name
  { send: "Nguyễn Thị Hoa", replies: 1 },
  { send: "2002", replies: 1 },
  { tap: "random", replies: 1 }, // branch
  { tap: 0, replies: 2 }, // skip phone → profile complete, menu
  { tap: 0, replies: 1 }, // menu: send a proposal → topics
  { tap: "random", replies: 1 }, // topic → level
  { tap: "random", replies: 1 }, // level → text
  { send: TEXT, replies: 1 }, // → review
  { tap: 0, replies: 2 }, // send → code, menu
];

/** CPU seconds a process has used (user + system), from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

// node:http with keep-alive: lighter than fetch, so the load generator adds less to what it measures.
const agent = new Agent({ keepAlive: true });
function post(port: number, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: "/webhook/telegram",
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), "X-Telegram-Bot-Api-Secret-Token": BENCH_SECRET },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "bench-inbound-"));
  const databaseUrl = `file:${join(dir, "bench.db")}`;
  migrate(databaseUrl);
  const fake = await new FakeTelegram().start();
  const port = await freePort();
  const bot = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: botEnv({ databaseUrl, port, fake }),
    stdio: ["ignore", "inherit", "inherit"],
  });
  try {
    const readyBy = Date.now() + 30_000;
    while (!fake.calls.some((c) => c.method === "setWebhook")) {
      if (Date.now() > readyBy || bot.exitCode !== null) throw new Error("the bot did not start");
      await new Promise((r) => setTimeout(r, 50));
    }
    let updateId = 1;

    async function youth(chatId: number, latencies: number[]) {
      let received = 0;
      for (const step of SCRIPT) {
        await new Promise((r) => setTimeout(r, THINK_MS * (0.5 + Math.random())));
        const id = updateId++;
        let update: Record<string, unknown>;
        if ("send" in step) {
          update = { update_id: id, message: { message_id: id, date: 0, chat: { id: chatId, type: "private" }, from: { id: chatId, is_bot: false, first_name: "Hoa" }, text: step.send } };
        } else {
          const buttons = fake.sentTo(chatId).findLast((m) => m.buttons.length)!.buttons;
          const index = step.tap === "random" ? Math.floor(Math.random() * buttons.length) : step.tap;
          update = { update_id: id, callback_query: { id: String(id), from: { id: chatId, is_bot: false, first_name: "Hoa" }, chat_instance: "1", data: buttons[index]!.data, message: { message_id: 1, date: 0, chat: { id: chatId, type: "private" } } } };
        }
        const started = performance.now();
        const status = await post(port, JSON.stringify(update));
        if (status !== 200) throw new Error(`webhook answered ${status}`);
        received += step.replies;
        await fake.waitForCount(chatId, received, 30_000);
        latencies.push(performance.now() - started);
      }
      if (!/PS-\d{4}-\d{4}/.test(fake.sentTo(chatId).at(-2)!.text)) throw new Error(`chat ${chatId} got no reference code`);
    }

    const warmup = Number(values["warmup-youth"]);
    await Promise.all(Array.from({ length: warmup }, (_, i) => youth(8_000_000 + i, [])));

    const latencies: number[] = [];
    const botCpu = cpuSeconds(bot.pid!);
    const benchCpu = process.cpuUsage();
    const started = performance.now();
    await Promise.all(Array.from({ length: YOUTH }, (_, i) => youth(9_000_000 + i, latencies)));
    const seconds = (performance.now() - started) / 1000;
    const rss = peakRssMb(bot.pid!);
    const benchUsed = process.cpuUsage(benchCpu);
    const busy = (cpu: number) => `${Math.round((cpu / seconds) * 100)} %`;
    latencies.sort((a, b) => a - b);
    const result = {
      steps_per_s: Math.round(latencies.length / seconds),
      p50_ms: Math.round(percentile(latencies, 50) * 10) / 10,
      p99_ms: Math.round(percentile(latencies, 99) * 10) / 10,
      peak_rss_mb: Math.round(rss),
    };
    console.log(`${YOUTH} youth thinking ${THINK_MS} ms on average, ${latencies.length} steps in ${seconds.toFixed(2)} s, ${fake.sent.length} replies`);
    console.log(`CPU: the bot ${busy(cpuSeconds(bot.pid!) - botCpu)}, this load generator and the fake Telegram ${busy((benchUsed.user + benchUsed.system) / 1e6)}`);
    console.log(`bar: ≥ 300 steps/s, p99 < 100 ms`);
    console.log(JSON.stringify(result));
  } finally {
    bot.kill("SIGTERM");
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
