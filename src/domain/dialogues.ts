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

export interface DialogueSummary {
  id: number;
  title: string;
  theme: string;
  startsAt: Date;
  venue: string;
  format: DialogueFormat;
  submissionsOpenAt: Date;
  submissionsCloseAt: Date;
  hostUnitName: string;
}
type DialogueRow = Omit<DialogueSummary, "startsAt" | "submissionsOpenAt" | "submissionsCloseAt"> & {
  startsAt: string;
  submissionsOpenAt: string;
  submissionsCloseAt: string;
};
export interface Topic {
  id: number;
  nameVi: string;
  nameEn: string | null;
}

const DIALOGUE_COLUMNS = `d."id", d."title", d."theme", d."startsAt", d."venue", d."format", d."submissionsOpenAt",
  d."submissionsCloseAt", u."name" AS "hostUnitName"`;
const toDialogue = (row: DialogueRow): DialogueSummary => ({
  ...row,
  startsAt: new Date(row.startsAt),
  submissionsOpenAt: new Date(row.submissionsOpenAt),
  submissionsCloseAt: new Date(row.submissionsCloseAt),
});

/** Published dialogues that have not happened yet, soonest first. */
export async function upcomingDialogues(db: Tx, now: Date): Promise<DialogueSummary[]> {
  const rows = await db.all<DialogueRow>(
    `SELECT ${DIALOGUE_COLUMNS} FROM "Dialogue" d JOIN "Unit" u ON u."id" = d."hostUnitId"
     WHERE d."startsAt" > ? AND d."publishedAt" IS NOT NULL ORDER BY d."startsAt"`,
    now,
  );
  return rows.map(toDialogue);
}

/** The dialogues taking proposals now. */
export async function dialoguesOpenForSubmissions(db: Tx, now: Date): Promise<number[]> {
  const rows = await db.all<{ id: number }>(`SELECT "id" FROM "Dialogue" WHERE "submissionsOpenAt" <= ? AND "submissionsCloseAt" > ? ORDER BY "id"`, now, now);
  return rows.map((r) => r.id);
}

/** A dialogue with its topics in their order. */
export async function findDialogueWithTopics(db: Tx, id: number) {
  const row = await db.get<DialogueRow>(
    `SELECT ${DIALOGUE_COLUMNS} FROM "Dialogue" d JOIN "Unit" u ON u."id" = d."hostUnitId" WHERE d."id" = ?`,
    id,
  );
  if (!row) return null;
  const topics = await db.all<Topic>(`SELECT "id", "nameVi", "nameEn" FROM "Topic" WHERE "dialogueId" = ? ORDER BY "position"`, id);
  return { ...toDialogue(row), topics };
}

export async function findTopic(db: Tx, dialogueId: number, topicId: number) {
  return (await db.get<Topic>(`SELECT "id", "nameVi", "nameEn" FROM "Topic" WHERE "id" = ? AND "dialogueId" = ?`, topicId, dialogueId)) ?? null;
}

export function topicName(topic: { nameVi: string; nameEn: string | null }, locale: string): string {
  return locale === "en" && topic.nameEn ? topic.nameEn : topic.nameVi;
}
