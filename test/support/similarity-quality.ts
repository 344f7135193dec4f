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
    let together = 0;
    let rightlyTogether = 0;
    let truePairs = 0;
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) {
        const same = groupOf.get(ids[i]!) === groupOf.get(ids[j]!);
        const truly = labelOf.get(ids[i]!)!.group === labelOf.get(ids[j]!)!.group;
        if (same) together++;
        if (truly) truePairs++;
        if (same && truly) rightlyTogether++;
      }

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
      pair_precision: round(rightlyTogether / together),
      pair_recall: round(rightlyTogether / truePairs),
      top3_hit: round(hit / withDuplicate),
      false_suggestion: round(shownAnyway / alone),
    };
  });
}
