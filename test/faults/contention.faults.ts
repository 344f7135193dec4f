import { describe, expect, it } from "vitest";
import { findUnitByCode } from "../../src/domain/roles.js";
import { createToken } from "../../src/domain/staff-tokens.js";
import { registerYouth } from "../support/population.js";
import { onboardOnZalo, ZaloYouth } from "../support/zalo-youth.js";
import { figures } from "./support/bot-process.js";
import { faultStage } from "./support/stage.js";
import { holdTransaction } from "../support/outside-process.js";

const YOUTH = 50;
/** Filed earlier, so the export runs a while: on another topic than the youth's, so none is suggested to them. */
const EARLIER_PROPOSALS = 20_000;
const CODE = /PS-\d{4}-\d{4,}/;
/** Names are letters only: two of them tell 50 youth apart. */
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

const stage = faultStage();

/** Earlier proposals of topic 1, grouped ten by ten as the bot groups them on filing; and an admin's token. */
async function seedEarlierProposals(): Promise<{ dialogueId: number; token: string }> {
  const [author] = await registerYouth(stage.database.db, { count: 1, branch: "TH-BS-PS-KP1", channel: "zalo", firstChatId: 1, at: new Date() });
  return stage.database.db.transaction(async (tx) => {
    const d = (await tx.get<{ id: number; topicId: number }>(
      `SELECT d."id", t."id" AS "topicId" FROM "Dialogue" d JOIN "Topic" t ON t."dialogueId" = d."id" AND t."position" = 1`,
    ))!;
    const now = new Date();
    let groupId = 0;
    for (let i = 0; i < EARLIER_PROPOSALS; i++) {
      if (i % 10 === 0)
        groupId = (await tx.get<{ id: number }>(
          `INSERT INTO "ProposalGroup" ("dialogueId", "topicId", "createdAt", "updatedAt") VALUES (?, ?, ?, ?) RETURNING "id"`,
          d.id,
          d.topicId,
          now,
          now,
        ))!.id;
      await tx.run(
        `INSERT INTO "Proposal" ("code", "dialogueId", "participantId", "topicId", "groupId", "level", "text", "status", "channel", "createdAt", "updatedAt")
         VALUES (?, ?, ?, ?, ?, 'WARD', ?, 'RECEIVED', 'zalo', ?, ?)`,
        `PS-2025-${String(i + 1).padStart(6, "0")}`,
        d.id,
        author!,
        d.topicId,
        groupId,
        `Kiến nghị số ${i + 1} về chính sách cho thanh niên: đề nghị công khai kế hoạch và lắng nghe ý kiến đoàn viên ở khu phố.`,
        now,
        now,
      );
    }
    const { token } = await createToken(tx, { name: "văn phòng", role: "ADMIN", unit: (await findUnitByCode(tx, "TH-BS-PS"))!, now });
    return { dialogueId: d.id, token };
  });
}

describe("contention on the SQLite file", () => {
  it("keeps every proposal confirmed to 50 youth finishing at once during an XLSX export and another process's read transaction", async () => {
    const { dialogueId, token } = await seedEarlierProposals();
    const app = (await stage.start({ platforms: ["zalo"], webhook: true }));
    const youth = Array.from({ length: YOUTH }, (_, i) => new ZaloYouth(stage.zalo, `za5${String(i).padStart(3, "0")}`, app.zaloWebhook));
    await Promise.all(
      youth.map(async (y, i) => {
        await onboardOnZalo(y, String(1 + (i % 5)), `Đoàn Viên ${LETTERS[i % 26]}${LETTERS[Math.floor(i / 26)]}`);
        for (const answer of ["1", "2", "1", `Đề nghị số ${i}: mở lớp dạy nghề sửa xe máy và điện lạnh miễn phí cho thanh niên khu phố.`]) await y.send(answer);
      }),
    );

    const reader = await holdTransaction(stage.database.url, "DEFERRED", 20_000);
    const exportStart = performance.now();
    const download = fetch(`${app.url}/api/dialogues/${dialogueId}/proposals/export?format=xlsx`, { headers: { authorization: `Bearer ${token}` } }).then(
      async (res) => ({ status: res.status, bytes: (await res.arrayBuffer()).byteLength, seconds: (performance.now() - exportStart) / 1000 }),
    );
    // Everyone confirms at the same moment.
    const replies = await Promise.all(youth.map((y) => y.send("1")));
    const exported = await download;
    reader.process.kill();

    const codes = replies.map((texts) => CODE.exec(texts.join("\n"))?.[0]).filter((c): c is string => !!c);
    const saved = await stage.database.prisma.proposal.findMany({ where: { code: { in: codes } }, select: { code: true, text: true } });
    const { journal_mode } = await stage.database.db.transaction(async (tx) => (await tx.get<{ journal_mode: string }>("PRAGMA journal_mode"))!);
    const result = {
      youth: YOUTH,
      confirmed: codes.length,
      saved: saved.length,
      missing: codes.length - saved.length,
      export_status: exported.status,
      export_mb: Math.round(exported.bytes / 1e5) / 10,
      export_s: Math.round(exported.seconds * 10) / 10,
      journal_mode,
    };
    figures("contention", result);
    expect(result).toMatchObject({ confirmed: YOUTH, saved: YOUTH, missing: 0, export_status: 200, journal_mode: "wal" });
    expect(new Set(codes).size).toBe(YOUTH);
    expect(saved.every((p) => p.text.includes("mở lớp dạy nghề sửa xe máy"))).toBe(true);
  });
});
