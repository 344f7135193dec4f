import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { DomainError } from "../domain/errors.js";
import { t } from "../i18n/i18n.js";
import { UsageError } from "./args.js";
import type { CliCommand } from "./main.js";

export const BACKUP_COMMANDS: Record<string, CliCommand> = {
  backup: {
    usage: "backup <file>   a consistent copy of the SQLite database, taken while the bot runs",
    async run(db, { positionals }) {
      const [target] = positionals;
      if (db.dialect === "postgres") throw new DomainError("cli-backup-postgres");
      if (!target) throw new UsageError("the file to write the backup to is required");
      const file = resolve(target);
      // Never over an earlier backup: an old copy may be the one that is needed.
      if (existsSync(file)) throw new DomainError("cli-backup-exists", { file });
      await db.backup(file);
      return [t("cli-backup-done", { file, mb: Math.round(statSync(file).size / 1e5) / 10 })];
    },
  },
};
