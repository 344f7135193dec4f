import { z } from "zod";
import * as s from "./schemas.js";

type Operation = { summary: string; body?: z.ZodType; query?: z.ZodObject; response?: string; produces?: string[] };

/** Every route of the API, described from the zod schemas that validate it. */
const ROUTES: Record<string, Record<string, Operation>> = {
  "/api/me": { get: { summary: "Who the token belongs to: name, role, unit" } },
  "/api/units": { get: { summary: "The units in the token's scope (its unit and below)" } },
  "/api/dialogues": {
    get: { summary: "Dialogues hosted by units in scope, with their proposal counts" },
    post: { summary: "Create a draft dialogue with its topics", body: s.dialogueCreate },
  },
  "/api/dialogues/{id}": {
    get: { summary: "A dialogue with its topics and quotas" },
    patch: { summary: "Change a dialogue; a published one's new date or venue is announced to youth", body: s.dialogueUpdate },
  },
  "/api/dialogues/{id}/publish": { post: { summary: "Publish: youth see it, it is announced, reminders are scheduled" } },
  "/api/dialogues/{id}/topics": { post: { summary: "Add a topic", body: s.topicInput } },
  "/api/dialogues/{id}/topics/{topicId}": { patch: { summary: "Rename a topic", body: s.topicUpdate } },
  "/api/dialogues/{id}/quotas/{branch}": { put: { summary: "Seats of a branch (by unit code) at the dialogue", body: s.quotaInput } },
  "/api/dialogues/{id}/proposals": { get: { summary: "Proposals, by topic then filing time, filtered and paged", query: s.proposalListQuery } },
  "/api/dialogues/{id}/proposals/export": {
    get: {
      summary: "Export grouped by topic: CSV (UTF-8 with BOM), XLSX (summary + a sheet per topic), JSON",
      query: s.exportQuery,
      produces: ["text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/json"],
    },
  },
  "/api/dialogues/{id}/conclusion": { get: { summary: "Printable conclusion: per topic the counts, questions and answers", produces: ["text/html"] } },
  "/api/dialogues/{id}/groups": {
    get: { summary: "Groups of similar proposals, most asked first: count of people asking, representative, members", query: s.groupListQuery },
  },
  "/api/groups/{id}": { patch: { summary: "Triage every proposal of a group: each author and supporter is told", body: s.triageInput } },
  "/api/groups/{id}/merge": { post: { summary: "Merge another group of the same topic into this one", body: s.groupMerge } },
  "/api/groups/{id}/split": { post: { summary: "Move some members out into a new group", body: s.groupSplit } },
  "/api/proposals/{id}": { patch: { summary: "Triage: status, agency, reason, answer — the author is told in their chat", body: s.triageInput } },
};

const ERROR = {
  type: "object",
  properties: { error: { type: "string" }, details: {} },
  required: ["error"],
};

/** OpenAPI 3.1, generated from the same zod schemas the routes validate with. */
export function openApiDocument() {
  const options = { io: "input", unrepresentable: "any", uri: (id: string) => `#/components/schemas/${id}` } as const;
  // Schemas named with .meta({ id }) (bodies, the filters) become components; the rest are inlined.
  const components = z.toJSONSchema(z.globalRegistry, options).schemas;
  const jsonSchema = (schema: z.ZodType) => {
    const named = z.globalRegistry.get(schema)?.id;
    if (named) return { $ref: `#/components/schemas/${named}` };
    const { $schema: _dialect, ...inline } = z.toJSONSchema(schema, options) as Record<string, unknown>;
    return inline;
  };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, operations] of Object.entries(ROUTES)) {
    paths[path] = {};
    for (const [method, op] of Object.entries(operations)) {
      const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
      const queryParams = op.query
        ? Object.entries(op.query.shape).map(([name, schema]) => ({ name, in: "query", required: false, schema: jsonSchema(schema as z.ZodType) }))
        : [];
      paths[path]![method] = {
        summary: op.summary,
        parameters: [...pathParams, ...queryParams],
        ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(op.body) } } } } : {}),
        responses: {
          200: { description: "OK", content: Object.fromEntries((op.produces ?? ["application/json"]).map((type) => [type, {}])) },
          400: { description: "Bad body or query: `details` lists each wrong field", content: { "application/json": { schema: ERROR } } },
          401: { description: "Missing or bad token", content: { "application/json": { schema: ERROR } } },
          403: { description: "Outside the token's unit scope", content: { "application/json": { schema: ERROR } } },
          404: { description: "Unknown id", content: { "application/json": { schema: ERROR } } },
          413: { description: "Body over 100 kB", content: { "application/json": { schema: ERROR } } },
        },
      };
    }
  }
  return {
    openapi: "3.1.0",
    info: { title: "Đối thoại với thanh niên — office API", version: "1" },
    components: {
      schemas: Object.fromEntries(Object.entries(components).map(([id, schema]) => [id, { ...schema, $schema: undefined }])),
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
    },
    security: [{ bearer: [] }],
    paths,
  };
}
