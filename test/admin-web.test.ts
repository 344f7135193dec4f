import { existsSync, readFileSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { findUnitByCode } from "../src/domain/roles.js";
import { createToken } from "../src/domain/staff-tokens.js";
import { TestClock } from "./support/clock.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";
import { received } from "./support/engagement.js";
import { FakeTelegram } from "./support/fake-telegram.js";
import { startApp, type StartedApp } from "./support/app.js";
import { onboard, TelegramYouth } from "./support/telegram-youth.js";

/** Debian's chromium (`apt-get install chromium`; .ci/run installs it), driven by playwright-core. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const NOW = new Date("2026-11-25T03:00:00Z");
const PROPOSAL = "Đề nghị phường mở lớp bồi dưỡng kỹ năng số miễn phí cho thanh niên các khu phố vào buổi tối.";
const ANSWER = "Phường sẽ mở lớp kỹ năng số miễn phí vào tối thứ Ba hằng tuần từ tháng 1/2027.";

let browser: Browser;
let database: TestDatabase;
let telegram: FakeTelegram;
let app: StartedApp;
let base: string;
let token: string;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
});
afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  database = await createTestDatabase(NOW);
  telegram = await new FakeTelegram().start();
  app = await startApp({ db: database.db, clock: new TestClock(NOW), telegram });
  base = app.telegramBot.webhookUrl.replace(/\/webhook\/telegram$/, "");
  token = await database.db.transaction(async (tx) =>
    (await createToken(tx, { name: "Văn phòng phường", role: "ADMIN", unit: (await findUnitByCode(tx, "TH-BS-PS"))!, now: NOW })).token,
  );
  page = await (await browser.newContext({ acceptDownloads: true })).newPage();
});

afterEach(async () => {
  await page.context().close();
  await app.stop();
  await telegram.stop();
  await database.close();
});

async function signIn(with_ = token) {
  await page.goto(`${base}/admin`);
  await page.getByLabel("Khoá truy cập").fill(with_);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
}

describe("the office web page", () => {
  it("signs in with a token, lists proposals by topic with filters, answers one, and downloads the export", async () => {
    const youth = new TelegramYouth(telegram, 3001, app.telegramBot);
    await onboard(youth);
    await youth.tap("Gửi kiến nghị");
    await youth.tap("Việc làm, khởi nghiệp");
    await youth.tap("Phường");
    await youth.send(PROPOSAL);
    await youth.tap("Gửi");

    await signIn("ydt_not-a-token");
    expect(await page.getByRole("alert").textContent()).toBe("Khoá truy cập không đúng hoặc đã bị thu hồi.");
    await signIn();
    const [cookie] = await page.context().cookies();
    expect(cookie).toMatchObject({ name: "ydt_session", httpOnly: true, sameSite: "Strict" });
    await page.getByRole("heading", { name: "Các buổi đối thoại" }).waitFor();

    await page.getByRole("link", { name: /Đối thoại giữa Chủ tịch UBND phường Phú Sơn/ }).click();
    await page.getByRole("heading", { name: "2. Việc làm, khởi nghiệp, lập nghiệp của thanh niên (1)" }).waitFor();
    await page.getByRole("cell", { name: PROPOSAL }).waitFor();

    await page.getByLabel("Trạng thái").first().selectOption({ label: "Đã trả lời" });
    await page.getByRole("button", { name: "Lọc" }).click();
    await page.getByText("Có 0 kiến nghị.").waitFor();
    await page.getByLabel("Trạng thái").first().selectOption({ label: "(tất cả)" });
    await page.getByRole("button", { name: "Lọc" }).click();
    await page.getByText("Có 1 kiến nghị.").waitFor();

    const form = page.getByRole("form", { name: "PS-2026-0001" });
    await form.getByLabel("Trạng thái").selectOption({ label: "Đã trả lời" });
    await form.getByRole("button", { name: "Lưu và báo cho người gửi" }).click();
    // An answer without its text is refused, and says what is missing.
    expect(await page.getByRole("alert").textContent()).toContain("khi trả lời cần ghi nội dung trả lời");
    await page.getByRole("form", { name: "PS-2026-0001" }).getByLabel("Trả lời", { exact: true }).fill(ANSWER);
    await page.getByRole("form", { name: "PS-2026-0001" }).getByLabel("Trạng thái").selectOption({ label: "Đã trả lời" });
    await page.getByRole("form", { name: "PS-2026-0001" }).getByRole("button", { name: "Lưu và báo cho người gửi" }).click();
    expect(await page.getByRole("row", { name: /PS-2026-0001/ }).textContent()).toContain("Đã trả lời");
    expect(await received(telegram, 3001, ANSWER)).toContain("PS-2026-0001");

    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Tải CSV" }).click();
    const csv = readFileSync((await (await download).path())!, "utf8");
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain(PROPOSAL);
    expect(csv).toContain(ANSWER);
    expect((await download).suggestedFilename()).toMatch(/\.csv$/);

    await page.getByRole("button", { name: "Đăng xuất" }).click();
    await page.goto(`${base}/admin/dialogues`);
    await page.getByRole("heading", { name: "Đăng nhập" }).waitFor();
  });
});
