import type { SqlValue, Tx } from "../db/client.js";

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
  announcementsMuted: boolean;
}

export type ParticipantRow = Omit<Participant, "consentAt" | "consentAnnouncements" | "announcementsMuted"> & {
  consentAt: string | null;
  consentAnnouncements: number;
  announcementsMuted: number;
};

/** The columns a participant is read from, `p` being the youth's row and `u` their branch's (joined on p."branchId"). */
export const PARTICIPANT_COLUMNS = `p."id", p."fullName", p."birthYear", p."phone", p."branchId", u."name" AS "branchName",
  p."consentVersion", p."consentAt", p."consentChannel", p."consentAnnouncements", p."announcementsMuted"`;

/** A participant from a row of `PARTICIPANT_COLUMNS`. */
export function toParticipant(row: ParticipantRow): Participant {
  return {
    id: row.id,
    fullName: row.fullName,
    birthYear: row.birthYear,
    phone: row.phone,
    branchId: row.branchId,
    branchName: row.branchName,
    consentVersion: row.consentVersion,
    consentChannel: row.consentChannel,
    consentAt: row.consentAt ? new Date(row.consentAt) : null,
    consentAnnouncements: row.consentAnnouncements === 1,
    announcementsMuted: row.announcementsMuted === 1,
  };
}

const FIND_PARTICIPANT = `SELECT ${PARTICIPANT_COLUMNS}
  FROM "Participant" p LEFT JOIN "Unit" u ON u."id" = p."branchId"
  WHERE p."id" = ? AND p."anonymisedAt" IS NULL`;

export async function findParticipant(db: Tx, id: number): Promise<Participant | null> {
  const row = await db.get<ParticipantRow>(FIND_PARTICIPANT, id);
  return row ? toParticipant(row) : null;
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

/** Records consent, the first thing stored about a youth, and returns them; the chat is linked to them by the flow runner. */
export async function recordConsent(db: Tx, consent: { channel: string; announcements: boolean; at: Date }): Promise<Participant> {
  const { id } = (await db.get<{ id: number }>(
    `INSERT INTO "Participant" ("consentVersion", "consentAt", "consentChannel", "consentAnnouncements", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?) RETURNING "id"`,
    CONSENT_VERSION,
    consent.at,
    consent.channel,
    consent.announcements,
    consent.at,
    consent.at,
  ))!;
  // All there is to them yet: no need to read it back.
  return {
    id,
    fullName: null,
    birthYear: null,
    phone: null,
    branchId: null,
    branchName: null,
    consentVersion: CONSENT_VERSION,
    consentAt: new Date(consent.at),
    consentChannel: consent.channel,
    consentAnnouncements: consent.announcements,
    announcementsMuted: false,
  };
}

export type ProfileChange = Partial<{
  fullName: string;
  birthYear: number;
  branchId: number;
  phone: string | null;
  consentAnnouncements: boolean;
  announcementsMuted: boolean;
}>;
const PROFILE_FIELDS = ["fullName", "birthYear", "branchId", "phone", "consentAnnouncements", "announcementsMuted"] as const;

/** Changes the youth's profile; returns them as they now are (read in the same round trip on PostgreSQL). */
export async function updateProfile(db: Tx, participantId: number, change: ProfileChange, at: Date): Promise<Participant | null> {
  const fields = PROFILE_FIELDS.filter((f) => change[f] !== undefined);
  const values: SqlValue[] = fields.map((f) => change[f] as SqlValue);
  const [, read] = await db.batch([
    { sql: `UPDATE "Participant" SET ${fields.map((f) => `"${f}" = ?, `).join("")}"updatedAt" = ? WHERE "id" = ?`, params: [...values, at, participantId] },
    { sql: FIND_PARTICIPANT, params: [participantId] },
  ]);
  const row = read!.rows[0] as ParticipantRow | undefined;
  return row ? toParticipant(row) : null;
}

/**
 * Forgets who the youth is: profile and chat links go, the row stays so that their proposals and
 * supports stay on record (and counted), anonymised. A youth who filed or supported nothing is
 * deleted outright. Also for a youth who says they are under 16, who may have filed before
 * correcting their birth year: nothing personal of a child may stay.
 */
export async function withdrawConsent(db: Tx, participantId: number, at: Date) {
  await db.run(`UPDATE "Conversation" SET "participantId" = NULL WHERE "participantId" = ?`, participantId);
  // An update of theirs parked for staff holds their own words.
  await db.run(`DELETE FROM "ParkedUpdate" WHERE "participantId" = ?`, participantId);
  // A leader who leaves is a leader no more; an invitation not yet answered frees its seat.
  await db.run(`DELETE FROM "RoleGrant" WHERE "participantId" = ?`, participantId);
  await db.run(`UPDATE "Invitation" SET "status" = 'DECLINED', "answeredAt" = ? WHERE "participantId" = ? AND "status" <> 'DECLINED'`, at, participantId);
  const { n: onRecord } = (await db.get<{ n: number }>(
    `SELECT (SELECT COUNT(*) FROM "Proposal" WHERE "participantId" = ?) + (SELECT COUNT(*) FROM "ProposalSupport" WHERE "participantId" = ?) AS "n"`,
    participantId,
    participantId,
  ))!;
  if (onRecord === 0) {
    await db.run(`DELETE FROM "Participant" WHERE "id" = ?`, participantId);
    return;
  }
  await db.run(
    `UPDATE "Participant" SET "fullName" = NULL, "birthYear" = NULL, "phone" = NULL, "consentAnnouncements" = FALSE,
       "anonymisedAt" = ?, "updatedAt" = ? WHERE "id" = ?`,
    at,
    at,
    participantId,
  );
}
