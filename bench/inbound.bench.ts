/**
 * Inbound benchmark: simulated youth (default 200 at once) complete the proposal flow through the
 * webhook path of the real bot, run as its own process, against the fake Telegram on loopback.
 * Usage: npm run bench:inbound -- [--youth 200] [--think-ms 500] [--warmup-youth 200]
 * A warm-up round (not measured) first lets the bot's JIT and connections settle.
 * Last line: {"steps_per_s":…, "p50_ms":…, "p99_ms":…, "peak_rss_mb":…}
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { FakeTelegram } from "../test/support/fake-telegram.js";
import { botEnv, cpuSeconds, freePort, migrate, peakRssMb, percentile, startBot, waitUntil } from "./bot-process.js";
import { proposalScript, simulatedYouth } from "./simulated-youth.js";

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

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "bench-inbound-"));
  const databaseUrl = `file:${join(dir, "bench.db")}`;
  migrate(databaseUrl);
  const fake = await new FakeTelegram().start();
  const port = await freePort();
  const bot = startBot(botEnv({ databaseUrl, port, fake }));
  try {
    await waitUntil("its webhook", () => fake.calls.some((c) => c.method === "setWebhook"), bot);
    const youth = simulatedYouth({ fake, port: () => port, thinkMs: THINK_MS, script: proposalScript() });

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
