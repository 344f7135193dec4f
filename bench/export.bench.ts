/**
 * Export benchmark: 100 000 proposals of the demo dialogue (four topics, five branches, Vietnamese
 * texts of 100–400 characters, every status and level, in about 25 000 groups of similar proposals
 * with supporters) exported as XLSX and as CSV over HTTP by the
 * app itself (`src/main.ts`, as `npm start` runs it) with an admin's token, downloaded as a client would.
 * Usage: npm run bench:export [-- --proposals 100000]
 * Last line: {"proposals":…,"xlsx_s":…,"csv_s":…,"xlsx_mb":…,"csv_mb":…,"peak_rss_mb":…}
 * Bar: xlsx_s < 15 and peak_rss_mb < 300 (exit code 1 otherwise).
 */
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openDatabase, type Db } from "../src/db/client.js";
import { findUnit } from "../src/domain/roles.js";
import { createToken } from "../src/domain/staff-tokens.js";
import { seedDemo } from "../src/seed/demo.js";
import { registerYouth } from "../test/support/population.js";
import { freePort, migrate, startBot, stopBot } from "./bot-process.js";
import { measureExports } from "./export-measure.js";
import { AGENCIES, ANSWERS, REASONS, SENTENCES } from "./proposal-texts.js";

const { values } = parseArgs({ options: { proposals: { type: "string", default: "100000" } } });
const PROPOSALS = Number(values.proposals);
if (!Number.isInteger(PROPOSALS) || PROPOSALS < 1) throw new Error("--proposals must be a positive integer");
const BAR = { xlsx_s: 15, peak_rss_mb: 300 };
const YOUTH_PER_BRANCH = 400;
const BRANCHES = ["KP1", "KP2", "KP3", "KP4", "KP5"].map((b) => `TH-BS-PS-${b}`);
const DAY_MS = 24 * 60 * 60 * 1000;
/** Youth who supported a proposal rather than file theirs, as a share of the proposals. */
const SUPPORTS_PER_PROPOSAL = 0.2;

/** A small deterministic generator (mulberry32), so every run seeds the same data. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(2026);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const STATUSES: [string, number][] = [
  ["RECEIVED", 0.4],
  ["FORWARDED", 0.2],
  ["ANSWERED", 0.2],
  ["ANSWERED_AT_DIALOGUE", 0.12],
  ["NOT_ADMISSIBLE", 0.08],
];
const LEVELS = ["WARD", "WARD", "TOWN", "PROVINCE", null];

function status(): string {
  let r = rand();
  for (const [s, p] of STATUSES) if ((r -= p) < 0) return s;
  return "RECEIVED";
}

/** 100–400 characters of sentences; now and then one that starts like a formula. */
function proposalText(): string {
  const target = 100 + Math.floor(rand() * 300);
  let text = rand() < 0.001 ? '=HYPERLINK("http://x","bấm vào") ' : "";
  while (text.length < target) text += (text ? " " : "") + pick(SENTENCES);
  return [...text].slice(0, 400).join("");
}

/**
 * Sizes of groups of similar proposals adding up to `total`: mostly 1 to 10 members (small ones
 * likelier, about four on average), and one group in a thousand of 50 to 300 — the question
 * everyone asks.
 */
