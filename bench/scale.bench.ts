/**
 * Scale benchmark: a province on PostgreSQL — 1 000 000 youth over 27 towns, 500 wards and 5 000
 * branches, each with a chat (Telegram or Zalo), 100 000 proposals of the demo dialogue's topics —
 * served by two processes of the real app (`src/main.ts`), in webhook mode against the fake Telegram
 * and Zalo on loopback. Measured one after the other:
 *  1. inbound: simulated new youth onboard (consent, profile, their branch down the unit tree) and
 *     file a proposal, each update posted to the two processes in turn; steps/s and p99 latency as
 *     `bench:inbound` measures them;
 *  2. a leader's broadcast to one town (about 37 000 recipients), both processes sending at
 *     `--rate` a second per channel each; the ratio is `bench:broadcast`'s (recipients reached ÷ the
 *     time from the first to the last ÷ the configured rate, here the four lanes' sum), duplicates and
 *     lost recipients counted at the fakes; the fake Telegram refuses (429) what goes over the two
 *     processes' rate from this phase on, not the inbound flow's replies;
 *  3. the XLSX export of one ward (its branches' proposals) and of the whole province through the
 *     office API of one process, timed to the last byte.
 * The processes run the compiled build (`npm run build`, then `node dist/main.js`), as the Docker
 * image deploys them: under tsx each would also hold its compiler, about 40 MB more. Nothing is
 * sent to them before both answer /readyz, as behind a load balancer: each first reads the
 * province's proposals for similarity (a minute of CPU or more on a busy 2-core machine).
 * Each run makes its own database (youth_scale_<stamp>) and drops it at the end unless --keep.
 * `--only inbound` (or `broadcast`, `exports`, comma-separated) measures those alone, to look into
 * one of them: the last line then says null for the rest, and the bar is not judged.
 * Usage: npm run bench:scale [-- --youth 1000000 --proposals 100000 --new-youth 300 --think-ms 500
 *   --warmup-youth 100 --rate 100 --town TH-BS --ward TH-BS-PS --keep --only inbound --server postgresql://…/postgres]
 * Last line: {"youth","proposals","steps_per_s","p99_ms","broadcast_ratio","duplicates","lost",
 *   "ward_export_s","province_export_s","peak_rss_mb"}.
 * Bar: steps_per_s ≥ 300, p99_ms < 150, broadcast_ratio ≥ 0.95, duplicates 0, lost 0,
 * ward_export_s < 5, province_export_s < 60, peak_rss_mb < 400 for each process (exit code 1 otherwise).
 */
import type { ChildProcess } from "node:child_process";
import { parseArgs } from "node:util";
import { openDatabase, type Db } from "../src/db/client.js";
import { countAudience, scheduleBroadcast } from "../src/domain/broadcasts.js";
import { findUnit, findUnitByCode, grantRole } from "../src/domain/roles.js";
import { createToken } from "../src/domain/staff-tokens.js";
import { FakeTelegram } from "../test/support/fake-telegram.js";
import { FakeZalo } from "../test/support/fake-zalo.js";
import { onServer, postgresDatabaseUrl } from "../test/support/test-database-server.js";
import { BotLog } from "./bot-log.js";
import { botEnv, build, cpuSeconds, freePort, machineCpu, migrate, peakRssMb, percentile, startBot, stopBot, waitUntil } from "./bot-process.js";
import { download } from "./export-measure.js";
import { seedProvince, type SeededProvince } from "./scale-seed.js";
import { proposalScript, simulatedYouth } from "./simulated-youth.js";

