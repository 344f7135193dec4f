/**
 * Simulated youth for the benchmarks: each goes through the proposal flow from the first message
 * to the reference code through the Telegram webhook of the real bot process(es), against the fake
 * Telegram on loopback, pausing between answers as people do, and times every step until all of
 * its replies have arrived.
 */
import { Agent, request } from "node:http";
import { loadI18n, t } from "../src/i18n/i18n.js";
import type { FakeTelegram } from "../test/support/fake-telegram.js";
import { BENCH_SECRET } from "./bot-process.js";

export const PROPOSAL_TEXT = "Đề nghị phường hỗ trợ thanh niên vay vốn khởi nghiệp với lãi suất ưu đãi và thủ tục đơn giản hơn.";

type Action = { send: string } | { tap: number | "random" } | { tapIfOffered: string };
/**
 * `replies`: messages the turn brings. `tapIfOffered`: the button with this label, when the last
 * message offers it; the step is skipped otherwise (proposals like the youth's are offered only
 * when there are some).
 */
export type ScriptStep = Action & { replies: number };

/**
 * The proposal flow from the first message to the reference code. `branchLevels`: choices down the
 * unit tree to the youth's branch (1 when the tree has one ward: its branches are offered at once;
 * 3 for a province of towns and wards: town, ward, branch).
 */
export function proposalScript(branchLevels = 1): ScriptStep[] {
  return [
    { send: "/start", replies: 1 },
    { tap: 0, replies: 1 }, // I agree
    { tap: 0, replies: 2 }, // announcements: yes → recorded, ask name
    { send: "Nguyễn Thị Hoa", replies: 1 },
    { send: "2002", replies: 1 },
    ...Array.from({ length: branchLevels }, (): ScriptStep => ({ tap: "random", replies: 1 })), // town, ward, branch → phone
    { tap: 0, replies: 2 }, // skip phone → profile complete, menu
    { tap: 0, replies: 1 }, // menu: send a proposal → topics
    { tap: "random", replies: 1 }, // topic → level
    { tap: "random", replies: 1 }, // level → text
    { send: PROPOSAL_TEXT, replies: 1 }, // → proposals like it, or review
    { tapIfOffered: FILE_MINE, replies: 1 }, // file mine rather than support one → review
    { tap: 0, replies: 2 }, // send → code, menu
  ];
}

const i18n = loadI18n();
/** A random tap never goes back up the unit tree: the script counts the levels down. */
const BACK = i18n.format("vi", t("common-back"));
/** Offered with proposals like the youth's: the youth files their own all the same, as the benchmarks measure filings. */
const FILE_MINE = i18n.format("vi", t("submit-similar-file-mine"));
/** How the reply with the reference code of a filed proposal begins (not of one supported). */
const RECEIVED = i18n.format("vi", t("submit-received", { code: "" })).split(":")[0]!;

// node:http with keep-alive: lighter than fetch, so the load generator adds less to what it measures.
const agent = new Agent({ keepAlive: true });
function post(port: number, body: string, tries = 1): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: "/webhook/telegram",
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), "X-Telegram-Bot-Api-Secret-Token": BENCH_SECRET },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", (err: NodeJS.ErrnoException) => {
      // The server closed an idle kept-alive connection as this request went out on it: send it
      // again (a webhook delivered twice is handled once anyway). On a busy machine the agent may
      // hold several such connections before it notices they are closed: each is tried in turn.
      if (req.reusedSocket && err.code === "ECONNRESET" && tries < 10) resolve(post(port, body, tries + 1));
      else reject(new Error(`webhook on port ${port}: ${err.message} (${err.code}, ${req.reusedSocket ? "a kept-alive connection" : "a new connection"}, try ${tries})`));
    });
    req.end(body);
  });
}

export interface YouthOptions {
  fake: FakeTelegram;
  /** The port each update is posted to: one bot, or the next of several in turn. */
  port: () => number;
  /** Mean pause between reading a reply and answering (uniform, ±50 %). */
  thinkMs: number;
  script: ScriptStep[];
}

/** Runs youth through `script`; each new chat ends with its reference code. */
export function simulatedYouth(o: YouthOptions) {
  let updateId = 1;
  return async function youth(chatId: number, latencies: number[]): Promise<void> {
    let received = 0;
    for (const step of o.script) {
      const offered = o.fake.sentTo(chatId).at(-1)?.buttons ?? [];
      if ("tapIfOffered" in step && !offered.some((b) => b.text === step.tapIfOffered)) continue;
      await new Promise((r) => setTimeout(r, o.thinkMs * (0.5 + Math.random())));
      const id = updateId++;
      let update: Record<string, unknown>;
      if ("send" in step) {
        update = { update_id: id, message: { message_id: id, date: 0, chat: { id: chatId, type: "private" }, from: { id: chatId, is_bot: false, first_name: "Hoa" }, text: step.send } };
      } else {
        const buttons = o.fake.sentTo(chatId).findLast((m) => m.buttons.length)!.buttons;
        const forward = buttons.filter((b) => b.text !== BACK);
        const button =
          "tapIfOffered" in step
            ? buttons.find((b) => b.text === step.tapIfOffered)!
            : step.tap === "random"
              ? forward[Math.floor(Math.random() * forward.length)]!
              : buttons[step.tap]!;
        update = { update_id: id, callback_query: { id: String(id), from: { id: chatId, is_bot: false, first_name: "Hoa" }, chat_instance: "1", data: button.data, message: { message_id: 1, date: 0, chat: { id: chatId, type: "private" } } } };
      }
      const started = performance.now();
      const status = await post(o.port(), JSON.stringify(update));
      if (status !== 200) throw new Error(`webhook answered ${status}`);
      received += step.replies;
      await o.fake.waitForCount(chatId, received, 30_000);
      latencies.push(performance.now() - started);
    }
    const code = o.fake.sentTo(chatId).at(-2)!.text;
    if (!code.startsWith(RECEIVED) || !/[A-Z]+-\d{4}-\d{4,}/.test(code)) throw new Error(`chat ${chatId} filed no proposal: ${code.slice(0, 200)}`);
  };
}
