import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: "forks",
    // Tests mostly wait (on fake platforms, the app's timers, spawned processes): more files at once
    // than cores halves the run, which CI's ten minutes need now that the suite runs on two databases.
    maxWorkers: 3,
  },
});
