import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db, TransactionOptions, Tx } from "../src/db/client.js";
import { DomainError } from "../src/domain/errors.js";
import { invite, setQuota } from "../src/domain/invitations.js";
import { submitProposal, supportProposal, withdrawProposal } from "../src/domain/proposals.js";
import { claimRole, findUnitByCode, grantRole } from "../src/domain/roles.js";
import { SimilarProposals } from "../src/domain/similar-proposals.js";
import { triageProposal } from "../src/domain/triage.js";
import { inChatsTurn } from "../src/flows/runner.js";
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from "./support/database.js";
import { claimCodeFor } from "./support/engagement.js";
import { registerYouth } from "./support/population.js";

/**
 * Chats' transactions are READ COMMITTED on PostgreSQL, each in its chat's turn (src/flows/runner.ts,
 * `inChatsTurn`): a rule two chats share must hold by itself. Each test runs two transactions
 * through two clients (two processes): a chat's, held just after it read what the rule depends on,
 * and meanwhile another chat's (or staff's).
 */

const NOW = new Date("2026-11-25T03:00:00Z");
/** How long the first transaction is held when the second is expected to wait for it. */
const HOLD_MS = 300;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let database: TestDatabase;
let other: Db;
let dialogueId: number;

beforeEach(async () => {
  database = await createTestDatabase(NOW);
  other = await database.reopen();
  dialogueId = (await database.prisma.dialogue.findFirstOrThrow()).id;
});

afterEach(async () => {
  await database.close();
});

/** `tx`, which calls `hold` (and waits for it) once, after the first statement that matches `after`. */
function heldAfter(tx: Tx, after: RegExp, hold: () => Promise<void>): Tx {
  let held = false;
  const then = async <T>(result: T, sql: string) => {
    if (!held && after.test(sql)) {
      held = true;
      await hold();
    }
    return result;
  };
  return {
    ...tx,
    get: async (sql, ...params) => then(await tx.get(sql, ...params), sql),
    all: async (sql, ...params) => then(await tx.all(sql, ...params), sql),
    run: async (sql, ...params) => then(await tx.run(sql, ...params), sql),
  };
}

/**
 * Runs `first` in chat 1 (or as `firstIn` says), held after `after`; once it is held, `second` (through the other client),
 * and lets `first` go on `HOLD_MS` later, or once `second` has ended if `firstWaitsForSecond`.
 * Returns what each came to: "done" or its domain error's code.
 */
async function sideBySide(
  after: RegExp,
  first: (tx: Tx) => Promise<unknown>,
  second: () => Promise<unknown>,
  o: { firstWaitsForSecond?: boolean; firstIn?: TransactionOptions } = {},
): Promise<[string, string]> {
  const outcome = (p: Promise<unknown>) => p.then(() => "done", (err: unknown) => (err instanceof DomainError ? err.code : Promise.reject(err)));
  let heldNow!: () => void;
  const held = new Promise<void>((r) => (heldNow = r));
  let secondEnded!: () => void;
  const secondDone = new Promise<void>((r) => (secondEnded = r));
  const hold = async () => {
    heldNow();
    await (o.firstWaitsForSecond ? secondDone : sleep(HOLD_MS));
  };
  const firstOutcome = outcome(database.db.transaction((tx) => first(heldAfter(tx, after, hold)), o.firstIn ?? inChatsTurn("telegram", "1")));
  await held;
  const secondOutcome = outcome(second());
  void secondOutcome.finally(secondEnded);
  return [await firstOutcome, await secondOutcome];
}

/** `work` in chat 2's transaction, through the other client. */
const inChat2 = (work: (tx: Tx) => Promise<unknown>) => () => other.transaction(work, inChatsTurn("telegram", "2"));

