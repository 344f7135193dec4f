import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Tx } from "../src/db/client.js";
import { SimilarProposals } from "../src/domain/similar-proposals.js";
import { until } from "./faults/support/bot-process.js";
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from "./support/database.js";

/**
 * The similarity index a process keeps beside the database, shared by its transactions: it must
 * hold only what is committed, and catch up with rows that commit out of id order without
 * reading the whole dialogue again.
 */
const NOW = new Date("2026-11-25T03:00:00Z");
const LOANS = "Đề nghị phường hỗ trợ thanh niên vay vốn ưu đãi để khởi nghiệp, vì lãi suất ngân hàng hiện nay còn quá cao.";
const LOANS_AGAIN = "Mong phường hỗ trợ thanh niên được vay vốn ưu đãi khởi nghiệp, lãi suất ngân hàng bây giờ cao quá.";
const PITCH = "Khu phố em chưa có sân bóng đá cho thanh thiếu nhi, đề nghị phường bố trí một bãi đất trống làm sân chơi.";

let database: TestDatabase;
let dialogueId: number;
let topicId: number;
let code = 0;

beforeEach(async () => {
  database = await createTestDatabase(NOW);
  ({ dialogueId, topicId } = (await database.db.transaction((tx) =>
    tx.get<{ dialogueId: number; topicId: number }>(`SELECT "dialogueId", "id" AS "topicId" FROM "Topic" ORDER BY "id" LIMIT 1`),
  ))!);
});

afterEach(async () => {
  await database.close();
});

async function participant(tx: Tx): Promise<number> {
  return (await tx.get<{ id: number }>(`INSERT INTO "Participant" ("fullName", "updatedAt") VALUES (?, ?) RETURNING "id"`, "Hoa", NOW))!.id;
}

async function file(tx: Tx, participantId: number, text: string): Promise<number> {
  const { id } = (await tx.get<{ id: number }>(
    `INSERT INTO "Proposal" ("code", "dialogueId", "participantId", "topicId", "text", "status", "channel", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, 'RECEIVED', 'telegram', ?, ?) RETURNING "id"`,
    `T-${++code}`,
    dialogueId,
    participantId,
    topicId,
    text,
    NOW,
    NOW,
  ))!;
  return id;
}

/** Proposals of another question, so that reading the whole dialogue again shows in the rows read. */
async function others(): Promise<void> {
  await database.db.transaction(async (tx) => {
    const author = await participant(tx);
    for (let i = 0; i < 300; i++) await file(tx, author, `Đề nghị sửa đoạn đường số ${i} của thôn ${i % 17}, mùa mưa ngập nặng, đi lại khó khăn.`);
  });
}

/** Runs `work` in a transaction, counting the rows its statements read. */
async function counted<T>(work: (tx: Tx) => Promise<T>): Promise<{ result: T; rowsRead: number }> {
  let rowsRead = 0;
  const result = await database.db.transaction((tx) => {
    const counting: Tx = {
      ...tx,
      get: async (sql, ...params) => {
        const row = await tx.get(sql, ...params);
        if (row) rowsRead++;
        return row as never;
      },
      all: async (sql, ...params) => {
        const rows = await tx.all(sql, ...params);
        rowsRead += rows.length;
        return rows as never;
      },
    };
    return work(counting);
  });
  return { result, rowsRead };
}

