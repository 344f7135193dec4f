import { describe, expect, it } from "vitest";
import { scheduleBroadcast } from "../../src/domain/broadcasts.js";
import { seededRandom } from "../support/fake-platform.js";
import { registerYouth } from "../support/population.js";
import { onboardOnZalo, ZALO_SECRET, ZaloYouth } from "../support/zalo-youth.js";
import { BotProcess, figures, sleep, until } from "./support/bot-process.js";
import { faultStage } from "./support/stage.js";

const RUNS = 20;
const SEED = 20261201;
const YOUTH_PER_RUN = 4;
/** One branch's youth, sent a broadcast every few runs, so each broadcast lives through several crashes. */
const RECIPIENTS = 200;
const BROADCAST_EVERY = 5;
const RATE = 60;
const CONCURRENCY = 4;
const CODE = /PS-\d{4}-\d{4,}/;
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

const stage = faultStage();

const start = () =>
  stage.start({
    platforms: ["zalo"],
    webhook: true,
    env: { OUTBOX_RATE_ZALO: String(RATE), OUTBOX_CONCURRENCY: String(CONCURRENCY) },
  });

/** Whether this run's app has been killed: replies seen after that belong to the next run. */
interface Run {
  killed: boolean;
}

/** Files one proposal from the menu, filing their own if similar ones are offered; the code the youth is told, if any. */
async function fileProposal(y: ZaloYouth, text: string, run: Run): Promise<string | undefined> {
  const say = async (answer: string) => {
    const replies = await y.send(answer);
    if (run.killed) throw new Error("the app was killed");
    return replies.join("\n");
  };
  for (const answer of ["1", "2", "1"]) await say(answer);
  const mine = /(\d)\. Vẫn gửi kiến nghị của tôi/.exec(await say(text));
  if (mine) await say(mine[1]!);
  return CODE.exec(await say("1"))?.[0];
}

/** A youth who onboards and files proposal after proposal until the app dies under them. */
async function keepFiling(y: ZaloYouth, name: string, told: Set<string>, run: Run): Promise<void> {
  try {
    await onboardOnZalo(y, "4", name);
    for (let n = 1; ; n++) {
      const code = await fileProposal(y, `${name} đề nghị lần ${n}: mở thêm lớp ngoại ngữ buổi tối cho thanh niên công nhân.`, run);
      if (code) told.add(code);
    }
  } catch {
    // The app was killed: a post refused, or a reply that never came.
  }
}

/** How many of the youth get no answer to /my from the app just started: chats a crash left stuck. */
async function servedAgain(youth: ZaloYouth[], app: BotProcess): Promise<number> {
  const served = await Promise.all(
    youth.map((y) => {
      y.useBot(app.zaloWebhook);
      return y.send("/my").then((replies) => replies.length > 0, () => false);
    }),
  );
  return served.filter((s) => !s).length;
}

