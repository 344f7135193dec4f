import express, { Router, type Request, type Response } from "express";
import { z } from "zod";
import type { Db, Tx } from "../../db/client.js";
import { placeholders } from "../../db/placeholders.js";
import { DomainError } from "../../domain/errors.js";
import { ADDRESSED_LEVELS, PROPOSAL_STATUSES } from "../../domain/proposals.js";
import { listProposals, type OfficeProposal } from "../../domain/proposal-query.js";
import { audit, authenticate, createSession, endSession, sessionPrincipal, type StaffPrincipal } from "../../domain/staff-tokens.js";
import { TRIAGE_STATUSES, triageProposal } from "../../domain/triage.js";
import type { Clock } from "../../flows/runner.js";
import { formatDate, t, type I18n, type TextArgs } from "../../i18n/i18n.js";
import { resolveFilters } from "../api/api.router.js";
import { ApiError } from "../api/api-error.js";
import * as s from "../api/schemas.js";
import { dialogueInScope, proposalInScope, unitsInScope } from "../api/scope.js";
import type { SignInThrottle } from "../api/sign-in-throttle.js";
import { escapeHtml as esc } from "../../text/escape-html.js";
import { page } from "./html.js";
import { clearSessionCookie, sessionIdOf, setSessionCookie } from "./session-cookie.js";

export interface AdminWebDeps {
  db: Db;
  clock: Clock;
  i18n: I18n;
  throttle: SignInThrottle;
}