const { values } = parseArgs({
  options: {
    youth: { type: "string", default: "1000000" },
    proposals: { type: "string", default: "100000" },
    towns: { type: "string", default: "27" },
    wards: { type: "string", default: "500" },
    branches: { type: "string", default: "5000" },
    "new-youth": { type: "string", default: "300" },
    "think-ms": { type: "string", default: "500" },
    "warmup-youth": { type: "string", default: "100" },
    rate: { type: "string", default: "100" },
    concurrency: { type: "string", default: "4" },
    town: { type: "string", default: "TH-BS" },
    ward: { type: "string", default: "TH-BS-PS" },
    server: { type: "string", default: process.env.TEST_POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432/postgres" },
    keep: { type: "boolean", default: false },
    only: { type: "string" },
  },
});
const int = (name: keyof typeof values, min = 1) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer of at least ${min}`);
  return n;
};
const SIZE = { youth: int("youth"), proposals: int("proposals"), towns: int("towns"), wards: int("wards"), branches: int("branches") };
const NEW_YOUTH = int("new-youth");
const THINK_MS = int("think-ms", 0);
const WARMUP_YOUTH = int("warmup-youth", 0);
/** Messages a second each process sends on each channel (OUTBOX_RATE_TELEGRAM and OUTBOX_RATE_ZALO). */
const RATE = int("rate");
const CONCURRENCY = int("concurrency");
const PROCESSES = 2;
const CHANNELS = ["telegram", "zalo"] as const;
const PHASES = ["inbound", "broadcast", "exports"] as const;
const ONLY = values.only?.split(",") ?? [...PHASES];
for (const phase of ONLY) if (!(PHASES as readonly string[]).includes(phase)) throw new Error(`--only takes ${PHASES.join(", ")}`);
const measures = (phase: (typeof PHASES)[number]) => ONLY.includes(phase);
const BAR = { steps_per_s: 300, p99_ms: 150, broadcast_ratio: 0.95, ward_export_s: 5, province_export_s: 60, peak_rss_mb: 400 };

const ANNOUNCEMENT =
  "Thị đoàn thông báo: Chủ nhật tuần này ra quân Ngày Chủ nhật xanh – toàn thị xã dọn vệ sinh, trồng cây xanh tại các khu dân cư. Đề nghị các chi đoàn tập trung đoàn viên lúc 7 giờ sáng tại nhà văn hoá khu phố, thôn.";
/** What marks the broadcast among the messages the fakes receive (the report quotes no text). */
const MARK = "ra quân Ngày Chủ nhật xanh";
const REPORT = "Báo cáo gửi thông báo";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number, digits = 1) => Number(n.toFixed(digits));
const clock = (() => {
  const started = performance.now();
  return () => `[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s]`;
})();
const say = (line: string) => console.log(`${clock()} ${line}`);

interface Stage {
  telegram: FakeTelegram;
  zalo: FakeZalo;
  bots: ChildProcess[];
  ports: number[];
  log: BotLog;
}

/** Both processes on the database, each with its own port, sharing the fakes; resolves once both have set their webhooks. */
async function startStage(databaseUrl: string): Promise<Stage> {
  // Limited for the broadcast alone (measureBroadcast): limited from the start, the youth's replies
  // (over 300 a second at the inbound bar) were refused above the broadcast's 200 a second, and each
  // waited out a 429's second.
  const telegram = await new FakeTelegram().start();
  const zalo = await new FakeZalo().start();
  const log = new BotLog();
  const ports: number[] = [];
  const bots: ChildProcess[] = [];
  for (let i = 0; i < PROCESSES; i++) {
    const port = await freePort();
    const extra = { OUTBOX_RATE_TELEGRAM: String(RATE), OUTBOX_RATE_ZALO: String(RATE), OUTBOX_CONCURRENCY: String(CONCURRENCY), QUIET_HOURS: "off" };
    const bot = startBot(botEnv({ databaseUrl, port, fake: telegram, zalo, extra }), ["ignore", "inherit", "pipe"], true);
    log.follow(bot, i + 1);
    ports.push(port);
    bots.push(bot);
  }
  const webhooks = (fake: FakeTelegram | FakeZalo) => fake.calls.filter((c) => c.method === "setWebhook").length;
  for (const bot of bots) await waitUntil("its webhooks", () => webhooks(telegram) >= PROCESSES && webhooks(zalo) >= PROCESSES, bot, 60_000);
  // As a load balancer would: no traffic until /readyz says so (each process reads the province's
  // proposals for similarity first).
  const started = performance.now();
  const ready = async (port: number) => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null))?.status === 200;
  for (const [i, bot] of bots.entries()) await waitUntil("ready", () => ready(ports[i]!), bot, 600_000, 500);
  say(`both ready (/readyz) ${((performance.now() - started) / 1000).toFixed(0)} s after their webhooks were set`);
  return { telegram, zalo, bots, ports, log };
}

/**
 * CPU seconds used so far by each server process serving the benchmark's database (when the server
 * is on this machine), by pid: other databases' (another suite's) are not counted.
 */
async function serverCpu(db: Db): Promise<Map<number, number>> {
  const backends = await db.transaction((tx) => tx.all<{ pid: number }>(`SELECT "pid" FROM pg_stat_activity WHERE "datname" = current_database()`));
  const cpu = new Map<number, number>();
  for (const { pid } of backends) {
    try {
      cpu.set(pid, cpuSeconds(pid));
    } catch {
      // Not on this machine, or ended meanwhile.
    }
  }
  return cpu;
}

/** New youth onboard and file a proposal, each update to the next process in turn. */
async function measureInbound(stage: Stage, db: Db) {
  let next = 0;
  const youth = simulatedYouth({
    fake: stage.telegram,
    port: () => stage.ports[next++ % stage.ports.length]!,
    thinkMs: THINK_MS,
    // Town, ward, branch.
    script: proposalScript(3),
  });
  if (WARMUP_YOUTH) {
    say(`inbound: warm-up, ${WARMUP_YOUTH} youth (not measured)`);
    await Promise.all(Array.from({ length: WARMUP_YOUTH }, (_, i) => youth(8_000_000 + i, [])));
  }
  const latencies: number[] = [];
  const cpu = stage.bots.map((b) => cpuSeconds(b.pid!));
  const serverBefore = await serverCpu(db);
  const benchCpu = process.cpuUsage();
  const machine = machineCpu();
  const started = performance.now();
  await Promise.all(Array.from({ length: NEW_YOUTH }, (_, i) => youth(9_000_000 + i, latencies)));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const result = {
    steps_per_s: Math.round(latencies.length / seconds),
    p50_ms: round(percentile(latencies, 50)),
    p99_ms: round(percentile(latencies, 99)),
  };
  const used = stage.bots.map((b, i) => cpuSeconds(b.pid!) - cpu[i]!);
  // A backend that ended meanwhile is left out (the pools keep theirs while busy).
  const serverUsed = [...(await serverCpu(db))].reduce((sum, [pid, cpu]) => sum + cpu - (serverBefore.get(pid) ?? 0), 0);
  const benchUsed = process.cpuUsage(benchCpu);
  const machineNow = machineCpu();
  const machineBusy = (machineNow.busy - machine.busy) / (machineNow.total - machine.total);
  const busy = used.map((u) => `${Math.round((u / seconds) * 100)} %`).join(" and ");
  // Where a step's CPU goes: what the machine's cores must find room for at the bar.
  const perStep = (s: number) => `${((s * 1000) / latencies.length).toFixed(2)} ms`;
  say(
    `inbound: ${NEW_YOUTH} new youth thinking ${THINK_MS} ms on average, ${latencies.length} steps in ${seconds.toFixed(1)} s: ` +
      `${result.steps_per_s} steps/s, p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms, max ${round(latencies.at(-1)!)} ms; CPU of the processes ${busy}; ` +
      `CPU a step: the processes ${perStep(used.reduce((a, b) => a + b, 0))}, PostgreSQL's backends ${perStep(serverUsed)}, ` +
      `the simulated youth and fakes ${perStep((benchUsed.user + benchUsed.system) / 1e6)}; the machine's CPU ${Math.round(machineBusy * 100)} % busy`,
  );
  return result;
}