describe("the app killed at random moments and started again", () => {
  it(`loses no confirmed proposal, leaves no flow stuck and resumes the outbox (${RUNS} seeded runs); SIGTERM stops it cleanly`, async () => {
    const random = seededRandom(SEED);
    const told = new Set<string>();
    const everyone: ZaloYouth[] = [];
    const broadcasts: { id: number; text: string }[] = [];
    let stuck = 0;
    await registerYouth(stage.database.db, { count: RECIPIENTS, branch: "TH-BS-PS-KP2", channel: "zalo", firstChatId: 100_000, at: new Date() });
    const branch = await stage.database.prisma.unit.findUniqueOrThrow({ where: { code: "TH-BS-PS-KP2" } });

    for (let run = 0; run < RUNS; run++) {
      const app = (await start());
      // The youth the crash cut off are served again: each gets an answer to /my, whatever step it left them on.
      stuck += await servedAgain(everyone.slice(-YOUTH_PER_RUN), app);

      if (run % BROADCAST_EVERY === 0) {
        const text = `Thông báo lần ${broadcasts.length + 1}: chi đoàn họp mặt tối thứ Bảy tại nhà văn hoá khu phố 2.`;
        const id = await stage.database.db.transaction(async (tx) =>
          scheduleBroadcast(tx, { kind: "LEADER", unitId: branch.id, text, dueAt: new Date() }, new Date()),
        );
        broadcasts.push({ id, text });
      }

      const chats = Array.from({ length: YOUTH_PER_RUN }, (_, i) => `zc${run}-${i}`);
      const state: Run = { killed: false };
      chats.forEach((chat, i) => void keepFiling(new ZaloYouth(stage.zalo, chat, app.zaloWebhook), `Thanh Niên ${LETTERS[run]!}${LETTERS[i]!}`, told, state));
      // Checked again later as new youth objects: one still waiting on a reply from the killed app gives up by itself.
      everyone.push(...chats.map((chat) => new ZaloYouth(stage.zalo, chat, null)));
      await sleep(200 + random() * 1500);
      await app.stop("SIGKILL");
      state.killed = true;
    }

    const last = (await start());
    stuck += await servedAgain(everyone, last);
    // Every broadcast reaches each of its recipients: they were all due before the last start.
    const reached = (b: (typeof broadcasts)[number]) => new Set(stage.zalo.sent.filter((m) => m.text.includes(b.text)).map((m) => m.chat_id));
    await until(() => broadcasts.every((b) => reached(b).size >= RECIPIENTS), 120_000, "every broadcast delivered");
    const copies = broadcasts.map((b) => stage.zalo.sent.filter((m) => m.text.includes(b.text)).length - RECIPIENTS);
    const saved = await stage.database.prisma.proposal.count({ where: { code: { in: [...told] } } });
    const terminated = await last.stop("SIGTERM");
    const pending = await stage.database.prisma.outboxMessage.count({ where: { status: { in: ["PENDING", "SENDING"] } } });

    const result = {
      runs: RUNS,
      seed: SEED,
      confirmed: told.size,
      missing: told.size - saved,
      youth: everyone.length,
      stuck,
      broadcasts: broadcasts.length,
      recipients: broadcasts.length * RECIPIENTS,
      lost: broadcasts.reduce((n, b) => n + RECIPIENTS - reached(b).size, 0),
      repeated_max: Math.max(...copies),
      repeated_total: copies.reduce((a, b) => a + b, 0),
      outbox_pending: pending,
      sigterm: terminated,
    };
    figures("crash-restart", result);
    expect(told.size).toBeGreaterThan(0);
    expect(result.missing).toBe(0);
    expect(result.stuck).toBe(0);
    expect(result.lost).toBe(0);
    // A crash repeats at most the sends in flight.
    expect(result.repeated_total).toBeLessThanOrEqual(CONCURRENCY * RUNS);
    expect(result.outbox_pending).toBe(0);
    expect(terminated).toEqual({ code: 0, signal: null });
  });

  it("stops on SIGTERM within a container's grace even while a reply is being retried against a failing platform", async () => {
    const app = (await start());
    const youth = new ZaloYouth(stage.zalo, "zterm", app.zaloWebhook);
    await onboardOnZalo(youth);
    // Every send fails from now on: the reply to the next message is retried with backoff, for a minute or more.
    stage.zalo.failSends(1000, { error_code: 500, description: "Internal Server Error" });
    const res = await fetch(app.zaloWebhook.webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "X-Bot-Api-Secret-Token": ZALO_SECRET },
      body: JSON.stringify(stage.zalo.text(youth.chatId, "/my")),
    });
    expect(res.status).toBe(200);
    await sleep(1000);
    const signalled = performance.now();
    const ended = await app.stop("SIGTERM");
    const seconds = (performance.now() - signalled) / 1000;
    figures("sigterm-while-retrying", { seconds: Math.round(seconds * 10) / 10, ...ended });
    expect(ended).toEqual({ code: 0, signal: null });
    expect(seconds).toBeLessThan(10);
  });
});
