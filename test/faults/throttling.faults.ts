import { afterEach, describe, expect, it } from "vitest";
import { scheduleBroadcast } from "../../src/domain/broadcasts.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import type { Chaos, FakePlatform } from "../support/fake-platform.js";
import { FakeTelegram } from "../support/fake-telegram.js";
import { FakeZalo } from "../support/fake-zalo.js";
import { registerYouth } from "../support/population.js";
import { postWebhook, TelegramYouth } from "../support/telegram-youth.js";
import { postZaloWebhook } from "../support/zalo-youth.js";
import { BotProcess, figures, sleep, until } from "./support/bot-process.js";

/** What the issue asks the platforms to do to every send: a tenth throttled, 2 % failing, 1 % cut off. */
const chaos = (seed: number): Chaos => ({ seed, tooManyRequests: 0.1, retryAfterSeconds: 1, serverErrors: 0.02, resets: 0.01 });
/** Sends in flight at once per channel: the most that may repeat when a connection drops mid-send. */
const IN_FLIGHT = 4;
const BRANCH = "TH-BS-PS-KP1";
/** A leader's long news, two paragraphs: one Telegram message, two on Zalo (2000 characters a message). */
const NEWS = [
  "Chủ nhật này chi đoàn ra quân dọn vệ sinh khu phố, tập trung lúc 7 giờ tại nhà văn hoá. " +
    "Mỗi đoàn viên mang theo găng tay, chổi và bao đựng rác; chi đoàn lo nước uống và xe chở rác. ".repeat(12),
  "Buổi chiều cùng ngày, chi đoàn họp bàn kế hoạch mùa hè xanh tại hội trường khu phố. " +
    "Đoàn viên nào có ý kiến về các công trình thanh niên năm tới, xin gửi trước cho bí thư chi đoàn. ".repeat(12),
];
const PARTS = { telegram: 1, zalo: 2 };

let database: TestDatabase | undefined;
let fakes: FakePlatform[] = [];
let bot: BotProcess | undefined;

afterEach(async () => {
  await bot?.stop("SIGKILL");
  await Promise.all(fakes.map((f) => f.stop()));
  await database?.close();
  bot = database = undefined;
  fakes = [];
});

async function start(env: Record<string, string>) {
  const db = (database = await createTestDatabase(new Date()));
  const telegram = await new FakeTelegram().start();
  const zalo = await new FakeZalo().start();
  fakes = [telegram, zalo];
  // Seeded: a failing run misbehaves the same way when run again.
  telegram.misbehave(chaos(31));
  zalo.misbehave(chaos(32));
  bot = await BotProcess.start({ databaseUrl: db.url, telegram, zalo, webhook: true, env: { OUTBOX_CONCURRENCY: String(IN_FLIGHT), ...env } });
  // The demo dialogue's announcement goes out first, to nobody yet: youth onboarding later are not
  // sent it in the middle of their turns, and a leader's broadcast is all its audience gets.
  await until(async () => (await db.prisma.broadcast.count({ where: { fannedOutAt: null, dueAt: { lte: new Date() } } })) === 0, 10_000, "the demo's announcement");
  return { telegram, zalo, db, bot };
}

const chaosFigures = (telegram: FakePlatform, zalo: FakePlatform) => {
  const sum = (key: keyof FakePlatform["chaosTally"]) => telegram.chaosTally[key] + zalo.chaosTally[key];
  return { too_many_requests: sum("tooManyRequests"), server_errors: sum("serverErrors"), resets: sum("resets"), early_retries: sum("earlyRetries") };
};

