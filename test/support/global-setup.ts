import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ProvidedContext } from "vitest";
import { buildApp } from "./app-build.js";
import { onServer, postgresDatabaseUrl, TEST_POSTGRES_URL, testDatabases, uniqueName } from "./test-database-server.js";

type Provide = <K extends keyof ProvidedContext>(key: K, value: ProvidedContext[K]) => void;

/**
 * Migrates one template database with the real migrations; each test copies it (a file on SQLite,
 * `CREATE DATABASE … TEMPLATE` on PostgreSQL, or a copy an earlier test emptied: see database.ts).
 * Builds the app for the tests that start it as a process of its own (app-build.ts).
 */

export default async function setup({ provide }: { provide: Provide }) {
  const build = buildApp();
  provide("appBuild", build.dir);
  const removeTemplate = await template(provide);
  return async () => {
    await removeTemplate();
    build.remove();
  };
}

async function template(provide: Provide): Promise<() => Promise<void> | void> {
  if (TEST_POSTGRES_URL) {
    const name = uniqueName("youth_template");
    await onServer(`CREATE DATABASE "${name}"`);
    migrate(postgresDatabaseUrl(name));
    provide("templateDb", name);
    return async () => {
      for (const test of await testDatabases(name)) await onServer(`DROP DATABASE IF EXISTS "${test}" WITH (FORCE)`);
      await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "youth-template-"));
  const file = join(dir, "template.db");
  migrate(`file:${file}`);
  provide("templateDb", file);
  return () => rmSync(dir, { recursive: true, force: true });
}

function migrate(url: string) {
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
}

declare module "vitest" {
  export interface ProvidedContext {
    /** The template's SQLite file, or its PostgreSQL database name. */
    templateDb: string;
  }
}
