import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface SentMessage {
  chat_id: string;
  text: string;
  /** Button labels, row by row, flattened; with their callback data. */
  buttons: { text: string; data: string }[];
}

type Failure = { error_code: number; description: string; retry_after?: number };

/**
 * A Telegram Bot API on loopback, as much of it as the bot uses: it records what the bot
 * sends, serves queued updates to long polling, and fails sends on demand (429, 403, 500).
 */
export class FakeTelegram {
  readonly token = "123456:TEST-token";
  readonly sent: SentMessage[] = [];
  readonly calls: { method: string; body: Record<string, unknown> }[] = [];
  private server!: Server;
  private updates: Record<string, unknown>[] = [];
  private nextUpdateId = 1000;
  private failures: Failure[] = [];
  private waiters: (() => void)[] = [];
  private byChat = new Map<string, SentMessage[]>();
  private chatWaiters = new Map<string, Set<() => void>>();
  port = 0;

  get apiRoot() {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.route(req).then(([status, body]) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** The next `count` sendMessage calls fail with this error. */
  failSends(count: number, failure: Failure) {
    for (let i = 0; i < count; i++) this.failures.push(failure);
  }

  newUpdateId() {
    return this.nextUpdateId++;
  }

  /** Queues an update for long polling. */
  queue(update: Record<string, unknown>) {
    this.updates.push(update);
    this.wake();
  }

  sentTo(chatId: number | string): SentMessage[] {
    return this.byChat.get(String(chatId)) ?? [];
  }

  /** Resolves once `chatId` has received `count` messages in all. */
  async waitForCount(chatId: number | string, count: number, timeoutMs = 5000): Promise<SentMessage[]> {
    const key = String(chatId);
    const deadline = Date.now() + timeoutMs;
    while (this.sentTo(key).length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`chat ${key}: ${this.sentTo(key).length} of ${count} messages`);
      await new Promise<void>((resolve) => {
        const waiters = this.chatWaiters.get(key) ?? new Set();
        this.chatWaiters.set(key, waiters);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, left);
        waiters.add(done);
      });
    }
    return this.sentTo(key);
  }

  private wake() {
    const waiters = this.waiters.splice(0);
    waiters.forEach((w) => w());
  }

  private async route(req: IncomingMessage): Promise<[number, unknown]> {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? "");
    if (!match || match[1] !== this.token) return [401, { ok: false, error_code: 401, description: "Unauthorized" }];
    const method = match[2]!;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
    this.calls.push({ method, body });
    const ok = (result: unknown): [number, unknown] => [200, { ok: true, result }];
    switch (method) {
      case "getMe":
        return ok({ id: 123456, is_bot: true, first_name: "Đối thoại", username: "doithoai_bot" });
      case "setMyCommands":
      case "setWebhook":
      case "deleteWebhook":
      case "answerCallbackQuery":
        return ok(true);
      case "getUpdates":
        return ok(await this.takeUpdates(Number(body.offset ?? 0), Math.min(Number(body.timeout ?? 0), 1)));
      case "sendMessage":
        return this.sendMessage(body);
      default:
        return [404, { ok: false, error_code: 404, description: `Not Found: method ${method}` }];
    }
  }

  private sendMessage(body: Record<string, unknown>): [number, unknown] {
    const failure = this.failures.shift();
    if (failure) {
      const { retry_after, ...rest } = failure;
      return [failure.error_code, { ok: false, ...rest, ...(retry_after ? { parameters: { retry_after } } : {}) }];
    }
    const text = String(body.text ?? "");
    if (!text || text.length > 4096) return [400, { ok: false, error_code: 400, description: "Bad Request: message text is empty or too long" }];
    const markup = body.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined;
    for (const row of markup?.inline_keyboard ?? [])
      for (const b of row)
        if (Buffer.byteLength(b.callback_data) > 64) return [400, { ok: false, error_code: 400, description: "Bad Request: BUTTON_DATA_INVALID" }];
    const message: SentMessage = {
      chat_id: String(body.chat_id),
      text,
      buttons: (markup?.inline_keyboard ?? []).flat().map((b) => ({ text: b.text, data: b.callback_data })),
    };
    this.sent.push(message);
    const chat = this.byChat.get(message.chat_id) ?? [];
    this.byChat.set(message.chat_id, chat);
    chat.push(message);
    this.chatWaiters.get(message.chat_id)?.forEach((w) => w());
    return [200, { ok: true, result: { message_id: this.sent.length, date: Math.floor(Date.now() / 1000), chat: { id: Number(body.chat_id), type: "private" }, text } }];
  }

  private async takeUpdates(offset: number, timeoutSeconds: number) {
    const deadline = Date.now() + timeoutSeconds * 1000;
    for (;;) {
      this.updates = this.updates.filter((u) => (u.update_id as number) >= offset);
      if (this.updates.length || Date.now() >= deadline) return this.updates.slice(0, 100);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }
}
