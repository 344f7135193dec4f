/**
 * A province at full size on PostgreSQL, for `npm run bench:scale`: the demo dialogue (its topics,
 * Thanh Hoá province, Bỉm Sơn town, Phú Sơn ward) held by the province, 27 towns, 500 wards,
 * 5 000 branches, youth spread over them with a chat each (Telegram and Zalo), and proposals with
 * their groups of similar ones, supports and every status. Set-based SQL on the server
 * (INSERT … SELECT … FROM generate_series), so a million youth take a minute or two, not an hour
 * of single inserts.
 */
import pg from "pg";
import { openDatabase } from "../src/db/client.js";
import { toSqlDate } from "../src/db/sql-date.js";
import { CONSENT_VERSION } from "../src/domain/participants.js";
import { asciiSlug } from "../src/export/index.js";
import { seedDemoAnnounced } from "./demo.js";
import { AGENCIES, ANSWERS, REASONS, SENTENCES } from "./proposal-texts.js";

export interface ScaleSize {
  youth: number;
  proposals: number;
  towns: number;
  wards: number;
  branches: number;
}

export interface SeededProvince {
  dialogueId: number;
  provinceId: number;
  /** The dialogue's code prefix: its proposals are `TH-2026-…`. */
  codePrefix: string;
  /** Every town, with its wards (and each ward's branch codes). */
  towns: { id: number; code: string; name: string; wards: { id: number; code: string; name: string; branches: string[] }[] }[];
  youth: number;
  proposals: number;
  /** Withdrawn ones besides, which the office never sees. */
  withdrawn: number;
  groups: number;
  supports: number;
  /** Seconds each part took. */
  timings: Record<string, number>;
}

