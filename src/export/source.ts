import type { Db, SqlValue } from "../db/client.js";
import { placeholders } from "../db/placeholders.js";
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
 * A topic's proposals in the order the export lists them: its groups of similar proposals (most
 * asked first, then by their representative's id), each group's members (its representative first,
 * then filing order). About 12 bytes a proposal.
 */
export interface TopicPlan {
  /** Proposal ids in export order. */
  ids: Float64Array;
  /** Group n (1-based) is `ids[starts[n - 1]] … ids[starts[n] - 1]`; the last entry is `ids.length`. */
  starts: Uint32Array;
  /** Per group: the distinct people asking it (authors and supporters of its active members, filters aside). */
  asked: Uint32Array;
  /** Per group: its earliest active member, filters aside (so not always among the ids listed). */
  representatives: Float64Array;
}

/**
 * What an export knows before it streams a row: the dialogue, its topics, the counts, and each
 * topic's proposals in export order. Proposals filed after the plan was made are left to the next
 * export, so the rows streamed are the rows counted.
 */
export interface ExportPlan {
  dialogue: ExportDialogue;
  topics: ExportTopic[];
  counts: CountRow[];
  /** Per topic id. */
  topicPlans: Map<number, TopicPlan>;
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

/**
 * A group as the plan keys it: its id, or for a proposal in no group (one of its own) minus the
 * proposal's id.
 */
type GroupKey = number;

/**
 * The people asking each group of a topic and its earliest active member, gathered as its active
 * proposals and their supports are read. A group lies within one topic (groups of two topics are
 * never merged), so a topic's proposals are the whole of its groups.
 */
class GroupTally {
  /** One person as a number, the common case; a set from the second. */
  private readonly people = new Map<GroupKey, number | Set<number>>();
  private readonly first = new Map<GroupKey, number>();

  member(key: GroupKey, proposalId: number, author: number): void {
    const first = this.first.get(key);
    if (first === undefined || proposalId < first) this.first.set(key, proposalId);
    this.person(key, author);
  }

  person(key: GroupKey, participantId: number): void {
    const seen = this.people.get(key);
    if (seen === undefined) this.people.set(key, participantId);
    else if (typeof seen !== "number") seen.add(participantId);
    else if (seen !== participantId) this.people.set(key, new Set([seen, participantId]));
  }

  asked(key: GroupKey): number {
    const seen = this.people.get(key);
    return seen === undefined ? 0 : typeof seen === "number" ? 1 : seen.size;
  }

