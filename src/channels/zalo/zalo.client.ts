import { z } from "zod";

/** Zalo answered `ok: false`. `permanent`: the same call will fail again (blocked, bad request); don't retry. */
export class ZaloApiError extends Error {
  constructor(
    readonly method: string,
    readonly errorCode: number,
    readonly description: string,
  ) {
    super(`Zalo ${method} failed: ${errorCode} ${description}`);
  }
  get permanent(): boolean {
    return this.errorCode !== 429 && this.errorCode !== 408 && this.errorCode < 500;
  }
}

/** The request never got an answer from Zalo (network, timeout, not JSON). */
export class ZaloHttpError extends Error {
  constructor(
    readonly method: string,
    override readonly cause: unknown,
  ) {
    super(`Zalo ${method}: no answer (${cause instanceof Error ? cause.message : String(cause)})`);
  }
}

const envelope = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error_code: z.number(), description: z.string().default("") }),
]);

export interface ZaloClientOptions {
  token: string;
  apiBase: string;
}

/** The Zalo Bot API calls this product uses (`../shared/zalo-bot-api.md`). */
export function createZaloClient(options: ZaloClientOptions) {
  async function call(method: string, body: Record<string, unknown> = {}, signal?: AbortSignal): Promise<unknown> {
    let response: Response;
    let json: unknown;
    try {
      response = await fetch(`${options.apiBase}/bot${options.token}/${method}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal,
      });
      json = await response.json();
    } catch (err) {
      throw new ZaloHttpError(method, err);
    }
    const parsed = envelope.safeParse(json);
    if (!parsed.success) throw new ZaloHttpError(method, new Error(`unexpected answer, HTTP ${response.status}`));
    if (!parsed.data.ok) throw new ZaloApiError(method, parsed.data.error_code, parsed.data.description);
    return parsed.data.result;
  }

  return {
    getMe: () => call("getMe"),
    /** One update, or null when none came within the timeout (Zalo's 408). */
    async getUpdates(timeoutSeconds: number, signal?: AbortSignal): Promise<unknown | null> {
      try {
        return await call("getUpdates", { timeout: String(timeoutSeconds) }, signal);
      } catch (err) {
        if (err instanceof ZaloApiError && err.errorCode === 408) return null;
        throw err;
      }
    },
    setWebhook: (url: string, secretToken: string) => call("setWebhook", { url, secret_token: secretToken }),
    deleteWebhook: () => call("deleteWebhook"),
    getWebhookInfo: () => call("getWebhookInfo"),
    sendMessage: (chatId: string, text: string) => call("sendMessage", { chat_id: chatId, text }),
    sendChatAction: (chatId: string) => call("sendChatAction", { chat_id: chatId, action: "typing" }),
  };
}

export type ZaloClient = ReturnType<typeof createZaloClient>;
