import type { Tx } from "../db/client.js";

/** Version of the consent text in locales/*.ftl (`consent-text`); bump it when that text changes. */
export const CONSENT_VERSION = "2026-01";
export const YOUTH_MIN_AGE = 16;
export const YOUTH_MAX_AGE = 30;

const profileSelect = {
  id: true,
  fullName: true,
  birthYear: true,
  phone: true,
  branchId: true,
  branch: { select: { name: true } },
  consentVersion: true,
  consentAt: true,
  consentChannel: true,
  consentAnnouncements: true,
} as const;

export type Participant = NonNullable<Awaited<ReturnType<typeof findParticipant>>>;

export function findParticipant(db: Tx, id: number) {
  return db.participant.findFirst({ where: { id, anonymisedAt: null }, select: profileSelect });
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

/** Records consent, the first thing stored about a youth, and links this chat to them. */
export async function recordConsent(
  db: Tx,
  chat: { channel: string; chatId: string },
  consent: { announcements: boolean; at: Date },
) {
  const participant = await db.participant.create({
    data: {
      consentVersion: CONSENT_VERSION,
      consentAt: consent.at,
      consentChannel: chat.channel,
      consentAnnouncements: consent.announcements,
    },
    select: { id: true },
  });
  await db.conversation.update({
    where: { channel_chatId: { channel: chat.channel, chatId: chat.chatId } },
    data: { participantId: participant.id },
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
