import { groupDialogue, groupMembers, listGroups, mergeGroups, splitGroup, type SimilarProposals } from "../../domain/similar-proposals.js";
import express, { Router, type NextFunction, type Request, type Response } from "express";
import type { Logger } from "pino";
import type { Db, Tx } from "../../db/client.js";
import { placeholders } from "../../db/placeholders.js";
import { addTopic, createDialogue, renameTopic, updateDialogue } from "../../domain/dialogue-setup.js";
import { setQuota } from "../../domain/invitations.js";
import { listProposals, type ProposalFilters } from "../../domain/proposal-query.js";
import { publishDialogue } from "../../domain/publishing.js";
import { audit, authenticate, sessionPrincipal, type StaffPrincipal } from "../../domain/staff-tokens.js";
import { triageGroup, triageProposal } from "../../domain/triage.js";
import { EXPORT_CONTENT_TYPES, ExportAbortedError, exportFileName, renderConclusion, writeProposalsExport } from "../../export/index.js";
import type { Clock } from "../../flows/runner.js";
import { sessionIdOf } from "../admin/session-cookie.js";
import { ApiError, apiErrorHandler, parseOr400 } from "./api-error.js";
import { openApiDocument } from "./openapi.js";
import * as s from "./schemas.js";
import { dialogueInScope, proposalInScope, unitInScope, unitsInScope } from "./scope.js";
import type { SignInThrottle } from "./sign-in-throttle.js";

export interface ApiDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  throttle: SignInThrottle;
  similar: SimilarProposals;
}

export const API_BODY_LIMIT = "100kb";

declare module "express-serve-static-core" {
  interface Request {
    staff?: StaffPrincipal;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Bearer auth, or the office web page's session cookie (its downloads are API calls): a bad or
 * missing token is a 401; repeated failures from one address are slowed down.
 */
export function bearerAuth(deps: Pick<ApiDeps, "db" | "throttle" | "clock">) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const address = req.ip ?? "unknown";
    const delay = deps.throttle.delayMs(address);
    if (delay) await sleep(delay);
    const match = /^Bearer\s+(\S+)$/i.exec(req.get("authorization") ?? "");
    const session = match ? null : sessionIdOf(req);
    const who = await deps.db.transaction(async (tx) =>
      match ? authenticate(tx, match[1]!) : session ? sessionPrincipal(tx, session, deps.clock.now()) : null,
    );
    if (!who) {
      deps.throttle.failed(address);
      throw new ApiError(401, "unauthorized", { hint: "send Authorization: Bearer <token> (npm run cli -- token create)" });
    }
    deps.throttle.succeeded(address);
    req.staff = who;
    next();
  };
}

/** The filters of a query, with branch codes resolved to units in scope. */
export async function resolveFilters(db: Tx, who: StaffPrincipal, q: ReturnType<typeof s.proposalFilters.parse>): Promise<ProposalFilters> {
  let branchIds: number[] | undefined;
  if (q.branch) {
    branchIds = [];
    for (const code of q.branch) branchIds.push((await unitInScope(db, who, code)).id);
  }
  return {
    status: q.status,
    level: q.level,
    branchIds,
    topicIds: q.topic,
    from: q.from,
    to: q.to,
  };
}

/**
 * The office's JSON API under /api: every route checks the token's role and unit scope, every
 * body and query is validated, every change is written to the audit log.
 */
