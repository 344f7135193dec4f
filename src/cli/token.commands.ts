import { z } from "zod";
import { DomainError } from "../domain/errors.js";
import { findUnitByCode } from "../domain/roles.js";
import { createToken, listTokens, revokeToken, STAFF_ROLES } from "../domain/staff-tokens.js";
import { t } from "../i18n/i18n.js";
import { option, positiveId, UsageError } from "./args.js";
import type { CliCommand } from "./main.js";

const staffRole = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.enum(STAFF_ROLES, { error: "--role is staff or admin" }));

export const TOKEN_COMMANDS: Record<string, CliCommand> = {
  "token create": {
    usage: "token create --role staff|admin --unit <code> --name <who>",
    run: (db, { values }) =>
      db.transaction(async (tx) => {
        const role = option(values, "role", staffRole);
        const code = option(values, "unit", z.string().trim().min(1));
        const name = option(values, "name", z.string().trim().min(2, "--name: who holds the token").max(100));
        const unit = await findUnitByCode(tx, code);
        if (!unit) throw new DomainError("cli-unit-unknown", { unit: code });
        const { id, token } = await createToken(tx, { name, role, unit, now: new Date() });
        return [t("cli-token-created", { id, token, name, role, unit: unit.name })];
      }),
  },
  "token revoke": {
    usage: "token revoke <id>",
    run: (db, { positionals }) =>
      db.transaction(async (tx) => {
        const parsed = positiveId("the token id").safeParse(positionals[0] ?? "");
        if (!parsed.success) throw new UsageError("the token id is required");
        await revokeToken(tx, parsed.data, new Date());
        return [t("cli-token-revoked", { id: parsed.data })];
      }),
  },
  "token list": {
    usage: "token list",
    run: (db) =>
      db.transaction(async (tx) => {
        const tokens = await listTokens(tx);
        if (!tokens.length) return [t("cli-tokens-none")];
        return tokens.map((k) =>
          t("cli-token-line", { id: k.id, name: k.name, role: k.role, unit: k.unitCode, createdAt: new Date(k.createdAt), state: t(k.revokedAt ? "cli-token-revoked-state" : "cli-token-active-state") }),
        );
      }),
  },
};
