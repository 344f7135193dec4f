import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { postgresMigrationAdapter } from "./src/db/postgres-migration-adapter.js";
import { isPostgresUrl } from "./src/db/postgres-url.js";
import { sqliteUrl } from "./src/db/sqlite-url.js";

// The CLI (generate, migrate deploy) reaches the database through the same adapter as the
// running app, so no native engine is ever downloaded. DATABASE_URL chooses the database:
// postgres:// or postgresql:// for PostgreSQL (its schema is derived from SQLite's, see
// prisma/derive-postgres.ts), anything else the embedded SQLite file.
const url = process.env.DATABASE_URL;
const postgres = isPostgresUrl(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: postgres ? "prisma/postgresql/schema.prisma" : "prisma/schema.prisma",
  migrations: { path: postgres ? "prisma/postgresql/migrations" : "prisma/migrations" },
  adapter: async () => (postgres ? postgresMigrationAdapter(url) : new PrismaBetterSQLite3({ url: sqliteUrl(url) })),
});
