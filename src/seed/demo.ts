import type { Db } from "../db/client.js";
import { defaultSubmissionsClose } from "../domain/dialogues.js";
import { publishDialogue } from "../domain/publishing.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The plan this product comes from: Phú Sơn ward, Bỉm Sơn town, Thanh Hoá province, 2023. */
const PLAN = {
  province: { code: "TH", name: "Tỉnh Thanh Hoá" },
  town: { code: "TH-BS", name: "Thị xã Bỉm Sơn" },
  ward: { code: "TH-BS-PS", name: "Phường Phú Sơn" },
  branches: [
    { code: "TH-BS-PS-KP1", name: "Chi đoàn Khu phố 1" },
    { code: "TH-BS-PS-KP2", name: "Chi đoàn Khu phố 2" },
    { code: "TH-BS-PS-KP3", name: "Chi đoàn Khu phố 3" },
    { code: "TH-BS-PS-KP4", name: "Chi đoàn Khu phố 4" },
    { code: "TH-BS-PS-KP5", name: "Chi đoàn Khu phố 5" },
  ],
  title: "Đối thoại giữa Chủ tịch UBND phường Phú Sơn với thanh niên năm 2023",
  theme:
    "Xây dựng tổ chức Đoàn, Hội vững mạnh; thúc đẩy khát vọng cống hiến và tinh thần sáng tạo, khởi nghiệp của thanh niên Thanh Hoá",
  venue: "Hội trường UBND phường Phú Sơn, kết nối trực tuyến với điểm cầu tỉnh và thị xã",
  topics: [
    {
      vi: "Thông tin chủ trương, chính sách của Đảng, Nhà nước về chăm lo, phát triển thanh niên",
      en: "Party and State policy on caring for and developing youth",
    },
    { vi: "Việc làm, khởi nghiệp, lập nghiệp của thanh niên", en: "Youth employment and start-ups" },
    {
      vi: "Cải cách hành chính, chuyển đổi số, đổi mới sáng tạo",
      en: "Administrative reform, digital transformation and innovation",
    },
    {
      vi: "Đề xuất giải pháp hỗ trợ thanh niên khởi nghiệp",
      en: "Proposals on supporting youth start-ups",
    },
  ],
};

/**
 * Loads the demo dialogue with dates counted from `now`: the dialogue four weeks ahead,
 * submissions open from now until the plan's 7 days before. Does nothing if units exist.
 */
export async function seedDemo(db: Db, now: Date): Promise<boolean> {
  if ((await db.prisma.unit.count()) > 0) return false;
  const dialogueId = await db.prisma.$transaction(async (tx) => {
    const province = await tx.unit.create({ data: { ...PLAN.province, level: "PROVINCE" } });
    const town = await tx.unit.create({ data: { ...PLAN.town, level: "TOWN", parentId: province.id } });
    const ward = await tx.unit.create({ data: { ...PLAN.ward, level: "WARD", parentId: town.id } });
    for (const branch of PLAN.branches) await tx.unit.create({ data: { ...branch, level: "BRANCH", parentId: ward.id } });

    // 08:00 Vietnam time (01:00 UTC), 28 days from now.
    const startsAt = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS + 28 * DAY_MS + 1 * 60 * 60 * 1000);
    const dialogue = await tx.dialogue.create({
      data: {
        hostUnitId: ward.id,
        title: PLAN.title,
        theme: PLAN.theme,
        startsAt,
        venue: PLAN.venue,
        format: "HYBRID",
        submissionsOpenAt: now,
        submissionsCloseAt: defaultSubmissionsClose(startsAt),
        codePrefix: "PS",
        topics: { create: PLAN.topics.map((x, i) => ({ position: i + 1, nameVi: x.vi, nameEn: x.en })) },
      },
    });
    return dialogue.id;
  });
  // Published as staff would publish it: youth can file at once, and its reminders are scheduled.
  await db.transaction(async (tx) => publishDialogue(tx, dialogueId, now));
  return true;
}
