import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { appArgs } from "./support/app-build.js";
import { createTestDatabase, ON_POSTGRES, type TestDatabase } from "./support/database.js";
import { registerYouth } from "./support/population.js";

let database: TestDatabase;

beforeEach(async () => {
  database = await createTestDatabase(new Date());
});

afterEach(async () => {
  await database.close();
});

/** `npm run cli -- …` as staff run it, on the test database. */
function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      appArgs("cli/main", ...args),
      { env: { ...process.env, DATABASE_URL: database.url, DEFAULT_LOCALE: "vi" } },
      (error, out, err) => resolve({ code: error ? Number(error.code ?? 1) : 0, out, err }),
    );
  });
}

// Each command is a process of its own, as staff start it: a second or more each, several on a loaded machine.
describe("the staff command line", { timeout: 60_000 }, () => {
  it("makes a one-time leader code, grants and revokes roles by phone, sets quotas, and publishes a dialogue", async () => {
    const code = await cli("role", "code", "--role", "leader", "--unit", "TH-BS-PS-KP1", "--hours", "48");
    expect(code.code).toBe(0);
    expect(code.out).toMatch(/Mã kích hoạt: [A-Z2-9]{4}-[A-Z2-9]{4}\n/);
    expect(code.out).toContain("Bí thư chi đoàn — Chi đoàn Khu phố 1");
    expect(await database.prisma.claimCode.count()).toBe(1);
    // Only the hash is kept.
    const shown = /Mã kích hoạt: (\S+)/.exec(code.out)![1]!;
    expect(JSON.stringify(await database.prisma.claimCode.findMany())).not.toContain(shown.replace("-", ""));

    const [id] = await registerYouth(database.db, { count: 1, branch: "TH-BS-PS-KP1", channel: "telegram", firstChatId: 1, at: new Date() });
    await database.prisma.participant.update({ where: { id: id! }, data: { phone: "0912345678" } });
    const grant = await cli("role", "grant", "--role", "admin", "--unit", "TH-BS-PS", "--phone", "+84 912 345 678", "--by", "Văn phòng");
    expect(grant.out).toContain(`Đã giao vai trò Quản trị đơn vị — Phường Phú Sơn cho đoàn viên mã số ${id}`);
    expect(await database.prisma.roleGrant.findFirstOrThrow()).toMatchObject({ participantId: id, role: "ADMIN", grantedBy: "Văn phòng" });
    expect((await cli("role", "list")).out).toContain("TH-BS-PS Phường Phú Sơn: Quản trị đơn vị — Đoàn viên 1");
    expect((await cli("role", "revoke", "--role", "admin", "--unit", "TH-BS-PS", "--participant", String(id))).out).toContain("Đã thu hồi");
    expect(await database.prisma.roleGrant.count()).toBe(0);

    const dialogue = await database.prisma.dialogue.findFirstOrThrow();
    const quota = await cli("quota", "set", "--dialogue", String(dialogue.id), "--branch", "TH-BS-PS-KP1", "--seats", "5");
    expect(quota.out).toContain("Chi đoàn Khu phố 1: 5 suất");
    const again = await cli("dialogue", "publish", String(dialogue.id));
    expect(again.code).toBe(1);
    expect(again.err).toContain(`Buổi đối thoại ${dialogue.id} đã được công bố`);
    const moved = await cli("dialogue", "update", String(dialogue.id), "--venue", "Nhà văn hoá khu phố 1");
    expect(moved.out).toContain("gửi thông báo thay đổi");
    expect(await database.prisma.broadcast.count({ where: { kind: "DIALOGUE_UPDATE" } })).toBe(1);
  });

  it("names what is wrong: a leader on a ward, an unknown unit, a bad date, an unknown command", async () => {
    const ward = await cli("role", "code", "--role", "leader", "--unit", "TH-BS-PS");
    expect(ward.code).toBe(1);
    expect(ward.err).toContain("TH-BS-PS không phải chi đoàn");
    expect((await cli("quota", "set", "--dialogue", "1", "--branch", "XX", "--seats", "3")).err).toContain("Không có đơn vị mã XX");
    const date = await cli("dialogue", "update", "1", "--starts-at", "ngày mai");
    expect(date.code).toBe(2);
    expect(date.err).toContain("--starts-at");
    expect(date.err).toContain("YYYY-MM-DD HH:MM");
    const unknown = await cli("dance");
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("Usage: npm run cli");
  });

  it.skipIf(ON_POSTGRES)("backs the database up while another process writes to it, and never over an earlier backup", async () => {
    await registerYouth(database.db, { count: 200, branch: "TH-BS-PS-KP1", channel: "zalo", firstChatId: 1, at: new Date() });
    const dir = mkdtempSync(join(tmpdir(), "youth-backup-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, "sao-luu.db");
    // The bot keeps writing meanwhile: the copy is a consistent snapshot, not a torn one.
    let writing = true;
    const writes = (async () => {
      for (let n = 0; writing; n++) {
        await registerYouth(database.db, { count: 5, branch: "TH-BS-PS-KP2", channel: "zalo", firstChatId: 10_000 + n * 5, at: new Date() });
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const done = await cli("backup", file).finally(() => (writing = false));
    await writes;
    expect(done.code).toBe(0);
    expect(done.out).toContain(`Đã sao lưu cơ sở dữ liệu vào ${file}`);
    const copy = new Database(file, { readonly: true });
    try {
      expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
      const inCopy = copy.prepare(`SELECT COUNT(*) AS n FROM "Participant" WHERE "branchId" = (SELECT "id" FROM "Unit" WHERE "code" = 'TH-BS-PS-KP1')`).get() as { n: number };
      expect(inCopy.n).toBe(200);
    } finally {
      copy.close();
    }
    const again = await cli("backup", file);
    expect(again.code).toBe(1);
    expect(again.err).toContain("đã có");
  });

  it.runIf(ON_POSTGRES)("sends a PostgreSQL database's backup to pg_dump, writing nothing itself", async () => {
    const dir = mkdtempSync(join(tmpdir(), "youth-backup-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const done = await cli("backup", join(dir, "sao-luu.db"));
    expect(done.code).toBe(1);
    expect(done.err).toContain("hãy sao lưu bằng pg_dump");
    expect(existsSync(join(dir, "sao-luu.db"))).toBe(false);
  });
});