describe.skipIf(!ON_POSTGRES)("rules shared by chats, with chats' transactions side by side (READ COMMITTED)", () => {
  it("one claim code sent from two chats at once gives one role", async () => {
    const [a, b] = await registerYouth(database.db, { count: 2, branch: "TH-BS-PS-KP1", channel: "telegram", firstChatId: 1, at: NOW });
    const code = await claimCodeFor(database.db, "LEADER", "TH-BS-PS-KP1", undefined, NOW);
    const outcomes = await sideBySide(
      /FROM "ClaimCode"/,
      (tx) => claimRole(tx, { participantId: a!, code, now: NOW }),
      inChat2((tx) => claimRole(tx, { participantId: b!, code, now: NOW })),
    );
    expect(outcomes).toEqual(["claim-code-used", "done"]);
    expect(await database.prisma.roleGrant.count()).toBe(1);
  });

  it("two leaders inviting to a branch's last seat at once: one invitation, the other told the seats are taken", async () => {
    const branch = await database.db.transaction(async (tx) => (await findUnitByCode(tx, "TH-BS-PS-KP2"))!);
    const [leaderA, leaderB, memberA, memberB] = await registerYouth(database.db, { count: 4, branch: "TH-BS-PS-KP2", channel: "telegram", firstChatId: 1, at: NOW });
    await database.db.transaction(async (tx) => {
      for (const participantId of [leaderA!, leaderB!]) await grantRole(tx, { participantId, role: "LEADER", unit: branch, grantedBy: "test", now: NOW });
      await setQuota(tx, dialogueId, branch.id, 1);
    });
    const outcomes = await sideBySide(
      /FROM "Invitation" WHERE "dialogueId" = \? AND "branchId" = \? GROUP BY/,
      (tx) => invite(tx, { leaderId: leaderA!, dialogueId, participantId: memberA!, now: NOW }),
      inChat2((tx) => invite(tx, { leaderId: leaderB!, dialogueId, participantId: memberB!, now: NOW })),
    );
    expect(outcomes).toEqual(["done", "invite-over-quota"]);
    expect(await database.prisma.invitation.count()).toBe(1);
  });

  it("a youth withdrawing a proposal while staff forward it: staff's status stands, the youth is told it is handled", async () => {
    const [author] = await registerYouth(database.db, { count: 1, branch: "TH-BS-PS-KP1", channel: "telegram", firstChatId: 1, at: NOW });
    const proposal = await fileOne(author!);
    const [withdrawal] = await sideBySide(
      /WHERE p."participantId" = \? AND p."status" <> 'WITHDRAWN' AND p."id" = \?/,
      (tx) => withdrawProposal(tx, author!, proposal, NOW),
      // Staff, in the office: serializable, as every transaction that is not a chat's.
      () => other.transaction((tx) => triageProposal(tx, proposal, { status: "FORWARDED", agency: "UBND phường Phú Sơn" }, NOW)),
      { firstWaitsForSecond: true },
    );
    expect(withdrawal).toBe("already-handled");
    expect((await database.prisma.proposal.findUniqueOrThrow({ where: { id: proposal } })).status).toBe("FORWARDED");
  });

  it("a youth supporting a proposal its author is withdrawing finds it withdrawn, and no support is recorded", async () => {
    const [author, supporter] = await registerYouth(database.db, { count: 2, branch: "TH-BS-PS-KP1", channel: "telegram", firstChatId: 1, at: NOW });
    const proposal = await fileOne(author!);
    const outcomes = await sideBySide(
      /WHERE p."participantId" = \? AND p."status" <> 'WITHDRAWN' AND p."id" = \?/,
      (tx) => withdrawProposal(tx, author!, proposal, NOW),
      inChat2((tx) => supportProposal(tx, { proposalId: proposal, participantId: supporter!, channel: "telegram" }, NOW)),
    );
    expect(outcomes).toEqual(["done", "proposal-not-found"]);
    expect(await database.prisma.proposalSupport.count()).toBe(0);
  });

  it("a youth supporting a proposal while staff answer it is told the answer: by the outbox when the support commits first", async () => {
    const [author, supporter] = await registerYouth(database.db, { count: 2, branch: "TH-BS-PS-KP1", channel: "telegram", firstChatId: 1, at: NOW });
    const proposal = await fileOne(author!);
    let office: { answer: string | null } | undefined;
    const outcomes = await sideBySide(
      /"Proposal" (SET "updatedAt" = "updatedAt" )?WHERE "id" = \?/,
      async (tx) => (office = (await supportProposal(tx, { proposalId: proposal, participantId: supporter!, channel: "telegram" }, NOW)).office),
      () => other.transaction((tx) => triageProposal(tx, proposal, { status: "ANSWERED", answer: ANSWER }, NOW)),
    );
    expect(outcomes).toEqual(["done", "done"]);
    expect(office?.answer ?? null).toBeNull();
    expect(await answerQueuedFor(supporter!)).toBe(true);
  });

  it("a youth supporting a proposal while staff answer it is told the answer: in the reply when the answer commits first", async () => {
    const [author, supporter] = await registerYouth(database.db, { count: 2, branch: "TH-BS-PS-KP1", channel: "telegram", firstChatId: 1, at: NOW });
    const proposal = await fileOne(author!);
    let office: { answer: string | null } | undefined;
    const outcomes = await sideBySide(
      /UPDATE "Proposal" SET "status"/,
      (tx) => triageProposal(tx, proposal, { status: "ANSWERED", answer: ANSWER }, NOW),
      inChat2(async (tx) => (office = (await supportProposal(tx, { proposalId: proposal, participantId: supporter!, channel: "telegram" }, NOW)).office)),
      // Staff, in the office: serializable, as every transaction that is not a chat's.
      { firstIn: {} },
    );
    expect(outcomes).toEqual(["done", "done"]);
    expect(await answerQueuedFor(supporter!) || office?.answer === ANSWER).toBe(true);
  });

  it("two youth filing the same proposal at once, through two processes, find it in one group", async () => {
    const [a, b] = await registerYouth(database.db, { count: 2, branch: "TH-BS-PS-KP1", channel: "telegram", firstChatId: 1, at: NOW });
    const [first, second] = [await fileOne(a!), await fileOne(b!)];
    // Each process keeps its own index of the dialogue's proposals, and groups a filing once it has committed (groupFiled).
    const [similarA, similarB] = [new SimilarProposals(), new SimilarProposals()];
    await sideBySide(
      /UPDATE "Proposal" SET "groupId"/,
      (tx) => similarA.groupNew(tx, dialogueId, NOW, [first]),
      () => other.transaction((tx) => similarB.groupNew(tx, dialogueId, NOW, [second]), { isolation: "read committed" }),
      { firstIn: { isolation: "read committed" } },
    );
    const groups = await database.prisma.proposal.findMany({ where: { text: STREET_LIGHTS }, select: { groupId: true } });
    expect(groups).toHaveLength(2);
    expect(groups[0]!.groupId).not.toBeNull();
    expect(groups[1]!.groupId).toBe(groups[0]!.groupId);
  });
});

const ANSWER = "Phường sẽ lắp 12 bóng đèn trên đường ven sông trong quý I năm 2027.";

/** Whether the outbox holds a message to `participantId` with the answer. */
async function answerQueuedFor(participantId: number): Promise<boolean> {
  const rows = await database.prisma.outboxMessage.findMany({ where: { participantId } });
  return rows.some((r) => r.payload.includes(ANSWER));
}

const STREET_LIGHTS = "Đề nghị phường lắp thêm đèn chiếu sáng ở đường ven sông, buổi tối rất tối.";

async function fileOne(participantId: number): Promise<number> {
  return database.db.transaction(async (tx) => {
    const topic = (await tx.get<{ id: number }>(`SELECT "id" FROM "Topic" WHERE "dialogueId" = ? ORDER BY "position"`, dialogueId))!;
    return (await submitProposal(tx, { dialogueId, topicId: topic.id, participantId, level: "WARD", text: STREET_LIGHTS, channel: "telegram" }, NOW)).id;
  });
}
