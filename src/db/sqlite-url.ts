import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";

export const DEFAULT_DATABASE_URL = "file:./data/youth.db";

/** Resolves a `file:` URL against the working directory and makes its folder, so a new path just works. */
export function sqliteUrl(url: string | undefined): string {
  const path = (url || DEFAULT_DATABASE_URL).replace(/^file:/, "");
  if (path === ":memory:") return "file::memory:";
  const absolute = resolve(path);
  mkdirSync(dirname(absolute), { recursive: true });
  return `file:${absolute}`;
}
