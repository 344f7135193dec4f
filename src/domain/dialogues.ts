import type { Tx } from "../db/client.js";

export const DIALOGUE_FORMATS = ["IN_PERSON", "ONLINE", "HYBRID"] as const;
export type DialogueFormat = (typeof DIALOGUE_FORMATS)[number];
export const DEFAULT_DEADLINE_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The plan's rule: proposals are collected until 7 days before the dialogue. */
export function defaultSubmissionsClose(startsAt: Date): Date {
  return new Date(startsAt.getTime() - DEFAULT_DEADLINE_DAYS * DAY_MS);
}

export type SubmissionWindow =
  | { state: "open"; closesAt: Date }
  | { state: "not-yet"; opensAt: Date }
  | { state: "closed"; closedAt: Date };

export function submissionWindow(
  d: { submissionsOpenAt: Date; submissionsCloseAt: Date },
  now: Date,
): SubmissionWindow {
  if (now < d.submissionsOpenAt) return { state: "not-yet", opensAt: d.submissionsOpenAt };
  if (now >= d.submissionsCloseAt) return { state: "closed", closedAt: d.submissionsCloseAt };
  return { state: "open", closesAt: d.submissionsCloseAt };
}

const dialogueSelect = {
  id: true,
  title: true,
  theme: true,
  startsAt: true,
  venue: true,
  format: true,
  submissionsOpenAt: true,
  submissionsCloseAt: true,
  hostUnit: { select: { name: true } },
} as const;

export type DialogueSummary = Awaited<ReturnType<typeof upcomingDialogues>>[number];

/** Dialogues that have not happened yet, soonest first. */
export function upcomingDialogues(db: Tx, now: Date) {
  return db.dialogue.findMany({ where: { startsAt: { gt: now } }, select: dialogueSelect, orderBy: { startsAt: "asc" } });
}

const topicSelect = { id: true, nameVi: true, nameEn: true } as const;

/** A dialogue with its topics in their order. */
export function findDialogueWithTopics(db: Tx, id: number) {
  return db.dialogue.findUnique({
    where: { id },
    select: { ...dialogueSelect, topics: { select: topicSelect, orderBy: { position: "asc" } } },
  });
}

export function findTopic(db: Tx, dialogueId: number, topicId: number) {
  return db.topic.findFirst({ where: { id: topicId, dialogueId }, select: topicSelect });
}

export function topicName(topic: { nameVi: string; nameEn: string | null }, locale: string): string {
  return locale === "en" && topic.nameEn ? topic.nameEn : topic.nameVi;
}
