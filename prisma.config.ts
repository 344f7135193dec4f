import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { sqliteUrl } from "./src/db/sqlite-url.js";

// The CLI (generate, migrate deploy) reaches the database through the same adapter as the
// running app, so no native engine is ever downloaded.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  adapter: async () => new PrismaBetterSQLite3({ url: sqliteUrl(process.env.DATABASE_URL) }),
});
