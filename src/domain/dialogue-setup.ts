import type { Tx } from "../db/client.js";
import { defaultSubmissionsClose, type DialogueFormat } from "./dialogues.js";
import { DomainError } from "./errors.js";
import { changeDialogue } from "./publishing.js";
import type { Unit } from "./roles.js";


export interface NewDialogue {
  host: Unit;
  title: string;
  theme: string;
  startsAt: Date;
  venue: string;
  format: DialogueFormat;
  submissionsOpenAt?: Date;
  submissionsCloseAt?: Date;
  codePrefix: string;
  topics: { nameVi: string; nameEn?: string }[];
}

/** A draft dialogue with its topics; the deadline defaults to the plan's 7 days before. Published separately. */
export async function createDialogue(db: Tx, d: NewDialogue, now: Date): Promise<number> {
  const closeAt = d.submissionsCloseAt ?? defaultSubmissionsClose(d.startsAt);
  const openAt = d.submissionsOpenAt ?? now;
  if (d.startsAt <= now) throw new DomainError("dialogue-in-the-past", { dialogue: d.title, startsAt: d.startsAt });
  if (closeAt > d.startsAt) throw new DomainError("dialogue-deadline-after-start", { deadline: closeAt, startsAt: d.startsAt });
  if (openAt >= closeAt) throw new DomainError("dialogue-opens-after-deadline", { opensAt: openAt, deadline: closeAt });
  const { id } = (await db.get<{ id: number }>(
    `INSERT INTO "Dialogue" ("hostUnitId", "title", "theme", "startsAt", "venue", "format", "submissionsOpenAt", "submissionsCloseAt", "codePrefix", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING "id"`,
    d.host.id,
    d.title,
    d.theme,
    d.startsAt,
    d.venue,
    d.format,
    openAt,
    closeAt,
    d.codePrefix,
    now,
    now,
  ))!;
  for (const topic of d.topics) await addTopic(db, id, topic);
  return id;
}

export interface DialogueDetails {
  title?: string;
  theme?: string;
  format?: DialogueFormat;
  startsAt?: Date;
  venue?: string;
  submissionsCloseAt?: Date;
}

/** Changes what staff may change; a published dialogue's new date or venue is announced (changeDialogue). */
export async function updateDialogue(db: Tx, id: number, change: DialogueDetails, now: Date): Promise<{ announced: boolean }> {
  for (const field of ["title", "theme", "format"] as const) {
    if (change[field] !== undefined) await db.run(`UPDATE "Dialogue" SET "${field}" = ?, "updatedAt" = ? WHERE "id" = ?`, change[field], now, id);
  }
  const { startsAt, venue, submissionsCloseAt } = change;
  if (startsAt === undefined && venue === undefined && submissionsCloseAt === undefined) return { announced: false };
  return changeDialogue(db, id, { startsAt, venue, submissionsCloseAt }, now);
}

export async function addTopic(db: Tx, dialogueId: number, topic: { nameVi: string; nameEn?: string }): Promise<number> {
  const { next } = (await db.get<{ next: number }>(`SELECT COALESCE(MAX("position"), 0) + 1 AS "next" FROM "Topic" WHERE "dialogueId" = ?`, dialogueId))!;
  const { id } = (await db.get<{ id: number }>(
    `INSERT INTO "Topic" ("dialogueId", "position", "nameVi", "nameEn") VALUES (?, ?, ?, ?) RETURNING "id"`,
    dialogueId,
    next,
    topic.nameVi,
    topic.nameEn ?? null,
  ))!;
  return id;
}

export async function renameTopic(db: Tx, dialogueId: number, topicId: number, names: { nameVi?: string; nameEn?: string }): Promise<void> {
  const found = await db.get(`SELECT 1 FROM "Topic" WHERE "id" = ? AND "dialogueId" = ?`, topicId, dialogueId);
  if (!found) throw new DomainError("topic-unknown", { topic: topicId });
  if (names.nameVi !== undefined) await db.run(`UPDATE "Topic" SET "nameVi" = ? WHERE "id" = ?`, names.nameVi, topicId);
  if (names.nameEn !== undefined) await db.run(`UPDATE "Topic" SET "nameEn" = ? WHERE "id" = ?`, names.nameEn, topicId);
}
