import { ADDRESSED_LEVELS, PROPOSAL_STATUSES } from "../domain/proposals.js";
import type { CountRow, ExportTopic } from "./source.js";

/** The statuses the office sees, in the order of the workflow (withdrawn ones are never exported). */
export const OFFICE_STATUSES = PROPOSAL_STATUSES.filter((s) => s !== "WITHDRAWN");

export interface Summary {
  total: number;
  byTopic: Map<number, { total: number; byStatus: Map<string, number> }>;
  /** WARD, TOWN, PROVINCE, then null: left to the office. */
  byLevel: [string | null, number][];
  /** Branches by name (numbers in names compared as numbers); null: the author's profile is erased. */
  byBranch: [string | null, number][];
  byStatus: [string, number][];
}

const collator = new Intl.Collator("vi", { numeric: true });

export function summarise(counts: CountRow[], topics: ExportTopic[]): Summary {
  const byTopic: Summary["byTopic"] = new Map(topics.map((t) => [t.id, { total: 0, byStatus: new Map() }]));
  const level = new Map<string | null, number>();
  const branch = new Map<number | null, { name: string | null; n: number }>();
  const status = new Map<string, number>();
  let total = 0;
  for (const c of counts) {
    const topic = byTopic.get(c.topicId);
    if (!topic) continue;
    total += c.n;
    topic.total += c.n;
    topic.byStatus.set(c.status, (topic.byStatus.get(c.status) ?? 0) + c.n);
    level.set(c.level, (level.get(c.level) ?? 0) + c.n);
    const b = branch.get(c.branchId) ?? { name: c.branchName, n: 0 };
    b.n += c.n;
    branch.set(c.branchId, b);
    status.set(c.status, (status.get(c.status) ?? 0) + c.n);
  }
  const levels: (string | null)[] = [...ADDRESSED_LEVELS, null];
  return {
    total,
    byTopic,
    byLevel: levels.map((l) => [l, level.get(l) ?? 0]),
    byBranch: [...branch.values()]
      .sort((a, b) => (a.name === null ? 1 : b.name === null ? -1 : collator.compare(a.name, b.name)))
      .map((b) => [b.name, b.n]),
    byStatus: OFFICE_STATUSES.map((s) => [s, status.get(s) ?? 0]),
  };
}
