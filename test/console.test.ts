import { spawn } from "node:child_process";
import { expect, it } from "vitest";
import { appArgs } from "./support/app-build.js";
import { emptyDatabase } from "./support/database.js";

it("the terminal chat files a proposal from a scripted stdin, on a database it seeds itself", async () => {
  const database = await emptyDatabase();
  try {
    const child = spawn(process.execPath, appArgs("main", "--chat"), {
      env: { ...process.env, DATABASE_URL: database.url, TELEGRAM_BOT_TOKEN: "", ZALO_BOT_TOKEN: "" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    const answers = ["1", "có", "Phạm Thị Dung", "2003", "3", "0987.654.321", "gửi kiến nghị", "3", "2"];
    child.stdin.end(`${answers.join("\n")}\nĐề nghị thị xã đơn giản hoá thủ tục đăng ký kinh doanh trực tuyến cho thanh niên.\n1\n`);
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));

    expect(code).toBe(0);
    expect(out).toContain("Chào bạn!");
    expect(out).toContain("1. Tôi đồng ý");
    expect(out).toContain("3. Chi đoàn Khu phố 3");
    expect(out).toMatch(/Đã nhận kiến nghị của bạn\. Mã kiến nghị: PS-\d{4}-0001/);
  } finally {
    await database.remove();
  }
});