describe("platforms that throttle and fail sends at random", () => {
  it("a broadcast to 10 000 youth on Telegram and Zalo reaches every one of them once, waiting out every 429", async () => {
    const PER_CHANNEL = 5000;
    const { telegram, zalo, db } = await start({ OUTBOX_RATE_TELEGRAM: "500", OUTBOX_RATE_ZALO: "500" });
    const now = new Date();
    await registerYouth(db.db, { count: PER_CHANNEL, branch: BRANCH, channel: "telegram", firstChatId: 100_000, at: now });
    await registerYouth(db.db, { count: PER_CHANNEL, branch: BRANCH, channel: "zalo", firstChatId: 200_000, at: now });
    const inAudience = (chatId: string) => [100_000, 200_000].some((first) => Number(chatId) >= first && Number(chatId) < first + PER_CHANNEL);
    const branch = await db.prisma.unit.findUniqueOrThrow({ where: { code: BRANCH } });
    const started = Date.now();
    const text = NEWS.join("\n\n");
    const broadcastId = await db.db.transaction(async (tx) => scheduleBroadcast(tx, { kind: "LEADER", unitId: branch.id, text, dueAt: now }, now));

    // The messages of the news, and the chats that have both its paragraphs.
    const openings = NEWS.map((paragraph) => paragraph.slice(0, 60));
    const copies = (fake: FakePlatform) => fake.sent.filter((m) => openings.some((o) => m.text.includes(o)));
    const reached = (fake: FakePlatform) => {
      const read = new Map<string, Set<string>>();
      for (const m of copies(fake)) for (const o of openings) if (m.text.includes(o)) read.set(m.chat_id, (read.get(m.chat_id) ?? new Set()).add(o));
      return [...read.values()].filter((seen) => seen.size === openings.length).length;
    };
    const expected = PARTS.telegram * PER_CHANNEL + PARTS.zalo * PER_CHANNEL;
    // Counted cheaply until enough messages came; not reached in time, the figures say how far it got.
    const everyone = () => telegram.sent.length + zalo.sent.length >= expected && reached(telegram) + reached(zalo) === 2 * PER_CHANNEL;
    await until(everyone, 120_000, "the broadcast to reach everyone").catch(() => undefined);
    const seconds = (Date.now() - started) / 1000;

    const duplicates = { telegram: copies(telegram).length - PARTS.telegram * PER_CHANNEL, zalo: copies(zalo).length - PARTS.zalo * PER_CHANNEL };
    const strays = [...copies(telegram), ...copies(zalo)].filter((m) => !inAudience(m.chat_id));
    const tally = chaosFigures(telegram, zalo);
    figures("throttling-broadcast", {
      recipients: 2 * PER_CHANNEL,
      seconds,
      messages: expected,
      sends: [...telegram.calls, ...zalo.calls].filter((c) => c.method === "sendMessage").length,
      ...tally,
      lost: 2 * PER_CHANNEL - reached(telegram) - reached(zalo),
      duplicates: duplicates.telegram + duplicates.zalo,
      in_flight_max: 2 * IN_FLIGHT,
    });
    expect(reached(telegram) + reached(zalo)).toBe(2 * PER_CHANNEL);
    // Every row is settled as sent, none given up or still waiting.
    await until(
      async () => (await db.prisma.outboxMessage.count({ where: { broadcastId, status: "SENT" } })) === 2 * PER_CHANNEL,
      10_000,
      "every row to be marked sent",
    );
    expect(strays).toEqual([]);
    expect(duplicates.telegram).toBeLessThanOrEqual(IN_FLIGHT);
    expect(duplicates.zalo).toBeLessThanOrEqual(IN_FLIGHT);
    expect(tally.early_retries).toBe(0);
    // The platforms did misbehave, in about the shares asked.
    expect(tally.too_many_requests).toBeGreaterThan(800);
    expect(tally.server_errors).toBeGreaterThan(100);
    expect(tally.resets).toBeGreaterThan(50);
  });

  it("200 youth onboarding and filing at once on Telegram and Zalo each get every reply once and a reference code", async () => {
    const YOUTH_PER_CHANNEL = 100;
    const { telegram, zalo, db } = await start({});
    const youth = [
      ...Array.from({ length: YOUTH_PER_CHANNEL }, (_, i) => new Youth(onTelegram(telegram, 300_000 + i))),
      ...Array.from({ length: YOUTH_PER_CHANNEL }, (_, i) => new Youth(onZalo(zalo, `za-${i}`))),
    ];
    const started = Date.now();
    const outcomes = await Promise.allSettled(youth.map((y, i) => onboardAndFile(y, i)));
    const seconds = (Date.now() - started) / 1000;
    // A reply sent twice would show up after the last turn: give late ones time to come.
    await sleep(3000);
    const extra = youth.map((y) => y.unexpected()).filter((e) => e.length);
    const stalled = outcomes.flatMap((o) => (o.status === "rejected" ? [String(o.reason)] : []));
    const codes = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));

    const tally = chaosFigures(telegram, zalo);
    figures("throttling-filing", {
      youth: youth.length,
      seconds,
      filed: codes.length,
      replies: youth.reduce((n, y) => n + y.seen, 0),
      ...tally,
      // Youth whose turn never brought its replies (a lost one), or brought others.
      stalled: stalled.length,
      duplicates: extra.flat().length,
    });
    expect(stalled).toEqual([]);
    expect(extra).toEqual([]);
    expect(new Set(codes).size).toBe(youth.length);
    const saved = await db.prisma.proposal.findMany({ select: { code: true } });
    expect(saved.map((p) => p.code).sort()).toEqual([...codes].sort());
    expect(tally.early_retries).toBe(0);
    expect(tally.too_many_requests).toBeGreaterThan(100);
    expect(tally.server_errors + tally.resets).toBeGreaterThan(10);
  });
});

/** How a youth answers on one messenger: by typing, or by picking an option as that messenger shows it. */
interface Messenger {
  fake: FakePlatform;
  chatId: string;
  type(text: string): Promise<Response>;
  pick(label: string): Promise<Response>;
}

function onTelegram(fake: FakeTelegram, chatId: number): Messenger {
  const person = new TelegramYouth(fake, chatId, null);
  const post = (update: Record<string, unknown>) => postWebhook(bot!.telegramWebhook, update);
  return {
    fake,
    chatId: String(chatId),
    type: (text) => post(person.messageUpdate({ text })),
    pick(label) {
      const button = fake.sentTo(chatId).at(-1)?.buttons.find((b) => b.text.includes(label));
      if (!button) throw new Error(`chat ${chatId}: no button "${label}" under ${JSON.stringify(fake.sentTo(chatId).at(-1)?.text)}`);
      const updateId = fake.newUpdateId();
      return post({
        update_id: updateId,
        callback_query: {
          id: String(updateId),
          from: { id: chatId, is_bot: false, first_name: "An" },
          chat_instance: "1",
          data: button.data,
          message: { message_id: 1, date: 0, chat: { id: chatId, type: "private" } },
        },
      });
    },
  };
}