/** The 27 towns, cities and districts of Thanh Hoá; Bỉm Sơn is the demo's. */
const TOWNS: [code: string, name: string][] = [
  ["TP", "Thành phố Thanh Hoá"],
  ["SS", "Thành phố Sầm Sơn"],
  ["BS", "Thị xã Bỉm Sơn"],
  ["NS", "Thị xã Nghi Sơn"],
  ["BT", "Huyện Bá Thước"],
  ["CT", "Huyện Cẩm Thuỷ"],
  ["DS", "Huyện Đông Sơn"],
  ["HT", "Huyện Hà Trung"],
  ["HL", "Huyện Hậu Lộc"],
  ["HH", "Huyện Hoằng Hoá"],
  ["LC", "Huyện Lang Chánh"],
  ["ML", "Huyện Mường Lát"],
  ["NGS", "Huyện Nga Sơn"],
  ["NL", "Huyện Ngọc Lặc"],
  ["NT", "Huyện Như Thanh"],
  ["NX", "Huyện Như Xuân"],
  ["NC", "Huyện Nông Cống"],
  ["QH", "Huyện Quan Hoá"],
  ["QS", "Huyện Quan Sơn"],
  ["QX", "Huyện Quảng Xương"],
  ["TT", "Huyện Thạch Thành"],
  ["THH", "Huyện Thiệu Hoá"],
  ["TX", "Huyện Thọ Xuân"],
  ["THX", "Huyện Thường Xuân"],
  ["TS", "Huyện Triệu Sơn"],
  ["VL", "Huyện Vĩnh Lộc"],
  ["YD", "Huyện Yên Định"],
];
/** Ward names are two syllables, one of each list: 500 different ones. */
const WARD_FIRST = ["An", "Bình", "Đông", "Hoằng", "Quảng", "Thiệu", "Xuân", "Hải", "Minh", "Tân", "Phú", "Vĩnh", "Thạch", "Yên", "Định", "Hà", "Nga", "Triệu", "Thọ", "Cẩm"];
const WARD_SECOND = ["Lộc", "Phong", "Hưng", "Thịnh", "Sơn", "Thành", "Hoà", "Tiến", "Giang", "Khê", "Lâm", "Long", "Ninh", "Trung", "Đức", "Khánh", "Phúc", "Quang", "Bằng", "Thuỷ", "Lợi", "Mỹ", "Châu", "Vân", "Xuyên"];
const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Mai", "Trịnh", "Lường", "Cầm"];
const MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Ngọc", "Thu", "Quang", "Hữu", "Thanh", "Hải", "Xuân", "Bảo", "Khánh", "Gia"];
const GIVEN = ["An", "Anh", "Bình", "Châu", "Chi", "Dũng", "Dương", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Huyền", "Khoa", "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Ngân", "Ngọc", "Nhung", "Phúc", "Phương", "Quân", "Quỳnh", "Sơn", "Tâm", "Thảo", "Trang", "Trung", "Tú", "Tuấn", "Vân", "Việt", "Yến", "Đạt"];


interface UnitRow {
  code: string;
  name: string;
  level: "TOWN" | "WARD" | "BRANCH";
  parentCode: string;
}

/** Towns, wards and branches as rows, parents first; the demo's (TH-BS, TH-BS-PS, its five branches) are left out, as they exist. */
function unitTree(size: ScaleSize): { rows: UnitRow[]; towns: SeededProvince["towns"] } {
  if (size.towns > TOWNS.length) throw new Error(`at most ${TOWNS.length} towns`);
  if (size.wards < size.towns || size.wards > WARD_FIRST.length * WARD_SECOND.length) throw new Error(`--wards must be from --towns to ${WARD_FIRST.length * WARD_SECOND.length}`);
  if (size.branches < size.wards) throw new Error("--branches must be at least --wards");
  const rows: UnitRow[] = [];
  if (size.towns < 1) throw new Error("at least one town");
  const others = TOWNS.filter(([code]) => code !== "BS").slice(0, size.towns - 1);
  const towns: SeededProvince["towns"] = TOWNS.filter((town) => town[0] === "BS" || others.includes(town)).map(([code, name]) => ({
    id: 0,
    code: `TH-${code}`,
    name,
    wards: [],
  }));
  for (const town of towns) if (town.code !== "TH-BS") rows.push({ code: town.code, name: town.name, level: "TOWN", parentCode: "TH" });
  // Ward names in an order that mixes both syllables, Phú Sơn kept for the demo's ward.
  const pairs = WARD_FIRST.flatMap((a, i) => WARD_SECOND.map((b, j) => ({ name: `${a} ${b}`, key: (i * 7 + j * 13) % 101 })))
    .filter((p) => p.name !== "Phú Sơn")
    .sort((a, b) => a.key - b.key || a.name.localeCompare(b.name));
  const bs = towns.findIndex((t) => t.code === "TH-BS");
  let next = 0;
  for (let w = 0; w < size.wards; w++) {
    const town = towns[w % towns.length]!;
    const urban = !town.name.startsWith("Huyện");
    let ward: { code: string; name: string };
    if (w % towns.length === bs && !town.wards.length) ward = { code: "TH-BS-PS", name: "Phường Phú Sơn" };
    else {
      const name = pairs[next++]!.name;
      const initials = asciiSlug(name).split("-").map((s) => s[0]!.toUpperCase()).join("");
      let code = `${town.code}-${initials}`;
      for (let n = 2; town.wards.some((x) => x.code === code); n++) code = `${town.code}-${initials}${n}`;
      ward = { code, name: `${urban ? "Phường" : "Xã"} ${name}` };
      rows.push({ ...ward, level: "WARD", parentCode: town.code });
    }
    town.wards.push({ id: 0, ...ward, branches: [] });
  }
  const wards = towns.flatMap((t) => t.wards);
  for (let b = 0; b < size.branches; b++) {
    const ward = wards[b % wards.length]!;
    const n = ward.branches.length + 1;
    const urban = ward.name.startsWith("Phường");
    const code = `${ward.code}-${urban ? "KP" : "T"}${n}`;
    ward.branches.push(code);
    if (ward.code === "TH-BS-PS" && n <= 5) continue;
    rows.push({ code, name: `Chi đoàn ${urban ? "Khu phố" : "Thôn"} ${n}`, level: "BRANCH", parentCode: ward.code });
  }
  return { rows, towns };
}

/**
 * Makes the province in the migrated, empty database at `databaseUrl`. `log` is told each part as
 * it is done.
 */
export async function seedProvince(databaseUrl: string, size: ScaleSize, now: Date, log: (line: string) => void): Promise<SeededProvince> {
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (what: string, detail = "") => {
    const seconds = (performance.now() - mark) / 1000;
    timings[what] = Math.round(seconds * 10) / 10;
    log(`  ${what}${detail ? ` (${detail})` : ""}: ${seconds.toFixed(1)} s`);
    mark = performance.now();
  };

  // The dialogue and its topics as the demo has them, published; its announcement went out before the youth came.
  const db = await openDatabase(databaseUrl);
  try {
    await seedDemoAnnounced(db, now);
  } finally {
    await db.close();
  }
  lap("demo dialogue");

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const q = async <R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await client.query<R>(sql, params)).rows;
  const at = toSqlDate(now);
  try {
    // A benchmark's data: a crash of the server may lose the last commits.
    await q(`SET synchronous_commit = off`);
    await q(`SELECT setseed(0.2026)`);

    // The dialogue is the province's: every youth of it may file.
    const [province] = await q<{ id: number }>(`SELECT "id" FROM "Unit" WHERE "code" = 'TH'`);
    // The year of the reference codes: the dialogue's, in Vietnam time (timestamps are kept in UTC).
    const [dialogue] = await q<{ id: number; year: string }>(`SELECT "id", to_char("startsAt" + interval '7 hours', 'YYYY') AS "year" FROM "Dialogue"`);
    const codePrefix = "TH";
    await q(
      `UPDATE "Dialogue" SET "hostUnitId" = $1, "codePrefix" = $2, "title" = $3, "venue" = $4,
         "submissionsOpenAt" = $5::timestamp - interval '21 days' WHERE "id" = $6`,
      [
        province!.id,
        codePrefix,
        "Đối thoại giữa Chủ tịch UBND tỉnh Thanh Hoá với thanh niên năm 2026",
        "Hội trường Trung tâm Hội nghị tỉnh, kết nối trực tuyến với 27 điểm cầu huyện, thị xã, thành phố",
        at,
        dialogue!.id,
      ],
    );
    await q(`UPDATE "Broadcast" SET "unitId" = $1 WHERE "dialogueId" = $2`, [province!.id, dialogue!.id]);

    const { rows, towns } = unitTree(size);
    for (const level of ["TOWN", "WARD", "BRANCH"] as const) {
      const of = rows.filter((r) => r.level === level);
      await q(
        `INSERT INTO "Unit" ("code", "name", "level", "parentId", "createdAt")
         SELECT u."code", u."name", $4::text, p."id", $5::timestamp
         FROM unnest($1::text[], $2::text[], $3::text[]) AS u("code", "name", "parent") JOIN "Unit" p ON p."code" = u."parent"`,
        [of.map((r) => r.code), of.map((r) => r.name), of.map((r) => r.parentCode), level, at],
      );
    }
    const ids = new Map((await q<{ id: number; code: string }>(`SELECT "id", "code" FROM "Unit"`)).map((u) => [u.code, u.id]));
    for (const town of towns) {
      town.id = ids.get(town.code)!;
      for (const ward of town.wards) ward.id = ids.get(ward.code)!;
    }
    const branchIds = towns.flatMap((t) => t.wards.flatMap((w) => w.branches.map((b) => ids.get(b)!)));
    lap("units", `${towns.length} towns, ${size.wards} wards, ${branchIds.length} branches`);

    // Youth, each in a branch at random; every other one on Zalo. One in fifty took no announcements,
    // one in a hundred muted them; a third gave a phone.
    await q(
      `INSERT INTO "Participant" ("consentVersion", "consentAt", "consentChannel", "consentAnnouncements", "announcementsMuted",
         "fullName", "birthYear", "phone", "branchId", "createdAt", "updatedAt")
       SELECT $1, j."at", CASE WHEN g % 2 = 0 THEN 'telegram' ELSE 'zalo' END, g % 50 <> 0, g % 100 = 7,
         f.names[1 + g % cardinality(f.names)] || ' ' || m.names[1 + (g / cardinality(f.names)) % cardinality(m.names)] || ' '
           || n.names[1 + (g / (cardinality(f.names) * cardinality(m.names))) % cardinality(n.names)],
         1996 + g % 14,
         CASE WHEN g % 3 = 0 THEN '09' || lpad(((g::bigint * 7919) % 100000000)::text, 8, '0') END,
         b.ids[1 + floor(random() * cardinality(b.ids))::int], j."at", j."at"
       FROM (SELECT $3::text[] AS names) f, (SELECT $4::text[] AS names) m, (SELECT $5::text[] AS names) n, (SELECT $6::int[] AS ids) b,
         generate_series(1, $7::int) g
         CROSS JOIN LATERAL (SELECT $2::timestamp - (g % 365) * interval '1 day' - (g % 86400) * interval '1 second' AS "at") j`,
      [CONSENT_VERSION, at, FAMILY, MIDDLE, GIVEN, branchIds, size.youth],
    );
    lap("youth", `${size.youth}`);

    // A chat each, where they consented (Telegram ids are numbers, Zalo's hex); one in fifty Telegram
    // youth wrote from Zalo too, some of them last.
    await q(
      `INSERT INTO "Conversation" ("channel", "chatId", "participantId", "locale", "flow", "step", "state", "version", "updatedAt")
       SELECT p."consentChannel",
         CASE WHEN p."consentChannel" = 'telegram' THEN (1000000000 + p."id")::text ELSE substr(md5(p."id"::text), 1, 20) END,
         p."id", CASE WHEN p."id" % 40 = 0 THEN 'en' ELSE 'vi' END, 'menu', 'main', '{}', 1, p."updatedAt"
       FROM "Participant" p`,
    );
    await q(
      `INSERT INTO "Conversation" ("channel", "chatId", "participantId", "locale", "flow", "step", "state", "version", "updatedAt")
       SELECT 'zalo', substr(md5(p."id"::text), 1, 20), p."id", 'vi', 'menu', 'main', '{}', 1,
         p."updatedAt" + CASE WHEN p."id" % 4 = 0 THEN interval '1 day' ELSE - interval '1 day' END
       FROM "Participant" p WHERE p."consentChannel" = 'telegram' AND p."id" % 50 = 0`,
    );
    lap("chats");

    // Groups of similar proposals (four proposals on average), each of one topic and around one
    // sentence; proposals filed over the three weeks submissions have been open, every status; one in
    // fifty withdrawn besides.
    const topics = (await q<{ id: number }>(`SELECT "id" FROM "Topic" WHERE "dialogueId" = $1 ORDER BY "position"`, [dialogue!.id])).map((t) => t.id);
    const groups = Math.max(1, Math.round(size.proposals / 4));
    await q(
      `INSERT INTO "ProposalGroup" ("dialogueId", "topicId", "createdAt", "updatedAt")
       SELECT $1::int, ($2::int[])[1 + g % cardinality($2::int[])], $3::timestamp, $3::timestamp FROM generate_series(0, $4::int - 1) g ORDER BY g`,
      [dialogue!.id, topics, at, groups],
    );
    const [firstGroup] = await q<{ id: number }>(`SELECT MIN("id") AS "id" FROM "ProposalGroup"`);
    const withdrawn = Math.floor(size.proposals / 50);
    const year = Number(dialogue!.year);
    const [span] = await q<{ lo: number; hi: number }>(`SELECT MIN("id") AS "lo", MAX("id") AS "hi" FROM "Participant"`);
    await q(
      `INSERT INTO "Proposal" ("code", "dialogueId", "participantId", "topicId", "groupId", "level", "text", "status", "channel",
         "agency", "statusReason", "answer", "answeredAt", "createdAt", "updatedAt")
       SELECT $1::text || '-' || $2::text || '-' || lpad(x.seq::text, GREATEST(4, length(x.seq::text)), '0'), $3::int, pa."id", pg."topicId", pg."id",
         (ARRAY['WARD', 'WARD', 'TOWN', 'PROVINCE', NULL])[1 + floor(x.r1 * 5)::int],
         left(s.a || ' ' || s.b || CASE WHEN x.r2 < 0.5 THEN ' ' || s.c ELSE '' END, 400),
         x.status, pa."consentChannel",
         CASE WHEN x.status IN ('FORWARDED', 'ANSWERED', 'ANSWERED_AT_DIALOGUE') THEN t.agencies[1 + x.n % cardinality(t.agencies)] END,
         CASE WHEN x.status = 'NOT_ADMISSIBLE' THEN t.reasons[1 + x.n % cardinality(t.reasons)] END,
         CASE WHEN x.status IN ('ANSWERED', 'ANSWERED_AT_DIALOGUE')
           THEN t.answers[1 + x.n % cardinality(t.answers)] || ' ' || t.answers[1 + (x.n / 7) % cardinality(t.answers)] END,
         CASE WHEN x.status IN ('ANSWERED', 'ANSWERED_AT_DIALOGUE') THEN x."at" + interval '3 days' END,
         x."at", x."at"
       FROM (SELECT $4::text[] AS sentences, $5::text[] AS agencies, $6::text[] AS reasons, $7::text[] AS answers) t,
       (SELECT y.*, row_number() OVER (ORDER BY y."at") AS "seq" FROM (
         SELECT n, r1, r2, $9::int + floor(random() * $10::int)::int AS "group", $11::int + floor(random() * ($12::int - $11::int + 1))::int AS "author",
           $8::timestamp - random() * interval '21 days' AS "at",
           CASE WHEN n > $13::int THEN 'WITHDRAWN' WHEN r3 < 0.4 THEN 'RECEIVED' WHEN r3 < 0.6 THEN 'FORWARDED' WHEN r3 < 0.8 THEN 'ANSWERED'
             WHEN r3 < 0.92 THEN 'ANSWERED_AT_DIALOGUE' ELSE 'NOT_ADMISSIBLE' END AS "status"
         FROM (SELECT n, random() AS r1, random() AS r2, random() AS r3 FROM generate_series(1, $13::int + $14::int) n) r) y
       ) x
       JOIN "ProposalGroup" pg ON pg."id" = x."group"
       JOIN "Participant" pa ON pa."id" = x."author"
       CROSS JOIN LATERAL (SELECT
         t.sentences[1 + pg."id" % cardinality(t.sentences)] AS a,
         t.sentences[1 + (pg."id" * 7 + x.n) % cardinality(t.sentences)] AS b,
         t.sentences[1 + (x.n * 3) % cardinality(t.sentences)] AS c) s
       ORDER BY x."seq"`,
      [codePrefix, year, dialogue!.id, SENTENCES, AGENCIES, REASONS, ANSWERS, at, firstGroup!.id, groups, span!.lo, span!.hi, size.proposals, withdrawn],
    );
    // Groups every one of whose members was withdrawn are gone, as after staff's merges.
    await q(`DELETE FROM "ProposalGroup" g WHERE NOT EXISTS (SELECT 1 FROM "Proposal" p WHERE p."groupId" = g."id")`);
    await q(
      `INSERT INTO "ProposalCounter" ("prefix", "year", "last") VALUES ($1, $2, $3)
       ON CONFLICT ("prefix", "year") DO UPDATE SET "last" = EXCLUDED."last"`,
      [codePrefix, year, size.proposals + withdrawn],
    );
    // A fifth as many youth supported a proposal shown to them rather than file theirs.
    const [{ supports }] = (await q<{ supports: number }>(
      `WITH s AS (
         INSERT INTO "ProposalSupport" ("proposalId", "participantId", "channel", "createdAt")
         SELECT p."id", pa."id", pa."consentChannel", p."createdAt" + interval '1 hour'
         FROM (SELECT $1::int + floor(random() * $2::int)::int AS "proposal", $3::int + floor(random() * ($4::int - $3::int + 1))::int AS "supporter"
               FROM generate_series(1, $5::int)) x
         JOIN "Proposal" p ON p."id" = x."proposal" AND p."status" <> 'WITHDRAWN'
         JOIN "Participant" pa ON pa."id" = x."supporter"
         ON CONFLICT ("proposalId", "participantId") DO NOTHING RETURNING 1)
       SELECT COUNT(*)::int AS "supports" FROM s`,
      [(await q<{ lo: number }>(`SELECT MIN("id") AS "lo" FROM "Proposal"`))[0]!.lo, size.proposals + withdrawn, span!.lo, span!.hi, Math.round(size.proposals / 5)],
    )) as [{ supports: number }];
    const [{ n: groupCount }] = (await q<{ n: number }>(`SELECT COUNT(*)::int AS "n" FROM "ProposalGroup"`)) as [{ n: number }];
    lap("proposals", `${size.proposals} and ${withdrawn} withdrawn, ${groupCount} groups, ${supports} supports`);

    // As autovacuum would have done by now: statistics for the planner, visibility for index-only scans.
    await q(`VACUUM ANALYZE`);
    lap("vacuum analyze");
    return { dialogueId: dialogue!.id, provinceId: province!.id, codePrefix, towns, youth: size.youth, proposals: size.proposals, withdrawn, groups: groupCount, supports, timings };
  } finally {
    await client.end();
  }
}