function groupSizes(total: number): number[] {
  const sizes: number[] = [];
  for (let left = total; left > 0; ) {
    const size = Math.min(left, rand() < 0.001 ? 50 + Math.floor(rand() * 250) : 1 + Math.floor(10 * rand() ** 2));
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

/** Seeds the proposals and returns the dialogue's id with a province admin's token (phones included in the export). */
async function seed(db: Db, now: Date): Promise<{ dialogueId: number; token: string }> {
  await seedDemo(db, now);
  const authors: number[] = [];
  for (const [i, branch] of BRANCHES.entries())
    authors.push(...(await registerYouth(db, { count: YOUTH_PER_BRANCH, branch, channel: i % 2 ? "zalo" : "telegram", firstChatId: 1 + i * YOUTH_PER_BRANCH, at: now })));
  const { dialogueId, topicIds } = await db.transaction(async (tx) => {
    for (const id of authors) await tx.run(`UPDATE "Participant" SET "phone" = ? WHERE "id" = ?`, `09${String(10_000_000 + id).slice(-8)}`, id);
    const d = (await tx.get<{ id: number }>(`SELECT "id" FROM "Dialogue"`))!.id;
    return { dialogueId: d, topicIds: (await tx.all<{ id: number }>(`SELECT "id" FROM "Topic" WHERE "dialogueId" = ? ORDER BY "position"`, d)).map((r) => r.id) };
  });
  // Groups of a topic each, their members filed at any time (so interleaved with other groups'), as
  // the office's grouping leaves them; withdrawn proposals are in groups too.
  const sizes = groupSizes(PROPOSALS);
  const groupTopics = sizes.map(() => pick(topicIds));
  const groupIds = await db.transaction(async (tx) => {
    const ids: number[] = [];
    for (const topicId of groupTopics) {
      const { id } = (await tx.get<{ id: number }>(
        `INSERT INTO "ProposalGroup" ("dialogueId", "topicId", "createdAt", "updatedAt") VALUES (?, ?, ?, ?) RETURNING "id"`,
        dialogueId,
        topicId,
        now,
        now,
      ))!;
      ids.push(id);
    }
    return ids;
  });
  const slots = Uint32Array.from(sizes.flatMap((size, g) => Array<number>(size).fill(g)));
  for (let i = slots.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [slots[i], slots[j]] = [slots[j]!, slots[i]!];
  }
  const BATCH = 10_000;
  const withdrawn = Math.floor(PROPOSALS / 50);
  const proposalIds: number[] = [];
  for (let start = 0; start < PROPOSALS + withdrawn; start += BATCH) {
    await db.transaction(async (tx) => {
      for (let i = start; i < Math.min(start + BATCH, PROPOSALS + withdrawn); i++) {
        const s = i < PROPOSALS ? status() : "WITHDRAWN";
        const group = i < PROPOSALS ? slots[i]! : Math.floor(rand() * sizes.length);
        const answered = s === "ANSWERED" || s === "ANSWERED_AT_DIALOGUE";
        // Filed at random times over three weeks, inserted in no particular order.
        const createdAt = new Date(now.getTime() + Math.floor(rand() * 21 * DAY_MS));
        const { id } = (await tx.get<{ id: number }>(
          `INSERT INTO "Proposal" ("code", "dialogueId", "participantId", "topicId", "groupId", "level", "text", "status", "channel",
             "agency", "statusReason", "answer", "answeredAt", "createdAt", "updatedAt")
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'telegram', ?, ?, ?, ?, ?, ?) RETURNING "id"`,
          `PS-2026-${String(i + 1).padStart(6, "0")}`,
          dialogueId,
          pick(authors),
          groupTopics[group]!,
          groupIds[group]!,
          pick(LEVELS),
          proposalText(),
          s,
          s === "FORWARDED" || answered ? pick(AGENCIES) : null,
          s === "NOT_ADMISSIBLE" ? pick(REASONS) : null,
          answered ? `${pick(ANSWERS)} ${pick(ANSWERS)}` : null,
          answered ? new Date(createdAt.getTime() + 3 * DAY_MS) : null,
          createdAt,
          createdAt,
        ))!;
        proposalIds.push(id);
      }
    });
  }
  await db.transaction(async (tx) => {
    for (let i = 0; i < PROPOSALS * SUPPORTS_PER_PROPOSAL; i++)
      await tx.run(
        `INSERT INTO "ProposalSupport" ("proposalId", "participantId", "channel", "createdAt") VALUES (?, ?, 'zalo', ?)
         ON CONFLICT ("proposalId", "participantId") DO NOTHING`,
        pick(proposalIds),
        pick(authors),
        now,
      );
  });
  return db.transaction(async (tx) => {
    const host = (await tx.get<{ hostUnitId: number }>(`SELECT "hostUnitId" FROM "Dialogue" WHERE "id" = ?`, dialogueId))!;
    const { token } = await createToken(tx, { name: "bench", role: "ADMIN", unit: (await findUnit(tx, host.hostUnitId))!, now });
    return { dialogueId, token };
  });
}

/**
 * Waits until `url` answers 200: /readyz, as a clerk exports from an app long started. Reading the
 * dialogue's proposals for similarity after a start takes some tens of seconds of CPU; an export
 * begun meanwhile shared the CPU with it (27 s, where 11 s once read).
 */
async function waitUntilServing(url: string, app: ChildProcess): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (app.exitCode !== null) throw new Error(`the app exited (${app.exitCode}) before serving`);
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the app was not ready within 180 s");
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "bench-export-"));
  const databaseUrl = `file:${join(dir, "bench.db")}`;
  try {
    migrate(databaseUrl);
    const seeding = performance.now();
    const db = await openDatabase(databaseUrl);
    const { dialogueId, token } = await seed(db, new Date());
    const { groups } = await db.transaction(async (tx) => (await tx.get<{ groups: number }>(`SELECT COUNT(*) AS "groups" FROM "ProposalGroup"`))!);
    await db.close();
    console.log(`seeded ${PROPOSALS} proposals (and ${Math.floor(PROPOSALS / 50)} withdrawn, ${groups} groups) in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

    const port = await freePort();
    // The app as `npm start` runs it, with no messenger: only its HTTP server (and the office API) serves.
    const app = startBot({ ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), LOG_LEVEL: "warn" });
    try {
      const starting = performance.now();
      await waitUntilServing(`http://127.0.0.1:${port}/readyz`, app);
      console.log(`ready (/readyz) ${((performance.now() - starting) / 1000).toFixed(1)} s after it was started: the proposals read for similarity`);
      const result = await measureExports({
        urlOf: (format) => `http://127.0.0.1:${port}/api/dialogues/${dialogueId}/proposals/export?format=${format}`,
        headers: { authorization: `Bearer ${token}` },
        pid: app.pid!,
        log: console.log,
      });
      if (result.csv_lines !== PROPOSALS + 1) throw new Error(`the CSV has ${result.csv_lines} lines, expected ${PROPOSALS + 1}`);
      const { csv_lines: _, ...figures } = result;
      const met = figures.xlsx_s < BAR.xlsx_s && figures.peak_rss_mb < BAR.peak_rss_mb;
      if (!met) console.log(`bar not met: xlsx_s < ${BAR.xlsx_s}, peak_rss_mb < ${BAR.peak_rss_mb}`);
      console.log(JSON.stringify({ proposals: PROPOSALS, ...figures }));
      process.exitCode = met ? 0 : 1;
    } finally {
      await stopBot(app);
    }
  } finally {
    if (!process.env.KEEP_DB) rmSync(dir, { recursive: true, force: true }); else console.log(dir);
  }
}

await main();
