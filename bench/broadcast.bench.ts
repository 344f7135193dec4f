/**
 * Broadcast benchmark: a leader's broadcast to a branch of 10 000 youth goes out through the
 * durable outbox of the real bot, run as its own process, against the fake Telegram on loopback
 * enforcing a rate limit (a token bucket: `--limit` a second, a tenth of a second of burst; above
 * it a 429 with retry_after 1). With `--kill-at 0.5` the bot is killed (SIGKILL) once half the
 * recipients have the message, started again at once, and must finish without losing anyone and
 * repeating at most the sends that were in flight.
 * Usage: npm run bench:broadcast -- [--recipients 10000] [--limit 200] [--concurrency 4] [--kill-at 0.5]
 * Last line: {"recipients":…,"limit_per_s":…,"achieved_per_s":…,"ratio":…,"lost":…,"duplicates":…,"in_flight_max":…}
 * Bar: ratio ≥ 0.95, lost 0, duplicates ≤ in_flight_max (exit code 1 otherwise).
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "../src/db/client.js";
import { countAudience, scheduleBroadcast } from "../src/domain/broadcasts.js";
import { findUnitByCode, grantRole } from "../src/domain/roles.js";
import { FakeTelegram } from "../test/support/fake-telegram.js";
import { registerYouth } from "../test/support/population.js";
import { BotLog } from "./bot-log.js";
import { seedDemoAnnounced } from "./demo.js";
import { botEnv, freePort, migrate, startBot, stopBot, waitUntil } from "./bot-process.js";

const { values } = parseArgs({
  options: {
    recipients: { type: "string", default: "10000" },
    limit: { type: "string", default: "200" },
    concurrency: { type: "string", default: "4" },
    "kill-at": { type: "string", default: "0" },
  },
});
/** Everyone the broadcast reaches: the youth of the branch and the leader, who is one of them. */
const RECIPIENTS = Number(values.recipients);
const LIMIT = Number(values.limit);
const CONCURRENCY = Number(values.concurrency);
const KILL_AT = Number(values["kill-at"]);
for (const [name, value] of Object.entries({ recipients: RECIPIENTS, limit: LIMIT, concurrency: CONCURRENCY })) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
}
if (!(KILL_AT >= 0 && KILL_AT < 1)) throw new Error("--kill-at must be a fraction in [0, 1)");

const BRANCH = "TH-BS-PS-KP1";
const LEADER_CHAT = 90_000;
const FIRST_CHAT = 100_000;
const ANNOUNCEMENT =
  "Chi đoàn Khu phố 1 thông báo: 7 giờ sáng Chủ nhật tuần này ra quân ngày thứ Bảy tình nguyện dọn vệ sinh đường làng, trồng cây xanh tại nhà văn hoá khu phố. Đề nghị các đồng chí đoàn viên tham gia đầy đủ, đúng giờ.";
/** What marks the broadcast among the messages the fake receives (the report quotes no text). */
const MARK = "ra quân ngày thứ Bảy tình nguyện";
const REPORT = "Báo cáo gửi thông báo";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function setUp(databaseUrl: string): Promise<{ audience: number; chats: Set<string> }> {
  migrate(databaseUrl);
  const db = await openDatabase(databaseUrl);
  try {
    const now = new Date();
    await seedDemoAnnounced(db, now);
    const [leader] = await registerYouth(db, { count: 1, branch: BRANCH, channel: "telegram", firstChatId: LEADER_CHAT, at: now });
    await registerYouth(db, { count: RECIPIENTS - 1, branch: BRANCH, channel: "telegram", firstChatId: FIRST_CHAT, at: now });
    const audience = await db.transaction(async (tx) => {
      const unit = (await findUnitByCode(tx, BRANCH))!;
      await grantRole(tx, { participantId: leader!, role: "LEADER", unit, grantedBy: "bench", now });
      await scheduleBroadcast(tx, { kind: "LEADER", unitId: unit.id, text: ANNOUNCEMENT, senderParticipantId: leader!, dueAt: now }, now);
      return countAudience(tx, { kind: "LEADER", unitId: unit.id, dialogueId: null });
    });
    const chats = new Set([String(LEADER_CHAT), ...Array.from({ length: RECIPIENTS - 1 }, (_, i) => String(FIRST_CHAT + i))]);
    if (audience !== chats.size) throw new Error(`countAudience says ${audience}, ${chats.size} chats were registered in ${BRANCH}`);
    return { audience, chats };
  } finally {
    await db.close();
  }
}

