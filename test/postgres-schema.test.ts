import { describe, expect, it } from "vitest";
import { isEmptyDiff, postgresDrift } from "../prisma/postgres-drift.js";
import { ON_POSTGRES } from "./support/database.js";

describe("PostgreSQL's schema", () => {
  // Needs the server `npm run test:pg` runs on: the schema engine replays the migrations in a scratch database.
  it.skipIf(!ON_POSTGRES)("is built by its migrations exactly as the models in prisma/schema.prisma say", async () => {
    const missing = await postgresDrift();
    expect(isEmptyDiff(missing), `prisma/postgresql/migrations lack (npx tsx prisma/postgres-drift.ts <name> writes it):\n${missing}`).toBe(true);
  }, 60_000);
});
