import { FakePlatform, RESET, type Failure } from "./fake-platform.js";

export type ZaloUpdateBody = ReturnType<FakeZalo["event"]>;

/** The Zalo Bot API (`zalo-bot-api.md`), as much of it as the bot uses, on a real HTTP server. */
export class FakeZalo extends FakePlatform {
  readonly token = "1234567890:zalo-test-secret";
  webhookUrl = "";
  webhookSecret = "";
  /** Runs before a sent message is acknowledged: a test looks at the database at that moment. */
  onSend?: (text: string) => Promise<void>;
  private nextMessageId = 1;
  private pollFailures: Failure[] = [];

  /** The next `count` getUpdates calls fail with this error. */
  failPolls(count: number, failure: Failure) {
    for (let i = 0; i < count; i++) this.pollFailures.push(failure);
  }

  protected async route(method: string, body: Record<string, unknown>, via: string | undefined): Promise<[number, unknown] | typeof RESET> {
    const ok = (result: unknown): [number, unknown] => [200, { ok: true, result }];
    const refuse = ({ error_code, description, retry_after }: Failure): [number, unknown] => [
      200,
      { ok: false, error_code, description, ...(retry_after ? { parameters: { retry_after } } : {}) },
    ];
    switch (method) {
      case "getMe":
        return ok({ id: "1234567890", account_name: "doithoai", account_type: "BASIC", can_join_groups: false });
      case "setWebhook": {
        const secret = String(body.secret_token ?? "");
        if (secret.length < 8 || secret.length > 256) return refuse({ error_code: 400, description: "secret_token must be 8-256 characters" });
        this.webhookUrl = String(body.url);
        this.webhookSecret = secret;
        return ok({ url: this.webhookUrl, updated_at: Date.now() });
      }
      case "deleteWebhook":
        this.webhookUrl = "";
        this.webhookSecret = "";
        return ok({ url: "", updated_at: Date.now() });
      case "getWebhookInfo":
        return ok({ url: this.webhookUrl, updated_at: Date.now() });
      case "getUpdates": {
        const failure = this.pollFailures.shift();
        if (failure) return refuse(failure);
        if (this.webhookUrl) return refuse({ error_code: 400, description: "webhook is set; delete it to use getUpdates" });
        await this.waitForUpdates(Number(body.timeout ?? 0));
        const update = this.updates.shift();
        return update ? ok(update) : refuse({ error_code: 408, description: "Request timeout" });
      }
      case "sendChatAction":
        return ok(true);
      case "sendMessage": {
        const failure = this.nextFailure(String(body.chat_id));
        if (failure === RESET) return RESET;
        if (failure) return refuse(failure);
        const text = String(body.text ?? "");
        if (!text || [...text].length > 2000) return refuse({ error_code: 400, description: "text must be 1-2000 characters" });
        await this.onSend?.(text);
        this.record({ chat_id: String(body.chat_id), text, buttons: [], ...(via ? { via } : {}) });
        return ok({ message_id: `m${this.sent.length}`, date: Date.now() });
      }
      default:
        return refuse({ error_code: 404, description: `unknown method ${method}` });
    }
  }

  /** A user's text, as Zalo shapes it; a new message_id unless one is given (a redelivery). */
  text(chatId: string, text: string, messageId?: string) {
    return this.event(chatId, "message.text.received", { text }, messageId);
  }

  sticker(chatId: string) {
    return this.event(chatId, "message.sticker.received", { sticker: "bfe2a3c4" });
  }

  image(chatId: string, caption?: string) {
    return this.event(chatId, "message.image.received", { photo_url: "https://example.test/p.jpg", ...(caption ? { caption } : {}) });
  }

  /** Any event, known to the bot or not. */
  event(chatId: string, eventName: string, fields: Record<string, unknown> = {}, messageId = `zm${this.nextMessageId++}`) {
    return {
      event_name: eventName,
      message: {
        message_id: messageId,
        date: Date.now(),
        chat: { id: chatId, chat_type: "PRIVATE" },
        from: { id: chatId, display_name: "Nguyen Van A", is_bot: false },
        ...fields,
      },
    };
  }
}
