import type { Tx } from "../db/client.js";

/** Version of the consent text in locales/*.ftl (`consent-text`); bump it when that text changes. */
export const CONSENT_VERSION = "2026-01";
export const YOUTH_MIN_AGE = 16;
export const YOUTH_MAX_AGE = 30;

export interface Participant {
  id: number;
  fullName: string | null;
  birthYear: number | null;
  phone: string | null;
  branchId: number | null;
  branchName: string | null;
  consentVersion: string | null;
  consentAt: Date | null;
  consentChannel: string | null;
  consentAnnouncements: boolean;
}

/**
 * A youth's profile and consent, read on every update: plain SQL (valid on SQLite and
 * PostgreSQL), because the Prisma query compiler costs more than the query itself here.
 */
export async function findParticipant(db: Tx, id: number): Promise<Participant | null> {
  const [row] = await db.$queryRaw<Participant[]>`
    SELECT p."id", p."fullName", p."birthYear", p."phone", p."branchId", u."name" AS "branchName",
           p."consentVersion", p."consentAt", p."consentChannel", p."consentAnnouncements"
    FROM "Participant" p LEFT JOIN "Unit" u ON u."id" = p."branchId"
    WHERE p."id" = ${id} AND p."anonymisedAt" IS NULL`;
  return row ? { ...row, consentAnnouncements: Boolean(row.consentAnnouncements) } : null;
}

export function isProfileComplete(p: Participant): boolean {
  return p.fullName !== null && p.birthYear !== null && p.branchId !== null;
}

export type AgeBand = "child" | "youth" | "over";
export function ageBand(birthYear: number, now: Date): AgeBand {
  // Youth age is counted by calendar year, as the Youth Law does.
  const age = now.getUTCFullYear() - birthYear;
  if (age < YOUTH_MIN_AGE) return "child";
  return age > YOUTH_MAX_AGE ? "over" : "youth";
}

/** Records consent, the first thing stored about a youth; the chat is linked to them by the flow runner. */
export async function recordConsent(db: Tx, consent: { channel: string; announcements: boolean; at: Date }) {
  const participant = await db.participant.create({
    data: {
      consentVersion: CONSENT_VERSION,
      consentAt: consent.at,
      consentChannel: consent.channel,
      consentAnnouncements: consent.announcements,
    },
    select: { id: true },
  });
  return participant.id;
}

export type ProfileChange = Partial<{
  fullName: string;
  birthYear: number;
  branchId: number;
  phone: string | null;
  consentAnnouncements: boolean;
}>;

export async function updateProfile(db: Tx, participantId: number, change: ProfileChange) {
  await db.participant.update({ where: { id: participantId }, data: change });
}

/**
 * Forgets who the youth is: profile and chat links go, the row stays so that their proposals
 * stay on record, anonymised. A youth who filed nothing is deleted outright.
 */
export async function withdrawConsent(db: Tx, participantId: number, at: Date) {
  await db.conversation.updateMany({ where: { participantId }, data: { participantId: null } });
  const filed = await db.proposal.count({ where: { participantId } });
  if (filed === 0) {
    await db.participant.delete({ where: { id: participantId } });
    return;
  }
  await db.participant.update({
    where: { id: participantId },
    data: { fullName: null, birthYear: null, phone: null, consentAnnouncements: false, anonymisedAt: at },
  });
}

/** Forgets a youth who said they are under 16: nothing personal may stay (they have filed nothing yet). */
export async function forgetChild(db: Tx, participantId: number) {
  await db.conversation.updateMany({ where: { participantId }, data: { participantId: null } });
  await db.participant.delete({ where: { id: participantId } });
}