/**
 * Who the town's broadcast should reach, worked out here rather than by the product's query: youth
 * of the town who take announcements, each in the chat they used last that still takes messages.
 */
async function expectedRecipients(db: Db, townId: number): Promise<Map<string, string>> {
  const rows = await db.transaction(async (tx) =>
    tx.all<{ channel: string; chatId: string }>(
      `WITH RECURSIVE "sub"("id") AS (SELECT CAST(? AS INTEGER) UNION ALL SELECT u."id" FROM "Unit" u JOIN "sub" s ON u."parentId" = s."id")
       SELECT DISTINCT ON (p."id") c."channel", c."chatId"
       FROM "Participant" p JOIN "sub" s ON s."id" = p."branchId" JOIN "Conversation" c ON c."participantId" = p."id" AND c."unreachableAt" IS NULL
       WHERE p."anonymisedAt" IS NULL AND p."consentAnnouncements" AND NOT p."announcementsMuted"
       ORDER BY p."id", c."updatedAt" DESC`,
      townId,
    ),
  );
  return new Map(rows.map((r) => [`${r.channel}:${r.chatId}`, r.channel]));
}

/** A town admin's broadcast to the town, sent by both processes; what each chat got is counted at the fakes. */
async function measureBroadcast(stage: Stage, db: Db, townCode: string) {
  const now = new Date();
  const town = await db.transaction(async (tx) => findUnitByCode(tx, townCode));
  if (!town || town.level !== "TOWN") throw new Error(`--town ${townCode} is not a town`);
  const expected = await expectedRecipients(db, town.id);
  // The sender: a youth of the town on Telegram, made its admin.
  const { sender, audience, senderChat } = await db.transaction(async (tx) => {
    const s = (await tx.get<{ id: number; chatId: string }>(
      `WITH RECURSIVE "sub"("id") AS (SELECT CAST(? AS INTEGER) UNION ALL SELECT u."id" FROM "Unit" u JOIN "sub" s ON u."parentId" = s."id")
       SELECT p."id", c."chatId" FROM "Participant" p JOIN "sub" s ON s."id" = p."branchId" JOIN "Conversation" c ON c."participantId" = p."id"
       WHERE c."channel" = 'telegram' AND p."consentAnnouncements" AND NOT p."announcementsMuted" ORDER BY p."id" LIMIT 1`,
      town.id,
    ))!;
    await grantRole(tx, { participantId: s.id, role: "ADMIN", unit: town, grantedBy: "bench", now });
    return { sender: s.id, senderChat: s.chatId, audience: await countAudience(tx, { kind: "LEADER", unitId: town.id, dialogueId: null }) };
  });
  if (audience !== expected.size) throw new Error(`the product counts ${audience} recipients in ${townCode}, this benchmark ${expected.size}`);

  const reached = new Map<string, number>();
  const first: Record<string, number> = {};
  const last: Record<string, number> = {};
  const perChannel: Record<string, number> = { telegram: 0, zalo: 0 };
  let messages = 0;
  let strays = 0;
  let reportAt = 0;
  let reportText = "";
  for (const [channel, fake] of [["telegram", stage.telegram], ["zalo", stage.zalo]] as const) {
    fake.onSent = (m) => {
      const at = performance.now();
      if (m.text.includes(MARK)) {
        const key = `${channel}:${m.chat_id}`;
        if (!expected.has(key)) strays++;
        messages++;
        reached.set(key, (reached.get(key) ?? 0) + 1);
        perChannel[channel]!++;
        first[channel] ??= at;
        last[channel] = at;
      } else if (channel === "telegram" && m.chat_id === senderChat && m.text.startsWith(REPORT)) {
        reportAt = at;
        reportText = m.text;
      }
    };
  }

  // The platforms allow what the two processes are set to send together (README: rates are per process).
  stage.telegram.limitRate(RATE * PROCESSES);
  const scheduledAt = performance.now();
  await db.transaction(async (tx) => scheduleBroadcast(tx, { kind: "LEADER", unitId: town.id, text: ANNOUNCEMENT, senderParticipantId: sender, dueAt: now }, now));
  const configured = RATE * PROCESSES * CHANNELS.length;
  const counts = Object.fromEntries(CHANNELS.map((c) => [c, [...expected.values()].filter((x) => x === c).length]));
  say(
    `broadcast: ${town.name} (${townCode}), ${expected.size} recipients (${counts.telegram} on Telegram, ${counts.zalo} on Zalo); ` +
      `OUTBOX_RATE_TELEGRAM = OUTBOX_RATE_ZALO = ${RATE} a process, ${configured}/s configured in all`,
  );
  // Generous: three times what the rate allows, and two minutes more.
  const deadline = Date.now() + (3 * expected.size * 1000) / configured + 120_000;
  let lastProgress = Date.now();
  while (reached.size < expected.size || !reportAt) {
    if (Date.now() > deadline) throw new Error(`timed out: ${reached.size} of ${expected.size} reached, ${reportAt ? "the report arrived" : "no report to the sender"}`);
    for (const bot of stage.bots) if (bot.exitCode !== null || bot.signalCode !== null) throw new Error(`a bot exited (${bot.exitCode ?? bot.signalCode})`);
    if (Date.now() - lastProgress > 15_000) {
      say(`broadcast: … ${reached.size} of ${expected.size} reached, ${stage.telegram.rateLimited} × 429 on Telegram`);
      lastProgress = Date.now();
    }
    await sleep(50);
  }
  // A repeated send would come before the report; a moment more anyway.
  await sleep(1000);
  for (const fake of [stage.telegram, stage.zalo]) fake.onSent = undefined;

  const start = Math.min(...Object.values(first));
  const end = Math.max(...Object.values(last));
  const achieved = reached.size / ((end - start) / 1000);
  const lost = [...expected.keys()].filter((k) => !reached.has(k)).length;
  const duplicates = [...reached.values()].filter((n) => n > 1).length;
  const lanes = CHANNELS.map((c) => {
    const rate = counts[c]! / ((last[c]! - first[c]!) / 1000);
    return `${c} ${perChannel[c]} in ${((last[c]! - first[c]!) / 1000).toFixed(1)} s (${rate.toFixed(0)}/s, ratio ${(rate / (RATE * PROCESSES)).toFixed(3)})`;
  });
  say(
    `broadcast: first message ${((start - scheduledAt) / 1000).toFixed(1)} s after it was scheduled (fan-out), all ${messages} in ${((end - start) / 1000).toFixed(1)} s: ` +
      `${achieved.toFixed(0)}/s of ${configured}/s; ${lanes.join("; ")}; the report ${((reportAt - end) / 1000).toFixed(1)} s after the last ` +
      `(“${reportText.split("\n").slice(1).join("; ")}”); ${stage.telegram.rateLimited} × 429 on Telegram${strays ? `; ${strays} to chats not in the audience` : ""}`,
  );
  if (strays) throw new Error(`${strays} broadcast messages went to chats outside the town's audience`);
  return { broadcast_ratio: round(achieved / configured, 3), duplicates, lost };
}

