import { z } from "zod";
import { DEFAULT_DATABASE_URL } from "./db/sqlite-url.js";
import { quietHoursSchema } from "./outbox/quiet-hours.js";

const optional = z
  .string()
  .trim()
  .transform((s) => (s === "" ? undefined : s))
  .optional();
const httpUrl = z.url({ protocol: /^https?$/ }).transform((s) => s.replace(/\/+$/, ""));
const optionalUrl = optional.pipe(httpUrl.optional());
const urlOr = (fallback: string) => optional.pipe(httpUrl.default(fallback));
const secret = optional.pipe(
  z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,256}$/, "8 to 256 characters of A-Z, a-z, 0-9, _ and -")
    .optional(),
);

const rate = (fallback: number) => optional.pipe(z.coerce.number<string | undefined>().positive().max(1000).default(fallback));

const schema = z.object({
  DATABASE_URL: optional.pipe(
    z
      .string()
      .regex(/^(file:|postgres(ql)?:\/\/)/i, "must start with file: (SQLite) or postgresql:// (PostgreSQL)")
      .default(DEFAULT_DATABASE_URL),
  ),
  PORT: optional.pipe(z.coerce.number<string | undefined>().int().min(0).max(65535).default(3000)),
  PUBLIC_URL: optionalUrl,
  TELEGRAM_BOT_TOKEN: optional.pipe(z.string().regex(/^\d+:[\w-]+$/, "looks like 123456:ABC-DEF…").optional()),
  TELEGRAM_API_ROOT: urlOr("https://api.telegram.org"),
  TELEGRAM_WEBHOOK_SECRET: secret,
  ZALO_BOT_TOKEN: optional.pipe(z.string().regex(/^\d+:[\w-]+$/, "looks like 1234567890:AbCd…").optional()),
  ZALO_API_BASE: urlOr("https://bot-api.zaloplatforms.com"),
  ZALO_WEBHOOK_SECRET: secret,
  DEFAULT_LOCALE: optional.pipe(z.enum(["vi", "en"]).default("vi")),
  /** Messages a second the delivery worker sends per channel: Telegram allows about 30 a second overall. */
  OUTBOX_RATE_TELEGRAM: rate(25),
  /** Zalo publishes no limit: a cautious default, raise it once the platform is known to take more. */
  OUTBOX_RATE_ZALO: rate(10),
  OUTBOX_CONCURRENCY: optional.pipe(z.coerce.number<string | undefined>().int().min(1).max(64).default(4)),
  OUTBOX_CLAIM_SECONDS: optional.pipe(z.coerce.number<string | undefined>().int().min(5).max(3600).default(30)),
  /** Days an outbox row is kept once settled (a broadcast's counts are kept on it for good). */
  OUTBOX_KEPT_DAYS: optional.pipe(z.coerce.number<string | undefined>().int().min(1).max(3650).default(30)),
  /** Bulk messages wait out these hours, Vietnam time. */
  QUIET_HOURS: optional.pipe(quietHoursSchema.default({ start: 21 * 60, end: 7 * 60 })),
  LOG_LEVEL: optional.pipe(z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info")),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** Parses the environment once; every problem names its variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const config = parsed.data;
  const problems: string[] = [];
  if (config.PUBLIC_URL && config.TELEGRAM_BOT_TOKEN && !config.TELEGRAM_WEBHOOK_SECRET)
    problems.push("TELEGRAM_WEBHOOK_SECRET: required when PUBLIC_URL and TELEGRAM_BOT_TOKEN are set (webhook mode)");
  if (config.PUBLIC_URL && config.ZALO_BOT_TOKEN && !config.ZALO_WEBHOOK_SECRET)
    problems.push("ZALO_WEBHOOK_SECRET: required when PUBLIC_URL and ZALO_BOT_TOKEN are set (webhook mode)");
  if (problems.length) throw new ConfigError(problems);
  return config;
}
