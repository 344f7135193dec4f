import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface SentMessage {
  chat_id: string;
  text: string;
  /** Telegram's inline buttons, flattened, with their callback data; none on Zalo. */
  buttons: { text: string; data: string }[];
  /** Which process sent it, when each was given its own API address (`via`). */
  via?: string;
}

/** A turn's messages come one send after another: it is over once the chat is quiet this long, at least. */
const QUIET_MS = 60;
/** At most, however slow the turn's first message was. */
const MAX_QUIET_MS = 2000;
/** How long a turn waits for the bots in this process to be done once its messages came; busier (a broadcast going out), it ends on quiet. */
const MAX_IDLE_WAIT_MS = 2000;
/** How often a turn asks the bots in this process whether they are done. */
const IDLE_POLL_MS = 2;

export type Failure = { error_code: number; description: string; retry_after?: number };

/**
 * Sends that misbehave at random (seeded, so a failing run can be replayed): shares of sends
 * answered 429 with `retryAfterSeconds`, answered 500, or cut off by a connection reset.
 */
export interface Chaos {
  seed: number;
  tooManyRequests?: number;
  retryAfterSeconds?: number;
  serverErrors?: number;
  resets?: number;
}

/** What chaos did, and whether the bot honoured each 429: a send to that chat before its retry_after ran out is an early retry. */
export interface ChaosTally {
  tooManyRequests: number;
  serverErrors: number;
  resets: number;
  earlyRetries: number;
}

/** A small deterministic generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A send the server answers by dropping the connection. */
export const RESET = Symbol("reset");

/**
 * What the fake Telegram and Zalo servers share: a real HTTP server on loopback that records
 * what the bot sends per chat, serves queued updates to long polling, and fails sends on demand.
 */
export abstract class FakePlatform {
  readonly sent: SentMessage[] = [];
  readonly calls: { method: string; body: Record<string, unknown> }[] = [];
  port = 0;
  protected updates: Record<string, unknown>[] = [];
  private failures: Failure[] = [];
  private blocked = new Set<string>();
  private server!: Server;
  private pollWaiters: (() => void)[] = [];
  private byChat = new Map<string, SentMessage[]>();
  private chatWaiters = new Map<string, Set<() => void>>();
  private chaos?: { options: Chaos; random: () => number; waitUntil: Map<string, number> };
  private readonly bots = new Set<() => boolean>();
  readonly chaosTally: ChaosTally = { tooManyRequests: 0, serverErrors: 0, resets: 0, earlyRetries: 0 };
  /** Called with each message recorded as sent, as it is recorded. */
  onSent?: (message: SentMessage) => void;

  /** `via`: the name in the address the call came to (see `via()`), if any. */
  protected abstract route(method: string, body: Record<string, unknown>, via: string | undefined): Promise<[number, unknown] | typeof RESET>;
  protected abstract readonly token: string;

