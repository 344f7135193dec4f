/**
 * Similar-proposals benchmark: 20 000 proposals in one topic of the demo dialogue, grouped from
 * scratch as the product groups them (`SimilarProposals.groupNew`, in filing order), then 1 000
 * suggestions as youth would get them before filing; and the quality on the hand-labelled set
 * (test/fixtures/similar-proposals.json).
 * Usage: npm run bench:similar [-- --proposals 20000 --queries 1000]
 * Last line: {"proposals","group_all_s","suggest_p99_ms","pair_precision","pair_recall","top3_hit"}.
 * Bar: group_all_s < 5, suggest_p99_ms < 50, pair_precision ≥ 0.9, pair_recall ≥ 0.8, top3_hit ≥ 0.9.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "../src/db/client.js";
import { SimilarProposals } from "../src/domain/similar-proposals.js";
import { fold } from "../src/domain/similarity/vietnamese-text.js";
import { seedDemo } from "../src/seed/demo.js";
import { registerYouth } from "../test/support/population.js";
import { LABELLED, measureQuality } from "../test/support/similarity-quality.js";
import { migrate } from "./bot-process.js";

const { values } = parseArgs({ options: { proposals: { type: "string", default: "20000" }, queries: { type: "string", default: "1000" } } });
const PROPOSALS = Number(values.proposals);
const QUERIES = Number(values.queries);
const BAR = { group_all_s: 5, suggest_p99_ms: 50, pair_precision: 0.9, pair_recall: 0.8, top3_hit: 0.9 };
const NOW = new Date("2026-11-25T03:00:00Z");

/** A small deterministic generator (mulberry32), so every run seeds the same texts. */
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
const CLOSINGS = ["Mong lãnh đạo quan tâm.", "Em cảm ơn ạ.", "mong dc giải đáp", "Xin cảm ơn.", "", "", ""];

/**
 * A youth's text: one of the labelled proposals (of any topic: a big topic holds every subject)
 * said again their own way — some words dropped, marks left off now and then, a closing formula.
 */
function variant(): string {
  const words = pick(LABELLED).text.split(" ").filter(() => rand() > 0.15);
  const text = `${words.join(" ")} ${pick(CLOSINGS)}`.trim();
  return rand() < 0.25 ? fold(text) : text;
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const round = (n: number, digits = 3) => Number(n.toFixed(digits));

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "bench-similar-"));
  try {
    const url = `file:${join(dir, "bench.db")}`;
    migrate(url);
    const db = await openDatabase(url);
    await seedDemo(db, NOW);
    const authors = await registerYouth(db, { count: 2000, branch: "TH-BS-PS-KP1", channel: "telegram", firstChatId: 1, at: NOW });
    const { dialogueId, topicId } = await db.transaction(async (tx) => {
      const d = (await tx.get<{ id: number }>(`SELECT "id" FROM "Dialogue"`))!.id;
      const t = (await tx.get<{ id: number }>(`SELECT "id" FROM "Topic" WHERE "dialogueId" = ? AND "position" = 2`, d))!.id;
      for (let i = 0; i < PROPOSALS; i++)
        await tx.run(
          `INSERT INTO "Proposal" ("code", "dialogueId", "participantId", "topicId", "text", "status", "channel", "createdAt", "updatedAt")
           VALUES (?, ?, ?, ?, ?, 'RECEIVED', 'telegram', ?, ?)`,
          `PS-2026-${String(i + 1).padStart(5, "0")}`,
          d,
          pick(authors),
          t,
          variant(),
          NOW,
          NOW,
        );
      return { dialogueId: d, topicId: t };
    });
    console.log(`seeded ${PROPOSALS} proposals in one topic`);

    const similar = new SimilarProposals();
    const started = performance.now();
    const grouped = await db.transaction(async (tx) => similar.groupNew(tx, dialogueId, NOW));
    const group_all_s = (performance.now() - started) / 1000;
    const groups = await db.transaction(async (tx) => (await tx.get<{ n: number }>(`SELECT COUNT(DISTINCT "groupId") AS "n" FROM "Proposal"`))!.n);
    console.log(`grouped ${grouped} into ${groups} groups in ${group_all_s.toFixed(2)} s (index built within)`);

    const latencies: number[] = [];
    let shown = 0;
    for (let i = 0; i < QUERIES; i++) {
      const text = variant();
      const t0 = performance.now();
      // As in the flow: one transaction, the index caught up with the database, then searched.
      const found = await db.transaction(async (tx) => similar.suggest(tx, { dialogueId, topicId, text, participantId: -1 }));
      latencies.push(performance.now() - t0);
      if (found.length) shown++;
    }
    console.log(`suggestions: p50 ${percentile(latencies, 50).toFixed(2)} ms, p99 ${percentile(latencies, 99).toFixed(2)} ms; ${shown} of ${QUERIES} shown some`);
    await db.close();

    const labelledUrl = `file:${join(dir, "labelled.db")}`;
    migrate(labelledUrl);
    const labelledDb = await openDatabase(labelledUrl);
    await seedDemo(labelledDb, NOW);
    const quality = await measureQuality(labelledDb, new SimilarProposals(), NOW);
    await labelledDb.close();
    console.log(`labelled set of ${LABELLED.length}: ${JSON.stringify(quality)}`);

    const figures = {
      proposals: PROPOSALS,
      group_all_s: round(group_all_s, 2),
      suggest_p99_ms: round(percentile(latencies, 99), 2),
      pair_precision: quality.pair_precision,
      pair_recall: quality.pair_recall,
      top3_hit: quality.top3_hit,
    };
    const missed = [
      figures.group_all_s < BAR.group_all_s ? "" : `group_all_s < ${BAR.group_all_s}`,
      figures.suggest_p99_ms < BAR.suggest_p99_ms ? "" : `suggest_p99_ms < ${BAR.suggest_p99_ms}`,
      figures.pair_precision >= BAR.pair_precision ? "" : `pair_precision ≥ ${BAR.pair_precision}`,
      figures.pair_recall >= BAR.pair_recall ? "" : `pair_recall ≥ ${BAR.pair_recall}`,
      figures.top3_hit >= BAR.top3_hit ? "" : `top3_hit ≥ ${BAR.top3_hit}`,
    ].filter(Boolean);
    if (missed.length) console.log(`bar not met: ${missed.join(", ")}`);
    console.log(JSON.stringify(figures));
    process.exitCode = missed.length ? 1 : 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
