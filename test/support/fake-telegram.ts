import { FakePlatform, RESET } from "./fake-platform.js";

export type { SentMessage } from "./fake-platform.js";

export interface FakeTelegramOptions {
  /**
   * Set: `sendMessage` is rate limited by a token bucket filling at this many messages a second,
   * holding a tenth of a second's worth (the burst allowed); above it the send is refused with a
   * 429 and retry_after 1, as Telegram does. Unset: no limit.
   */
  ratePerSecond?: number;
}

/** The Telegram Bot API, as much of it as the bot uses. */
export class FakeTelegram extends FakePlatform {
  readonly token = "123456:TEST-token";
  private nextUpdateId = 1000;
  /** Sends refused with a 429 by the rate limit (not those queued with failSends). */
  rateLimited = 0;
  private bucket?: { rate: number; capacity: number; tokens: number; at: number };

  constructor(options: FakeTelegramOptions = {}) {
    super();
    this.limitRate(options.ratePerSecond);
  }

  /** From now on `sendMessage` is limited as `FakeTelegramOptions.ratePerSecond` says (undefined: no limit). */
  limitRate(rate: number | undefined): void {
    if (rate === undefined) {
      this.bucket = undefined;
      return;
    }
    if (!(rate > 0)) throw new Error(`ratePerSecond must be positive, not ${rate}`);
    const capacity = Math.max(1, rate / 10);
    this.bucket = { rate, capacity, tokens: capacity, at: performance.now() };
  }

  get apiRoot() {
    return this.baseUrl;
  }

  newUpdateId() {
    return this.nextUpdateId++;
  }

  protected async route(method: string, body: Record<string, unknown>, via: string | undefined): Promise<[number, unknown] | typeof RESET> {
    const ok = (result: unknown): [number, unknown] => [200, { ok: true, result }];
    switch (method) {
      case "getMe":
        return ok({ id: 123456, is_bot: true, first_name: "Đối thoại", username: "doithoai_bot" });
      case "setMyCommands":
      case "setWebhook":
      case "deleteWebhook":
      case "answerCallbackQuery":
        return ok(true);
      case "getUpdates": {
        const offset = Number(body.offset ?? 0);
        this.updates = this.updates.filter((u) => (u.update_id as number) >= offset);
        await this.waitForUpdates(Number(body.timeout ?? 0));
        this.updates = this.updates.filter((u) => (u.update_id as number) >= offset);
        return ok(this.updates.slice(0, 100));
      }
      case "sendMessage":
        return this.sendMessage(body, via);
      default:
        return [404, { ok: false, error_code: 404, description: `Not Found: method ${method}` }];
    }
  }

  /** Takes a token from the bucket, if there is a limit; false: over the limit. */
  private withinRate(): boolean {
    const b = this.bucket;
    if (!b) return true;
    const now = performance.now();
    b.tokens = Math.min(b.capacity, b.tokens + ((now - b.at) / 1000) * b.rate);
    b.at = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  private sendMessage(body: Record<string, unknown>, via: string | undefined): [number, unknown] | typeof RESET {
    if (!this.withinRate()) {
      this.rateLimited++;
      return [429, { ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } }];
    }
    const failure = this.nextFailure(String(body.chat_id));
    if (failure === RESET) return RESET;
    if (failure) {
      const { retry_after, ...rest } = failure;
      return [failure.error_code, { ok: false, ...rest, ...(retry_after ? { parameters: { retry_after } } : {}) }];
    }
    const text = String(body.text ?? "");
    if (!text || text.length > 4096) return [400, { ok: false, error_code: 400, description: "Bad Request: message text is empty or too long" }];
    const markup = body.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined;
    const buttons = (markup?.inline_keyboard ?? []).flat().map((b) => ({ text: b.text, data: b.callback_data }));
    if (buttons.some((b) => Buffer.byteLength(b.data) > 64)) return [400, { ok: false, error_code: 400, description: "Bad Request: BUTTON_DATA_INVALID" }];
    this.record({ chat_id: String(body.chat_id), text, buttons, ...(via ? { via } : {}) });
    const result = { message_id: this.sent.length, date: Math.floor(Date.now() / 1000), chat: { id: Number(body.chat_id), type: "private" }, text };
    return [200, { ok: true, result }];
  }
}
