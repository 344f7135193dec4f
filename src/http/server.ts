import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type Router } from "express";
import type { Logger } from "pino";
import type { Readiness } from "../db/readiness.js";

/**
 * The one HTTP server: channel webhooks, the office API and web page. Routers bring their own body
 * parsing. `/healthz`: the process is up; `/readyz`: it can serve (a load balancer's check).
 */
export function createHttpApp(deps: { routers: Router[]; logger: Logger; readiness?: () => Promise<Readiness> }) {
  const app = express();
  app.disable("x-powered-by");
  app.get("/healthz", (_req, res) => {
    res.json({ ok: true });
  });
  const readiness = deps.readiness;
  if (readiness)
    app.get("/readyz", async (_req, res) => {
      const state = await readiness();
      res.status(state.ready ? 200 : 503).json(state);
    });
  for (const router of deps.routers) app.use(router);
  app.use((_req, res) => {
    res.status(404).json({ error: "not_found" });
  });
  app.use((err: Error & { status?: number; type?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) deps.logger.error({ err }, "request failed");
    res.status(status).json({ error: status === 500 ? "internal_error" : (err.type ?? "bad_request") });
  });
  return app;
}

export function listen(app: express.Express, port: number): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, "0.0.0.0");
    server.once("listening", () => resolve({ server, port: (server.address() as AddressInfo).port }));
    server.once("error", reject);
  });
}
