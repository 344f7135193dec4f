import { z } from "zod";
import type { Db, Tx } from "../db/client.js";
import { DomainError } from "../domain/errors.js";
import { quotaUse, setQuota } from "../domain/invitations.js";
import { changeDialogue, publishDialogue } from "../domain/publishing.js";
import { createClaimCode, findUnitByCode, grantRole, revokeRole, type Unit } from "../domain/roles.js";
import { t, type Text } from "../i18n/i18n.js";
import { option, phoneArg, positiveId, roleArg, UsageError, vietnamDateTime } from "./args.js";
import type { CliCommand } from "./main.js";

const DEFAULT_CODE_HOURS = 72;
type Values = Record<string, string | boolean | undefined>;

async function unitOf(db: Tx, values: Values, name = "unit"): Promise<Unit> {
  const code = option(values, name, z.string().trim().min(1));
  const unit = await findUnitByCode(db, code);
  if (!unit) throw new DomainError("cli-unit-unknown", { unit: code });
  return unit;
}

/** `--participant ID` or `--phone 09…`: who the role goes to (a youth already registered in the bot). */
async function participantOf(db: Tx, values: Values): Promise<number> {
  if (values.participant !== undefined) return option(values, "participant", positiveId("--participant"));
  if (values.phone === undefined) throw new UsageError("--participant or --phone is required");
  const phone = option(values, "phone", phoneArg);
  const found = await db.all<{ id: number }>(`SELECT "id" FROM "Participant" WHERE "phone" = ? AND "anonymisedAt" IS NULL`, phone);
  if (found.length !== 1) throw new DomainError(found.length ? "cli-phone-ambiguous" : "cli-phone-unknown", { phone });
  return found[0]!.id;
}

function dialogueIdOf(positionals: string[]): number {
  const parsed = positiveId("the dialogue id").safeParse(positionals[0] ?? "");
  if (!parsed.success) throw new UsageError("the dialogue id is required");
  return parsed.data;
}

const by = (values: Values) => (typeof values.by === "string" && values.by.trim() ? values.by.trim() : "cli");

