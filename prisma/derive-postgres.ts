/**
 * Writes prisma/postgresql/schema.prisma from prisma/schema.prisma, the one set of models: the
 * same models, told they live in PostgreSQL, with a client of their own. Run by `npm install`;
 * PostgreSQL's migrations (prisma/postgresql/migrations) are kept beside SQLite's, and
 * test/postgres-schema.test.ts fails when they no longer build this schema.
 */
import { readFileSync, writeFileSync } from "node:fs";

const SOURCE = new URL("./schema.prisma", import.meta.url);
const TARGET = new URL("./postgresql/schema.prisma", import.meta.url);

export function postgresSchema(sqlite: string): string {
  const replace = (text: string, from: string, to: string) => {
    if (!text.includes(from)) throw new Error(`prisma/schema.prisma no longer has ${JSON.stringify(from)}: update prisma/derive-postgres.ts`);
    return text.replace(from, to);
  };
  let schema = replace(sqlite, `output              = "../src/generated/prisma"`, `output              = "../../src/generated/prisma-pg"`);
  schema = replace(schema, `provider = "sqlite"`, `provider = "postgresql"`);
  // The CLI wants a url to stay off its native engines; the adapter in prisma.config.ts is what connects.
  schema = replace(schema, `url      = "file:./data/youth.db"`, `url      = env("DATABASE_URL")`);
  return `// Written by prisma/derive-postgres.ts from prisma/schema.prisma: change that one.\n${schema}`;
}

if (import.meta.url === `file://${process.argv[1]}`) writeFileSync(TARGET, postgresSchema(readFileSync(SOURCE, "utf8")));
