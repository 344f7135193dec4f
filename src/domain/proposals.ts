import type { Tx } from "../db/client.js";
import { submissionWindow } from "./dialogues.js";
import { DomainError } from "./errors.js";

export const PROPOSAL_TEXT_MIN = 20;
export const PROPOSAL_TEXT_MAX = 2000;
export const ADDRESSED_LEVELS = ["WARD", "TOWN", "PROVINCE"] as const;
export type AddressedLevel = (typeof ADDRESSED_LEVELS)[number];
export const PROPOSAL_STATUSES = [
  "RECEIVED",
  "FORWARDED",
  "ANSWERED",
  "ANSWERED_AT_DIALOGUE",
  "NOT_ADMISSIBLE",
  "WITHDRAWN",
] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** Checks a proposal's text against the bounds; returns it trimmed. */
export function checkProposalText(text: string): string {
  const trimmed = text.trim();
  const length = [...trimmed].length;
  if (length < PROPOSAL_TEXT_MIN) throw new DomainError("text-too-short", { min: PROPOSAL_TEXT_MIN, length });
  if (length > PROPOSAL_TEXT_MAX) throw new DomainError("text-too-long", { max: PROPOSAL_TEXT_MAX, length });
  return trimmed;
}

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** `PS-2023-0042`: the dialogue's prefix, its year in Vietnam time, a number counted per prefix and year. */
async function nextCode(db: Tx, prefix: string, startsAt: Date): Promise<string> {
  const year = new Date(startsAt.getTime() + VIETNAM_OFFSET_MS).getUTCFullYear();
  // Taken apart from the filing's transaction (PostgreSQL): every filing of the province takes a
  // number from this one row, and held to the filing's end it made them take turns, each waiting one
  // then running again. A filing that then fails leaves its number unused.
  const { last } = (await db.takeNumber<{ last: number }>(
    `INSERT INTO "ProposalCounter" ("prefix", "year", "last") VALUES (?, ?, 1)
     ON CONFLICT ("prefix", "year") DO UPDATE SET "last" = "ProposalCounter"."last" + 1 RETURNING "last"`,
    prefix,
    year,
  ))!;
  return `${prefix}-${year}-${String(last).padStart(4, "0")}`;
}

interface WindowRow {
  codePrefix: string;
  startsAt: string;
  submissionsOpenAt: string;
  submissionsCloseAt: string;
}

/** The dialogue, if its submissions are open now — and, given a topic, if the topic is one of its. */
async function openDialogueOrThrow(db: Tx, dialogueId: number, now: Date, topicId?: number) {
  const ofTopic = topicId === undefined ? "" : `AND EXISTS (SELECT 1 FROM "Topic" t WHERE t."id" = ? AND t."dialogueId" = d."id")`;
  const row = await db.get<WindowRow>(
    `SELECT d."codePrefix", d."startsAt", d."submissionsOpenAt", d."submissionsCloseAt" FROM "Dialogue" d WHERE d."id" = ? ${ofTopic}`,
    dialogueId,
    ...(topicId === undefined ? [] : [topicId]),
  );
  if (!row) throw new DomainError("dialogue-not-found", { dialogueId, topicId: topicId ?? "" });
  const dialogue = {
    codePrefix: row.codePrefix,
    startsAt: new Date(row.startsAt),
    submissionsOpenAt: new Date(row.submissionsOpenAt),
    submissionsCloseAt: new Date(row.submissionsCloseAt),
  };
  const window = submissionWindow(dialogue, now);
  if (window.state === "closed") throw new DomainError("submissions-closed", { closedAt: window.closedAt });
  if (window.state === "not-yet") throw new DomainError("submissions-not-open", { opensAt: window.opensAt });
  return dialogue;
}

export interface NewProposal {
  dialogueId: number;
  topicId: number;
  participantId: number;
  level: AddressedLevel | null;
  text: string;
  channel: string;
}

/** Files a proposal inside the submission window and returns its reference code. */
export async function submitProposal(db: Tx, proposal: NewProposal, now: Date) {
  const text = checkProposalText(proposal.text);
  const dialogue = await openDialogueOrThrow(db, proposal.dialogueId, now, proposal.topicId);
  const code = await nextCode(db, dialogue.codePrefix, dialogue.startsAt);
  const { id } = (await db.get<{ id: number }>(
    `INSERT INTO "Proposal" ("code", "dialogueId", "participantId", "topicId", "level", "text", "status", "channel", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, 'RECEIVED', ?, ?, ?) RETURNING "id"`,
    code,
    proposal.dialogueId,
    proposal.participantId,
    proposal.topicId,
    proposal.level,
    text,
    proposal.channel,
    now,
    now,
  ))!;
  return { id, code };
}

export interface MyProposal {
  id: number;
  code: string;
  text: string;
  level: AddressedLevel | null;
  status: ProposalStatus;
  answer: string | null;
  createdAt: Date;
  dialogueId: number;
  topic: { nameVi: string; nameEn: string | null };
  dialogue: { title: string; submissionsOpenAt: Date; submissionsCloseAt: Date };
}
type MyProposalRow = Omit<MyProposal, "createdAt" | "topic" | "dialogue"> & {
  createdAt: string;
  nameVi: string;
  nameEn: string | null;
  title: string;
  submissionsOpenAt: string;
  submissionsCloseAt: string;
};