const PAGE_SIZE = 100;
const LOCALE = "vi" as const;
const form = express.urlencoded({ extended: false, limit: "50kb" });
/** An empty form field is an absent one. */
const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const triageForm = z.object({
  status: z.enum(TRIAGE_STATUSES),
  agency: z.preprocess(blankToUndefined, z.string().trim().min(2).max(300).optional()),
  reason: z.preprocess(blankToUndefined, z.string().trim().min(5).max(2000).optional()),
  answer: z.preprocess(blankToUndefined, z.string().trim().min(5).max(5000).optional()),
  back: z.string().regex(/^\/admin\/dialogues\/\d+(\?[^#]*)?$/),
});

/**
 * The office web page at /admin: sign in with a token (a session cookie follows), dialogues,
 * proposals grouped by topic with filters, downloads, the answer form. Server-rendered, no script.
 */
export function createAdminWebRouter(deps: AdminWebDeps): Router {
  const router = Router();
  const tr = (key: string, args?: TextArgs) => esc(deps.i18n.format(LOCALE, t(key, args)));
  const date = (d: Date | string | null) => (d ? esc(formatDate(LOCALE, new Date(d))) : "");
  const nav = (who: StaffPrincipal) =>
    `<header><strong>${tr("admin-title")}</strong><a href="/admin/dialogues">${tr("admin-dialogues")}</a><span>${esc(who.name)}</span>
     <form method="post" action="/admin/sign-out"><button>${tr("admin-sign-out")}</button></form></header>`;
  const send = (res: Response, status: number, title: string, body: string, who?: StaffPrincipal) =>
    res.status(status).type("html").send(page({ title, body, lang: LOCALE, nav: who ? nav(who) : undefined }));

  const signInPage = (res: Response, status: number, error?: string) =>
    send(
      res,
      status,
      deps.i18n.format(LOCALE, t("admin-sign-in")),
      `<h1>${tr("admin-sign-in")}</h1>${error ? `<p class="error" role="alert">${error}</p>` : ""}
       <form method="post" action="/admin/sign-in"><label>${tr("admin-token")} <input name="token" type="password" autocomplete="off" required size="60"></label>
       <button>${tr("admin-sign-in")}</button></form><p class="note">${tr("admin-token-hint")}</p>`,
    );

  /** The signed-in staff member, or a redirect to the sign-in page. */
  async function signedIn(req: Request, res: Response): Promise<StaffPrincipal | null> {
    const session = sessionIdOf(req);
    const who = session ? await deps.db.transaction(async (tx) => sessionPrincipal(tx, session, deps.clock.now())) : null;
    if (!who) res.redirect(303, "/admin");
    return who;
  }

  router.get("/admin", async (req, res) => {
    const session = sessionIdOf(req);
    const who = session ? await deps.db.transaction(async (tx) => sessionPrincipal(tx, session, deps.clock.now())) : null;
    if (who) return res.redirect(303, "/admin/dialogues");
    signInPage(res, 200);
  });

  router.post("/admin/sign-in", form, async (req, res) => {
    const address = req.ip ?? "unknown";
    const delay = deps.throttle.delayMs(address);
    if (delay) await new Promise((r) => setTimeout(r, delay));
    const token = typeof req.body?.token === "string" ? req.body.token.trim() : "";
    const session = await deps.db.transaction(async (tx) => {
      const who = await authenticate(tx, token);
      return who ? createSession(tx, who.tokenId, deps.clock.now()) : null;
    });
    if (!session) {
      deps.throttle.failed(address);
      return signInPage(res, 401, tr("admin-sign-in-failed"));
    }
    deps.throttle.succeeded(address);
    setSessionCookie(req, res, session);
    res.redirect(303, "/admin/dialogues");
  });

  router.post("/admin/sign-out", async (req, res) => {
    const session = sessionIdOf(req);
    if (session) await deps.db.transaction(async (tx) => endSession(tx, session));
    clearSessionCookie(res);
    res.redirect(303, "/admin");
  });

  router.get("/admin/dialogues", async (req, res) => {
    const who = await signedIn(req, res);
    if (!who) return;
    const rows = await deps.db.transaction(async (tx) => {
      const units = (await unitsInScope(tx, who)).map((u) => u.id);
      if (!units.length) return [];
      return tx.all<{ id: number; title: string; startsAt: string; hostUnit: string; publishedAt: string | null; proposals: number }>(
        `SELECT d."id", d."title", d."startsAt", u."name" AS "hostUnit", d."publishedAt",
                (SELECT COUNT(*) FROM "Proposal" p WHERE p."dialogueId" = d."id" AND p."status" <> 'WITHDRAWN') AS "proposals"
         FROM "Dialogue" d JOIN "Unit" u ON u."id" = d."hostUnitId" WHERE d."hostUnitId" IN (${placeholders(units.length)})
         ORDER BY d."startsAt" DESC`,
        ...units,
      );
    });
    const body = `<h1>${tr("admin-dialogues")}</h1><table><thead><tr><th>${tr("admin-col-dialogue")}</th><th>${tr("admin-col-host")}</th>
      <th>${tr("admin-col-starts")}</th><th>${tr("admin-col-published")}</th><th>${tr("admin-col-proposals")}</th></tr></thead><tbody>
      ${rows
        .map(
          (d) => `<tr><td><a href="/admin/dialogues/${d.id}">${esc(d.title)}</a></td><td>${esc(d.hostUnit)}</td><td>${date(d.startsAt)}</td>
          <td>${d.publishedAt ? date(d.publishedAt) : tr("admin-draft")}</td><td>${d.proposals}</td></tr>`,
        )
        .join("")}</tbody></table>`;
    send(res, 200, deps.i18n.format(LOCALE, t("admin-dialogues")), body, who);
  });

  router.get("/admin/dialogues/:id", async (req, res) => {
    const who = await signedIn(req, res);
    if (!who) return;
    const dialogueId = s.idParam.safeParse(req.params.id);
    const query = s.proposalListQuery.safeParse({ ...req.query, pageSize: String(PAGE_SIZE) });
    if (!dialogueId.success || !query.success) return send(res, 400, "400", `<p class="error">${tr("admin-bad-filter")}</p>`, who);
    const q = query.data;
    const view = await deps.db.transaction(async (tx) => {
      const dialogue = await dialogueInScope(tx, who, dialogueId.data);
      const topics = await tx.all<{ id: number; position: number; nameVi: string }>(
        `SELECT "id", "position", "nameVi" FROM "Topic" WHERE "dialogueId" = ? ORDER BY "position"`,
        dialogue.id,
      );
      const branches = (await unitsInScope(tx, who)).filter((u) => u.level === "BRANCH");
      const filters = await resolveFilters(tx, who, q);
      const list = await listProposals(tx, { dialogueId: dialogue.id, filters, withPhone: who.role === "ADMIN", page: q.page, pageSize: PAGE_SIZE });
      return { dialogue, topics, branches, list };
    }).catch((err: unknown) => {
      if (err instanceof ApiError) return err;
      throw err;
    });
    if (view instanceof ApiError) return send(res, view.status, String(view.status), `<p class="error">${tr("admin-not-allowed")}</p>`, who);

    const filterQuery = new URLSearchParams(
      Object.entries(req.query).filter(([k, v]) => k !== "page" && typeof v === "string" && v !== "") as [string, string][],
    ).toString();
    const back = `/admin/dialogues/${view.dialogue.id}${req.url.includes("?") ? req.url.slice(req.url.indexOf("?")) : ""}`;
    const select = (name: string, options: [string, string][], current: unknown) =>
      `<select name="${name}"><option value="">${tr("admin-any")}</option>${options
        .map(([value, label]) => `<option value="${esc(value)}"${String(current ?? "") === value ? " selected" : ""}>${esc(label)}</option>`)
        .join("")}</select>`;
    const label = (key: string, args: TextArgs) => deps.i18n.format(LOCALE, t(key, args));
    const filters = `<form method="get" class="filters"><fieldset><legend>${tr("admin-filters")}</legend>
      <label>${tr("admin-col-topic")} ${select("topic", view.topics.map((x) => [String(x.id), `${x.position}. ${x.nameVi}`]), req.query.topic)}</label>
      <label>${tr("admin-col-status")} ${select("status", PROPOSAL_STATUSES.filter((x) => x !== "WITHDRAWN").map((x) => [x, label("proposal-status", { status: x })]), req.query.status)}</label>
      <label>${tr("admin-col-level")} ${select("level", ADDRESSED_LEVELS.map((x) => [x, label("proposal-level", { level: x })]), req.query.level)}</label>
      <label>${tr("admin-col-branch")} ${select("branch", view.branches.map((b) => [b.code, b.name]), req.query.branch)}</label>
      <button>${tr("admin-filter")}</button></fieldset></form>`;
    const exportLink = (format: string) =>
      `<a href="/api/dialogues/${view.dialogue.id}/proposals/export?format=${format}${filterQuery ? `&${esc(filterQuery)}` : ""}" download>${tr(`admin-download-${format}`)}</a>`;
    const downloads = `<p class="downloads">${["xlsx", "csv", "json"].map(exportLink).join("")}
      <a href="/api/dialogues/${view.dialogue.id}/conclusion" target="_blank">${tr("admin-conclusion")}</a></p>`;

    const groups = new Map<number, OfficeProposal[]>();
    for (const p of view.list.items) groups.set(p.topicId, [...(groups.get(p.topicId) ?? []), p]);
    const sections = [...groups.values()]
      .map((items) => {
        const first = items[0]!;
        return `<section><h2>${first.topicPosition}. ${esc(first.topicName)} (${items.length})</h2><table><thead><tr>
          <th>${tr("admin-col-code")}</th><th>${tr("admin-col-filed")}</th><th>${tr("admin-col-branch")}</th><th>${tr("admin-col-level")}</th>
          <th>${tr("admin-col-text")}</th><th>${tr("admin-col-status")}</th><th>${tr("admin-col-answer")}</th></tr></thead><tbody>
          ${items.map((p) => proposalRow(p, back)).join("")}</tbody></table></section>`;
      })
      .join("");
    const pages = Math.max(1, Math.ceil(view.list.total / PAGE_SIZE));
    const pager =
      pages > 1
        ? `<p>${Array.from({ length: pages }, (_, i) => i + 1)
            .map((n) => (n === q.page ? `<strong>${n}</strong>` : `<a href="?${esc(filterQuery)}${filterQuery ? "&amp;" : ""}page=${n}">${n}</a>`))
            .join(" ")}</p>`
        : "";
    const error = typeof req.query.error === "string" ? `<p class="error" role="alert">${tr("admin-triage-failed", { error: req.query.error })}</p>` : "";
    const body = `<h1>${esc(view.dialogue.title)}</h1>${error}${filters}${downloads}
      <p>${tr("admin-found", { count: view.list.total })}</p>${sections}${pager}`;
    send(res, 200, view.dialogue.title, body, who);
  });

  function proposalRow(p: OfficeProposal, back: string): string {
    const statusOptions = TRIAGE_STATUSES.map(
      (x) => `<option value="${x}"${p.status === x ? " selected" : ""}>${tr("proposal-status", { status: x })}</option>`,
    ).join("");
    return `<tr id="p${p.id}"><td>${esc(p.code)}</td><td>${date(p.createdAt)}</td><td>${esc(p.branchName ?? "")}</td>
      <td>${p.level ? tr("proposal-level", { level: p.level }) : ""}</td>
      <td>${esc(p.text)}${p.phone !== undefined ? `<br><span class="note">${esc(p.authorName ?? "")} ${esc(p.phone ?? "")}</span>` : ""}</td>
      <td>${tr("proposal-status", { status: p.status })}${p.agency ? `<br>${esc(p.agency)}` : ""}</td>
      <td><form method="post" action="/admin/proposals/${p.id}" aria-label="${esc(p.code)}">
        <input type="hidden" name="back" value="${esc(back)}">
        <label>${tr("admin-col-status")} <select name="status">${statusOptions}</select></label>
        <label>${tr("admin-agency")} <input name="agency" value="${esc(p.agency ?? "")}"></label>
        <label>${tr("admin-reason")} <input name="reason" value="${esc(p.statusReason ?? "")}"></label>
        <textarea name="answer" aria-label="${tr("admin-col-answer")}">${esc(p.answer ?? "")}</textarea>
        <button>${tr("admin-save")}</button></form></td></tr>`;
  }

  router.post("/admin/proposals/:id", form, async (req, res) => {
    const who = await signedIn(req, res);
    if (!who) return;
    const proposalId = s.idParam.safeParse(req.params.id);
    const body = triageForm.safeParse(req.body);
    if (!proposalId.success || !body.success) {
      const back = typeof req.body?.back === "string" && req.body.back.startsWith("/admin/dialogues/") ? req.body.back : "/admin/dialogues";
      const fields = body.success ? "id" : body.error.issues.map((i) => i.path.join(".")).join(", ");
      return res.redirect(303, `${back}${back.includes("?") ? "&" : "?"}error=${encodeURIComponent(fields)}`);
    }
    const { back, ...triage } = body.data;
    const outcome = await deps.db
      .transaction(async (tx: Tx) => {
        await proposalInScope(tx, who, proposalId.data);
        await triageProposal(tx, proposalId.data, triage, deps.clock.now());
        await audit(tx, who, "proposal.triage", "Proposal", proposalId.data, triage, deps.clock.now());
        return null;
      })
      .catch((err: unknown) => {
        if (err instanceof DomainError || err instanceof ApiError) return err instanceof DomainError ? err.code : err.error;
        throw err;
      });
    if (outcome) return res.redirect(303, `${back}${back.includes("?") ? "&" : "?"}error=${encodeURIComponent(outcome)}`);
    res.redirect(303, `${back}#p${proposalId.data}`);
  });

  return router;
}
