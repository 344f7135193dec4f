import { afterEach, describe, expect, it, onTestFinished } from "vitest";
import { scheduleBroadcast } from "../src/domain/broadcasts.js";
import { ON_POSTGRES } from "./support/database.js";
import { claimCodeFor, received } from "./support/engagement.js";
import type { FakePlatform, SentMessage } from "./support/fake-platform.js";
import { LoadBalancer, type Balancing } from "./support/load-balancer.js";
import { holdTransaction } from "./support/outside-process.js";
import { registerYouth } from "./support/population.js";
import { onboard, postWebhook, TelegramYouth } from "./support/telegram-youth.js";
import { onboardOnZalo, postZaloWebhook, ZaloYouth } from "./support/zalo-youth.js";
import { BotProcess, sleep, until } from "./faults/support/bot-process.js";
import { fileOnTelegram, fileOnZalo } from "./faults/support/filing.js";
import { faultStage } from "./faults/support/stage.js";

/**
 * Two app processes (src/main.ts, as `npm start` runs it, built: app-build.ts) in webhook mode on one PostgreSQL
 * database and the same fake Telegram and Zalo, as README's "PostgreSQL and several processes"
 * runs them behind nginx. Each reaches the platforms at an address of its own, so a message at a
 * fake says which process sent it (`via`: "a" or "b").
 *
 * The file shares one database and the two processes (a test that stops one has it started again
 * by the next): each test has chats, texts and topics of its own and counts only what it made.
 */

const CONCURRENCY = 4;
/** Messages a second each process sends per platform. */
const RATE = 50;
const CODES = /PS-\d{4}-\d{4,}/g;
const STALE = "Nút đó thuộc tin nhắn cũ";
const REPORT = "Báo cáo gửi thông báo";
const ASK_TOPIC = "Kiến nghị của bạn thuộc chủ đề nào?";
/** Texts far enough apart that none is offered as like another: each youth's transcript stays the same. */
const PROPOSALS = [
  "Đề nghị lắp thêm đèn chiếu sáng trên đường ven sông vì buổi tối rất tối, dễ xảy ra tai nạn.",
  "Mong phường mở lớp dạy bơi miễn phí mùa hè để trẻ em tránh đuối nước.",
  "Xin hỗ trợ vốn vay ưu đãi để mở xưởng mộc gia đình, tạo việc làm cho bạn bè cùng xóm.",
  "Kiến nghị sửa chữa sân bóng chuyền ở nhà văn hoá, lưới rách và mặt sân bị nứt.",
  "Cần tổ chức tiêm phòng dại cho chó mèo thả rông quanh chợ, người dân lo bị cắn.",
  "Đề xuất thành lập câu lạc bộ đọc sách thiếu nhi tại thư viện, mở cửa sáng thứ Bảy.",
  "Rác thải nhựa ùn ứ ở kênh thoát nước phía nam, mùa mưa gây ngập úng và mùi hôi.",
  "Muốn được học lập trình web buổi tối, có máy tính thực hành và giáo viên hướng dẫn.",
];
/** Each test files under a topic of its own (Telegram's button, Zalo's number), so no earlier test's proposal is offered as like. */
const TOPICS = { sigterm: ["Cải cách hành chính", "3"], doubleTap: ["Đề xuất giải pháp", "4"] } as const;

const stage = faultStage("file");
const apps: Partial<Record<"a" | "b", BotProcess>> = {};
const balancers: LoadBalancer[] = [];

afterEach(async () => {
  await Promise.all(balancers.splice(0).map((lb) => lb.stop()));
});

/** Processes a and b, each started (again) if it is not running; the demo's announcement out of the way. */
async function running(): Promise<[BotProcess, BotProcess]> {
  const start = (name: "a" | "b") =>
    stage.start({
      webhook: true,
      pipeStderr: true,
      env: {
        TELEGRAM_API_ROOT: stage.telegram.via(name),
        ZALO_API_BASE: stage.zalo.via(name),
        OUTBOX_RATE_TELEGRAM: String(RATE),
        OUTBOX_RATE_ZALO: String(RATE),
        OUTBOX_CONCURRENCY: String(CONCURRENCY),
        // A dead process's claims are taken up this soon.
        OUTBOX_CLAIM_SECONDS: "5",
        LOG_LEVEL: "warn",
      },
    });
  await Promise.all(
    (["a", "b"] as const).map(async (name) => {
      if (!apps[name]?.running) apps[name] = await start(name);
    }),
  );
  // The demo dialogue's announcement is due at once: sent to nobody, before any youth of a test exists.
  await until(async () => (await stage.database.prisma.broadcast.count({ where: { fannedOutAt: null, dueAt: { lte: new Date() } } })) === 0, 10_000, "the demo's announcement");
  return [apps.a!, apps.b!];
}

