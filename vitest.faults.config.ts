import { defineConfig } from "vitest/config";

/** `npm run test:faults`: the app spawned as a user starts it, against fake platforms that misbehave on command. */
export default defineConfig({
  test: {
    include: ["test/faults/**/*.faults.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Each file spawns app processes and loads them hard: one file at a time keeps the figures honest.
    fileParallelism: false,
  },
});
