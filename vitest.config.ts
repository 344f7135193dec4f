import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: "forks",
    // A test file mostly waits (on the app's processes, sockets, the database), using about half a
    // core: vitest's default of one file per core less one would leave a 2-core machine mostly idle.
    maxWorkers: availableParallelism() + 1,
  },
});