export const ENGAGEMENT_COMMANDS: Record<string, CliCommand> = {
  "role grant": {
    usage: "role grant --role leader|admin --unit <code> (--phone <phone> | --participant <id>) [--by <who>]",
    run: (db, { values }) =>
      db.transaction(async (tx) => {
        const role = option(values, "role", roleArg);
        const unit = await unitOf(tx, values);
        const participantId = await participantOf(tx, values);
        const granted = await grantRole(tx, { participantId, role, unit, grantedBy: by(values), now: new Date() });
        return [t(granted ? "cli-role-granted" : "cli-role-already", { role: t("role-name", { role }), unit: unit.name, participant: participantId })];
      }),
  },
  "role revoke": {
    usage: "role revoke --role leader|admin --unit <code> (--phone <phone> | --participant <id>)",
    run: (db, { values }) =>
      db.transaction(async (tx) => {
        const role = option(values, "role", roleArg);
        const unit = await unitOf(tx, values);
        const participantId = await participantOf(tx, values);
        const revoked = await revokeRole(tx, { participantId, role, unitId: unit.id });
        return [t(revoked ? "cli-role-revoked" : "cli-role-none", { role: t("role-name", { role }), unit: unit.name, participant: participantId })];
      }),
  },
  "role list": {
    usage: "role list",
    run: (db) =>
      db.transaction(async (tx) => {
        const grants = await tx.all<{ role: string; unit: string; code: string; participantId: number; fullName: string | null; grantedBy: string }>(
          `SELECT g."role", u."name" AS "unit", u."code", g."participantId", p."fullName", g."grantedBy"
           FROM "RoleGrant" g JOIN "Unit" u ON u."id" = g."unitId" JOIN "Participant" p ON p."id" = g."participantId"
           ORDER BY u."code", g."role"`,
        );
        if (!grants.length) return [t("cli-roles-none")];
        return grants.map((g) =>
          t("cli-role-line", { role: t("role-name", { role: g.role }), unit: g.unit, code: g.code, participant: g.participantId, name: g.fullName ?? "—", by: g.grantedBy }),
        );
      }),
  },
  "role code": {
    usage: `role code --role leader|admin --unit <code> [--hours ${DEFAULT_CODE_HOURS}] [--by <who>]`,
    run: (db, { values }) =>
      db.transaction(async (tx) => {
        const role = option(values, "role", roleArg);
        const unit = await unitOf(tx, values);
        const hours = values.hours === undefined ? DEFAULT_CODE_HOURS : option(values, "hours", positiveId("--hours").max(24 * 30));
        const now = new Date();
        const expiresAt = new Date(now.getTime() + hours * 60 * 60 * 1000);
        const code = await createClaimCode(tx, { role, unit, createdBy: by(values), expiresAt, now });
        return [t("cli-claim-code", { code, role: t("role-name", { role }), unit: unit.name, expiresAt })];
      }),
  },
  "dialogue list": {
    usage: "dialogue list",
    run: (db) =>
      db.transaction(async (tx) => {
        const rows = await tx.all<{ id: number; title: string; startsAt: string; venue: string; publishedAt: string | null }>(
          `SELECT "id", "title", "startsAt", "venue", "publishedAt" FROM "Dialogue" ORDER BY "startsAt"`,
        );
        return rows.map((d) =>
          t("cli-dialogue-line", { id: d.id, title: d.title, startsAt: new Date(d.startsAt), venue: d.venue, published: t(d.publishedAt ? "common-yes" : "common-no") }),
        );
      }),
  },
  "dialogue publish": {
    usage: "dialogue publish <id>",
    run: (db, { positionals }) =>
      db.transaction(async (tx) => {
        const id = dialogueIdOf(positionals);
        await publishDialogue(tx, id, new Date());
        return [t("cli-dialogue-published", { id })];
      }),
  },
  "dialogue update": {
    usage: `dialogue update <id> [--starts-at "YYYY-MM-DD HH:MM"] [--venue <text>] [--deadline "YYYY-MM-DD HH:MM"]`,
    run: (db, { positionals, values }) =>
      db.transaction(async (tx) => {
        const id = dialogueIdOf(positionals);
        const change = {
          ...(values["starts-at"] !== undefined ? { startsAt: option(values, "starts-at", vietnamDateTime) } : {}),
          ...(values.venue !== undefined ? { venue: option(values, "venue", z.string().trim().min(3, "--venue is too short").max(300)) } : {}),
          ...(values.deadline !== undefined ? { submissionsCloseAt: option(values, "deadline", vietnamDateTime) } : {}),
        };
        if (!Object.keys(change).length) throw new UsageError("nothing to change: give --starts-at, --venue or --deadline");
        const { announced } = await changeDialogue(tx, id, change, new Date());
        return [t(announced ? "cli-dialogue-changed-announced" : "cli-dialogue-changed", { id })];
      }),
  },
  "quota set": {
    usage: "quota set --dialogue <id> --branch <code> --seats <n>",
    run: (db, { values }) =>
      db.transaction(async (tx) => {
        const dialogueId = option(values, "dialogue", positiveId("--dialogue"));
        const branch = await unitOf(tx, values, "branch");
        if (branch.level !== "BRANCH") throw new DomainError("cli-not-a-branch", { unit: branch.code });
        if (!(await tx.get(`SELECT 1 FROM "Dialogue" WHERE "id" = ?`, dialogueId))) throw new DomainError("dialogue-unknown", { dialogue: dialogueId });
        const seats = option(values, "seats", z.coerce.number<string>().int("--seats is a whole number").min(0).max(10_000));
        await setQuota(tx, dialogueId, branch.id, seats);
        const use = await quotaUse(tx, dialogueId, branch.id);
        return [t("cli-quota-set", { branch: branch.name, dialogue: dialogueId, seats, taken: use.taken })];
      }),
  },
  "quota list": {
    usage: "quota list --dialogue <id>",
    run: (db, { values }) =>
      db.transaction(async (tx) => {
        const dialogueId = option(values, "dialogue", positiveId("--dialogue"));
        const rows = await tx.all<{ branchId: number; name: string; seats: number }>(
          `SELECT q."branchId", u."name", q."seats" FROM "Quota" q JOIN "Unit" u ON u."id" = q."branchId" WHERE q."dialogueId" = ? ORDER BY u."name"`,
          dialogueId,
        );
        if (!rows.length) return [t("cli-quotas-none", { dialogue: dialogueId })];
        const lines: Text[] = [];
        for (const r of rows) {
          const use = await quotaUse(tx, dialogueId, r.branchId);
          lines.push(t("cli-quota-line", { branch: r.name, seats: r.seats, accepted: use.accepted, pending: use.pending, declined: use.declined }));
        }
        return lines;
      }),
  },
};

