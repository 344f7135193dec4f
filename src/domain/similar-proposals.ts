import type { Tx } from "../db/client.js";
import { placeholders } from "../db/placeholders.js";
import { DomainError } from "./errors.js";
import { TfIdfIndex } from "./similarity/tfidf-index.js";

/**
 * How close (cosine of the TF-IDF vectors) a filed proposal must be to be suggested, and a new
 * proposal to a group (on average) to join it. Tuned on test/fixtures/similar-proposals.json
 * (test/similarity-quality.test.ts holds the figures): grouping wants precision (a wrong merge
 * hides a question from the office; staff merge what was missed), a suggestion may be looser (the
 * youth decides).
 */
export const SUGGEST_MIN_SCORE = 0.2;
export const GROUP_MIN_SCORE = 0.32;
export const MAX_SUGGESTIONS = 3;
/** The nearest earlier proposals whose groups a new one is weighed against. */
const GROUP_CANDIDATES = 10;
/** How many of a group's first members a new proposal is weighed against. */
const GROUP_SAMPLE = 6;

export interface Suggestion {
  id: number;
  code: string;
  text: string;
  /** How many people ask it: its group's authors and supporters. */
  asked: number;
}

interface Entry {
  participantId: number;
  status: string;
  text: string;
}

interface Cached {
  index: TfIdfIndex;
  entries: Map<number, Entry>;
  lastId: number;
  /** Null until a row is read (then `"id" > 0` alone finds them all): '' is no time to PostgreSQL. */
  lastUpdatedAt: string | number | null;
}

interface ProposalRow {
  id: number;
  topicId: number;
  participantId: number;
  text: string;
  status: string;
  updatedAt: string | number;
}

/**
 * The proposals of each dialogue held as a TF-IDF index, for suggestions and grouping. The database
 * stays the truth: before each use the index catches up with rows filed or changed since (by any
 * transaction or process), and reloads whole if its count disagrees with the database's.
 */
export class SimilarProposals {
  private readonly dialogues = new Map<number, Cached>();

  /** Up to three proposals of the topic close to `text`: not the asker's own, nor one declared not admissible. */
  async suggest(db: Tx, q: { dialogueId: number; topicId: number; text: string; participantId: number }): Promise<Suggestion[]> {
    const { index, entries } = await this.caughtUp(db, q.dialogueId);
    const matches = index.nearest(q.text, {
      topicId: q.topicId,
      limit: MAX_SUGGESTIONS,
      minScore: SUGGEST_MIN_SCORE,
      accept: (id) => {
        const e = entries.get(id)!;
        return e.participantId !== q.participantId && e.status !== "NOT_ADMISSIBLE";
      },
    });
    const suggestions: Suggestion[] = [];
    for (const { id } of matches) {
      const p = (await db.get<{ code: string; text: string; groupId: number | null }>(`SELECT "code", "text", "groupId" FROM "Proposal" WHERE "id" = ?`, id))!;
      suggestions.push({ id, code: p.code, text: p.text, asked: p.groupId ? await groupAsked(db, p.groupId) : await proposalAsked(db, id) });
    }
    return suggestions;
  }

  /**
   * Puts every proposal of the dialogue not yet in a group into one, in filing order: into the
   * group of earlier proposals of its topic it is closest to on average (not merely to one member,
   * which would chain unlike questions together), if that is close enough; else into a new group.
   * Run as each proposal is filed, it touches only the new one; on a fresh dialogue it groups all.
   * Returns how many were grouped.
   */
  async groupNew(db: Tx, dialogueId: number, now: Date): Promise<number> {
    const ungrouped = await db.all<{ id: number; topicId: number }>(
      `SELECT "id", "topicId" FROM "Proposal" WHERE "dialogueId" = ? AND "groupId" IS NULL AND "status" <> 'WITHDRAWN' ORDER BY "id"`,
      dialogueId,
    );
    // An export or a list asks first: when all is grouped, the process that serves them need not hold the index.
    if (!ungrouped.length) return 0;
    const { index } = await this.caughtUp(db, dialogueId);
    const groups = new KnownGroups(db);
    for (const p of ungrouped) {
      const query = index.query(p.id);
      const near = index.nearest(query, { topicId: p.topicId, limit: GROUP_CANDIDATES, minScore: 0, accept: (id) => id < p.id });
      let best: { groupId: number; score: number } | undefined;
      for (const [groupId, members] of await groups.of(near.map(({ id }) => id))) {
        const earlier = members.filter((id) => id < p.id);
        if (!earlier.length) continue;
        const scores = index.scores(query, earlier);
        const score = scores.reduce((sum, x) => sum + x, 0) / scores.length;
        if (score >= GROUP_MIN_SCORE && score > (best?.score ?? 0)) best = { groupId, score };
      }
      const groupId = best?.groupId ?? (await newGroup(db, { dialogueId, topicId: p.topicId }, now));
      await db.run(`UPDATE "Proposal" SET "groupId" = ? WHERE "id" = ?`, groupId, p.id);
      groups.joined(p.id, groupId);
    }
    return ungrouped.length;
  }

