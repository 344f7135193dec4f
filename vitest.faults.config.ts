import { defineConfig } from "vitest/config";

/** `npm run test:faults`: the app spawned as a user starts it, against fake platforms that misbehave on command. */
export default defineConfig({
  test: {
    include: ["test/faults/**/*.faults.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Each file spawns app processes and loads them hard: two files at a time, so a reply's or a
    // webhook's time limit still has room on a 2-core machine.
    maxWorkers: 2,
  },
});