async function main(): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), "bench-broadcast-"));
  const databaseUrl = `file:${join(dir, "bench.db")}`;
  const fake = await new FakeTelegram({ ratePerSecond: LIMIT }).start();
  const log = new BotLog();
  let bot: ChildProcess | undefined;
  try {
    const { audience, chats } = await setUp(databaseUrl);
    const port = await freePort();
    const env = botEnv({
      databaseUrl,
      port,
      fake,
      extra: { OUTBOX_RATE_TELEGRAM: String(LIMIT), OUTBOX_CONCURRENCY: String(CONCURRENCY), QUIET_HOURS: "off" },
    });
    let instances = 0;
    const startInstance = () => {
      const instance = ++instances;
      const child = startBot(env, ["ignore", "inherit", "pipe"]);
      log.follow(child, instance);
      return child;
    };
    const waitForWebhook = (calls: number, child: ChildProcess, pollMs = 20) =>
      waitUntil("its webhook", () => fake.calls.filter((c) => c.method === "setWebhook").length >= calls, child, 30_000, pollMs);

    // What the fake receives, as it receives it.
    const reached = new Set<string>();
    let broadcastMessages = 0;
    const arrivals: number[] = [];
    let strays = 0;
    let first = 0;
    let last = 0;
    let reportAt = 0;
    let reportText = "";
    const killAfter = KILL_AT > 0 ? Math.max(1, Math.ceil(KILL_AT * audience)) : Infinity;
    let killedAt = 0;
    let restarted: Promise<void> | undefined;
    let restartError: unknown;
    let respawned = false;
    let firstAfterRestart = 0;
    let restartWebhookAt = 0;

    const restart = async () => {
      const old = bot!;
      const exited = new Promise((r) => old.once("exit", r));
      old.kill("SIGKILL");
      await exited;
      bot = startInstance();
      respawned = true;
      await waitForWebhook(2, bot, 5);
      restartWebhookAt = performance.now();
    };

    fake.onSent = (m) => {
      const at = performance.now();
      if (m.text.includes(MARK)) {
        if (!chats.has(m.chat_id)) strays++;
        broadcastMessages++;
        arrivals.push(at);
        reached.add(m.chat_id);
        if (!first) first = at;
        last = at;
        if (respawned && !firstAfterRestart) firstAfterRestart = at;
        if (!killedAt && reached.size >= killAfter) {
          killedAt = at;
          restarted = restart().catch((err: unknown) => {
            restartError = err;
          });
        }
      } else if (m.chat_id === String(LEADER_CHAT) && m.text.startsWith(REPORT)) {
        reportAt = at;
        reportText = m.text;
      }
    };

    const started = performance.now();
    bot = startInstance();
    await waitForWebhook(1, bot);
    const ready = performance.now();

    // Generous: five times the time the limit allows, and a minute more.
    const deadline = Date.now() + (5 * audience * 1000) / LIMIT + 60_000;
    let lastProgress = Date.now();
    while (reached.size < audience || !reportAt) {
      if (Date.now() > deadline) {
        throw new Error(
          `timed out: ${reached.size} of ${audience} recipients reached, ${reportAt ? "the report arrived" : "no report to the leader"}`,
        );
      }
      if (restarted) await restarted;
      if (restartError) throw new Error(`restart failed: ${restartError instanceof Error ? restartError.message : String(restartError)}`);
      if (bot.exitCode !== null) throw new Error(`the bot exited with ${bot.exitCode}`);
      if (Date.now() - lastProgress > 10_000) {
        console.log(`… ${reached.size} of ${audience} reached, ${fake.rateLimited} 429s so far`);
        lastProgress = Date.now();
      }
      await sleep(50);
    }
    // A repeated send would come before the report (released rows go out first); a moment more anyway.
    await sleep(500);

    const span = (last - first) / 1000;
    const achieved = span > 0 ? reached.size / span : 0;
    const lost = [...chats].filter((c) => !reached.has(c)).length;
    const result = {
      recipients: audience,
      limit_per_s: LIMIT,
      achieved_per_s: Math.round(achieved * 10) / 10,
      ratio: Math.round((achieved / LIMIT) * 1000) / 1000,
      lost,
      duplicates: broadcastMessages - reached.size,
      in_flight_max: CONCURRENCY,
    };

    console.log(
      `${audience} recipients (${BRANCH}, leader included), limit ${LIMIT}/s, concurrency ${CONCURRENCY}: bot ready in ${seconds(ready - started)}, ` +
        `first message ${seconds(first - ready)} later, all ${broadcastMessages} broadcast messages in ${seconds(last - first)}, ` +
        `the report ${seconds(reportAt - last)} after the last (“${reportText.split("\n").slice(1).join("; ")}”)`,
    );
    console.log(`the fake Telegram answered ${fake.rateLimited} × 429; ${fake.sent.length} messages accepted in all${strays ? `, ${strays} to unknown chats` : ""}`);
    if (killedAt) {
      console.log(
        `killed (SIGKILL) ${seconds(killedAt - first)} after the first message, with ${killAfter} of ${audience} reached; ` +
          `restarted bot took its webhook ${seconds(restartWebhookAt - killedAt)} after the kill and sent again ${seconds(firstAfterRestart - killedAt)} after it`,
      );
    }
    // Where the time went: the pauses in the stream of sends (batch boundaries, a 429's wait, the restart).
    const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]!);
    const interval = 1000 / LIMIT;
    const long = gaps.filter((g) => g > 4 * interval);
    const lostToLong = long.reduce((sum, g) => sum + g - interval, 0);
    console.log(
      `pauses over ${4 * interval} ms between broadcast messages: ${long.length}, ${seconds(lostToLong)} in all` +
        (long.length ? `, longest ${long.sort((a, b) => b - a).slice(0, 3).map((g) => `${g.toFixed(0)} ms`).join(", ")}` : "") +
        `; at the limit the ${reached.size} would take ${seconds((reached.size / LIMIT) * 1000)}`,
    );
    log.print();
    const met = result.ratio >= 0.95 && result.lost === 0 && result.duplicates <= result.in_flight_max && strays === 0;
    console.log(`bar: ratio ≥ 0.95, lost 0, duplicates ≤ in_flight_max — ${met ? "met" : "NOT met"}`);
    console.log(JSON.stringify(result));
    return met;
  } catch (err) {
    log.print();
    throw err;
  } finally {
    fake.onSent = undefined;
    if (bot) await stopBot(bot, 5000);
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  process.exitCode = (await main()) ? 0 : 1;
} catch (err) {
  console.error(`bench:broadcast failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
