import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../support/database.js";
import { FakeTelegram } from "../../support/fake-telegram.js";
import { FakeZalo } from "../../support/fake-zalo.js";
import { BotProcess, type BotProcessOptions } from "./bot-process.js";

/** What a fault test stands on: a fresh database with the demo dialogue, the two fake platforms, and the app once started. */
export interface Stage {
  database: TestDatabase;
  telegram: FakeTelegram;
  zalo: FakeZalo;
  /** The app last started. */
  bot: BotProcess | undefined;
  /** Every app started (several may run side by side on one database): those still running are killed at teardown. */
  bots: BotProcess[];
  /** Starts the app on this stage's database, talking to the platforms named (both by default). */
  start(o: Omit<BotProcessOptions, "databaseUrl" | "telegram" | "zalo"> & { platforms?: ("telegram" | "zalo")[] }): Promise<BotProcess>;
}

/**
 * Sets the stage up before each test and tears it down after (`each: "file"`: once for the file's
 * tests). A file's own after-hooks run before the teardown, so they can still read the app's state.
 */
export function faultStage(each: "test" | "file" = "test"): Stage {
  const stage = {
    bot: undefined,
    bots: [] as BotProcess[],
    async start({ platforms = ["telegram", "zalo"], ...o }) {
      const bot = await BotProcess.start({
        databaseUrl: stage.database.url,
        telegram: platforms.includes("telegram") ? stage.telegram : undefined,
        zalo: platforms.includes("zalo") ? stage.zalo : undefined,
        ...o,
      });
      stage.bots.push(bot);
      stage.bot = bot;
      return bot;
    },
  } as Stage;
  const setUp = async () => {
    stage.database = await createTestDatabase(new Date());
    stage.telegram = await new FakeTelegram().start();
    stage.zalo = await new FakeZalo().start();
  };
  const tearDown = async () => {
    await Promise.all(stage.bots.splice(0).map((bot) => bot.stop("SIGKILL")));
    stage.bot = undefined;
    await stage.telegram?.stop();
    await stage.zalo?.stop();
    await stage.database?.close();
  };
  if (each === "test") {
    beforeEach(setUp);
    afterEach(tearDown);
  } else {
    beforeAll(setUp);
    afterAll(tearDown);
  }
  return stage;
}
