/**
 * What PostgreSQL's migrations (prisma/postgresql/migrations) lack of the models in
 * prisma/schema.prisma, as SQL: empty when the two agree. Needs a PostgreSQL server for a scratch
 * database (the schema engine replays the migrations there).
 *   npx tsx prisma/postgres-drift.ts [migration_name]
 * With a name, writes what is lacking as the next migration; without, prints it and exits 2 if any.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import pg from "pg";
import { postgresSchema } from "./derive-postgres.js";

const SERVER = process.env.TEST_POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

async function onServer(sql: string) {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

/** The SQL that would bring a database built by PostgreSQL's migrations to the current models. */
export async function postgresDrift(): Promise<string> {
  writeFileSync(new URL("./postgresql/schema.prisma", import.meta.url), postgresSchema(readFileSync(new URL("./schema.prisma", import.meta.url), "utf8")));
  const scratch = `youth_drift_${process.pid}_${Date.now().toString(36)}`;
  await onServer(`CREATE DATABASE "${scratch}"`);
  try {
    const url = new URL(SERVER);
    url.pathname = `/${scratch}`;
    return execFileSync(
      "npx",
      ["prisma", "migrate", "diff", "--from-migrations", "prisma/postgresql/migrations", "--to-schema-datamodel", "prisma/postgresql/schema.prisma", "--script"],
      { env: { ...process.env, DATABASE_URL: url.toString() }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    ).trim();
  } finally {
    await onServer(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
  }
}

/** An empty diff still says so in a comment. */
export const isEmptyDiff = (sql: string) => sql.split("\n").every((line) => !line.trim() || line.startsWith("--"));

if (import.meta.url === `file://${process.argv[1]}`) {
  const sql = await postgresDrift();
  const name = process.argv[2];
  if (isEmptyDiff(sql)) console.log("PostgreSQL's migrations match the models.");
  else if (name) {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = new URL(`./postgresql/migrations/${stamp}_${name}/`, import.meta.url);
    mkdirSync(dir, { recursive: true });
    writeFileSync(new URL("migration.sql", dir), `${sql}\n`);
    console.log(`wrote prisma/postgresql/migrations/${stamp}_${name}/migration.sql`);
  } else {
    console.log(sql);
    process.exitCode = 2;
  }
}