  representative(key: GroupKey): number | undefined {
    return this.first.get(key);
  }
}

interface KeyRow {
  id: number;
  createdAt: string;
  level: string | null;
  status: string;
  branchId: number | null;
  groupId: number | null;
  author: number;
  /** 1 when the filters select it, 0 when it only counts for its group. */
  listed: number;
}

interface SupportRow {
  id: number;
  groupId: number | null;
  supporter: number;
}

/**
 * Orders a topic's listed proposals: groups by asked count (descending) then representative id,
 * each group's representative first, then the others by filing time and id.
 */
function planTopic(ids: number[], times: number[], keys: GroupKey[], tally: GroupTally): TopicPlan {
  const firstOf = new Map<GroupKey, number>();
  keys.forEach((k, i) => firstOf.has(k) || firstOf.set(k, i));
  const groups = [...firstOf.entries()]
    .map(([key, i]) => ({ key, asked: tally.asked(key), representative: tally.representative(key) ?? ids[i]! }))
    .sort((a, b) => b.asked - a.asked || a.representative - b.representative);
  const groupIndex = new Map(groups.map((g, n) => [g.key, n]));
  const indexOf = Uint32Array.from(keys, (k) => groupIndex.get(k)!);
  const representatives = Float64Array.from(groups, (g) => g.representative);
  const isRepresentative = (i: number) => (ids[i] === representatives[indexOf[i]!] ? 0 : 1);
  const order = Uint32Array.from(ids.keys()).sort(
    (a, b) => indexOf[a]! - indexOf[b]! || isRepresentative(a) - isRepresentative(b) || times[a]! - times[b]! || ids[a]! - ids[b]!,
  );
  const starts = new Uint32Array(groups.length + 1);
  for (const i of order) starts[indexOf[i]! + 1]!++;
  for (let n = 1; n <= groups.length; n++) starts[n]! += starts[n - 1]!;
  return {
    ids: Float64Array.from(order, (i) => ids[i]!),
    starts,
    asked: Uint32Array.from(groups, (g) => g.asked),
    representatives,
  };
}

/** The proposals alone: filters read the authors' branches through a subquery of their own (`proposalWhere`). */
const KEYS_FROM = `FROM "Proposal" p`;

/**
 * Reads the keys of the dialogue's active proposals, topic by topic in short transactions (keyset
 * on the id, which the topic index serves), with the supports of each chunk: every one counts for
 * its group (filters select the proposals listed, never what a group counts), the ones the filters
 * select are counted and listed. Then orders each topic (`planTopic`) here: no index serves the
 * export's order, and a keyset on it would sort the whole topic again for every chunk.
 */
export async function planExport(db: Db, q: ExportQuery): Promise<ExportPlan> {
  const where = proposalWhere(q.dialogueId, q.filters);
  const active = proposalWhere(q.dialogueId, {});
  const head = await db.transaction(async (tx) => {
    const d = await tx.get<Omit<ExportDialogue, "startsAt"> & { startsAt: string }>(
      `SELECT "id", "title", "theme", "startsAt", "venue", "codePrefix" FROM "Dialogue" WHERE "id" = ?`,
      q.dialogueId,
    );
    if (!d) throw new DomainError("dialogue-unknown", { dialogue: q.dialogueId });
    const topicFilter = q.filters.topicIds?.length ? `AND "id" IN (${placeholders(q.filters.topicIds.length)})` : "";
    const topicRows = await tx.all<{ id: number; position: number; nameVi: string; nameEn: string | null }>(
      `SELECT "id", "position", "nameVi", "nameEn" FROM "Topic" WHERE "dialogueId" = ? ${topicFilter} ORDER BY "position"`,
      q.dialogueId,
      ...(q.filters.topicIds ?? []),
    );
    const topics = topicRows.map((r) => ({ id: r.id, position: r.position, name: (q.locale === "en" && r.nameEn) || r.nameVi }));
    const maxId = (await tx.get<{ maxId: number | null }>(`SELECT MAX("id") AS "maxId" FROM "Proposal"`))!.maxId ?? 0;
    return { dialogue: { ...d, startsAt: new Date(d.startsAt) }, topics, maxId };
  });

  // Every proposal counts for its group; only those listed are counted by branch, so only their
  // authors are looked up (a whole province's are a hundred thousand lookups in a million youth).
  const keySql = `SELECT p."id" AS "id", p."createdAt" AS "createdAt", p."level" AS "level", p."status" AS "status",
      CASE WHEN ${where.sql} THEN (SELECT pa."branchId" FROM "Participant" pa WHERE pa."id" = p."participantId") END AS "branchId",
      p."groupId" AS "groupId", p."participantId" AS "author",
      CASE WHEN ${where.sql} THEN 1 ELSE 0 END AS "listed"
    ${KEYS_FROM}
    WHERE ${active.sql} AND p."topicId" = ? AND p."id" > ? AND p."id" <= ? ORDER BY p."id" LIMIT ?`;
  const supportSql = `SELECT p."id" AS "id", p."groupId" AS "groupId", s."participantId" AS "supporter"
    FROM "Proposal" p JOIN "ProposalSupport" s ON s."proposalId" = p."id"
    WHERE ${active.sql} AND p."topicId" = ? AND p."id" > ? AND p."id" <= ?`;
  const counts = new Map<string, CountRow>();
  const topicPlans = new Map<number, TopicPlan>();
  for (const topic of head.topics) {
    const topicIds: number[] = [];
    const times: number[] = [];
    const groupKeys: GroupKey[] = [];
    const tally = new GroupTally();
    for (let after = 0; ; ) {
      const params: SqlValue[] = [...where.params, ...where.params, ...active.params, topic.id, after, head.maxId, KEY_CHUNK_ROWS];
      await nextTurn();
      const { keys, supports } = await db.transaction(async (tx) => {
        const keys = await tx.all<KeyRow>(keySql, ...params);
        const upTo = keys.length < KEY_CHUNK_ROWS ? head.maxId : keys[keys.length - 1]!.id;
        return { keys, supports: await tx.all<SupportRow>(supportSql, ...active.params, topic.id, after, upTo) };
      });
      for (const k of keys) {
        tally.member(k.groupId ?? -k.id, k.id, k.author);
        if (!k.listed) continue;
        topicIds.push(k.id);
        times.push(Date.parse(k.createdAt));
        groupKeys.push(k.groupId ?? -k.id);
        const key = `${topic.id}|${k.level}|${k.branchId}|${k.status}`;
        const count = counts.get(key);
        if (count) count.n++;
        else counts.set(key, { topicId: topic.id, level: k.level, branchId: k.branchId, branchName: null, status: k.status, n: 1 });
      }
      for (const s of supports) tally.person(s.groupId ?? -s.id, s.supporter);
      if (keys.length < KEY_CHUNK_ROWS) break;
      after = keys[keys.length - 1]!.id;
    }
    topicPlans.set(topic.id, planTopic(topicIds, times, groupKeys, tally));
  }

  const branchIds = [...new Set([...counts.values()].flatMap((c) => (c.branchId === null ? [] : [c.branchId])).concat(q.filters.branchIds ?? []))];
  const names = new Map(
    branchIds.length
      ? await db.transaction(async (tx) =>
          (
            await tx.all<{ id: number; name: string }>(`SELECT "id", "name" FROM "Unit" WHERE "id" IN (${placeholders(branchIds.length)})`, ...branchIds)
          ).map((u) => [u.id, u.name] as const),
        )
      : [],
  );
  for (const c of counts.values()) c.branchName = c.branchId === null ? null : (names.get(c.branchId) ?? null);
  const filterBranchNames = (q.filters.branchIds ?? []).flatMap((id) => names.get(id) ?? []);
  return { dialogue: head.dialogue, topics: head.topics, counts: [...counts.values()], topicPlans, filterBranchNames };
}

type Row = Parameters<typeof toOfficeProposal>[0] & { position: number };

/**
 * `from` (over `p`, the Proposal table first) driven by `n` ids, whose parameters come before the
 * filters': on the CROSS JOIN's left, SQLite reads them first and looks each proposal up by its key,
 * rather than scanning the whole dialogue through its index and testing membership.
 */
function drivenByIds(from: string, n: number): string {
  const driven = from.replace(/^FROM "Proposal" p\b/, `FROM (SELECT "id" FROM "Proposal" WHERE "id" IN (${placeholders(n)})) AS "ids" CROSS JOIN "Proposal" p`);
  if (driven === from) throw new Error("the joins no longer start with the Proposal table");
  return `${driven} WHERE p."id" = "ids"."id"`;
}

/** The proposals among `ids` that match `where`, in the order given, with their place in `ids`. One short transaction. */
async function readByIds<T extends { id: number; position: number }>(
  db: Db,
  ids: Float64Array,
  where: { sql: string; params: SqlValue[] },
  columns: string,
  from = OFFICE_PROPOSAL_FROM,
): Promise<T[]> {
  const sql = `SELECT ${columns} ${drivenByIds(from, ids.length)} AND ${where.sql}`;
  await nextTurn();
  const rows = await db.transaction(async (tx) => tx.all<T>(sql, ...ids, ...where.params));
  const place = new Map<number, number>();
  ids.forEach((id, i) => place.set(id, i));
  for (const row of rows) row.position = place.get(row.id)!;
  return rows.sort((a, b) => a.position - b.position);
}

/** A proposal as the export lists it: with its group's number in its topic and how many people ask that group. */
export type ListedProposal = OfficeProposal & { group: number; asked: number };

/**
 * Built field by field: an office proposal spread and then given the group's fields took twice the
 * time and heap to read 100 000 proposals.
 */
const listedProposal = (r: Row, group: number, asked: number): ListedProposal => ({
  id: r.id,
  code: r.code,
  createdAt: new Date(r.createdAt),
  topicId: r.topicId,
  topicPosition: r.topicPosition,
  topicName: r.topicName,
  branchName: r.branchName,
  level: r.level,
  text: r.text,
  status: r.status,
  agency: r.agency,
  statusReason: r.statusReason,
  answer: r.answer,
  answeredAt: r.answeredAt ? new Date(r.answeredAt) : null,
  authorName: r.authorName,
  phone: r.phone,
  group,
  asked,
});

/**
 * A topic's proposals in export order, `chunkRows` at a time, each chunk its own short transaction
 * so the bot writes in between and memory holds one chunk of rows. The filters are applied again,
 * so a proposal withdrawn since the plan was made is left out.
 */
export async function* topicProposals(
  db: Db,
  q: ExportQuery,
  plan: ExportPlan,
  topicId: number,
  chunkRows = CHUNK_ROWS,
): AsyncGenerator<ListedProposal[]> {
  const topic = plan.topicPlans.get(topicId);
  if (!topic) return;
  const where = proposalWhere(q.dialogueId, q.filters);
  const columns = officeProposalColumns(q.withPhone);
  let group = 0;
  for (let start = 0; start < topic.ids.length; start += chunkRows) {
    const rows = await readByIds<Row>(db, topic.ids.subarray(start, start + chunkRows), where, columns);
    if (!rows.length) continue;
    yield rows.map((row) => {
      while (topic.starts[group + 1]! <= start + row.position) group++;
      return listedProposal(row, group + 1, topic.asked[group]!);
    });
  }
}

/** A group of similar proposals as the export sums it up. */
export interface ListedGroup {
  /** 1, 2, … within its topic, in export order. */
  number: number;
  asked: number;
  /** Its earliest active member, listed or not; null only if withdrawn since the plan was made. */
  representative: OfficeProposal | null;
  /** Ids and codes of its members the filters select, in export order. */
  members: { id: number; code: string }[];
}

/**
 * A topic's groups in export order, a chunk at a time: up to `chunkGroups` representatives (whole
 * rows) and up to `KEY_CHUNK_ROWS` member codes a transaction (more only for one very large group).
 */
export async function* topicGroups(
  db: Db,
  q: ExportQuery,
  plan: ExportPlan,
  topicId: number,
  chunkGroups = CHUNK_ROWS,
): AsyncGenerator<ListedGroup[]> {
  const topic = plan.topicPlans.get(topicId);
  if (!topic) return;
  const where = proposalWhere(q.dialogueId, q.filters);
  const active = proposalWhere(q.dialogueId, {});
  const columns = officeProposalColumns(q.withPhone);
  const groupCount = topic.asked.length;
  for (let first = 0; first < groupCount; ) {
    let end = first + 1;
    while (end < groupCount && end - first < chunkGroups && topic.starts[end + 1]! - topic.starts[first]! <= KEY_CHUNK_ROWS) end++;
    const representatives = await readByIds<Row>(db, topic.representatives.subarray(first, end), active, columns);
    const offset = topic.starts[first]!;
    const members = await readByIds<{ position: number; id: number; code: string }>(
      db,
      topic.ids.subarray(offset, topic.starts[end]!),
      where,
      `p."id" AS "id", p."code" AS "code"`,
      KEYS_FROM,
    );
    const groups: ListedGroup[] = [];
    for (let n = first; n < end; n++) groups.push({ number: n + 1, asked: topic.asked[n]!, representative: null, members: [] });
    for (const row of representatives) groups[row.position]!.representative = toOfficeProposal(row);
    let n = 0;
    for (const m of members) {
      while (topic.starts[first + n + 1]! <= offset + m.position) n++;
      groups[n]!.members.push({ id: m.id, code: m.code });
    }
    yield groups;
    first = end;
  }
}