async function balancer(upstreams: BotProcess[], mode: Balancing): Promise<LoadBalancer> {
  const lb = await new LoadBalancer(
    upstreams.map((app) => app.url),
    mode,
  ).start();
  balancers.push(lb);
  return lb;
}

/** A leader's broadcast of `text` to `branch`, with `perChannel` youth registered there on each platform: Telegram's chats from `firstChatId`, Zalo's 100 000 further. */
async function broadcastToNewYouth(branch: string, firstChatId: number, perChannel: number, text: string): Promise<number> {
  for (const [channel, first] of [["telegram", firstChatId], ["zalo", firstChatId + 100_000]] as const)
    await registerYouth(stage.database.db, { count: perChannel, branch, channel, firstChatId: first, at: new Date() });
  const unit = await stage.database.prisma.unit.findUniqueOrThrow({ where: { code: branch } });
  return stage.database.db.transaction((tx) => scheduleBroadcast(tx, { kind: "LEADER", unitId: unit.id, text, dueAt: new Date() }, new Date()));
}

const fakeOf = (channel: string): FakePlatform => (channel === "zalo" ? stage.zalo : stage.telegram);

/** What a chat was shown (text and buttons), its own proposal and codes written alike, in order of text: messages of consecutive turns may interleave. */
function transcript(fake: FakePlatform, chatId: number | string, own: string): string[] {
  return fake
    .sentTo(chatId)
    .map((m) => [m.text.replaceAll(own, "<proposal>").replace(CODES, "<code>"), ...m.buttons.map((b) => `[${b.text}]`)].join(" "))
    .sort();
}

const codesTold = (fake: FakePlatform, chatId: number | string) => fake.sentTo(chatId).flatMap((m) => m.text.match(CODES) ?? []);
const saying = (fake: FakePlatform, chatId: number | string, text: string) => fake.sentTo(chatId).filter((m) => m.text.includes(text));

const conversation = (channel: string, chatId: number | string) =>
  stage.database.prisma.conversation.findUniqueOrThrow({ where: { channel_chatId: { channel, chatId: String(chatId) } } });