const MINE = `SELECT p."id", p."code", p."text", p."level", p."status", p."answer", p."createdAt", p."dialogueId",
    t."nameVi", t."nameEn", d."title", d."submissionsOpenAt", d."submissionsCloseAt"
  FROM "Proposal" p JOIN "Topic" t ON t."id" = p."topicId" JOIN "Dialogue" d ON d."id" = p."dialogueId"
  WHERE p."participantId" = ? AND p."status" <> 'WITHDRAWN'`;

const toMine = ({ nameVi, nameEn, title, submissionsOpenAt, submissionsCloseAt, createdAt, ...p }: MyProposalRow): MyProposal => ({
  ...p,
  createdAt: new Date(createdAt),
  topic: { nameVi, nameEn },
  dialogue: { title, submissionsOpenAt: new Date(submissionsOpenAt), submissionsCloseAt: new Date(submissionsCloseAt) },
});

export async function listMyProposals(db: Tx, participantId: number): Promise<MyProposal[]> {
  const rows = await db.all<MyProposalRow>(`${MINE} ORDER BY p."createdAt" DESC, p."id" DESC`, participantId);
  return rows.map(toMine);
}

export async function findMyProposal(db: Tx, participantId: number, id: number): Promise<MyProposal | null> {
  const row = await db.get<MyProposalRow>(`${MINE} AND p."id" = ?`, participantId, id);
  return row ? toMine(row) : null;
}

export async function countMyProposals(db: Tx, participantId: number): Promise<number> {
  const { n } = (await db.get<{ n: number }>(
    `SELECT COUNT(*) AS "n" FROM "Proposal" WHERE "participantId" = ? AND "status" <> 'WITHDRAWN'`,
    participantId,
  ))!;
  return n;
}

/** Edit and withdraw are for proposals not yet handled, while submissions are open. */
export function canChange(p: MyProposal, now: Date): boolean {
  return p.status === "RECEIVED" && submissionWindow(p.dialogue, now).state === "open";
}

/**
 * The youth's proposal if it may still change, in its turn (to the transaction's end): a youth
 * supporting it from another chat meanwhile waits, and then finds it as it became. Its status is
 * checked again by the UPDATE that changes it (`stillReceived`), as staff may triage it meanwhile.
 */
async function changeableOrThrow(db: Tx, participantId: number, id: number, now: Date) {
  await db.lock(proposalTurn(id));
  const p = await findMyProposal(db, participantId, id);
  if (!p) throw new DomainError("proposal-not-found", { id });
  await openDialogueOrThrow(db, p.dialogueId, now);
  if (p.status !== "RECEIVED") throw new DomainError("already-handled", { code: p.code });
  return p;
}

/** A proposal's turn, for changes that read it first: a youth's edit or withdrawal, a support. */
const proposalTurn = (id: number) => `proposal:${id}`;

/** Staff triaged it since it was read: left as staff made it. */
function stillReceived({ changes }: { changes: number }, p: MyProposal) {
  if (!changes) throw new DomainError("already-handled", { code: p.code });
}

export async function editProposalText(db: Tx, participantId: number, id: number, text: string, now: Date) {
  const checked = checkProposalText(text);
  const p = await changeableOrThrow(db, participantId, id, now);
  // Said differently, it may ask something else: it is grouped again by its new words.
  stillReceived(await db.run(`UPDATE "Proposal" SET "text" = ?, "groupId" = NULL, "updatedAt" = ? WHERE "id" = ? AND "status" = 'RECEIVED'`, checked, now, id), p);
}

export async function withdrawProposal(db: Tx, participantId: number, id: number, now: Date) {
  const p = await changeableOrThrow(db, participantId, id, now);
  stillReceived(await db.run(`UPDATE "Proposal" SET "status" = 'WITHDRAWN', "updatedAt" = ? WHERE "id" = ? AND "status" = 'RECEIVED'`, now, id), p);
}

/**
 * A youth backs a proposal already filed instead of filing the same thing again: counted with it
 * (once), and told its answer in the chat where they supported it. Returns its code, whether they
 * had supported it before, and what the office has made of it so far (an answer given before the
 * support is theirs to be told now).
 */
export async function supportProposal(db: Tx, s: { proposalId: number; participantId: number; channel: string }, now: Date) {
  // Not while its author withdraws it from their chat: after, it is found withdrawn.
  await db.lock(proposalTurn(s.proposalId));
  // The proposal's row is written, not only read: an office answer given at the same moment
  // (serializable) conflicts with it and runs again, then finds this support among those to tell;
  // one that committed first is returned here.
  const p = await db.get<{ code: string; dialogueId: number; participantId: number; status: ProposalStatus; agency: string | null; reason: string | null; answer: string | null }>(
    `UPDATE "Proposal" SET "updatedAt" = "updatedAt" WHERE "id" = ?
     RETURNING "code", "dialogueId", "participantId", "status", "agency", "statusReason" AS "reason", "answer"`,
    s.proposalId,
  );
  if (!p || p.status === "WITHDRAWN") throw new DomainError("proposal-not-found", { id: s.proposalId });
  if (p.participantId === s.participantId) throw new DomainError("support-own", { code: p.code });
  await openDialogueOrThrow(db, p.dialogueId, now);
  const { changes } = await db.run(
    `INSERT INTO "ProposalSupport" ("proposalId", "participantId", "channel", "createdAt") VALUES (?, ?, ?, ?)
     ON CONFLICT ("proposalId", "participantId") DO NOTHING`,
    s.proposalId,
    s.participantId,
    s.channel,
    now,
  );
  return { code: p.code, again: changes === 0, office: p };
}
