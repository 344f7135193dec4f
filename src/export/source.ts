import type { Db, SqlValue } from "../db/client.js";
import { DomainError } from "../domain/errors.js";
import {
  OFFICE_PROPOSAL_FROM,
  officeProposalColumns,
  proposalWhere,
  toOfficeProposal,
  type OfficeProposal,
  type ProposalFilters,
} from "../domain/proposal-query.js";
import type { Locale } from "../i18n/i18n.js";

/** What to export: a dialogue's proposals with the list API's filters. */
export interface ExportQuery {
  dialogueId: number;
  filters: ProposalFilters;
  /** Only for roles that may see phone numbers. */
  withPhone: boolean;
  locale: Locale;
}

export interface ExportDialogue {
  id: number;
  title: string;
  theme: string;
  startsAt: Date;
  venue: string;
  codePrefix: string;
}

export interface ExportTopic {
  id: number;
  position: number;
  /** In the export's language (the Vietnamese name when there is no English one). */
  name: string;
}

/** Proposals counted by every dimension at once; the summary adds them up as it needs. */
export interface CountRow {
  topicId: number;
  level: string | null;
  branchId: number | null;
  branchName: string | null;
  status: string;
  n: number;
}

/**
 * What an export knows before it streams a row: the dialogue, its topics, the counts, and the ids
 * of each topic's proposals in filing order (8 bytes a proposal). Proposals filed after the plan
 * was made are left to the next export, so the rows streamed are the rows counted.
 */
export interface ExportPlan {
  dialogue: ExportDialogue;
  topics: ExportTopic[];
  counts: CountRow[];
  /** Per topic id. */
  ids: Map<number, Float64Array>;
  /** Names of the branches the filters name, for the summary. */
  filterBranchNames: string[];
}

/**
 * Rows a chunk reads: small enough that the transaction (which holds the write lock) is short and
 * that little is alive at a time (1000 rows peaked 60 MB higher on 100 000 proposals as XLSX).
 */
export const CHUNK_ROWS = 500;
/** Keys (a few short columns) read per transaction while planning. */
export const KEY_CHUNK_ROWS = 5000;

/**
 * Lets the event loop turn between chunks: transactions resolve as microtasks, so without this an
 * export would read chunk after chunk without the bot's requests getting in.
 */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

interface KeyRow {
  id: number;
  createdAt: string;
  level: string | null;
  status: string;
  branchId: number | null;
}

/**
 * Reads the keys of the dialogue's proposals matching the filters, topic by topic in short
 * transactions (keyset on the id, which the topic index serves), counting them and ordering them
 * by filing time then id. There is no index on the filing time: a keyset on (createdAt, id) would
 * scan and sort the whole topic again for every chunk — 10 s for 100 000 proposals.
 */
