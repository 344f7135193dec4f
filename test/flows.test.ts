import { spawn } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isPostgresUrl } from "../src/db/postgres-url.js";
import type { FlowRunner } from "../src/flows/runner.js";
import { TestClock } from "./support/clock.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { createTestRunner } from "./support/runner.js";
import { pruneProcessedUpdates } from "../src/flows/conversation.store.js";

const NOW = new Date("2026-11-25T03:00:00Z");
let database: TestDatabase;
let clock: TestClock;

beforeEach(async () => {
  clock = new TestClock(NOW);
  database = await createTestDatabase(NOW);
});
afterEach(() => database.close());

/** A youth on the terminal channel: answers by number or words; sees the replies' texts, and their choices with `offered`. */
function youth(runner: FlowRunner, chatId: string, offered?: string[]) {
  return async (text: string) => {
    const replies = await runner.handle({ channel: "console", chatId, input: { kind: "text", text } });
    offered?.splice(0, offered.length, ...replies.flatMap((m) => m.choices ?? []));
    return replies.map((m) => m.text);
  };
}

async function fileOne(runner: FlowRunner, chatId: string, n: number): Promise<string> {
  const offered: string[] = [];
  const say = youth(runner, chatId, offered);
  for (const answer of ["/start", "1", "2", `Thanh Niên Số ${String.fromCharCode(65 + (n % 26))}`, "2000", String(1 + (n % 5)), "1", "1", String(1 + (n % 4)), "4"])
    await say(answer);
  await say(`Kiến nghị số ${n}: đề nghị mở thêm sân chơi thể thao cho thanh niên khu phố.`);
  // Those who write after others filed the same words are offered to support theirs: they file their own.
  if (offered.includes("Vẫn gửi kiến nghị của tôi")) await say("Vẫn gửi kiến nghị của tôi");
  const replies = await say("1");
  const code = /PS-\d{4}-\d{4}/.exec(replies.join("\n"))?.[0];
  if (!code) throw new Error(`chat ${chatId} got no code: ${replies.join(" | ")}`);
  return code;
}

/**
 * Another process that keeps writing, as a CLI or a second bot process would. On SQLite it keeps
 * taking the write lock: our transactions meet SQLITE_BUSY and must neither fail the youth nor
 * lose what they reported saved. It asks for the lock every millisecond (SQLite's own busy wait
 * backs off to 100 ms, and would rarely find the lock free while 50 youth keep the bot writing).
 * On PostgreSQL it writes the same rows in short transactions of its own, beside ours.
 */
