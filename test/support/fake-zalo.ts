import { FakePlatform } from "./fake-platform.js";

/** The Zalo Bot API (`../shared/zalo-bot-api.md`), as much of it as the bot uses. */
export class FakeZalo extends FakePlatform {
  readonly token = "1234567890:zalo-test-secret";
  private nextMessageId = 1;
  webhookUrl = "";
  /** Runs before a sent message is acknowledged: a test looks at the database at that moment. */
  onSend?: (text: string) => Promise<void>;

  protected async route(method: string, body: Record<string, unknown>): Promise<[number, unknown]> {
    const ok = (result: unknown): [number, unknown] => [200, { ok: true, result }];
    switch (method) {
      case "getMe":
        return ok({ id: "1234567890", account_name: "doithoai", account_type: "BASIC", can_join_groups: false });
      case "setWebhook":
        this.webhookUrl = String(body.url);
        return ok({ url: this.webhookUrl, updated_at: Date.now() });
      case "deleteWebhook":
        this.webhookUrl = "";
        return ok({ url: "", updated_at: Date.now() });
      case "getWebhookInfo":
        return ok({ url: this.webhookUrl, updated_at: Date.now() });
      case "getUpdates": {
        if (this.webhookUrl) return [200, { ok: false, error_code: 400, description: "webhook is set" }];
        await this.waitForUpdates(Number(body.timeout ?? 0));
        const update = this.updates.shift();
        return update ? ok(update) : [200, { ok: false, error_code: 408, description: "Request timeout" }];
      }
      case "sendChatAction":
        return ok(true);
      case "sendMessage": {
        const failure = this.nextFailure();
        if (failure) return [200, { ok: false, error_code: failure.error_code, description: failure.description }];
        const text = String(body.text ?? "");
        if (!text || [...text].length > 2000) return [200, { ok: false, error_code: 400, description: "text must be 1-2000 characters" }];
        await this.onSend?.(text);
        this.record({ chat_id: String(body.chat_id), text, buttons: [] });
        return ok({ message_id: `m${this.sent.length}`, date: Date.now() });
      }
      default:
        return [200, { ok: false, error_code: 404, description: `unknown method ${method}` }];
    }
  }

  /** A text (or another event) from a user, as Zalo shapes it. */
  update(chatId: string, event: { text: string } | { event_name: string }, messageId = `zm${this.nextMessageId++}`) {
    const eventName = "text" in event ? "message.text.received" : event.event_name;
    return {
      event_name: eventName,
      message: {
        message_id: messageId,
        date: Date.now(),
        chat: { id: chatId, chat_type: "PRIVATE" },
        from: { id: chatId, display_name: "Nguyen Van A", is_bot: false },
        ...("text" in event ? { text: event.text } : { sticker: "bfe2a3c4", photo_url: "https://example.test/p.jpg" }),
      },
    };
  }
}