export async function planExport(db: Db, q: ExportQuery): Promise<ExportPlan> {
  const where = proposalWhere(q.dialogueId, q.filters);
  const head = await db.transaction(async (tx) => {
    const d = tx.get<Omit<ExportDialogue, "startsAt"> & { startsAt: string }>(
      `SELECT "id", "title", "theme", "startsAt", "venue", "codePrefix" FROM "Dialogue" WHERE "id" = ?`,
      q.dialogueId,
    );
    if (!d) throw new DomainError("dialogue-unknown", { dialogue: q.dialogueId });
    const topicFilter = q.filters.topicIds?.length ? `AND "id" IN (${q.filters.topicIds.map(() => "?").join(", ")})` : "";
    const topics = tx
      .all<{ id: number; position: number; nameVi: string; nameEn: string | null }>(
        `SELECT "id", "position", "nameVi", "nameEn" FROM "Topic" WHERE "dialogueId" = ? ${topicFilter} ORDER BY "position"`,
        q.dialogueId,
        ...(q.filters.topicIds ?? []),
      )
      .map((r) => ({ id: r.id, position: r.position, name: (q.locale === "en" && r.nameEn) || r.nameVi }));
    const maxId = tx.get<{ maxId: number | null }>(`SELECT MAX("id") AS "maxId" FROM "Proposal"`)!.maxId ?? 0;
    return { dialogue: { ...d, startsAt: new Date(d.startsAt) }, topics, maxId };
  });

  const keySql = `SELECT p."id" AS "id", p."createdAt" AS "createdAt", p."level" AS "level", p."status" AS "status",
      pa."branchId" AS "branchId"
    ${OFFICE_PROPOSAL_FROM}
    WHERE ${where.sql} AND p."topicId" = ? AND p."id" > ? AND p."id" <= ? ORDER BY p."id" LIMIT ?`;
  const counts = new Map<string, CountRow>();
  const ids = new Map<number, Float64Array>();
  for (const topic of head.topics) {
    const topicIds: number[] = [];
    const times: number[] = [];
    let sorted = true;
    for (let after = 0; ; ) {
      const params: SqlValue[] = [...where.params, topic.id, after, head.maxId, KEY_CHUNK_ROWS];
      await nextTurn();
      const keys = await db.transaction(async (tx) => tx.all<KeyRow>(keySql, ...params));
      for (const k of keys) {
        const time = Date.parse(k.createdAt);
        if (times.length && time < times[times.length - 1]!) sorted = false;
        topicIds.push(k.id);
        times.push(time);
        const key = `${topic.id}|${k.level}|${k.branchId}|${k.status}`;
        const count = counts.get(key);
        if (count) count.n++;
        else counts.set(key, { topicId: topic.id, level: k.level, branchId: k.branchId, branchName: null, status: k.status, n: 1 });
      }
      if (keys.length < KEY_CHUNK_ROWS) break;
      after = keys[keys.length - 1]!.id;
    }
    // Filed through the bot, ids already come in filing order; imported or back-dated ones may not.
    const order = Uint32Array.from(topicIds.keys());
    if (!sorted) order.sort((a, b) => times[a]! - times[b]! || topicIds[a]! - topicIds[b]!);
    ids.set(topic.id, Float64Array.from(order, (i) => topicIds[i]!));
  }

  const branchIds = [...new Set([...counts.values()].flatMap((c) => (c.branchId === null ? [] : [c.branchId])).concat(q.filters.branchIds ?? []))];
  const names = new Map(
    branchIds.length
      ? await db.transaction(async (tx) =>
          tx
            .all<{ id: number; name: string }>(`SELECT "id", "name" FROM "Unit" WHERE "id" IN (SELECT "value" FROM json_each(?))`, JSON.stringify(branchIds))
            .map((u) => [u.id, u.name] as const),
        )
      : [],
  );
  for (const c of counts.values()) c.branchName = c.branchId === null ? null : (names.get(c.branchId) ?? null);
  const filterBranchNames = (q.filters.branchIds ?? []).flatMap((id) => names.get(id) ?? []);
  return { dialogue: head.dialogue, topics: head.topics, counts: [...counts.values()], ids, filterBranchNames };
}

type Row = Parameters<typeof toOfficeProposal>[0];

/**
 * The office proposal's joins, driven by a JSON array of ids (the one parameter before the
 * filters'): SQLite then looks each proposal up by its key, in the array's order, rather than
 * scanning the dialogue and testing membership.
 */
const BY_IDS_FROM = OFFICE_PROPOSAL_FROM.replace(/^FROM "Proposal" p\b/, `FROM json_each(?) j CROSS JOIN "Proposal" p ON p."id" = j."value"`);
if (BY_IDS_FROM === OFFICE_PROPOSAL_FROM) throw new Error("OFFICE_PROPOSAL_FROM no longer starts with the Proposal table");

/**
 * Proposals by id in the order given, `chunkRows` at a time, each chunk its own short transaction
 * so the bot writes in between and memory holds one chunk of rows. The filters are applied again,
 * so a proposal withdrawn since the plan was made is left out.
 */
export async function* proposalsByIds(
  db: Db,
  q: ExportQuery,
  ids: Float64Array,
  chunkRows = CHUNK_ROWS,
): AsyncGenerator<OfficeProposal[]> {
  const where = proposalWhere(q.dialogueId, q.filters);
  const sql = `SELECT ${officeProposalColumns(q.withPhone)} ${BY_IDS_FROM} WHERE ${where.sql} ORDER BY j."key"`;
  for (let start = 0; start < ids.length; start += chunkRows) {
    const chunk = JSON.stringify(Array.from(ids.subarray(start, start + chunkRows)));
    await nextTurn();
    const rows = await db.transaction(async (tx) => tx.all<Row>(sql, chunk, ...where.params));
    if (rows.length) yield rows.map(toOfficeProposal);
  }
}

/** A topic's proposals in filing order, a chunk at a time. */
export const topicProposals = (db: Db, q: ExportQuery, plan: ExportPlan, topicId: number, chunkRows = CHUNK_ROWS) =>
  proposalsByIds(db, q, plan.ids.get(topicId) ?? new Float64Array(), chunkRows);