  /** The dialogue's index with every committed change applied. */
  private async caughtUp(db: Tx, dialogueId: number): Promise<Cached> {
    let cached = this.dialogues.get(dialogueId);
    if (!cached) this.dialogues.set(dialogueId, (cached = { index: new TfIdfIndex(), entries: new Map(), lastId: 0, lastUpdatedAt: null }));
    const changed = await db.all<ProposalRow>(
      `SELECT "id", "topicId", "participantId", "text", "status", "updatedAt" FROM "Proposal"
       WHERE "dialogueId" = ? AND ("id" > ? OR "updatedAt" > ?) ORDER BY "id"`,
      dialogueId,
      cached.lastId,
      cached.lastUpdatedAt,
    );
    for (const row of changed) apply(cached, row);
    const { n } = (await db.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Proposal" WHERE "dialogueId" = ? AND "status" <> 'WITHDRAWN'`, dialogueId))!;
    if (n !== cached.index.size) {
      // Rows committed out of id order (another process), or a text removed in a way not seen: start over.
      this.dialogues.delete(dialogueId);
      return this.caughtUp(db, dialogueId);
    }
    return cached;
  }
}

function apply(cached: Cached, row: ProposalRow): void {
  cached.lastId = Math.max(cached.lastId, row.id);
  if (cached.lastUpdatedAt === null || row.updatedAt > cached.lastUpdatedAt) cached.lastUpdatedAt = row.updatedAt;
  if (row.status === "WITHDRAWN") {
    cached.index.remove(row.id);
    cached.entries.delete(row.id);
    return;
  }
  const known = cached.entries.get(row.id);
  cached.entries.set(row.id, { participantId: row.participantId, status: row.status, text: row.text });
  // A change of status leaves the words as they were: no need to index them again.
  if (known?.text !== row.text) cached.index.put(row.id, row.topicId, row.text);
}

/**
 * Groups of proposals as one grouping run has seen them: read from the database the first time a
 * proposal or group is met, then kept up to date as the run assigns. Grouping a whole dialogue
 * meets the same groups again and again; a proposal filed alone costs two statements.
 */
class KnownGroups {
  private readonly groupOf = new Map<number, number | null>();
  /** Each group's first `GROUP_SAMPLE` active members, in filing order: they say what it asks, and a big group costs no more. */
  private readonly members = new Map<number, number[]>();

  constructor(private readonly db: Tx) {}

  /** The groups of `proposalIds` with their first members. */
  async of(proposalIds: number[]): Promise<Map<number, number[]>> {
    await this.read(proposalIds.filter((id) => !this.groupOf.has(id)));
    const groups = new Map<number, number[]>();
    for (const id of proposalIds) {
      const groupId = this.groupOf.get(id);
      if (groupId != null) groups.set(groupId, this.members.get(groupId)!);
    }
    return groups;
  }

  joined(proposalId: number, groupId: number): void {
    this.groupOf.set(proposalId, groupId);
    const members = this.members.get(groupId);
    if (!members) this.members.set(groupId, [proposalId]);
    else if (members.length < GROUP_SAMPLE) members.push(proposalId);
  }

