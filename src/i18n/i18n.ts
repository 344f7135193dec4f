import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { FluentBundle, FluentResource, type FluentVariable } from "@fluent/bundle";

export const LOCALES = ["vi", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const TIME_ZONE = "Asia/Ho_Chi_Minh";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** A text for a user: a locale key with its arguments, or data that is shown as it is (a branch's name). */
export type Text = { key: string; args?: TextArgs } | { raw: string };
/** Arguments of a text; a Text argument is formatted first (a status inside a list item). */
export type TextArgs = { [name: string]: string | number | Date | Text };

export const t = (key: string, args?: TextArgs): Text => ({ key, args });
export const raw = (text: string): Text => ({ raw: text });

export class MissingTextError extends Error {}

export interface I18n {
  format(locale: Locale, text: Text): string;
  /** Every key of a locale, attributes as `key.attr`: the locale-parity test compares them. */
  keys(locale: Locale): string[];
  /** A command description, from the `.description` attribute of `command-<name>`. */
  attribute(locale: Locale, key: string, attribute: string): string;
}

const dateParts: Intl.DateTimeFormatOptions = {
  timeZone: TIME_ZONE,
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
};
const dateFormats: Record<Locale, Intl.DateTimeFormat> = {
  vi: new Intl.DateTimeFormat("vi-VN", dateParts),
  en: new Intl.DateTimeFormat("en-GB", { ...dateParts, month: "short" }),
};

/** Dates are shown in Vietnam time whatever the server's zone. */
export function formatDate(locale: Locale, date: Date): string {
  return dateFormats[locale].format(date);
}

export function loadI18n(dir = join(import.meta.dirname, "../../locales")): I18n {
  const bundles = new Map<Locale, FluentBundle>();
  for (const locale of LOCALES) {
    const bundle = new FluentBundle(locale, { useIsolating: false });
    const files = readdirSync(dir).filter((f) => f === `${locale}.ftl`);
    for (const file of files) {
      const errors = bundle.addResource(new FluentResource(readFileSync(join(dir, file), "utf8")));
      if (errors.length) throw new MissingTextError(`${file}: ${errors.map(String).join("; ")}`);
    }
    bundles.set(locale, bundle);
  }
  const bundleOf = (locale: Locale) => bundles.get(locale)!;

  const formatPattern = (locale: Locale, key: string, pattern: Parameters<FluentBundle["formatPattern"]>[0], args?: TextArgs): string => {
    const values: Record<string, FluentVariable> = {};
    for (const [name, value] of Object.entries(args ?? {})) {
      values[name] = value instanceof Date ? formatDate(locale, value) : typeof value === "object" ? format(locale, value) : value;
    }
    const errors: Error[] = [];
    const out = bundleOf(locale).formatPattern(pattern, values, errors);
    if (errors.length) throw new MissingTextError(`${locale}:${key}: ${errors.map(String).join("; ")}`);
    return out;
  };

  const format = (locale: Locale, text: Text): string => {
    if ("raw" in text) return text.raw;
    const message = bundleOf(locale).getMessage(text.key);
    if (!message?.value) throw new MissingTextError(`${locale}: no text for ${text.key}`);
    return formatPattern(locale, text.key, message.value, text.args);
  };

  return {
    format,
    attribute(locale, key, attribute) {
      const pattern = bundleOf(locale).getMessage(key)?.attributes[attribute];
      if (!pattern) throw new MissingTextError(`${locale}: no text for ${key}.${attribute}`);
      return formatPattern(locale, key, pattern);
    },
    keys(locale) {
      const resource = new FluentResource(readFileSync(join(dir, `${locale}.ftl`), "utf8"));
      return resource.body.flatMap((entry) =>
        entry.id.startsWith("-") ? [] : [entry.id, ...Object.keys(entry.attributes).map((a) => `${entry.id}.${a}`)],
      );
    },
  };
}