/** Transactions on the test database waiting for a lock another holds. */
const waitingOnLocks = async () =>
  Number((await stage.database.prisma.$queryRaw<[{ n: bigint }]>`SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)[0].n);
const proposalsOf = (chats: { channel: string; chatId: number | string }[]) =>
  Promise.all(chats.map(async ({ channel, chatId }) => stage.database.prisma.proposal.findMany({ where: { participantId: (await conversation(channel, chatId)).participantId! } })));

describe.skipIf(!ON_POSTGRES)("two app processes on one PostgreSQL database", () => {
  it("the same updates delivered to both — each handled once, each outbox row sent once", { timeout: 40_000 }, async () => {
    const [a, b] = await running();
    const both = await balancer([a, b], "mirror");
    const one = await balancer([a], "failover");
    const updatesBefore = await stage.database.prisma.processedUpdate.count();

    // Youth onboard and file a proposal, every update posted to both processes at once; one youth
    // per platform talks to one process: what each should see.
    const tgAlone = new TelegramYouth(stage.telegram, 5000, one.telegramWebhook);
    const zaAlone = new ZaloYouth(stage.zalo, "z5000", one.zaloWebhook);
    const tgYouth = [5001, 5002, 5003].map((chat) => new TelegramYouth(stage.telegram, chat, both.telegramWebhook));
    const zaYouth = ["z5001", "z5002", "z5003"].map((chat) => new ZaloYouth(stage.zalo, chat, both.zaloWebhook));
    const own = new Map<string, string>();
    const codes = new Map<string, string>();
    await Promise.all([
      ...[tgAlone, ...tgYouth].map(async (y, i) => {
        own.set(String(y.chatId), PROPOSALS[i]!);
        await onboard(y);
        codes.set(String(y.chatId), await fileOnTelegram(y, PROPOSALS[i]!));
      }),
      ...[zaAlone, ...zaYouth].map(async (y, i) => {
        own.set(y.chatId, PROPOSALS[4 + i]!);
        await onboardOnZalo(y);
        codes.set(y.chatId, await fileOnZalo(y, PROPOSALS[4 + i]!));
      }),
    ]);
    // A second handling of any update would show within a moment.
    await sleep(1000);

    const expected = { telegram: transcript(stage.telegram, 5000, own.get("5000")!), zalo: transcript(stage.zalo, "z5000", own.get("z5000")!) };
    expect(expected.telegram.join("\n")).not.toContain("Vẫn gửi");
    for (const y of tgYouth) expect(transcript(stage.telegram, y.chatId, own.get(String(y.chatId))!)).toEqual(expected.telegram);
    for (const y of zaYouth) expect(transcript(stage.zalo, y.chatId, own.get(y.chatId)!)).toEqual(expected.zalo);
    for (const [chat, code] of codes) expect(codesTold(chat.startsWith("z") ? stage.zalo : stage.telegram, chat)).toEqual([code]);
    const filed = await stage.database.prisma.proposal.findMany({ where: { text: { in: [...own.values()] } }, select: { code: true, text: true } });
    expect(filed.map((p) => p.code).sort()).toEqual([...codes.values()].sort());
    expect(filed.map((p) => p.text).sort()).toEqual([...own.values()].sort());
    // Every copy was taken (200), and each update recorded as handled once.
    expect(both.forwarded.every((f) => f.status === 200)).toBe(true);
    expect((await stage.database.prisma.processedUpdate.count()) - updatesBefore).toBe(both.forwarded.length / 2 + one.forwarded.length);

    // A branch leader, still through both: claims the role and announces to the branch.
    const leader = new TelegramYouth(stage.telegram, 5009, both.telegramWebhook);
    await onboard(leader, "Lê Văn Bí Thư"); // Khu phố 2
    await registerYouth(stage.database.db, { count: 150, branch: "TH-BS-PS-KP2", channel: "telegram", firstChatId: 600_000, at: new Date() });
    await registerYouth(stage.database.db, { count: 150, branch: "TH-BS-PS-KP2", channel: "zalo", firstChatId: 700_000, at: new Date() });
    await leader.send(`/claim ${await claimCodeFor(stage.database.db, "LEADER", "TH-BS-PS-KP2", undefined, new Date())}`);
    await leader.send("/announce");
    const NEWS = "Tối thứ Sáu chi đoàn sinh hoạt chuyên đề tại nhà văn hoá khu phố 2, mời các bạn đến đúng 19 giờ.";
    const [preview] = await leader.send(NEWS);
    const audience = Number(/tới (\d+) người/.exec(preview!.text)?.[1]);
    expect(audience).toBeGreaterThan(300);
    await leader.tap("Gửi");

    const [broadcast, ...more] = await stage.database.prisma.broadcast.findMany({ where: { text: NEWS } });
    expect(more).toEqual([]);
    const rowsOf = () => stage.database.prisma.outboxMessage.findMany({ where: { broadcastId: broadcast!.id }, select: { channel: true, chatId: true, status: true } });
    await until(async () => (await rowsOf()).filter((r) => r.status === "SENT").length === audience, 20_000, "the broadcast sent");
    await received(stage.telegram, leader.chatId, REPORT, 5000);
    await sleep(1000);

    // Each chat of the audience has the news once, every row SENT once; nobody else has it.
    const rows = await rowsOf();
    expect(rows).toHaveLength(audience);
    const isNews = (m: SentMessage) => m.text.startsWith(`📣 Thông báo từ Chi đoàn Khu phố 2:\n${NEWS}`);
    expect(rows.filter((r) => fakeOf(r.channel).sentTo(r.chatId).filter(isNews).length !== 1)).toEqual([]);
    const news = [...stage.telegram.sent, ...stage.zalo.sent].filter(isNews);
    expect(news).toHaveLength(audience);
    // Both processes sent part of it.
    expect(news.filter((m) => m.via === "a").length).toBeGreaterThan(0);
    expect(news.filter((m) => m.via === "b").length).toBeGreaterThan(0);
    // The leader was told once that it was scheduled, and once how it went.
    expect(saying(stage.telegram, leader.chatId, "Đã kích hoạt vai trò")).toHaveLength(1);
    expect(saying(stage.telegram, leader.chatId, `Đã xếp lịch gửi tới ${audience} người`)).toHaveLength(1);
    const reports = saying(stage.telegram, leader.chatId, REPORT);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.text).toMatch(new RegExp(`Tổng số người nhận: ${audience}\\n.*Đã gửi: ${audience}`));
  });

  it("two updates of one chat reaching both at the same instant take turns: no step lost or doubled", { timeout: 30_000 }, async () => {
    const [a, b] = await running();
    const lb = await balancer([a, b], "failover");
    const [topic, topicNumber] = TOPICS.doubleTap;
    const tg = [7401, 7402, 7403, 7404].map((chat) => new TelegramYouth(stage.telegram, chat, lb.telegramWebhook));
    const za = ["z7401", "z7402"].map((chat) => new ZaloYouth(stage.zalo, chat, lb.zaloWebhook));
    // Each youth at the review of a proposal.
    await Promise.all([
      ...tg.map(async (y, i) => {
        await onboard(y);
        for (const button of ["Gửi kiến nghị", topic, "Phường"]) await y.tap(button);
        await y.send(PROPOSALS[i]!);
      }),
      ...za.map(async (y, i) => {
        await onboardOnZalo(y);
        for (const answer of ["1", topicNumber, "1", PROPOSALS[4 + i]!]) await y.send(answer);
      }),
    ]);

    // A double tap on "Gửi" (two updates of one button), one to each process at once. On Zalo
    // "1" sent twice: the first confirms, the second (at the menu then) begins a new proposal.
    const answers = await Promise.all([
      ...tg.flatMap((y) => {
        const [first, second] = [y.tapUpdate(/^Gửi/), y.tapUpdate(/^Gửi/)];
        return [postWebhook(a.telegramWebhook, first), postWebhook(b.telegramWebhook, second)];
      }),
      ...za.flatMap((y) => [postZaloWebhook(a.zaloWebhook, stage.zalo.text(y.chatId, "1")), postZaloWebhook(b.zaloWebhook, stage.zalo.text(y.chatId, "1"))]),
    ]);
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 200));
    await until(() => [...tg, ...za].every((y) => codesTold(fakeOf(y instanceof ZaloYouth ? "zalo" : "telegram"), y.chatId).length > 0), 10_000, "a code for each");
    // The second of each pair is answered within a moment of the first.
    await sleep(1000);

    for (const y of tg) {
      // One confirmation, one "that button is old"; the chat rests at the menu.
      expect(codesTold(stage.telegram, y.chatId)).toHaveLength(1);
      expect(saying(stage.telegram, y.chatId, STALE)).toHaveLength(1);
      expect(stage.telegram.sentTo(y.chatId).at(-1)!.buttons.map((x) => x.text)).toContain("Gửi kiến nghị");
      expect(await conversation("telegram", y.chatId)).toMatchObject({ flow: "menu" });
    }
    for (const y of za) {
      // One confirmation, then the second "1" taken at the menu: a new proposal begun, at its topic.
      expect(codesTold(stage.zalo, y.chatId)).toHaveLength(1);
      // Asked for a topic twice: for the proposal filed, and now. (Replies of two processes to one chat
      // may arrive in either order: each sends its own once its update is handled.)
      expect(saying(stage.zalo, y.chatId, ASK_TOPIC)).toHaveLength(2);
      expect(await conversation("zalo", y.chatId)).toMatchObject({ flow: "submit", step: "topic" });
    }
    const filed = await proposalsOf([...tg.map((y) => ({ channel: "telegram", chatId: y.chatId })), ...za.map((y) => ({ channel: "zalo", chatId: y.chatId }))]);
    expect(filed.map((p) => p.length)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it("one of them killed mid-broadcast — the other finishes, nothing lost", { timeout: 40_000 }, async () => {
    const PER_CHANNEL = 200;
    const TEXT = "Thông báo: sáng Chủ nhật chi đoàn tổ chức hiến máu tình nguyện tại nhà văn hoá khu phố 1.";
    const [a, b] = await running();
    const broadcastId = await broadcastToNewYouth("TH-BS-PS-KP1", 800_000, PER_CHANNEL, TEXT);

    const news = (fake: FakePlatform) => fake.sent.filter((m) => m.text.includes(TEXT));
    const all = () => [...news(stage.telegram), ...news(stage.zalo)];
    // Killed while both send, a third of the way.
    await until(() => all().length >= (2 * PER_CHANNEL) / 3 && all().filter((m) => m.via === "a").length >= 20, 20_000, "a third of the broadcast, part of it from a");
    expect(await a.stop("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
    const atKill = { telegram: news(stage.telegram).length, zalo: news(stage.zalo).length };
    expect(atKill.telegram + atKill.zalo).toBeLessThan(2 * PER_CHANNEL);

    const reached = (fake: FakePlatform) => new Set(news(fake).map((m) => m.chat_id)).size;
    await until(() => reached(stage.telegram) === PER_CHANNEL && reached(stage.zalo) === PER_CHANNEL, 25_000, "the whole broadcast");
    await until(async () => (await stage.database.prisma.outboxMessage.count({ where: { broadcastId, status: { not: "SENT" } } })) === 0, 5000, "every row SENT");
    await sleep(500);

    // What a had in flight may go out again: at most that many per platform.
    for (const fake of [stage.telegram, stage.zalo]) expect(news(fake).length - PER_CHANNEL).toBeLessThanOrEqual(CONCURRENCY);
    // b sent the rest, a's claims among them once they ran out.
    const sinceKill = [...news(stage.telegram).slice(atKill.telegram), ...news(stage.zalo).slice(atKill.zalo)];
    expect(sinceKill.length).toBeGreaterThan(0);
    expect(sinceKill.every((m) => m.via === "b")).toBe(true);
    const rows = await stage.database.prisma.outboxMessage.groupBy({ by: ["status"], _count: true, where: { broadcastId } });
    expect(rows).toEqual([{ status: "SENT", _count: 2 * PER_CHANNEL }]);
    expect(b.running).toBe(true);
  });

  it("one of them frozen past its claims mid-broadcast, then thawed — it sends none of the rows the other took over", { timeout: 60_000 }, async () => {
    const PER_CHANNEL = 200;
    const TEXT = "Thông báo: tối thứ Tư chi đoàn khu phố 3 họp bàn việc trồng cây xanh dọc bờ kênh.";
    const [a, b] = await running();
    const broadcastId = await broadcastToNewYouth("TH-BS-PS-KP3", 820_000, PER_CHANNEL, TEXT);
    await until(async () => (await stage.database.prisma.broadcast.findUniqueOrThrow({ where: { id: broadcastId } })).fannedOutAt !== null, 10_000, "the fan-out");
    // The branch's youth: those registered here, and any an earlier test onboarded into it.
    const audience = await stage.database.prisma.outboxMessage.count({ where: { broadcastId } });
    expect(audience).toBeGreaterThanOrEqual(2 * PER_CHANNEL);
    const news = (fake: FakePlatform) => fake.sent.filter((m) => m.text.includes(TEXT));
    const all = () => [...news(stage.telegram), ...news(stage.zalo)];

    // Frozen (a long GC pause, a VM stalled) while both send, a quarter of the way: a still holds claims on rows it has not sent.
    await until(() => all().length >= audience / 4 && all().filter((m) => m.via === "a").length >= 20, 20_000, "a quarter of the broadcast, part of it from a");
    a.child.kill("SIGSTOP");
    onTestFinished(() => void a.child.kill("SIGCONT"));
    const atFreeze = all().length;
    expect(atFreeze).toBeLessThan(audience);
    // b sends the rest, a's rows among them once a's claims ran out.
    const sent = () => stage.database.prisma.outboxMessage.count({ where: { broadcastId, status: "SENT" } });
    await until(async () => (await sent()) === audience, 25_000, "b to finish the broadcast");
    const beforeThaw = all().length;
    a.child.kill("SIGCONT");
    // Thawed, a renews its claims or picks its next row: either way it finds them gone.
    await sleep(3000);

    // Sends a had in flight when frozen may go out twice (they were on the wire); the rows it held, never.
    expect(all().length - audience).toBeLessThanOrEqual(2 * CONCURRENCY);
    const afterThaw = all().slice(beforeThaw);
    expect(afterThaw.filter((m) => m.via === "a").length).toBeLessThanOrEqual(2 * CONCURRENCY);
    expect(new Set(all().map((m) => m.chat_id)).size).toBe(audience);
    expect(await sent()).toBe(audience);
    expect([a.running, b.running]).toEqual([true, true]);
  });

  it("SIGTERM mid-flow — no half-written state", { timeout: 40_000 }, async () => {
    const [a, b] = await running();
    const lb = await balancer([a, b], "failover");
    const [topic, topicNumber] = TOPICS.sigterm;
    // Three youth on Telegram and one on Zalo at the step that takes their proposal's text, on a.
    const tg = [7301, 7302, 7303].map((chat) => new TelegramYouth(stage.telegram, chat, lb.telegramWebhook));
    const za = new ZaloYouth(stage.zalo, "z7301", lb.zaloWebhook);
    await Promise.all([
      ...tg.map(async (y) => {
        await onboard(y);
        for (const button of ["Gửi kiến nghị", topic, "Phường"]) await y.tap(button);
      }),
      (async () => {
        await onboardOnZalo(za);
        for (const answer of ["1", topicNumber, "1"]) await za.send(answer);
      })(),
    ]);
    const before = new Map<string, number>([...tg.map((y) => [String(y.chatId), stage.telegram.sentTo(y.chatId).length] as const), [za.chatId, stage.zalo.sentTo(za.chatId).length]]);

    // The database stalls (another process holds its tables): updates posted now stay in hand.
    const stall = await holdTransaction(stage.database.url, "IMMEDIATE", 2500);
    const posts: Promise<Response>[] = [];
    // The first is answered (a webhook waits at most 500 ms) and still in hand; two more are in hand, not answered.
    posts.push(postWebhook(lb.telegramWebhook, tg[0]!.messageUpdate({ text: PROPOSALS[0]! })));
    await sleep(800);
    posts.push(postWebhook(lb.telegramWebhook, tg[1]!.messageUpdate({ text: PROPOSALS[1]! })));
    posts.push(postZaloWebhook(lb.zaloWebhook, stage.zalo.text(za.chatId, PROPOSALS[3]!)));
    // All three in hand at a: each waits on the stalled tables.
    await until(async () => (await waitingOnLocks()) >= 3, 5000, "three updates waiting on the stalled tables");
    const signalled = performance.now();
    const stopped = a.stop("SIGTERM").then((ended) => ({ ...ended, ms: performance.now() - signalled }));
    await sleep(150);
    // One posted after the signal: a does not take it, the balancer hands it to b.
    posts.push(postWebhook(lb.telegramWebhook, tg[2]!.messageUpdate({ text: PROPOSALS[2]! })));
    expect((await Promise.all(posts)).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    await stall.done;

    // Each youth is shown the review of their proposal, once: the flow advanced, and said so.
    await until(
      () => tg.every((y, i) => saying(stage.telegram, y.chatId, PROPOSALS[i]!).length > 0) && saying(stage.zalo, za.chatId, PROPOSALS[3]!).length > 0,
      10_000,
      "every youth's review",
    );
    const ended = await stopped;
    await sleep(500);
    // a exited cleanly within its grace (8 s), not cut short by it.
    expect(ended).toMatchObject({ code: 0, signal: null });
    expect(ended.ms).toBeLessThan(8000);
    expect(a.stderr).not.toContain("stopping took too long");
    for (const [i, y] of tg.entries()) {
      expect(saying(stage.telegram, y.chatId, PROPOSALS[i]!)).toHaveLength(1);
      expect(stage.telegram.sentTo(y.chatId).length - before.get(String(y.chatId))!).toBe(1);
      expect(await conversation("telegram", y.chatId)).toMatchObject({ flow: "submit", step: "review" });
    }
    expect(saying(stage.zalo, za.chatId, PROPOSALS[3]!)).toHaveLength(1);
    expect(stage.zalo.sentTo(za.chatId).length - before.get(za.chatId)!).toBe(1);
    expect(await conversation("zalo", za.chatId)).toMatchObject({ flow: "submit", step: "review" });
    // The ones in hand were answered by a, the one posted after the signal by b.
    expect(tg.map((y) => stage.telegram.sentTo(y.chatId).at(-1)!.via)).toEqual(["a", "a", "b"]);
    expect(stage.zalo.sentTo(za.chatId).at(-1)!.via).toBe("a");

    // They go on, now on b, and each gets one code.
    for (const y of tg) expect((await y.tap(/^Gửi/)).map((m) => m.text).join("\n").match(CODES)).toHaveLength(1);
    expect((await za.send("1")).join("\n").match(CODES)).toHaveLength(1);
    await sleep(300);
    for (const y of tg) expect(codesTold(stage.telegram, y.chatId)).toHaveLength(1);
    expect(codesTold(stage.zalo, za.chatId)).toHaveLength(1);
    const filed = await proposalsOf([...tg.map((y) => ({ channel: "telegram", chatId: y.chatId })), { channel: "zalo", chatId: za.chatId }]);
    expect(filed.map((p) => p.length)).toEqual([1, 1, 1, 1]);
    expect(b.running).toBe(true);
  });
});