/** A gate a transaction waits at, opened from outside. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe("the similarity index shared by a process's transactions", () => {
  it("forgets a filing whose transaction rolled back: it is never suggested, nor is the dialogue read again", async () => {
    const similar = new SimilarProposals();
    const [author, asker] = await database.db.transaction(async (tx) => [await participant(tx), await participant(tx)]);
    await others();
    const ask = (tx: Tx) => similar.suggest(tx, { dialogueId, topicId, text: LOANS_AGAIN, participantId: asker });
    await database.db.transaction(ask);
    await expect(
      database.db.transaction(async (tx) => {
        await file(tx, author, LOANS);
        await similar.groupNew(tx, dialogueId, NOW);
        throw new Error("something after the filing failed");
      }),
    ).rejects.toThrow("something after the filing failed");

    const afterRollback = await counted(ask);
    expect(afterRollback.result).toEqual([]);
    expect(afterRollback.rowsRead).toBeLessThan(20);

    const filed = await database.db.transaction(async (tx) => {
      const id = await file(tx, author, LOANS);
      await similar.groupNew(tx, dialogueId, NOW);
      return id;
    });
    expect((await database.db.transaction(ask)).map((s) => s.id)).toEqual([filed]);
  });

  it.skipIf(!ON_POSTGRES)("shows a filing not yet committed to no other transaction, which need not read the dialogue again", async () => {
    const similar = new SimilarProposals();
    const [author, asker] = await database.db.transaction(async (tx) => [await participant(tx), await participant(tx)]);
    await others();
    const ask = (tx: Tx) => similar.suggest(tx, { dialogueId, topicId, text: LOANS_AGAIN, participantId: asker });
    await database.db.transaction(ask);
    const hold = gate();
    const filedInTx = gate();
    let filed = 0;
    const filing = database.db.transaction(async (tx) => {
      filed = await file(tx, author, LOANS);
      await similar.groupNew(tx, dialogueId, NOW);
      filedInTx.open();
      await hold.opened;
    });
    await filedInTx.opened;
    const meanwhile = await counted(ask);
    expect(meanwhile.result).toEqual([]);
    expect(meanwhile.rowsRead).toBeLessThan(20);
    hold.open();
    await filing;
    expect((await database.db.transaction(ask)).map((s) => s.id)).toEqual([filed]);
  });

  it.skipIf(!ON_POSTGRES)("finds a filing committed after one with a higher id, reading only what changed", async () => {
    const similar = new SimilarProposals();
    const [author, other, asker] = await database.db.transaction(async (tx) => [await participant(tx), await participant(tx), await participant(tx)]);
    await others();
    const ask = (tx: Tx) => similar.suggest(tx, { dialogueId, topicId, text: LOANS_AGAIN, participantId: asker });
    await database.db.transaction(ask);

    // The first to be filed commits last.
    const hold = gate();
    const filedInTx = gate();
    let first = 0;
    const slow = database.db.transaction(async (tx) => {
      first = await file(tx, author, LOANS);
      filedInTx.open();
      await hold.opened;
    });
    await filedInTx.opened;
    const second = await database.db.transaction((tx) => file(tx, other, PITCH));
    expect(second).toBeGreaterThan(first);
    expect(await database.db.transaction(ask)).toEqual([]);
    hold.open();
    await slow;

    const after = await counted(ask);
    expect(after.result.map((s) => s.id)).toEqual([first]);
    expect(after.rowsRead).toBeLessThan(20);
  });
});

describe("a dialogue too big to read inside a transaction", () => {
  it("is read in the background: nothing is suggested or grouped meanwhile, then the proposals filed are grouped and suggested", async () => {
    const similar = new SimilarProposals({ db: database.db });
    const [author, asker] = await database.db.transaction(async (tx) => [await participant(tx), await participant(tx)]);
    await database.db.transaction(async (tx) => {
      for (let i = 0; i < 5001; i++) await file(tx, author, `Đề nghị sửa đoạn đường số ${i} của thôn ${i % 17}, mùa mưa ngập nặng, đi lại khó khăn.`);
    });
    const ask = (tx: Tx) => similar.suggest(tx, { dialogueId, topicId, text: "Đề nghị sửa đoạn đường số 12 của thôn 12, mùa mưa ngập nặng", participantId: asker });
    expect(await database.db.transaction(ask)).toEqual([]);
    expect(await database.db.transaction((tx) => similar.groupNew(tx, dialogueId, NOW))).toBe(0);
    // Reading and grouping 5 000 proposals takes seconds, more on a loaded machine.
    await until(async () => (await database.db.transaction(ask)).length > 0, 25_000, "a suggestion once the dialogue is read");
    const ungrouped = () =>
      database.db.transaction(async (tx) => (await tx.get<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "Proposal" WHERE "groupId" IS NULL`))!.n);
    await until(async () => (await ungrouped()) === 0, 25_000, "every proposal grouped");
  }, 60_000);
});
