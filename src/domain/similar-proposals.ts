import { createHash } from "node:crypto";
import type { Db, Tx } from "../db/client.js";
import { createKeyedQueue } from "../concurrency/keyed-queue.js";
import { placeholders } from "../db/placeholders.js";
import { DomainError } from "./errors.js";
import { regroup, type Neighbour } from "./similarity/regroup.js";
import { TfIdfIndex } from "./similarity/tfidf-index.js";

/**
 * How close a filed proposal must be to be suggested (cosine of the TF-IDF vectors), and clusters
 * to be grouped together (on average, closeness through shared neighbours: see
 * `throughNeighbours` in similarity/regroup.ts, whose scores run higher than cosines). Tuned on
 * test/fixtures/similar-proposals.json (test/similarity-quality.test.ts holds the figures):
 * grouping wants precision (a wrong merge hides a question from the office; staff merge what was
 * missed), a suggestion may be looser (the youth decides). GROUP_MIN_SCORE was chosen on half A
 * of the labelled groups (`half` in test/support/similarity-quality.ts; precision 0.98, recall
 * 0.66 there) and holds on half B (0.98, 0.86); below it, wrong merges drop precision on A to
 * 0.97 (0.535), 0.92 (0.53), 0.84 (0.525).
 */
export const SUGGEST_MIN_SCORE = 0.2;
export const GROUP_MIN_SCORE = 0.54;
export const MAX_SUGGESTIONS = 3;
/** The nearest earlier proposals whose groups a new one is weighed against. */
const GROUP_CANDIDATES = 10;
/** How many of a group's first members a new proposal is weighed against; a group of more is settled. */
const GROUP_SAMPLE = 6;

export interface Suggestion {
  id: number;
  code: string;
  text: string;
  /** How many people ask it: its group's authors and supporters. */
  asked: number;
}

/** How many suggestions more than shown are taken from the index, for those the database then refuses. */
const SPARE_SUGGESTIONS = 3;
/**
 * How long an id below the highest one read, not yet seen, is looked for again: a proposal filed in a
 * transaction still running (another process's, or one of this process that began earlier) commits
 * after proposals with higher ids. An id whose insert rolled back is never seen, and is let go then.
 */
const GAP_MS = 120_000;
/** At most this many such ids are looked for (the oldest are let go first). */
const MAX_GAPS = 500;
/**
 * A dialogue with more proposals than this is read into the index in the background, a chunk at a
 * time in transactions of its own (given the database), while the process goes on answering: a
 * hundred thousand take seconds to index. Meanwhile nothing is suggested, and new proposals wait
 * ungrouped until the next grouping once it is read.
 */
const LOAD_IN_TRANSACTION_MAX = 5000;
/** Rows a chunk: indexing it keeps the process from answering for some tens of milliseconds. */
const LOAD_CHUNK = 500;
/** Proposals left ungrouped by a background read are grouped this many a transaction (some tenths of a second in the grouping's turn). */
const BACKLOG_CHUNK = 100;
/** A transaction that read more new rows than this and rolled back drops the index rather than take each back. */
const MAX_TAKEN_BACK = 1000;

interface Entry {
  topicId: number;
  participantId: number;
  status: string;
  /**
   * Its text's digest (`digestOf`): enough to tell a changed text, for a fraction of the memory.
   * Holding the texts themselves took about 60 MB a process for a province's 100 000 proposals.
   * Numbers, not strings: each string is one more object for every full garbage collection to
   * mark, and an export's collections marked the index's 200 000 of them again and again.
   */
  textDigest: number;
  /** In ms since the epoch (`msOf`). */
  updatedAt: number;
  /**
   * The transaction that read this row and has not ended: the row may be that transaction's own
   * write, not committed, so no other transaction is shown it (nor kept it, should it roll back).
   * Unset once that transaction commits, or once another transaction also reads the row (it is
   * then committed).
   */
  owner?: Tx;
}