async function startContendingWriter(url: string) {
  const script = isPostgresUrl(url)
    ? `
    const client = new (require("pg").Client)({ connectionString: process.argv[1] });
    let n = 0;
    const tick = async () => {
      await client.query("BEGIN");
      await client.query(\`INSERT INTO "ProcessedUpdate" ("channel", "updateKey", "createdAt") VALUES ('other', $1, now())\`, [String(n++)]);
      const hold = Date.now() + 3; while (Date.now() < hold);
      await client.query("COMMIT");
      if (n === 1) process.stdout.write("ready\\n");
      setTimeout(tick, 2);
    };
    client.connect().then(tick);`
    : `
    const db = new (require("better-sqlite3"))(process.argv[1], { timeout: 0 });
    let n = 0;
    const tick = () => {
      try { db.prepare("BEGIN IMMEDIATE").run(); } catch (err) { if (err.code !== "SQLITE_BUSY") throw err; return setTimeout(tick, 1); }
      db.prepare("INSERT INTO ProcessedUpdate (channel, updateKey, createdAt) VALUES ('other', ?, 0)").run(String(n++));
      const hold = Date.now() + 3; while (Date.now() < hold);
      db.prepare("COMMIT").run();
      if (n === 1) process.stdout.write("ready\\n");
      setTimeout(tick, 2);
    };
    tick();`;
  const child = spawn(process.execPath, ["-e", script, url.replace(/^file:/, "")], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once("data", () => resolve());
    child.on("exit", () => reject(new Error("the contending writer stopped early")));
  });
  return {
    async stop() {
      const exited = new Promise((resolve) => child.on("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

describe("the flows under load and change", () => {
  it("save every proposal they report saved when 50 youth finish at once while another process writes", async () => {
    const runner = createTestRunner(database.db, clock);
    const writer = await startContendingWriter(database.url);
    const writerBefore = await database.prisma.processedUpdate.count({ where: { channel: "other" } });
    const codes = await Promise.all(Array.from({ length: 50 }, (_, i) => fileOne(runner, `c${i}`, i))).finally(() =>
      writer.stop(),
    );
    // The other process did write while the youth were filing.
    expect(await database.prisma.processedUpdate.count({ where: { channel: "other" } })).toBeGreaterThan(writerBefore);
    expect(new Set(codes).size).toBe(50);
    const saved = await database.prisma.proposal.findMany({ select: { code: true, text: true } });
    expect(saved.map((p) => p.code).sort()).toEqual([...codes].sort());
    for (let i = 0; i < 50; i++) expect(saved.find((p) => p.code === codes[i])!.text).toContain(`Kiến nghị số ${i}:`);
  });

  it("restart a chat politely at the menu when its stored flow is from an older version", async () => {
    const runner = createTestRunner(database.db, clock);
    await fileOne(runner, "old", 1);
    const say = youth(runner, "old");
    await say("/submit");
    await database.prisma.conversation.update({ where: { channel_chatId: { channel: "console", chatId: "old" } }, data: { version: 0 } });
    const replies = await say("2");
    expect(replies[0]).toContain("bắt đầu lại từ menu");
    expect(replies.at(-1)).toBe("Bạn muốn làm gì?");
  });

  it("keep a youth's language and use it in every reply", async () => {
    const runner = createTestRunner(database.db, clock);
    const say = youth(runner, "en");
    await say("/start");
    expect((await say("English")).at(-1)).toContain("Do you agree?");
    await say("I agree");
    await say("no");
    await say("Lê Văn Cường");
    await say("1999");
    expect((await say("Chi đoàn Khu phố 1")).at(-1)).toContain("phone number");
    const menu = await say("Skip");
    expect(menu.at(-1)).toBe("What would you like to do?");
  });
});

describe("choosing a branch", () => {
  it("goes down a province's towns and wards a level at a time, back up on request, levels of one unit passed through", async () => {
    // Beside the demo's Phú Sơn: a second ward of Bỉm Sơn (with a tenth branch), a town of one ward, a ward with no branch yet.
    const unit = (code: string, name: string, level: string, parent: string) =>
      database.prisma.unit.create({ data: { code, name, level, parent: { connect: { code: parent } } } });
    await unit("TH-BS-BS", "Phường Bắc Sơn", "WARD", "TH-BS");
    for (const n of [2, 10, 1]) await unit(`TH-BS-BS-KP${n}`, `Chi đoàn Khu phố ${n}`, "BRANCH", "TH-BS-BS");
    await unit("TH-NS", "Thị xã Nghi Sơn", "TOWN", "TH");
    await unit("TH-NS-HB", "Phường Hải Bình", "WARD", "TH-NS");
    await unit("TH-NS-HB-T1", "Chi đoàn Tân Dân", "BRANCH", "TH-NS-HB");
    await unit("TH-NS-XL", "Phường Xuân Lâm", "WARD", "TH-NS");

    const runner = createTestRunner(database.db, clock);
    const offered: string[] = [];
    const say = youth(runner, "walker", offered);
    for (const answer of ["/start", "1", "1", "Đỗ Thị Hằng"]) await say(answer);
    expect((await say("2003")).at(-1)).toBe("Bạn sinh hoạt ở huyện, thị xã, thành phố nào?");
    // The province is the only one: its towns come first.
    expect(offered).toEqual(["Thị xã Bỉm Sơn", "Thị xã Nghi Sơn"]);
    // Nghi Sơn has one ward with a branch (Xuân Lâm has none yet): its branches at once.
    expect((await say("Thị xã Nghi Sơn")).at(-1)).toBe("Bạn sinh hoạt ở chi đoàn nào?");
    expect(offered).toEqual(["Chi đoàn Tân Dân", "Quay lại"]);
    await say("Quay lại");
    expect(offered).toEqual(["Thị xã Bỉm Sơn", "Thị xã Nghi Sơn"]);
    expect((await say("1")).at(-1)).toBe("Bạn sinh hoạt ở xã, phường, thị trấn nào?");
    expect(offered).toEqual(["Phường Bắc Sơn", "Phường Phú Sơn", "Quay lại"]);
    await say("Phường Bắc Sơn");
    expect(offered).toEqual(["Chi đoàn Khu phố 1", "Chi đoàn Khu phố 2", "Chi đoàn Khu phố 10", "Quay lại"]);
    await say("Quay lại");
    await say("Phường Phú Sơn");
    expect(offered).toEqual(["Chi đoàn Khu phố 1", "Chi đoàn Khu phố 2", "Chi đoàn Khu phố 3", "Chi đoàn Khu phố 4", "Chi đoàn Khu phố 5", "Quay lại"]);
    expect((await say("Chi đoàn Khu phố 3")).at(-1)).toContain("Số điện thoại");
    const joined = await database.prisma.participant.findFirstOrThrow({ where: { fullName: "Đỗ Thị Hằng" }, include: { branch: true } });
    expect(joined.branch!.code).toBe("TH-BS-PS-KP3");

    // Changing it later walks the same way, from the top.
    await say("Bỏ qua");
    await say("/profile");
    await say("Đổi chi đoàn");
    expect(offered).toEqual(["Thị xã Bỉm Sơn", "Thị xã Nghi Sơn"]);
    await say("Thị xã Nghi Sơn");
    await say("Chi đoàn Tân Dân");
    expect((await database.prisma.participant.findUniqueOrThrow({ where: { id: joined.id }, include: { branch: true } })).branch!.code).toBe("TH-NS-HB-T1");
  });
});

describe("the menu", () => {
  it("lists upcoming dialogues with time in Vietnam, venue, format and deadline, then offers the menu again", async () => {
    const runner = createTestRunner(database.db, clock);
    await fileOne(runner, "m", 1);
    const replies = await youth(runner, "m")("3");
    expect(replies[0]).toContain("Đối thoại giữa Chủ tịch UBND phường Phú Sơn với thanh niên năm 2023");
    expect(replies[0]).toContain("Thời gian: 08:00 23/12/2026");
    expect(replies[0]).toContain("Địa điểm: Hội trường UBND phường Phú Sơn");
    expect(replies[0]).toContain("Hình thức: Trực tiếp và trực tuyến qua điểm cầu");
    expect(replies[0]).toContain("Nhận kiến nghị đến 08:00 16/12/2026.");
    expect(replies.at(-1)).toBe("Bạn muốn làm gì?");
    const help = await youth(runner, "m")("Hướng dẫn");
    expect(help[0]).toContain("/submit");
    expect(help.at(-1)).toBe("Bạn muốn làm gì?");
  });
});

describe("handled updates", () => {
  it("are forgotten once older than the cut-off, and only those", async () => {
    const runner = createTestRunner(database.db, clock);
    await runner.handle({ channel: "telegram", chatId: "1", updateKey: "old", input: { kind: "text", text: "/start" } });
    clock.set(new Date(NOW.getTime() + 8 * 24 * 3600 * 1000));
    await runner.handle({ channel: "telegram", chatId: "1", updateKey: "new", input: { kind: "text", text: "/help" } });
    const pruned = await database.db.transaction(async (tx) => pruneProcessedUpdates(tx, new Date(NOW.getTime() + 7 * 24 * 3600 * 1000)));
    expect(pruned).toBe(1);
    const left = await database.prisma.processedUpdate.findMany({ select: { updateKey: true } });
    expect(left.map((u) => u.updateKey)).toEqual(["new"]);
  });
});
