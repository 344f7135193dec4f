import { z } from "zod";
import { DIALOGUE_FORMATS } from "../../domain/dialogues.js";
import { ADDRESSED_LEVELS, PROPOSAL_STATUSES } from "../../domain/proposals.js";
import { TRIAGE_STATUSES } from "../../domain/triage.js";

/** The admin API's bodies and queries: validated here, described from the same schemas in /api/openapi.json. */

const isoDateTime = z.iso.datetime({ offset: true, error: "an ISO 8601 date-time with its offset, e.g. 2026-12-20T08:00:00+07:00" });
const date = isoDateTime.transform((s) => new Date(s));
/** Trimmed and in NFC: Vietnamese typed decomposed is stored as the bot stores a youth's text. */
const text = (min: number, max: number) => z.string().trim().normalize("NFC").min(min).max(max);
/** `a,b` or repeated `?x=a&x=b`: a list in a query string. */
const queryList = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === "string" ? v.split(",").filter(Boolean) : v), z.array(item).max(50)).optional();

export const idParam = z.coerce.number<string>({ error: "an id is a number" }).int().positive("an id is a number");

export const topicInput = z.object({ nameVi: text(2, 300), nameEn: text(2, 300).optional() }).strict().meta({ id: "TopicInput" });

export const dialogueCreate = z
  .object({
    hostUnit: text(1, 50).meta({ description: "code of the host unit, e.g. TH-BS-PS" }),
    title: text(5, 300),
    theme: text(5, 1000),
    startsAt: date,
    venue: text(3, 300),
    format: z.enum(DIALOGUE_FORMATS),
    submissionsOpenAt: date.optional(),
    submissionsCloseAt: date.optional().meta({ description: "default: 7 days before startsAt" }),
    codePrefix: z.string().regex(/^[A-Z]{1,6}$/, "1 to 6 capital letters, e.g. PS"),
    topics: z.array(topicInput).min(1).max(20),
  })
  .strict()
  .meta({ id: "DialogueCreate" });

export const dialogueUpdate = z
  .object({
    title: text(5, 300).optional(),
    theme: text(5, 1000).optional(),
    startsAt: date.optional(),
    venue: text(3, 300).optional(),
    format: z.enum(DIALOGUE_FORMATS).optional(),
    submissionsCloseAt: date.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, "nothing to change")
  .meta({ id: "DialogueUpdate" });

export const topicUpdate = z
  .object({ nameVi: text(2, 300).optional(), nameEn: text(2, 300).optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, "nothing to change")
  .meta({ id: "TopicUpdate" });

export const quotaInput = z.object({ seats: z.number().int().min(0).max(10_000) }).strict().meta({ id: "QuotaInput" });

export const proposalFilters = z
  .object({
    status: queryList(z.enum(PROPOSAL_STATUSES)),
    level: queryList(z.enum(ADDRESSED_LEVELS)),
    branch: queryList(text(1, 50)).meta({ description: "branch unit codes" }),
    topic: queryList(idParam).meta({ description: "topic ids" }),
    from: date.optional().meta({ description: "filed at or after" }),
    to: date.optional().meta({ description: "filed before" }),
  })
  .meta({ id: "ProposalFilters" });

export const proposalListQuery = proposalFilters.extend({
  page: z.coerce.number<string>().int().min(1).default(1),
  pageSize: z.coerce.number<string>().int().min(1).max(200).default(50),
});

export const exportQuery = proposalFilters.extend({ format: z.enum(["csv", "xlsx", "json"]).default("xlsx") });

export const triageInput = z
  .object({
    status: z.enum(TRIAGE_STATUSES),
    agency: text(2, 300).optional(),
    reason: text(5, 2000).optional(),
    answer: text(5, 5000).optional(),
  })
  .strict()
  .meta({ id: "Triage" });

export const groupListQuery = z.object({
  topic: idParam.optional().meta({ description: "a topic id" }),
  page: z.coerce.number<string>().int().min(1).default(1),
  pageSize: z.coerce.number<string>().int().min(1).max(200).default(50),
});

export const groupMerge = z
  .object({ from: z.number().int().positive().meta({ description: "the group whose members join this one; it is removed" }) })
  .strict()
  .meta({ id: "GroupMerge" });

export const groupSplit = z
  .object({ proposals: z.array(z.number().int().positive()).min(1).max(500).meta({ description: "ids of members that leave for a new group" }) })
  .strict()
  .meta({ id: "GroupSplit" });
