import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../config.js";
import { openDatabase, type Db } from "../db/client.js";
import { DomainError } from "../domain/errors.js";
import { loadI18n, t, type Text } from "../i18n/i18n.js";
import { UsageError } from "./args.js";
import { BACKUP_COMMANDS } from "./backup.command.js";
import { ENGAGEMENT_COMMANDS } from "./engagement.commands.js";
import { PARKED_COMMANDS } from "./parked.commands.js";
import { TOKEN_COMMANDS } from "./token.commands.js";

export interface CliCommand {
  usage: string;
  /** What to print: texts from locales/, in DEFAULT_LOCALE. */
  run(db: Db, args: { values: Record<string, string | boolean | undefined>; positionals: string[] }): Promise<Text[]>;
}

const COMMANDS: Record<string, CliCommand> = { ...TOKEN_COMMANDS, ...ENGAGEMENT_COMMANDS, ...PARKED_COMMANDS, ...BACKUP_COMMANDS };

const OPTIONS = {
  role: { type: "string" },
  unit: { type: "string" },
  participant: { type: "string" },
  phone: { type: "string" },
  by: { type: "string" },
  hours: { type: "string" },
  dialogue: { type: "string" },
  branch: { type: "string" },
  seats: { type: "string" },
  "starts-at": { type: "string" },
  venue: { type: "string" },
  deadline: { type: "string" },
  name: { type: "string" },
  limit: { type: "string" },
  help: { type: "boolean" },
} as const;

function usage(): string {
  return ["Usage: npm run cli -- <command> [options]", ...Object.values(COMMANDS).map((c) => `  ${c.usage}`)].join("\n");
}

/** Staff tools on the same database as the bot: `npm run cli -- role grant --role leader --unit TH-BS-PS-KP1 --phone 0912345678`. */
async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${usage()}`);
    return 2;
  }
  const [group, action, ...rest] = parsed.positionals;
  const command = COMMANDS[`${group} ${action}`] ?? COMMANDS[group ?? ""];
  if (!command || parsed.values.help) {
    console.error(usage());
    return parsed.values.help ? 0 : 2;
  }
  const positionals = COMMANDS[`${group} ${action}`] ? rest : [action, ...rest].filter((x): x is string => x !== undefined);

  const config = loadConfig();
  const i18n = loadI18n();
  const db = await openDatabase(config.DATABASE_URL);
  try {
    const texts = await command.run(db, { values: parsed.values, positionals });
    console.log(texts.map((x) => i18n.format(config.DEFAULT_LOCALE, x)).join("\n"));
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n  ${command.usage}`);
      return 2;
    }
    if (err instanceof DomainError) {
      console.error(i18n.format(config.DEFAULT_LOCALE, t(err.code, err.facts)));
      return 1;
    }
    throw err;
  } finally {
    await db.close();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exitCode = 1;
}
