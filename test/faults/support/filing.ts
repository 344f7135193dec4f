import type { TelegramYouth } from "../../support/telegram-youth.js";
import type { ZaloYouth } from "../../support/zalo-youth.js";

const CODE = /PS-\d{4}-\d{4}/;

/** A youth at the menu on Telegram files `text` under the topic labelled `topic`, addressed to the ward; returns the reference code. */
export async function fileOnTelegram(youth: TelegramYouth, text: string, topic = "Việc làm, khởi nghiệp"): Promise<string> {
  await youth.send("/submit");
  await youth.tap(topic);
  await youth.tap("Phường");
  const asked = await youth.send(text);
  // Proposals like it may be offered first: the youth files their own.
  if (asked.at(-1)!.buttons.some((b) => b.text.includes("Vẫn gửi"))) await youth.tap("Vẫn gửi");
  const replies = await youth.tap("Gửi");
  const code = CODE.exec(replies.map((m) => m.text).join("\n"))?.[0];
  if (!code) throw new Error(`no reference code: ${replies.map((m) => m.text).join(" | ")}`);
  return code;
}

/** The same on Zalo, answering by numbers: the menu's first option, topic 2, the ward. */
export async function fileOnZalo(youth: ZaloYouth, text: string): Promise<string> {
  await youth.send("/submit");
  await youth.send("2");
  await youth.send("1");
  const asked = (await youth.send(text)).join("\n");
  const fileMine = /(\d)\. Vẫn gửi kiến nghị của tôi/.exec(asked);
  if (fileMine) await youth.send(fileMine[1]!);
  const replies = (await youth.send("1")).join("\n");
  const code = CODE.exec(replies)?.[0];
  if (!code) throw new Error(`no reference code: ${replies}`);
  return code;
}
