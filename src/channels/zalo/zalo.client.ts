import { z } from "zod";

/** What Zalo may add to a refusal; `retry_after` (seconds) when it rate-limits. */
export interface ZaloErrorParameters {
  retry_after?: number;
}

/** Zalo answered `ok: false`: the call reached Zalo and was refused. */
export class ZaloApiError extends Error {
  constructor(
    readonly method: string,
    readonly error_code: number,
    readonly description: string,
    readonly parameters: ZaloErrorParameters = {},
  ) {
    super(`Zalo ${method} failed: ${error_code} ${description}`);
    this.name = "ZaloApiError";
  }

  /** The same call will fail again (blocked by the user, bad request, bad token): don't retry. */
  get permanent(): boolean {
    return this.error_code !== 429 && this.error_code !== 408 && this.error_code < 500;
  }

  /** How long Zalo asked to wait, in seconds, when it said so (in `parameters` or in the description). */
  get retryAfterSeconds(): number | undefined {
    if (this.parameters.retry_after !== undefined) return this.parameters.retry_after;
    const said = /retry[ _-]?after\D{0,3}(\d+)/i.exec(this.description);
    return said ? Number(said[1]) : undefined;
  }
}

/** The request got no usable answer from Zalo (network failure, timeout, not JSON): worth retrying. */
export class ZaloHttpError extends Error {
  constructor(
    readonly method: string,
    override readonly cause: unknown,
  ) {
    super(`Zalo ${method}: no answer (${cause instanceof Error ? cause.message : String(cause)})`);
    this.name = "ZaloHttpError";
  }
}

const envelope = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error_code: z.number(),
    description: z.string().default(""),
    parameters: z.object({ retry_after: z.number().optional() }).optional(),
  }),
]);

export interface ZaloClientOptions {
  token: string;
  apiBase: string;
  /** A test or a proxy may bring its own. */
  fetch?: typeof fetch;
  /** How long a call may take before it counts as a network failure; getUpdates gets its long-poll timeout on top. */
  requestTimeoutMs?: number;
}

export interface ZaloBotInfo {
  id: string;
  account_name: string;
  account_type: string;
  can_join_groups: boolean;
}
export interface ZaloWebhookInfo {
  url: string;
  updated_at: number;
}
export interface ZaloSentMessage {
  message_id: string;
  date: number;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** The Zalo Bot API calls this product uses (`zalo-bot-api.md`): `POST {base}/bot{token}/{method}` with JSON. */
export function createZaloClient(options: ZaloClientOptions) {
  const fetchImpl = options.fetch ?? fetch;
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  // The token is in every URL: no error that leaves this client may carry it.
  const redact = (err: unknown): unknown =>
    err instanceof Error && err.message.includes(options.token)
      ? Object.assign(new Error(err.message.replaceAll(options.token, "<token>")), { name: err.name })
      : err;

  async function call<T>(method: string, body: Record<string, unknown> = {}, opts: { signal?: AbortSignal; extraMs?: number } = {}): Promise<T> {
    const timeout = AbortSignal.timeout(timeoutMs + (opts.extraMs ?? 0));
    let json: unknown;
    let status = 0;
    try {
      const response = await fetchImpl(`${options.apiBase}/bot${options.token}/${method}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout,
      });
      status = response.status;
      json = await response.json();
    } catch (err) {
      throw new ZaloHttpError(method, redact(err));
    }
    const parsed = envelope.safeParse(json);
    if (!parsed.success) throw new ZaloHttpError(method, new Error(`unexpected answer, HTTP ${status}`));
    if (!parsed.data.ok) {
      const { error_code, description, parameters } = parsed.data;
      throw new ZaloApiError(method, error_code, description, parameters);
    }
    // Zalo's documented shapes; the update inside getUpdates is validated by its caller.
    return parsed.data.result as T;
  }

  return {
    getMe: () => call<ZaloBotInfo>("getMe"),
    /** One update (not yet validated), or null when none came within the timeout (Zalo's 408). */
    async getUpdates(timeoutSeconds: number, signal?: AbortSignal): Promise<unknown> {
      try {
        return await call<unknown>("getUpdates", { timeout: String(timeoutSeconds) }, { signal, extraMs: timeoutSeconds * 1000 });
      } catch (err) {
        if (err instanceof ZaloApiError && err.error_code === 408) return null;
        throw err;
      }
    },
    /** `secretToken` comes back on every delivery in the `X-Bot-Api-Secret-Token` header. */
    setWebhook: (url: string, secretToken: string) => call<ZaloWebhookInfo>("setWebhook", { url, secret_token: secretToken }),
    /** Needed before getUpdates: long polling does not work while a webhook is set. */
    deleteWebhook: () => call<ZaloWebhookInfo>("deleteWebhook"),
    getWebhookInfo: () => call<ZaloWebhookInfo>("getWebhookInfo"),
    /** `text`: 1 to 2000 characters. */
    sendMessage: (chatId: string, text: string) => call<ZaloSentMessage>("sendMessage", { chat_id: chatId, text }),
    sendChatAction: (chatId: string, action: "typing" = "typing") => call<true>("sendChatAction", { chat_id: chatId, action }),
  };
}