/** The XLSX of one ward (its branches, as the office filters) and of the whole province, from the first process. */
async function measureExports(stage: Stage, db: Db, province: SeededProvince, wardCode: string) {
  const ward = province.towns.flatMap((t) => t.wards).find((w) => w.code === wardCode);
  if (!ward) throw new Error(`--ward ${wardCode} is not a ward of the province`);
  const token = await db.transaction(async (tx) =>
    (await createToken(tx, { name: "bench:scale", role: "ADMIN", unit: (await findUnit(tx, province.provinceId))!, now: new Date() })).token,
  );
  const url = (filter: string) => `http://127.0.0.1:${stage.ports[0]}/api/dialogues/${province.dialogueId}/proposals/export?format=xlsx${filter}`;
  const headers = { authorization: `Bearer ${token}` };
  const times: Record<string, number> = {};
  for (const [what, filter] of [
    ["ward", `&branch=${ward.branches.join(",")}`],
    ["province", ""],
  ] as const) {
    const file = await download(url(filter), headers);
    if (file.head.subarray(0, 2).toString("latin1") !== "PK") throw new Error(`the ${what}'s XLSX is not a zip`);
    times[what] = round(file.seconds, 2);
    say(
      `export: ${what === "ward" ? `${ward.name} (${ward.branches.length} branches)` : "the whole province"}: ${file.seconds.toFixed(2)} s, ` +
        `${(file.bytes / 1e6).toFixed(1)} MB; peak RSS of the serving process so far ${peakRssMb(stage.bots[0]!.pid!).toFixed(0)} MB`,
    );
  }
  return { ward_export_s: times.ward!, province_export_s: times.province! };
}