function onZalo(fake: FakeZalo, chatId: string): Messenger {
  const type = (text: string) => postZaloWebhook(bot!.zaloWebhook, fake.text(chatId, text));
  return {
    fake,
    chatId,
    type,
    pick(label) {
      // Options are the numbered lines at the end of the question.
      const question = fake.sentTo(chatId).at(-1)?.text ?? "";
      const line = question.split("\n").findLast((l) => /^\d+\. /.test(l) && l.includes(label));
      if (!line) throw new Error(`chat ${chatId}: no option "${label}" in ${JSON.stringify(question)}`);
      return type(line.slice(0, line.indexOf(".")));
    },
  };
}

/** Long enough for a reply's worst run of 5xx backoffs; a lost reply still fails the test. */
const TURN_MS = 60_000;

/**
 * A youth who answers only once the whole turn has come, as a person does, and knows what each
 * turn must bring: a missing reply stops them, an extra one (a repeat) is left over at the end.
 */
class Youth {
  /** Messages the turns so far were expected to bring. */
  seen = 0;
  constructor(private readonly on: Messenger) {}

  /** Answers, then waits for the turn's messages and checks them in order; returns their texts. */
  async turn(answer: { type: string } | { pick: string }, expected: RegExp[]): Promise<string[]> {
    const res = "type" in answer ? await this.on.type(answer.type) : await this.on.pick(answer.pick);
    if (res.status !== 200) throw new Error(`chat ${this.on.chatId}: the webhook answered ${res.status}`);
    const all = await this.on.fake.waitForCount(this.on.chatId, this.seen + expected.length, TURN_MS);
    const texts = all.slice(this.seen, this.seen + expected.length).map((m) => m.text);
    this.seen += expected.length;
    texts.forEach((text, i) => {
      if (!expected[i]!.test(text)) throw new Error(`chat ${this.on.chatId}: expected ${expected[i]}, got ${JSON.stringify(text)}`);
    });
    return texts;
  }

  /** Messages beyond what the turns brought. */
  unexpected(): string[] {
    return this.on.fake.sentTo(this.on.chatId).slice(this.seen).map((m) => m.text);
  }

  get telegram() {
    return this.on.fake instanceof FakeTelegram;
  }
}

const MENU = /^Bạn muốn làm gì\?/;
const SUBJECTS = ["sân bóng đá mini", "lớp tiếng Anh buổi tối", "điểm truy cập internet", "đèn chiếu sáng ngõ", "câu lạc bộ khởi nghiệp"];

/** Consent, profile, then a proposal from the menu; returns its reference code. */
async function onboardAndFile(y: Youth, n: number): Promise<string> {
  // Names are letters only: two of them tell 676 youth apart.
  const name = `Thanh Niên ${String.fromCharCode(65 + (n % 26), 97 + Math.floor(n / 26))}`;
  await y.turn({ type: y.telegram ? "/start" : "Xin chào" }, [/Bạn có đồng ý không\?/]);
  await y.turn({ pick: "Tôi đồng ý" }, [/nhận thông báo/]);
  await y.turn({ pick: "Có" }, [/^Cảm ơn bạn!/, /^Họ và tên/]);
  await y.turn({ type: name }, [/sinh năm nào/]);
  await y.turn({ type: "2001" }, [/chi đoàn nào/]);
  await y.turn({ pick: `Khu phố ${1 + (n % 5)}` }, [/^Số điện thoại/]);
  await y.turn({ pick: "Bỏ qua" }, [new RegExp(`^Xong rồi, ${name}!`), MENU]);
  await y.turn({ pick: "Gửi kiến nghị" }, [/thuộc chủ đề nào\?/]);
  await y.turn({ pick: "Việc làm" }, [/lãnh đạo cấp nào/]);
  await y.turn({ pick: "Phường" }, [/^Bạn viết nội dung/]);
  const [asked] = await y.turn({ type: `Kiến nghị số ${n}: đề nghị phường có thêm ${SUBJECTS[n % SUBJECTS.length]} cho thanh niên.` }, [
    /^Bạn xem lại kiến nghị|gần giống/,
  ]);
  // Those who write after others filed the same words are offered to support theirs: they file their own.
  if (!asked!.startsWith("Bạn xem lại")) await y.turn({ pick: "Vẫn gửi kiến nghị của tôi" }, [/^Bạn xem lại kiến nghị/]);
  const [received] = await y.turn({ pick: "Gửi" }, [/^Đã nhận kiến nghị của bạn\. Mã kiến nghị: PS-\d{4}-\d{4}/, MENU]);
  return /PS-\d{4}-\d{4}/.exec(received!)![0];
}
