import { readFileSync } from "node:fs";
import type { Db } from "../../src/db/client.js";
import type { SimilarProposals } from "../../src/domain/similar-proposals.js";
import { registerYouth } from "./population.js";

export interface Labelled {
  id: number;
  /** The topic's position in the demo dialogue. */
  topic: number;
  /** Proposals with the same group ask the same thing (hand-checked). */
  group: string;
  text: string;
}

export const LABELLED: Labelled[] = (
  JSON.parse(readFileSync(new URL("../fixtures/similar-proposals.json", import.meta.url), "utf8")) as { proposals: Labelled[] }
).proposals;

export interface Quality {
  pair_precision: number;
  pair_recall: number;
  top3_hit: number;
  /** Share of proposals asked only once that were shown a suggestion anyway. */
  false_suggestion: number;
  /** Pair precision and recall over the pairs with a proposal of each half of the groups (see `half`). */
  halves: Record<"A" | "B", { pair_precision: number; pair_recall: number }>;
}

/**
 * The half of the labelled groups a label is in: A (thresholds are chosen on it) or B (held out,
 * to check them), by the parity of the label's FNV-1a hash — fixed, so that figures can be checked.
 */
export function half(group: string): "A" | "B" {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(group, "utf8")) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h % 2 === 0 ? "A" : "B";
}

const round = (n: number) => Number(n.toFixed(3));

/**
 * Files the labelled set into the demo dialogue (each by its own author, in id order), groups it as
 * the product does, and scores it: pairwise precision and recall of the groups against the labels,
 * and how often a proposal that has a true duplicate sees one among the suggestions it would get
 * (its own text never among them: it is its author's own).
 */
export async function measureQuality(db: Db, similar: SimilarProposals, now: Date): Promise<Quality> {
  const authors = await registerYouth(db, { count: LABELLED.length, branch: "TH-BS-PS-KP1", channel: "telegram", firstChatId: 900_000, at: now });
  return db.transaction(async (tx) => {
    const dialogueId = (await tx.get<{ id: number }>(`SELECT "id" FROM "Dialogue" ORDER BY "id" LIMIT 1`))!.id;
    const topics = new Map(
      (await tx.all<{ id: number; position: number }>(`SELECT "id", "position" FROM "Topic" WHERE "dialogueId" = ?`, dialogueId)).map((t) => [t.position, t.id]),
    );
    const idOf = new Map<number, number>();
    const labelOf = new Map<number, Labelled>();
    for (const [i, p] of [...LABELLED].sort((a, b) => a.id - b.id).entries()) {
      const id = (await tx.get<{ id: number }>(
        `INSERT INTO "Proposal" ("code", "dialogueId", "participantId", "topicId", "text", "status", "channel", "createdAt", "updatedAt")
         VALUES (?, ?, ?, ?, ?, 'RECEIVED', 'telegram', ?, ?) RETURNING "id"`,
        `Q-${p.id}`,
        dialogueId,
        authors[i]!,
        topics.get(p.topic)!,
        p.text,
        now,
        now,
      ))!.id;
      idOf.set(p.id, id);
      labelOf.set(id, { ...p, id: authors[i]! });
    }
    await similar.groupNew(tx, dialogueId, now);
    const groupOf = new Map((await tx.all<{ id: number; groupId: number }>(`SELECT "id", "groupId" FROM "Proposal" WHERE "dialogueId" = ?`, dialogueId)).map((r) => [r.id, r.groupId]));

    const ids = [...labelOf.keys()];
    // Pairs counted for the whole set, then for each half they touch (a true pair lies in one half).
    const counts = { all: { together: 0, right: 0, truth: 0 }, A: { together: 0, right: 0, truth: 0 }, B: { together: 0, right: 0, truth: 0 } };
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) {
        const same = groupOf.get(ids[i]!) === groupOf.get(ids[j]!);
        const [a, b] = [labelOf.get(ids[i]!)!.group, labelOf.get(ids[j]!)!.group];
        const truly = a === b;
        for (const c of new Set([counts.all, counts[half(a)], counts[half(b)]])) {
          if (same) c.together++;
          if (truly) c.truth++;
          if (same && truly) c.right++;
        }
      }
    const pairFigures = (c: { together: number; right: number; truth: number }) => ({
      pair_precision: round(c.right / c.together),
      pair_recall: round(c.right / c.truth),
    });

    let withDuplicate = 0;
    let hit = 0;
    let alone = 0;
    let shownAnyway = 0;
    for (const id of ids) {
      const p = labelOf.get(id)!;
      const suggestions = await similar.suggest(tx, { dialogueId, topicId: topics.get(p.topic)!, text: p.text, participantId: p.id });
      if (LABELLED.some((q) => q.group === p.group && idOf.get(q.id) !== id)) {
        withDuplicate++;
        if (suggestions.some((s) => labelOf.get(s.id)!.group === p.group)) hit++;
      } else {
        alone++;
        if (suggestions.length) shownAnyway++;
      }
    }
    return {
      ...pairFigures(counts.all),
      top3_hit: round(hit / withDuplicate),
      false_suggestion: round(shownAnyway / alone),
      halves: { A: pairFigures(counts.A), B: pairFigures(counts.B) },
    };
  });
}