async function main(): Promise<boolean> {
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const name = `youth_scale_${stamp}_${process.pid}`;
  const databaseUrl = postgresDatabaseUrl(name, values.server);
  say(`database ${name} on ${new URL(values.server!).host}${values.keep ? " (kept afterwards)" : ""}`);
  await onServer(`CREATE DATABASE "${name}"`, values.server);
  let stage: Stage | undefined;
  try {
    migrate(databaseUrl);
    say(`migrated; seeding ${SIZE.youth} youth, ${SIZE.proposals} proposals in ${SIZE.towns} towns, ${SIZE.wards} wards, ${SIZE.branches} branches`);
    const seeding = performance.now();
    const province = await seedProvince(databaseUrl, SIZE, new Date(), say);
    say(`seeded in ${((performance.now() - seeding) / 1000).toFixed(0)} s`);

    build();
    say("built (npm run build): the processes run node dist/main.js, as the Docker image does");
    stage = await startStage(databaseUrl);
    say(`${PROCESSES} processes serving (ports ${stage.ports.join(", ")})`);
    const db = await openDatabase(databaseUrl);
    let result;
    try {
      const skipped = { steps_per_s: null, p99_ms: null, broadcast_ratio: null, duplicates: null, lost: null, ward_export_s: null, province_export_s: null };
      const inbound = measures("inbound") ? await measureInbound(stage, db) : skipped;
      const broadcast = measures("broadcast") ? await measureBroadcast(stage, db, values.town!) : skipped;
      const exports = measures("exports") ? await measureExports(stage, db, province, values.ward!) : skipped;
      const rss = stage.bots.map((b) => Math.round(peakRssMb(b.pid!)));
      say(`peak RSS of the processes: ${rss.map((r) => `${r} MB`).join(" and ")}`);
      result = {
        youth: SIZE.youth,
        proposals: SIZE.proposals,
        steps_per_s: inbound.steps_per_s,
        p99_ms: inbound.p99_ms,
        broadcast_ratio: broadcast.broadcast_ratio,
        duplicates: broadcast.duplicates,
        lost: broadcast.lost,
        ward_export_s: exports.ward_export_s,
        province_export_s: exports.province_export_s,
        peak_rss_mb: Math.max(...rss),
      };
    } finally {
      await db.close();
    }
    stage.log.print();
    if (values.only) {
      console.log(JSON.stringify(result));
      return true;
    }
    // Every phase measured: none is null.
    const missed = [
      result.steps_per_s! >= BAR.steps_per_s ? null : `steps_per_s ≥ ${BAR.steps_per_s}`,
      result.p99_ms! < BAR.p99_ms ? null : `p99_ms < ${BAR.p99_ms}`,
      result.broadcast_ratio! >= BAR.broadcast_ratio ? null : `broadcast_ratio ≥ ${BAR.broadcast_ratio}`,
      result.duplicates === 0 ? null : "duplicates 0",
      result.lost === 0 ? null : "lost 0",
      result.ward_export_s! < BAR.ward_export_s ? null : `ward_export_s < ${BAR.ward_export_s}`,
      result.province_export_s! < BAR.province_export_s ? null : `province_export_s < ${BAR.province_export_s}`,
      result.peak_rss_mb < BAR.peak_rss_mb ? null : `peak_rss_mb < ${BAR.peak_rss_mb}`,
    ].filter((x) => x !== null);
    if (missed.length) console.log(`bar not met: ${missed.join(", ")}`);
    console.log(JSON.stringify(result));
    return missed.length === 0;
  } catch (err) {
    stage?.log.print();
    throw err;
  } finally {
    if (stage) {
      await Promise.all(stage.bots.map((b) => stopBot(b)));
      await stage.telegram.stop();
      await stage.zalo.stop();
    }
    if (values.keep) say(`kept: DATABASE_URL=${databaseUrl}`);
    else await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`, values.server);
  }
}

try {
  process.exitCode = (await main()) ? 0 : 1;
} catch (err) {
  console.error(`bench:scale failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  process.exitCode = 1;
}