  private async read(proposalIds: number[]): Promise<void> {
    if (!proposalIds.length) return;
    const rows = await this.db.all<{ id: number; groupId: number | null }>(
      `SELECT "id", "groupId" FROM "Proposal" WHERE "id" IN (${placeholders(proposalIds.length)})`,
      ...proposalIds,
    );
    for (const { id, groupId } of rows) this.groupOf.set(id, groupId);
    const unread = [...new Set(rows.map((r) => r.groupId))].filter((g): g is number => g !== null && !this.members.has(g));
    if (!unread.length) return;
    for (const groupId of unread) this.members.set(groupId, []);
    const members = await this.db.all<{ groupId: number; id: number }>(
      `SELECT "groupId", "id" FROM (
         SELECT "groupId", "id", ROW_NUMBER() OVER (PARTITION BY "groupId" ORDER BY "id") AS "n" FROM "Proposal"
         WHERE "groupId" IN (${placeholders(unread.length)}) AND "status" <> 'WITHDRAWN') AS "ranked"
       WHERE "n" <= ${GROUP_SAMPLE} ORDER BY "groupId", "id"`,
      ...unread,
    );
    for (const { groupId, id } of members) this.members.get(groupId)!.push(id);
  }
}

/** People asking a group's question: its members' authors and supporters, each once. */
export async function groupAsked(db: Tx, groupId: number): Promise<number> {
  const { n } = (await db.get<{ n: number }>(
    `SELECT COUNT(*) AS "n" FROM (
       SELECT "participantId" FROM "Proposal" WHERE "groupId" = ? AND "status" <> 'WITHDRAWN'
       UNION SELECT s."participantId" FROM "ProposalSupport" s JOIN "Proposal" p ON p."id" = s."proposalId"
       WHERE p."groupId" = ? AND p."status" <> 'WITHDRAWN') AS "people"`,
    groupId,
    groupId,
  ))!;
  return n;
}

async function proposalAsked(db: Tx, proposalId: number): Promise<number> {
  const { n } = (await db.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "ProposalSupport" WHERE "proposalId" = ?`, proposalId))!;
  return 1 + n;
}

interface GroupRow {
  id: number;
  dialogueId: number;
  topicId: number;
}

async function groupOrThrow(db: Tx, groupId: number): Promise<GroupRow> {
  const g = await db.get<GroupRow>(`SELECT "id", "dialogueId", "topicId" FROM "ProposalGroup" WHERE "id" = ?`, groupId);
  if (!g || !(await db.get(`SELECT 1 FROM "Proposal" WHERE "groupId" = ? AND "status" <> 'WITHDRAWN'`, groupId)))
    throw new DomainError("group-unknown", { group: groupId });
  return g;
}

async function newGroup(db: Tx, g: { dialogueId: number; topicId: number }, now: Date): Promise<number> {
  const { id } = (await db.get<{ id: number }>(
    `INSERT INTO "ProposalGroup" ("dialogueId", "topicId", "createdAt", "updatedAt") VALUES (?, ?, ?, ?) RETURNING "id"`,
    g.dialogueId,
    g.topicId,
    now,
    now,
  ))!;
  return id;
}

/** Staff say two groups ask the same thing: `from`'s members join `into`. */
export async function mergeGroups(db: Tx, intoId: number, fromId: number, now: Date): Promise<void> {
  if (intoId === fromId) throw new DomainError("group-merge-self", { group: intoId });
  const into = await groupOrThrow(db, intoId);
  const from = await groupOrThrow(db, fromId);
  if (into.topicId !== from.topicId) throw new DomainError("group-merge-topics", { into: intoId, from: fromId });
  await db.run(`UPDATE "Proposal" SET "groupId" = ? WHERE "groupId" = ?`, intoId, fromId);
  await db.run(`UPDATE "ProposalGroup" SET "updatedAt" = ? WHERE "id" = ?`, now, intoId);
  await db.run(`DELETE FROM "ProposalGroup" WHERE "id" = ?`, fromId);
}

/** Staff say some members of a group ask something else: they make a group of their own. Returns its id. */
export async function splitGroup(db: Tx, groupId: number, proposalIds: number[], now: Date): Promise<number> {
  const g = await groupOrThrow(db, groupId);
  const members = new Set(await groupMembers(db, groupId));
  const strangers = proposalIds.filter((id) => !members.has(id));
  if (strangers.length) throw new DomainError("group-split-not-members", { group: groupId, proposals: strangers.join(", ") });
  if (new Set(proposalIds).size === members.size) throw new DomainError("group-split-all", { group: groupId });
  const newId = await newGroup(db, g, now);
  for (const id of proposalIds) await db.run(`UPDATE "Proposal" SET "groupId" = ? WHERE "id" = ?`, newId, id);
  await db.run(`UPDATE "ProposalGroup" SET "updatedAt" = ? WHERE "id" = ?`, now, groupId);
  return newId;
}

export interface GroupView {
  id: number;
  topicId: number;
  /** People asking: authors and supporters of its members, each once. */
  asked: number;
  representative: { id: number; code: string; text: string; status: string; answer: string | null };
  members: { id: number; code: string; status: string; supporters: number }[];
}

/** A dialogue's groups (of one topic, if given), most asked first, a page at a time. */
export async function listGroups(
  db: Tx,
  q: { dialogueId: number; topicId?: number; page: number; pageSize: number },
): Promise<{ total: number; items: GroupView[] }> {
  const ofTopic = q.topicId === undefined ? "" : `AND "topicId" = ?`;
  const groups = await db.all<{ id: number; topicId: number; asked: number; representativeId: number }>(
    `WITH "members" AS (
       SELECT "groupId", MIN("id") AS "representativeId" FROM "Proposal"
       WHERE "dialogueId" = ? AND "groupId" IS NOT NULL AND "status" <> 'WITHDRAWN' ${ofTopic}
       GROUP BY "groupId"),
     "people" AS (
       SELECT "groupId", "participantId" FROM "Proposal" WHERE "dialogueId" = ? AND "groupId" IS NOT NULL AND "status" <> 'WITHDRAWN'
       UNION SELECT p."groupId", s."participantId" FROM "ProposalSupport" s JOIN "Proposal" p ON p."id" = s."proposalId"
       WHERE p."dialogueId" = ? AND p."groupId" IS NOT NULL AND p."status" <> 'WITHDRAWN'),
     "asked" AS (SELECT "groupId", COUNT(*) AS "asked" FROM "people" GROUP BY "groupId")
     SELECT g."id", g."topicId", a."asked", m."representativeId"
     FROM "members" m JOIN "ProposalGroup" g ON g."id" = m."groupId" JOIN "asked" a ON a."groupId" = m."groupId"
     ORDER BY a."asked" DESC, m."representativeId"`,
    q.dialogueId,
    ...(q.topicId === undefined ? [] : [q.topicId]),
    q.dialogueId,
    q.dialogueId,
  );
  const items: GroupView[] = [];
  for (const g of groups.slice((q.page - 1) * q.pageSize, q.page * q.pageSize)) {
    const members = await db.all<{ id: number; code: string; text: string; status: string; answer: string | null; supporters: number }>(
      `SELECT p."id", p."code", p."text", p."status", p."answer", (SELECT COUNT(*) FROM "ProposalSupport" s WHERE s."proposalId" = p."id") AS "supporters"
       FROM "Proposal" p WHERE p."groupId" = ? AND p."status" <> 'WITHDRAWN' ORDER BY p."id"`,
      g.id,
    );
    const { id, code, text, status, answer } = members[0]!;
    items.push({
      id: g.id,
      topicId: g.topicId,
      asked: g.asked,
      representative: { id, code, text, status, answer },
      members: members.map(({ id, code, status, supporters }) => ({ id, code, status, supporters })),
    });
  }
  return { total: groups.length, items };
}

/** The dialogue of an existing group with members. */
export async function groupDialogue(db: Tx, groupId: number): Promise<number> {
  return (await groupOrThrow(db, groupId)).dialogueId;
}

/** The active members of a group, in filing order. */
export async function groupMembers(db: Tx, groupId: number): Promise<number[]> {
  await groupOrThrow(db, groupId);
  const rows = await db.all<{ id: number }>(`SELECT "id" FROM "Proposal" WHERE "groupId" = ? AND "status" <> 'WITHDRAWN' ORDER BY "id"`, groupId);
  return rows.map((r) => r.id);
}
