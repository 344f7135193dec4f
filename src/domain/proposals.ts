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
  const counter = await db.proposalCounter.upsert({
    where: { prefix_year: { prefix, year } },
    create: { prefix, year, last: 1 },
    update: { last: { increment: 1 } },
    select: { last: true },
  });
  return `${prefix}-${year}-${String(counter.last).padStart(4, "0")}`;
}

async function openDialogueOrThrow(db: Tx, dialogueId: number, now: Date, topicId?: number) {
  const dialogue = await db.dialogue.findFirst({
    where: { id: dialogueId, ...(topicId === undefined ? {} : { topics: { some: { id: topicId } } }) },
    select: { codePrefix: true, startsAt: true, submissionsOpenAt: true, submissionsCloseAt: true },
  });
  if (!dialogue) throw new DomainError("dialogue-not-found", { dialogueId, topicId: topicId ?? "" });
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
  // One query checks both the window and that the topic is one of the dialogue's.
  const dialogue = await openDialogueOrThrow(db, proposal.dialogueId, now, proposal.topicId);
  const code = await nextCode(db, dialogue.codePrefix, dialogue.startsAt);
  return db.proposal.create({
    data: { ...proposal, text, code, status: "RECEIVED", createdAt: now },
    select: { id: true, code: true },
  });
}

const mineSelect = {
  id: true,
  code: true,
  text: true,
  level: true,
  status: true,
  answer: true,
  createdAt: true,
  dialogueId: true,
  topic: { select: { nameVi: true, nameEn: true } },
  dialogue: { select: { title: true, submissionsOpenAt: true, submissionsCloseAt: true } },
} as const;

export type MyProposal = NonNullable<Awaited<ReturnType<typeof findMyProposal>>>;

export function listMyProposals(db: Tx, participantId: number) {
  return db.proposal.findMany({
    where: { participantId, status: { not: "WITHDRAWN" } },
    select: mineSelect,
    orderBy: { createdAt: "desc" },
  });
}

export function findMyProposal(db: Tx, participantId: number, id: number) {
  return db.proposal.findFirst({ where: { id, participantId, status: { not: "WITHDRAWN" } }, select: mineSelect });
}

/** Edit and withdraw are for proposals not yet handled, while submissions are open. */
export function canChange(p: MyProposal, now: Date): boolean {
  return p.status === "RECEIVED" && submissionWindow(p.dialogue, now).state === "open";
}

async function changeableOrThrow(db: Tx, participantId: number, id: number, now: Date) {
  const p = await findMyProposal(db, participantId, id);
  if (!p) throw new DomainError("proposal-not-found", { id });
  await openDialogueOrThrow(db, p.dialogueId, now);
  if (p.status !== "RECEIVED") throw new DomainError("already-handled", { code: p.code });
  return p;
}

export async function editProposalText(db: Tx, participantId: number, id: number, text: string, now: Date) {
  const checked = checkProposalText(text);
  await changeableOrThrow(db, participantId, id, now);
  await db.proposal.update({ where: { id }, data: { text: checked } });
}

export async function withdrawProposal(db: Tx, participantId: number, id: number, now: Date) {
  await changeableOrThrow(db, participantId, id, now);
  await db.proposal.update({ where: { id }, data: { status: "WITHDRAWN" } });
}
