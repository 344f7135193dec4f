import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { TELEGRAM_WEBHOOK_PATH } from "../../src/channels/telegram/telegram.channel.js";
import { ZALO_WEBHOOK_PATH } from "../../src/channels/zalo/zalo.channel.js";

/**
 * - `mirror`: every request goes to every process at once, as when a platform delivers an update
 *   again while the first delivery is still being handled elsewhere (or a balancer's retry races it).
 * - `failover`: to the first process that takes it, as nginx's `proxy_next_upstream error timeout
 *   http_502 http_503 non_idempotent` does: a refused or cut connection, or a 502/503, tries the next.
 */
export type Balancing = "mirror" | "failover";

/** Which process a request went to and how it was answered: a status, or the connection failed. */
export interface Forwarded {
  upstream: number;
  path: string;
  status: number | "error";
}

const FORWARDED_HEADERS = ["content-type", "x-telegram-bot-api-secret-token", "x-bot-api-secret-token", "authorization"];
const RETRIED = new Set([502, 503, 504]);

/** What stands in front of the app's processes (README: two machines behind nginx), on a port of its own. */
export class LoadBalancer {
  readonly forwarded: Forwarded[] = [];
  private server!: Server;
  private port = 0;

  /** `upstreams`: each process's base URL, in the order `failover` tries them. */
  constructor(
    private readonly upstreams: string[],
    private readonly mode: Balancing,
  ) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.forward(req).then(([status, body]) => {
        res.writeHead(status, { "content-type": "text/plain" });
        res.end(body);
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

  /** Where the platforms post, as TelegramYouth and ZaloYouth take it. */
  get telegramWebhook() {
    return { webhookUrl: `http://127.0.0.1:${this.port}${TELEGRAM_WEBHOOK_PATH}` };
  }

  get zaloWebhook() {
    return { webhookUrl: `http://127.0.0.1:${this.port}${ZALO_WEBHOOK_PATH}` };
  }

  private async forward(req: IncomingMessage): Promise<[number, string]> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers: Record<string, string> = {};
    for (const name of FORWARDED_HEADERS) {
      const value = req.headers[name];
      if (typeof value === "string") headers[name] = value;
    }
    const path = req.url ?? "/";
    const send = async (upstream: number): Promise<[number, string] | "error"> => {
      try {
        const res = await fetch(`${this.upstreams[upstream]}${path}`, { method: req.method, headers, body: req.method === "GET" ? undefined : body });
        const text = await res.text();
        this.forwarded.push({ upstream, path, status: res.status });
        return [res.status, text];
      } catch {
        this.forwarded.push({ upstream, path, status: "error" });
        return "error";
      }
    };
    if (this.mode === "mirror") {
      const answers = await Promise.all(this.upstreams.map((_, i) => send(i)));
      // The platform sees 200 only if every copy was taken.
      return answers.find((a) => a === "error" || a[0] !== 200) === undefined ? (answers[0] as [number, string]) : [502, "a copy was refused"];
    }
    for (let i = 0; i < this.upstreams.length; i++) {
      const answer = await send(i);
      if (answer !== "error" && !RETRIED.has(answer[0])) return answer;
    }
    return [502, "no process took it"];
  }
}