interface Cached {
  dialogueId: number;
  index: TfIdfIndex;
  entries: Map<number, Entry>;
  /** The highest proposal id read (of any dialogue): rows above it are new. */
  lastId: number;
  /** Ids up to `lastId` not read yet, and when they were first missed (ms): read again until `GAP_MS` has passed. */
  gaps: Map<number, number>;
  /** Of the committed rows read: null until one is read (then `"id" > 0` alone finds them all): '' is no time to PostgreSQL. */
  lastUpdatedAt: string | number | null;
}

interface ProposalRow {
  id: number;
  dialogueId: number;
  topicId: number;
  participantId: number;
  /** Null for a proposal of another dialogue (only its id is of use). */
  text: string | null;
  status: string;
  updatedAt: string | number;
}

/** What one transaction did to a dialogue's index, settled when it ends. */
interface Reading {
  /** Rows it put in the index, held in its name (`Entry.owner`). */
  added: number[];
  /** Changes it read to rows already held: kept only once it commits (they may be its own). */
  changed: ProposalRow[];
  lastUpdatedAt: string | number | null;
}

/**
 * The proposals of each dialogue held as a TF-IDF index, for suggestions and grouping. The database
 * stays the truth: before each use the index catches up with rows filed or changed since (by any
 * transaction or process), inside the caller's transaction. It is shared by the process's
 * transactions, so it keeps only what is committed: a row new to it is shown to the transaction
 * that read it alone until that commits (it may be its own filing), and taken out again if that
 * rolls back; a change to a row it holds is kept once the transaction that read it commits. Ids
 * commit out of order (transactions of two processes), so an id skipped by the catch-up is looked
 * for again. What it suggests is checked against the caller's own view of the database.
 */
export class SimilarProposals {
  private readonly dialogues = new Map<number, Cached>();
  private readonly readings = new WeakMap<Tx, Map<Cached, Reading>>();
  /** Dialogues being read in the background. */
  private readonly loading = new Set<number>();
  /** Filings to group, one after the other per dialogue. */
  private readonly filings = createKeyedQueue();

  /**
   * `db`: the database, for reading a big dialogue in the background (without it, every dialogue is
   * read inside the transaction that first needs it). `onError`: told when that reading failed (it
   * starts again at the next use).
   */
  constructor(private readonly background?: { db: Db; onError?: (err: unknown) => void; now?: () => Date }) {}

  /** Whether a dialogue's proposals are being read in the background. */
  get readingInBackground(): boolean {
    return this.loading.size > 0;
  }

  /**
   * Starts reading the index of each dialogue (a big one in the background), so that the first
   * youth after a start need not wait for it. Needs the database given at construction.
   */
  async preload(dialogueIds: number[]): Promise<void> {
    const db = this.background?.db;
    if (!db) return;
    for (const id of dialogueIds) await db.transaction(async (tx) => void (await this.caughtUp(tx, id)), { isolation: "read committed" });
  }