  get baseUrl() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The API's address for one of several app processes: what it sends is recorded with `via: name`. */
  via(name: string) {
    return `${this.baseUrl}/via/${name}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.dispatch(req).then((answer) => {
        if (answer === RESET) {
          req.socket.destroy();
          return;
        }
        const [status, body] = answer;
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

  /**
   * A bot started in this process serves this fake; `idle` says when it has nothing in hand (no
   * update, no reply to send). Returns how to say it stopped.
   */
  servedBy(idle: () => boolean): () => void {
    this.bots.add(idle);
    return () => void this.bots.delete(idle);
  }

  /** The next `count` sends fail with this error. */
  failSends(count: number, failure: Failure) {
    for (let i = 0; i < count; i++) this.failures.push(failure);
  }

  /** From now on sends misbehave at random as `options` says; `undefined`: they behave again. */
  misbehave(options: Chaos | undefined) {
    this.chaos = options && { options, random: seededRandom(options.seed), waitUntil: new Map() };
  }

  /** The user of `chatId` blocks the bot: every send to them is refused with a 403, as both platforms do. */
  block(chatId: number | string) {
    this.blocked.add(String(chatId));
  }

  /** Queues an update for long polling. */
  queue(update: Record<string, unknown>) {
    this.updates.push(update);
    this.pollWaiters.splice(0).forEach((w) => w());
  }

  sentTo(chatId: number | string): SentMessage[] {
    return this.byChat.get(String(chatId)) ?? [];
  }

  /** Resolves once `chatId` has received `count` messages in all. */
  async waitForCount(chatId: number | string, count: number, timeoutMs = 10_000): Promise<SentMessage[]> {
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

  /**
   * The messages a turn brought once `chatId` has `atLeast` more than `before` and the bot is done:
   * a turn can bring several. A bot started in this process (`servedBy`) says when it has nothing
   * left in hand. One in another process, or one still busy with other work, is done once the chat
   * goes quiet: no message for twice as long as the first took since `since` (when the update was
   * delivered), as on a loaded machine every send is slower and a turn's second message comes later.
   * A test that knows a turn brings two says so all the same.
   */
  async turn(chatId: number | string, before: number, atLeast = 1, since = performance.now()): Promise<SentMessage[]> {
    await this.waitForCount(chatId, before + atLeast);
    // With no message expected, a bot that is idle may not have taken the update yet.
    if (atLeast > 0 && this.bots.size) {
      const deadline = performance.now() + MAX_IDLE_WAIT_MS;
      while (performance.now() < deadline) {
        if (!this.updates.length && [...this.bots].every((idle) => idle())) return this.sentTo(chatId).slice(before);
        await new Promise((r) => setTimeout(r, IDLE_POLL_MS));
      }
    }
    const quietMs = Math.min(MAX_QUIET_MS, Math.max(QUIET_MS, 2 * (performance.now() - since)));
    let count = this.sentTo(chatId).length;
    for (;;) {
      await new Promise((r) => setTimeout(r, quietMs));
      const now = this.sentTo(chatId).length;
      if (now === count) return this.sentTo(chatId).slice(before);
      count = now;
    }
  }

  /** Takes the next injected failure, if any, for a send to `chatId`: queued ones first, then chaos. */
  protected nextFailure(chatId: string): Failure | typeof RESET | undefined {
    const queued = this.failures.shift();
    if (queued || !this.chaos) return queued;
    const { options, random, waitUntil } = this.chaos;
    const now = Date.now();
    if ((waitUntil.get(chatId) ?? 0) > now) this.chaosTally.earlyRetries++;
    const draw = random();
    let edge = options.tooManyRequests ?? 0;
    if (draw < edge) {
      const retryAfter = options.retryAfterSeconds ?? 1;
      this.chaosTally.tooManyRequests++;
      waitUntil.set(chatId, now + retryAfter * 1000);
      return { error_code: 429, description: `Too Many Requests: retry after ${retryAfter}`, retry_after: retryAfter };
    }
    if (draw < (edge += options.serverErrors ?? 0)) {
      this.chaosTally.serverErrors++;
      return { error_code: 500, description: "Internal Server Error" };
    }
    if (draw < (edge += options.resets ?? 0)) {
      this.chaosTally.resets++;
      return RESET;
    }
    return undefined;
  }

  protected record(message: SentMessage) {
    this.sent.push(message);
    const chat = this.byChat.get(message.chat_id) ?? [];
    this.byChat.set(message.chat_id, chat);
    chat.push(message);
    this.chatWaiters.get(message.chat_id)?.forEach((w) => w());
    this.onSent?.(message);
  }

  /** Waits up to `timeoutSeconds` (at most 1 s, tests are short) for an update to be queued. */
  protected async waitForUpdates(timeoutSeconds: number): Promise<void> {
    const deadline = Date.now() + Math.min(timeoutSeconds, 1) * 1000;
    while (!this.updates.length && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        this.pollWaiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  private async dispatch(req: IncomingMessage): Promise<[number, unknown] | typeof RESET> {
    const match = /^(?:\/via\/([\w-]+))?\/bot([^/]+)\/(\w+)$/.exec(req.url ?? "");
    if (!match || match[2] !== this.token) return [401, { ok: false, error_code: 401, description: "Unauthorized" }];
    const [, via, , method] = match as unknown as [string, string | undefined, string, string];
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
    this.calls.push({ method, body });
    if (method === "sendMessage" && this.blocked.has(String(body.chat_id))) {
      return [403, { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" }];
    }
    return this.route(method, body, via);
  }
}
