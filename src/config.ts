import { z } from "zod";
import { DEFAULT_DATABASE_URL } from "./db/sqlite-url.js";

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

const schema = z.object({
  DATABASE_URL: optional.pipe(z.string().startsWith("file:", "must start with file:").default(DEFAULT_DATABASE_URL)),
  PORT: optional.pipe(z.coerce.number<string | undefined>().int().min(0).max(65535).default(3000)),
  PUBLIC_URL: optionalUrl,
  TELEGRAM_BOT_TOKEN: optional.pipe(z.string().regex(/^\d+:[\w-]+$/, "looks like 123456:ABC-DEF…").optional()),
  TELEGRAM_API_ROOT: urlOr("https://api.telegram.org"),
  TELEGRAM_WEBHOOK_SECRET: secret,
  ZALO_BOT_TOKEN: optional.pipe(z.string().regex(/^\d+:[\w-]+$/, "looks like 1234567890:AbCd…").optional()),
  ZALO_API_BASE: urlOr("https://bot-api.zaloplatforms.com"),
  ZALO_WEBHOOK_SECRET: secret,
  DEFAULT_LOCALE: optional.pipe(z.enum(["vi", "en"]).default("vi")),
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