  /** Up to three proposals of the topic close to `text`: not the asker's own, nor one declared not admissible. */
  async suggest(db: Tx, q: { dialogueId: number; topicId: number; text: string; participantId: number }): Promise<Suggestion[]> {
    const cached = await this.caughtUp(db, q.dialogueId);
    if (!cached) return [];
    const { index, entries } = cached;
    const matches = index.nearest(q.text, {
      topicId: q.topicId,
      limit: MAX_SUGGESTIONS + SPARE_SUGGESTIONS,
      minScore: SUGGEST_MIN_SCORE,
      accept: (id) => {
        const e = entries.get(id);
        return !!e && shownTo(e, db) && e.participantId !== q.participantId && e.status !== "NOT_ADMISSIBLE";
      },
    });
    if (!matches.length) return [];
    // The index may be ahead of this transaction's snapshot (a row committed since it began) or behind
    // a change: the candidates as the database has them, in one statement.
    const rows = await db.all<Suggestion>(
      `SELECT p."id", p."code", p."text", ${ASKED} AS "asked" FROM "Proposal" p
       WHERE p."id" IN (${placeholders(matches.length)}) AND p."status" NOT IN ('WITHDRAWN', 'NOT_ADMISSIBLE') AND p."participantId" <> ?`,
      ...matches.map((m) => m.id),
      q.participantId,
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    return matches
      .map(({ id }) => byId.get(id))
      .filter((r): r is Suggestion => r !== undefined)
      .slice(0, MAX_SUGGESTIONS)
      .map(({ id, code, text, asked }) => ({ id, code, text, asked }));
  }

  /**
   * Puts every proposal of the dialogue not yet in a group into one, in filing order. Each is
   * weighed with its neighbourhood: the groups of its nearest earlier proposals of the topic. Groups
   * still forming (at most `GROUP_SAMPLE` members, not settled by staff) are taken apart and formed
   * again together with the new proposal, by average link: the two closest clusters join while they
   * are close enough on average (not merely through one member, which would chain unlike questions
   * together). Larger groups, and those staff settled (merged, split or triaged: `settledAt`), stay
   * as they are: the new proposal or forming ones may join them, they never join each other (that is staff's call). Re-forming the
   * neighbourhood, rather than only adding the new proposal to a group, lets a proposal leave the
   * group it joined when a closer one arrives: grouped in filing order alone, recall on the labelled
   * set was 0.51 at precision 0.94; re-forming, 0.70 at 0.95, as a recount of the whole topic gets;
   * weighing closeness through shared neighbours too, 0.73 at 0.98.
   * Run as each proposal is filed, it touches only its neighbourhood; on a fresh dialogue it groups
   * all. `onlyIds`: those proposals alone, if not yet grouped (a filing's: filings side by side
   * grouping the same backlog would each write every row of it, and lose to each other). Returns how
   * many were grouped.
   */
  async groupNew(db: Tx, dialogueId: number, now: Date, onlyIds?: number[]): Promise<number> {
    await groupingTurn(db, dialogueId);
    const ungrouped = await db.all<ProposalRow>(
      `SELECT "id", "dialogueId", "topicId", "participantId", "text", "status", "updatedAt" FROM "Proposal"
       WHERE "dialogueId" = ? AND "groupId" IS NULL AND "status" <> 'WITHDRAWN'${onlyIds ? ` AND "id" IN (${placeholders(onlyIds.length)})` : ""} ORDER BY "id"`,
      dialogueId,
      ...(onlyIds ?? []),
    );
    // An export or a list asks first: when all is grouped, the process that serves them need not hold the index.
    if (!ungrouped.length) return 0;
    const cached = await this.caughtUp(db, dialogueId);
    // Still being read: grouped by the first grouping after.
    if (!cached) return 0;
    // Rows this transaction sees as they are, whatever the catch-up missed (an id let go, a change out of order).
    for (const row of ungrouped) this.read(cached, db, row);
    const { index, entries } = cached;
    const groups = new KnownGroups(db);
    for (const p of ungrouped) {
      // Its words as this transaction sees them; the index holds them unless a change of its is not yet committed.
      const query = entries.get(p.id)?.textDigest === digestOf(p.text!) ? index.query(p.id) : index.query(p.text!);
      const near = index.nearest(query, {
        topicId: p.topicId,
        limit: GROUP_CANDIDATES,
        minScore: 0,
        accept: (id) => id < p.id && shownTo(entries.get(id)!, db),
      });
      const neighbours = await groups.of(near.map(({ id }) => id));
      const clusters = regroup(index, p.id, neighbours, GROUP_MIN_SCORE);
      // Each cluster keeps the group it holds that will not move, else the group of its earliest member that is still free.
      const taken = new Set<number>();
      const groupIds: (number | undefined)[] = clusters.map((c) => {
        const id = c.fixed ?? c.members.map((m) => c.from.get(m)).find((g) => g !== undefined && !taken.has(g) && !neighbours.get(g)?.fixed);
        if (id !== undefined) taken.add(id);
        return id;
      });
      for (const [i, c] of clusters.entries()) {
        const groupId = groupIds[i] ?? (await newGroup(db, { dialogueId, topicId: p.topicId }, now));
        const moved = c.members.filter((id) => c.from.get(id) !== groupId);
        if (moved.length) await db.run(`UPDATE "Proposal" SET "groupId" = ? WHERE "id" IN (${placeholders(moved.length)})`, groupId, ...moved);
        groups.formed(groupId, c.members, c.fixed !== undefined);
      }
      // A forming group all of whose members went elsewhere is gone (unless a withdrawn proposal still names it).
      for (const [groupId, g] of neighbours)
        if (!g.fixed && !taken.has(groupId)) {
          await db.run(`DELETE FROM "ProposalGroup" WHERE "id" = ? AND NOT EXISTS (SELECT 1 FROM "Proposal" WHERE "groupId" = ?)`, groupId, groupId);
          groups.gone(groupId);
        }
    }
    return ungrouped.length;
  }

  /**
   * Groups a proposal once its filing has committed, in a transaction of its own, in the dialogue's
   * grouping turn (`groupingTurn`); this process's filings take turns here first, so at most one of
   * its connections waits for that turn. Grouped inside the filing's transaction, the turn was held
   * to the filing's commit, and the filings of both processes queued for it on every connection of
   * their pools (bench:scale: 25 steps a second). A proposal whose grouping fails stays ungrouped
   * until the next grouping of the whole dialogue (the office's lists and exports, a start).
   */
  groupFiled(db: Db, dialogueId: number, proposalId: number, now: Date): Promise<number> {
    return this.filings.run(String(dialogueId), () => db.transaction((tx) => this.groupNew(tx, dialogueId, now, [proposalId]), { isolation: "read committed" }));
  }

  /**
   * The dialogue's index with every change this transaction sees applied (its own, and others' not
   * yet kept, shown to it alone); null while it is being read in the background.
   */
  private async caughtUp(db: Tx, dialogueId: number): Promise<Cached | null> {
    if (this.loading.has(dialogueId)) return null;
    if (!this.dialogues.has(dialogueId) && this.background) {
      const { n } = (await db.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Proposal" WHERE "dialogueId" = ?`, dialogueId))!;
      if (this.loading.has(dialogueId)) return null;
      if (!this.dialogues.has(dialogueId) && n > LOAD_IN_TRANSACTION_MAX) {
        this.loadInBackground(dialogueId, this.background);
        return null;
      }
    }
    let cached = this.dialogues.get(dialogueId);
    if (!cached) {
      cached = { dialogueId, index: new TfIdfIndex(), entries: new Map(), lastId: 0, gaps: new Map(), lastUpdatedAt: null };
      this.dialogues.set(dialogueId, cached);
    }
    const now = Date.now();
    for (const [id, since] of cached.gaps) if (now - since > GAP_MS) cached.gaps.delete(id);
    const gaps = [...cached.gaps.keys()];
    // New rows of every dialogue (the ids of others only say which ids are not gaps), gaps, and changes.
    const rows = await db.all<ProposalRow>(
      `SELECT "id", "dialogueId", "topicId", "participantId", CASE WHEN "dialogueId" = ? THEN "text" END AS "text", "status", "updatedAt"
       FROM "Proposal"
       WHERE "id" > ?${gaps.length ? ` OR "id" IN (${placeholders(gaps.length)})` : ""} OR ("dialogueId" = ? AND "updatedAt" > ?)`,
      dialogueId,
      cached.lastId,
      ...gaps,
      dialogueId,
      cached.lastUpdatedAt,
    );
    const seen = new Set<number>();
    let lastId = cached.lastId;
    for (const row of rows) {
      seen.add(row.id);
      cached.gaps.delete(row.id);
      lastId = Math.max(lastId, row.id);
      if (row.dialogueId === dialogueId) this.read(cached, db, row);
    }
    // Ids skipped near the top may still commit; far below it (a first load) they are long gone.
    for (let id = Math.max(cached.lastId + 1, lastId - MAX_GAPS); id < lastId; id++) if (!seen.has(id)) cached.gaps.set(id, now);
    for (const id of cached.gaps.keys()) {
      if (cached.gaps.size <= MAX_GAPS) break;
      cached.gaps.delete(id);
    }
    cached.lastId = lastId;
    return cached;
  }

  /**
   * Reads the dialogue's proposals a chunk at a time, each chunk in a transaction of its own (so
   * committed: the index holds them for every transaction), letting the process answer between
   * chunks; the index is used once all are read, and catches up from there as usual.
   */
  private loadInBackground(dialogueId: number, background: { db: Db; onError?: (err: unknown) => void; now?: () => Date }): void {
    this.loading.add(dialogueId);
    const cached: Cached = { dialogueId, index: new TfIdfIndex(), entries: new Map(), lastId: 0, gaps: new Map(), lastUpdatedAt: null };
    const load = async () => {
      const seen = new Set<number>();
      for (let rows: ProposalRow[] = []; ; ) {
        rows = await background.db.transaction(
          (tx) =>
            tx.all<ProposalRow>(
              `SELECT "id", "dialogueId", "topicId", "participantId", "text", "status", "updatedAt" FROM "Proposal"
               WHERE "dialogueId" = ? AND "id" > ? ORDER BY "id" LIMIT ${LOAD_CHUNK}`,
              dialogueId,
              cached.lastId,
            ),
          { isolation: "read committed" },
        );
        for (const row of rows) {
          cached.lastId = row.id;
          if (cached.lastUpdatedAt === null || row.updatedAt > cached.lastUpdatedAt) cached.lastUpdatedAt = row.updatedAt;
          seen.add(row.id);
          if (row.status !== "WITHDRAWN") change(cached, row);
        }
        if (rows.length < LOAD_CHUNK) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      // Ids near the top not read (another dialogue's, or a filing still committing) are looked for again.
      const now = Date.now();
      for (let id = Math.max(1, cached.lastId - MAX_GAPS); id < cached.lastId; id++) if (!seen.has(id)) cached.gaps.set(id, now);
      this.dialogues.set(dialogueId, cached);
      this.loading.delete(dialogueId);
      // Proposals filed meanwhile were left ungrouped: grouped now, some at a time in transactions of
      // their own. Filings wait for the grouping's turn (`groupingTurn`): held for the whole backlog,
      // it kept every filing of the province waiting for seconds (bench:scale).
      const ungrouped = await background.db.transaction(
        (tx) =>
          tx.all<{ id: number }>(
            `SELECT "id" FROM "Proposal" WHERE "dialogueId" = ? AND "groupId" IS NULL AND "status" <> 'WITHDRAWN' ORDER BY "id"`,
            dialogueId,
          ),
        { isolation: "read committed" },
      );
      for (let i = 0; i < ungrouped.length; i += BACKLOG_CHUNK) {
        const ids = ungrouped.slice(i, i + BACKLOG_CHUNK).map((r) => r.id);
        await background.db.transaction((tx) => this.groupNew(tx, dialogueId, background.now?.() ?? new Date(), ids), { isolation: "read committed" });
      }
    };
    load()
      .catch((err: unknown) => background.onError?.(err))
      .finally(() => this.loading.delete(dialogueId));
  }

  /** A row as transaction `db` sees it. */
  private read(cached: Cached, db: Tx, row: ProposalRow): void {
    const reading = this.reading(cached, db);
    if (reading.lastUpdatedAt === null || row.updatedAt > reading.lastUpdatedAt) reading.lastUpdatedAt = row.updatedAt;
    const e = cached.entries.get(row.id);
    if (!e) {
      if (row.status === "WITHDRAWN") return;
      cached.entries.set(row.id, entryOf(row, db));
      cached.index.put(row.id, row.topicId, row.text!);
      reading.added.push(row.id);
      return;
    }
    // Seen by two transactions: committed.
    if (e.owner && e.owner !== db) e.owner = undefined;
    if (msOf(row.updatedAt) < e.updatedAt || sameRow(e, row)) return;
    if (e.owner === db) change(cached, row);
    else reading.changed.push(row);
  }

  /** What `db` has done to the dialogue's index so far, settled once when it ends. */
  private reading(cached: Cached, db: Tx): Reading {
    let byDialogue = this.readings.get(db);
    if (!byDialogue) this.readings.set(db, (byDialogue = new Map()));
    let reading = byDialogue.get(cached);
    if (!reading) {
      const r: Reading = { added: [], changed: [], lastUpdatedAt: null };
      byDialogue.set(cached, (reading = r));
      db.onEnd((committed) => this.settle(cached, db, r, committed));
    }
    return reading;
  }

  private settle(cached: Cached, db: Tx, reading: Reading, committed: boolean): void {
    if (committed) {
      for (const id of reading.added) {
        const e = cached.entries.get(id);
        if (e?.owner === db) e.owner = undefined;
      }
      for (const row of reading.changed) {
        const e = cached.entries.get(row.id);
        if (!e || msOf(row.updatedAt) >= e.updatedAt) change(cached, row);
      }
      if (reading.lastUpdatedAt !== null && (cached.lastUpdatedAt === null || reading.lastUpdatedAt > cached.lastUpdatedAt))
        cached.lastUpdatedAt = reading.lastUpdatedAt;
      return;
    }
    // Rows it put in and still holds (or took out again, by a change of its own) may be gone: out, and read again.
    const doubtful = reading.added.filter((id) => {
      const e = cached.entries.get(id);
      return !e || e.owner === db;
    });
    if (doubtful.length > MAX_TAKEN_BACK) {
      // A first load that rolled back: read it all again next time.
      if (this.dialogues.get(cached.dialogueId) === cached) this.dialogues.delete(cached.dialogueId);
      return;
    }
    const now = Date.now();
    for (const id of doubtful) {
      cached.index.remove(id);
      cached.entries.delete(id);
      cached.gaps.set(id, now);
    }
  }
}

const shownTo = (e: Entry, db: Tx) => !e.owner || e.owner === db;

/**
 * Written out whole, never spread then added to: `{ ...entry, owner }` gave each of a province's
 * 100 000 entries a hidden class of its own in V8, 40 MB a process.
 */
function entryOf(row: ProposalRow, owner: Tx | undefined): Entry {
  return { topicId: row.topicId, participantId: row.participantId, status: row.status, textDigest: digestOf(row.text!), updatedAt: msOf(row.updatedAt), owner };
}

/** 48 bits of the text's SHA-1: a changed text goes unseen once in 10¹⁴. */
const digestOf = (text: string) => createHash("sha1").update(text).digest().readUIntBE(0, 6);

/**
 * A row's time as the database gives it (text or a number), in ms. PostgreSQL's microseconds are
 * let go: two versions of a row made within one millisecond compare as made at once, and whichever
 * is read last is kept (a proposal is not changed twice within a millisecond).
 */
const msOf = (updatedAt: string | number) => (typeof updatedAt === "number" ? updatedAt : Date.parse(updatedAt));

function sameRow(e: Entry, row: ProposalRow): boolean {
  return e.updatedAt === msOf(row.updatedAt) && e.status === row.status && e.textDigest === digestOf(row.text!) && e.participantId === row.participantId && e.topicId === row.topicId;
}

/** Applies a newer version of a row to the index. */
function change(cached: Cached, row: ProposalRow): void {
  const known = cached.entries.get(row.id);
  if (row.status === "WITHDRAWN") {
    cached.index.remove(row.id);
    cached.entries.delete(row.id);
    return;
  }
  const entry = entryOf(row, known?.owner);
  cached.entries.set(row.id, entry);
  // A change of status leaves the words as they were: no need to index them again.
  if (known?.textDigest !== entry.textDigest || known.topicId !== row.topicId) cached.index.put(row.id, row.topicId, row.text!);
}

/**
 * Groups of proposals as one grouping run has seen them: read from the database the first time a
 * proposal or group is met, then kept up to date as the run assigns. Grouping a whole dialogue
 * meets the same groups again and again; a proposal filed alone costs a few statements.
 */
class KnownGroups {
  private readonly groupOf = new Map<number, number | null>();
  private readonly groups = new Map<number, Neighbour>();

  constructor(private readonly db: Tx) {}

  /** The groups of `proposalIds`. */
  async of(proposalIds: number[]): Promise<Map<number, Neighbour>> {
    await this.read(proposalIds.filter((id) => !this.groupOf.has(id)));
    const groups = new Map<number, Neighbour>();
    for (const id of proposalIds) {
      const groupId = this.groupOf.get(id);
      if (groupId != null) groups.set(groupId, this.groups.get(groupId)!);
    }
    return groups;
  }

  /** `members` (in filing order) were put in `groupId`: all its members if not `fixed`, else the ones just weighed with it. */
  formed(groupId: number, members: number[], fixed: boolean): void {
    for (const id of members) this.groupOf.set(id, groupId);
    const known = this.groups.get(groupId);
    if (fixed && known) {
      for (const id of members) if (known.members.length < GROUP_SAMPLE && !known.members.includes(id)) known.members.push(id);
      known.members.sort((a, b) => a - b);
    } else this.groups.set(groupId, { members: members.slice(0, GROUP_SAMPLE), fixed: members.length > GROUP_SAMPLE });
  }

  gone(groupId: number): void {
    this.groups.delete(groupId);
  }

  private async read(proposalIds: number[]): Promise<void> {
    if (!proposalIds.length) return;
    const rows = await this.db.all<{ id: number; groupId: number | null }>(
      `SELECT "id", "groupId" FROM "Proposal" WHERE "id" IN (${placeholders(proposalIds.length)})`,
      ...proposalIds,
    );
    for (const { id, groupId } of rows) this.groupOf.set(id, groupId);
    const unread = [...new Set(rows.map((r) => r.groupId))].filter((g): g is number => g !== null && !this.groups.has(g));
    if (!unread.length) return;
    const settled = await this.db.all<{ id: number }>(
      `SELECT "id" FROM "ProposalGroup" WHERE "id" IN (${placeholders(unread.length)}) AND "settledAt" IS NOT NULL`,
      ...unread,
    );
    const byStaff = new Set(settled.map((g) => g.id));
    for (const groupId of unread) this.groups.set(groupId, { members: [], fixed: byStaff.has(groupId) });
    // One more than the sample tells a settled group from a forming one.
    const members = await this.db.all<{ groupId: number; id: number }>(
      `SELECT "groupId", "id" FROM (
         SELECT "groupId", "id", ROW_NUMBER() OVER (PARTITION BY "groupId" ORDER BY "id") AS "n" FROM "Proposal"
         WHERE "groupId" IN (${placeholders(unread.length)}) AND "status" <> 'WITHDRAWN') AS "ranked"
       WHERE "n" <= ${GROUP_SAMPLE + 1} ORDER BY "groupId", "id"`,
      ...unread,
    );
    for (const { groupId, id } of members) this.groups.get(groupId)!.members.push(id);
    for (const groupId of unread) {
      const g = this.groups.get(groupId)!;
      if (g.members.length > GROUP_SAMPLE) {
        g.members.length = GROUP_SAMPLE;
        g.fixed = true;
      }
    }
  }
}

/**
 * Takes the turn of a dialogue's groups, to the transaction's end: grouping (a filing's, read
 * committed, in the youth's chat) and staff's merges, splits and triage take turns, so none of them
 * moves proposals by groups as they were before another's commit. A staff transaction, serializable,
 * may have read before its turn came: its writes then conflict with the grouping's, and it runs again.
 */
export function groupingTurn(db: Tx, dialogueId: number): Promise<void> {
  return db.lock(`grouping:${dialogueId}`);
}

/**
 * People asking what proposal `p` asks: in a group, its members' authors and supporters, each once;
 * alone, its author and its supporters. A column expression over the proposal as `p`.
 */
const ASKED = `CASE WHEN p."groupId" IS NULL THEN 1 + (SELECT COUNT(*) FROM "ProposalSupport" s WHERE s."proposalId" = p."id")
  ELSE (SELECT COUNT(*) FROM (
    SELECT m."participantId" FROM "Proposal" m WHERE m."groupId" = p."groupId" AND m."status" <> 'WITHDRAWN'
    UNION SELECT s."participantId" FROM "ProposalSupport" s JOIN "Proposal" m ON m."id" = s."proposalId"
    WHERE m."groupId" = p."groupId" AND m."status" <> 'WITHDRAWN') AS "people") END`;

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

/** A new group: formed by grouping, or (`settled`) made by staff splitting one. */
async function newGroup(db: Tx, g: { dialogueId: number; topicId: number; settled?: boolean }, now: Date): Promise<number> {
  const { id } = (await db.get<{ id: number }>(
    `INSERT INTO "ProposalGroup" ("dialogueId", "topicId", "settledAt", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?) RETURNING "id"`,
    g.dialogueId,
    g.topicId,
    g.settled ? now : null,
    now,
    now,
  ))!;
  return id;
}

/**
 * Staff merged, split or triaged the group: from now on grouping may add proposals to it, but never
 * takes it apart (an answered question keeps the members it was answered for) nor joins it to
 * another settled group. The first time counts. In the grouping's turn (`groupingTurn`).
 */
export async function settleGroup(db: Tx, groupId: number, now: Date): Promise<void> {
  await db.run(`UPDATE "ProposalGroup" SET "settledAt" = COALESCE("settledAt", ?), "updatedAt" = ? WHERE "id" = ?`, now, now, groupId);
}

/** Staff say two groups ask the same thing: `from`'s members join `into`. */
export async function mergeGroups(db: Tx, intoId: number, fromId: number, now: Date): Promise<void> {
  if (intoId === fromId) throw new DomainError("group-merge-self", { group: intoId });
  const into = await groupOrThrow(db, intoId);
  await groupingTurn(db, into.dialogueId);
  const from = await groupOrThrow(db, fromId);
  if (into.topicId !== from.topicId) throw new DomainError("group-merge-topics", { into: intoId, from: fromId });
  await db.run(`UPDATE "Proposal" SET "groupId" = ? WHERE "groupId" = ?`, intoId, fromId);
  await settleGroup(db, intoId, now);
  await db.run(`DELETE FROM "ProposalGroup" WHERE "id" = ?`, fromId);
}

/** Staff say some members of a group ask something else: they make a group of their own. Returns its id. */
export async function splitGroup(db: Tx, groupId: number, proposalIds: number[], now: Date): Promise<number> {
  const g = await groupOrThrow(db, groupId);
  await groupingTurn(db, g.dialogueId);
  const members = new Set(await groupMembers(db, groupId));
  const strangers = proposalIds.filter((id) => !members.has(id));
  if (strangers.length) throw new DomainError("group-split-not-members", { group: groupId, proposals: strangers.join(", ") });
  if (new Set(proposalIds).size === members.size) throw new DomainError("group-split-all", { group: groupId });
  const newId = await newGroup(db, { dialogueId: g.dialogueId, topicId: g.topicId, settled: true }, now);
  for (const id of proposalIds) await db.run(`UPDATE "Proposal" SET "groupId" = ? WHERE "id" = ?`, newId, id);
  await settleGroup(db, groupId, now);
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