export function createApiRouter(deps: ApiDeps, extra: (router: Router) => void = () => undefined): Router {
  const router = Router();
  const api = Router();
  const { db } = deps;
  const now = () => deps.clock.now();
  const id = (req: Request, name = "id") => parseOr400(s.idParam, req.params[name]);
  const staff = (req: Request) => req.staff!;
  /** A write with its audit record, in one transaction. */
  const change = <T>(req: Request, action: string, entity: string, entityId: (result: T) => string | number, work: (tx: Tx) => Promise<T>) =>
    db.transaction(async (tx) => {
      const result = await work(tx);
      await audit(tx, staff(req), action, entity, entityId(result), req.body, now());
      return result;
    });

  router.get("/api/openapi.json", (_req, res) => {
    res.json(openApiDocument());
  });
  router.use("/api", express.json({ limit: API_BODY_LIMIT }), bearerAuth(deps), api);

  api.get("/me", (req, res) => {
    res.json(staff(req));
  });

  api.get("/units", async (req, res) => {
    res.json(await db.transaction(async (tx) => unitsInScope(tx, staff(req))));
  });

  api.get("/dialogues", async (req, res) => {
    const dialogues = await db.transaction(async (tx) => {
      const units = await unitsInScope(tx, staff(req));
      if (!units.length) return [];
      return tx.all(
        `SELECT d."id", d."title", d."startsAt", d."venue", d."format", d."submissionsOpenAt", d."submissionsCloseAt", d."publishedAt",
                d."codePrefix", u."code" AS "hostUnit",
                (SELECT COUNT(*) FROM "Proposal" p WHERE p."dialogueId" = d."id" AND p."status" <> 'WITHDRAWN') AS "proposals"
         FROM "Dialogue" d JOIN "Unit" u ON u."id" = d."hostUnitId"
         WHERE d."hostUnitId" IN (${placeholders(units.length)}) ORDER BY d."startsAt" DESC`,
        ...units.map((u) => u.id),
      );
    });
    res.json(dialogues);
  });

  api.post("/dialogues", async (req, res) => {
    const body = parseOr400(s.dialogueCreate, req.body);
    const dialogueId = await change(req, "dialogue.create", "Dialogue", (r: number) => r, async (tx) =>
      createDialogue(tx, { ...body, host: await unitInScope(tx, staff(req), body.hostUnit) }, now()),
    );
    res.status(201).json(await db.transaction(async (tx) => dialogueView(tx, dialogueId)));
  });

  api.get("/dialogues/:id", async (req, res) => {
    const dialogueId = id(req);
    res.json(
      await db.transaction(async (tx) => {
        await dialogueInScope(tx, staff(req), dialogueId);
        return dialogueView(tx, dialogueId);
      }),
    );
  });

  api.patch("/dialogues/:id", async (req, res) => {
    const dialogueId = id(req);
    const body = parseOr400(s.dialogueUpdate, req.body);
    const { announced } = await change(req, "dialogue.update", "Dialogue", () => dialogueId, async (tx) => {
      await dialogueInScope(tx, staff(req), dialogueId);
      return updateDialogue(tx, dialogueId, body, now());
    });
    res.json({ ...(await db.transaction(async (tx) => dialogueView(tx, dialogueId))), announced });
  });

  api.post("/dialogues/:id/publish", async (req, res) => {
    const dialogueId = id(req);
    await change(req, "dialogue.publish", "Dialogue", () => dialogueId, async (tx) => {
      await dialogueInScope(tx, staff(req), dialogueId);
      await publishDialogue(tx, dialogueId, now());
    });
    res.json(await db.transaction(async (tx) => dialogueView(tx, dialogueId)));
  });

  api.post("/dialogues/:id/topics", async (req, res) => {
    const dialogueId = id(req);
    const body = parseOr400(s.topicInput, req.body);
    const topicId = await change(req, "topic.create", "Topic", (r: number) => r, async (tx) => {
      await dialogueInScope(tx, staff(req), dialogueId);
      return addTopic(tx, dialogueId, body);
    });
    res.status(201).json({ id: topicId });
  });

  api.patch("/dialogues/:id/topics/:topicId", async (req, res) => {
    const dialogueId = id(req);
    const topicId = id(req, "topicId");
    const body = parseOr400(s.topicUpdate, req.body);
    await change(req, "topic.update", "Topic", () => topicId, async (tx) => {
      await dialogueInScope(tx, staff(req), dialogueId);
      await renameTopic(tx, dialogueId, topicId, body);
    });
    res.json(await db.transaction(async (tx) => dialogueView(tx, dialogueId)));
  });

  api.put("/dialogues/:id/quotas/:branch", async (req, res) => {
    const dialogueId = id(req);
    const body = parseOr400(s.quotaInput, req.body);
    await change(req, "quota.set", "Quota", () => `${dialogueId}:${req.params.branch}`, async (tx) => {
      await dialogueInScope(tx, staff(req), dialogueId);
      const branch = await unitInScope(tx, staff(req), String(req.params.branch));
      if (branch.level !== "BRANCH") throw new ApiError(400, "invalid_request", [{ field: "branch", message: `${branch.code} is not a branch` }]);
      await setQuota(tx, dialogueId, branch.id, body.seats);
    });
    res.json(await db.transaction(async (tx) => dialogueView(tx, dialogueId)));
  });

  api.get("/dialogues/:id/proposals", async (req, res) => {
    const dialogueId = id(req);
    const q = parseOr400(s.proposalListQuery, req.query);
    const who = staff(req);
    const page = await db.transaction(async (tx) => {
      await dialogueInScope(tx, who, dialogueId);
      const filters = await resolveFilters(tx, who, q);
      return listProposals(tx, { dialogueId, filters, withPhone: who.role === "ADMIN", page: q.page, pageSize: q.pageSize });
    });
    res.json({ page: q.page, pageSize: q.pageSize, ...page });
  });

  api.get("/dialogues/:id/proposals/export", async (req, res) => {
    const dialogueId = id(req);
    const q = parseOr400(s.exportQuery, req.query);
    const who = staff(req);
    const { dialogue, filters } = await db.transaction(async (tx) => {
      const dialogue = await dialogueInScope(tx, who, dialogueId);
      // Proposals not grouped yet (filed by another process, say) are grouped before the file shows groups.
      await deps.similar.groupNew(tx, dialogueId, now());
      return { dialogue, filters: await resolveFilters(tx, who, q) };
    });
    res.type(EXPORT_CONTENT_TYPES[q.format]);
    res.attachment(exportFileName(dialogue, q.format, now()));
    try {
      await writeProposalsExport(db, { dialogueId, filters, withPhone: who.role === "ADMIN", locale: "vi" }, q.format, res, now());
    } catch (err) {
      // The client went away: nothing to answer. Anything else after the first byte can only cut the download short.
      if (err instanceof ExportAbortedError) return;
      if (!res.headersSent) throw err;
      deps.logger.error({ err, dialogueId }, "export failed part-way");
      res.destroy();
    }
  });

  api.get("/dialogues/:id/conclusion", async (req, res) => {
    const dialogueId = id(req);
    await db.transaction(async (tx) => dialogueInScope(tx, staff(req), dialogueId));
    res.type("html").send(await renderConclusion(db, dialogueId, "vi", now()));
  });

  api.patch("/proposals/:id", async (req, res) => {
    const proposalId = id(req);
    const body = parseOr400(s.triageInput, req.body);
    await change(req, "proposal.triage", "Proposal", () => proposalId, async (tx) => {
      await proposalInScope(tx, staff(req), proposalId);
      await triageProposal(tx, proposalId, body, now());
    });
    const proposal = await db.transaction(async (tx) =>
      tx.get(`SELECT "id", "code", "dialogueId", "status", "agency", "statusReason", "answer", "answeredAt" FROM "Proposal" WHERE "id" = ?`, proposalId),
    );
    res.json(proposal);
  });

  api.get("/dialogues/:id/groups", async (req, res) => {
    const dialogueId = id(req);
    const q = parseOr400(s.groupListQuery, req.query);
    const page = await db.transaction(async (tx) => {
      await dialogueInScope(tx, staff(req), dialogueId);
      await deps.similar.groupNew(tx, dialogueId, now());
      return listGroups(tx, { dialogueId, topicId: q.topic, page: q.page, pageSize: q.pageSize });
    });
    res.json({ page: q.page, pageSize: q.pageSize, ...page });
  });

  const groupInScope = async (tx: Tx, req: Request, groupId: number) => dialogueInScope(tx, staff(req), await groupDialogue(tx, groupId));

  api.patch("/groups/:id", async (req, res) => {
    const groupId = id(req);
    const body = parseOr400(s.triageInput, req.body);
    const proposals = await change(req, "group.triage", "ProposalGroup", () => groupId, async (tx) => {
      await groupInScope(tx, req, groupId);
      return triageGroup(tx, groupId, body, now());
    });
    res.json({ id: groupId, proposals });
  });

  api.post("/groups/:id/merge", async (req, res) => {
    const groupId = id(req);
    const body = parseOr400(s.groupMerge, req.body);
    await change(req, "group.merge", "ProposalGroup", () => groupId, async (tx) => {
      await groupInScope(tx, req, groupId);
      await groupInScope(tx, req, body.from);
      await mergeGroups(tx, groupId, body.from, now());
    });
    res.json({ id: groupId, proposals: await db.transaction(async (tx) => groupMembers(tx, groupId)) });
  });

  api.post("/groups/:id/split", async (req, res) => {
    const groupId = id(req);
    const body = parseOr400(s.groupSplit, req.body);
    const newId = await change(req, "group.split", "ProposalGroup", (r: number) => r, async (tx) => {
      await groupInScope(tx, req, groupId);
      return splitGroup(tx, groupId, body.proposals, now());
    });
    res.status(201).json({ id: newId, proposals: await db.transaction(async (tx) => groupMembers(tx, newId)) });
  });

  extra(api);
  api.use((_req, res) => {
    res.status(404).json({ error: "not_found" });
  });
  router.use("/api", apiErrorHandler(deps.logger));
  return router;
}

/** A dialogue as the API shows it: with its topics and the branches' quotas. */
async function dialogueView(db: Tx, dialogueId: number) {
  const dialogue = await db.get<Record<string, unknown>>(
    `SELECT d."id", d."title", d."theme", d."startsAt", d."venue", d."format", d."submissionsOpenAt", d."submissionsCloseAt",
            d."codePrefix", d."publishedAt", u."code" AS "hostUnit"
     FROM "Dialogue" d JOIN "Unit" u ON u."id" = d."hostUnitId" WHERE d."id" = ?`,
    dialogueId,
  );
  const topics = await db.all(`SELECT "id", "position", "nameVi", "nameEn" FROM "Topic" WHERE "dialogueId" = ? ORDER BY "position"`, dialogueId);
  const quotas = await db.all(
    `SELECT u."code" AS "branch", u."name", q."seats" FROM "Quota" q JOIN "Unit" u ON u."id" = q."branchId" WHERE q."dialogueId" = ? ORDER BY u."code"`,
    dialogueId,
  );
  return { ...dialogue, topics, quotas };
}
