import { spawn, type ChildProcess } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scheduleBroadcast } from "../src/domain/broadcasts.js";
import { appArgs } from "./support/app-build.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { FakeTelegram } from "./support/fake-telegram.js";
import { registerYouth } from "./support/population.js";

const RECIPIENTS = 60;
const FIRST_CHAT = 9000;
const CONCURRENCY = 4;
const TEXT = "Thông báo: sáng Chủ nhật chi đoàn tổ chức hiến máu tình nguyện tại nhà văn hoá khu phố 1.";

let database: TestDatabase;
let telegram: FakeTelegram;
let bots: ChildProcess[] = [];

beforeEach(async () => {
  database = await createTestDatabase(new Date());
  telegram = await new FakeTelegram().start();
});

afterEach(async () => {
  for (const bot of bots) if (bot.exitCode === null) bot.kill("SIGKILL");
  bots = [];
  await telegram.stop();
  await database.close();
});

/** The app as a user starts it (`src/main.ts`, built: app-build.ts), long polling the fake Telegram, sending 30 messages a second. */
function startBot(): ChildProcess {
  const bot = spawn(process.execPath, appArgs("main"), {
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      PORT: "0",
      PUBLIC_URL: "",
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      ZALO_BOT_TOKEN: "",
      OUTBOX_RATE_TELEGRAM: "30",
      OUTBOX_CONCURRENCY: String(CONCURRENCY),
      // On PostgreSQL the restarted process takes up the dead one's claims once they run out.
      OUTBOX_CLAIM_SECONDS: "5",
      QUIET_HOURS: "off",
      LOG_LEVEL: "error",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  bots.push(bot);
  return bot;
}

const reached = () => new Set(telegram.sent.filter((m) => m.text.includes(TEXT)).map((m) => m.chat_id)).size;

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("the delivery worker", () => {
  // Two app processes started one after the other, and on PostgreSQL the first one's claims to run out.
  it("killed mid-broadcast and started again loses nothing and repeats at most the sends in flight", { timeout: 40_000 }, async () => {
    await registerYouth(database.db, { count: RECIPIENTS, branch: "TH-BS-PS-KP1", channel: "telegram", firstChatId: FIRST_CHAT, at: new Date() });
    const branch = await database.prisma.unit.findUniqueOrThrow({ where: { code: "TH-BS-PS-KP1" } });
    const broadcastId = await database.db.transaction(async (tx) =>
      scheduleBroadcast(tx, { kind: "LEADER", unitId: branch.id, text: TEXT, dueAt: new Date() }, new Date()),
    );

    const first = startBot();
    await until(() => reached() >= RECIPIENTS / 3, 20_000, "a third of the broadcast");
    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));
    const beforeRestart = reached();
    expect(beforeRestart).toBeLessThan(RECIPIENTS);

    startBot();
    await until(() => reached() === RECIPIENTS, 20_000, "the whole broadcast");
    const deliveries = telegram.sent.filter((m) => m.text.includes(TEXT)).length;
    expect(deliveries - RECIPIENTS).toBeLessThanOrEqual(CONCURRENCY);
    // A row is recorded sent once the platform's OK is back: the last a moment after the fake has it.
    const statuses = () => database.prisma.outboxMessage.groupBy({ by: ["status"], _count: true, where: { broadcastId } });
    await until(async () => (await statuses()).every((r) => r.status === "SENT"), 5000, "every row recorded sent");
    expect(await statuses()).toEqual([{ status: "SENT", _count: RECIPIENTS }]);
  });
});
