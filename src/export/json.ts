import type { Db } from "../db/client.js";
import type { OfficeProposal } from "../domain/proposal-query.js";
import { nfc as nfcText } from "./cells.js";
import { end, write } from "./output.js";
import { topicProposals, type ExportPlan, type ExportQuery } from "./source.js";

const nfc = (s: string | null | undefined) => (s == null ? null : nfcText(s));

function proposalJson(p: OfficeProposal, withPhone: boolean) {
  return {
    id: p.id,
    code: p.code,
    createdAt: p.createdAt.toISOString(),
    branch: nfc(p.branchName),
    level: p.level,
    authorName: nfc(p.authorName),
    ...(withPhone ? { phone: p.phone ?? null } : {}),
    text: nfc(p.text),
    status: p.status,
    agency: nfc(p.agency),
    statusReason: nfc(p.statusReason),
    answer: nfc(p.answer),
    answeredAt: p.answeredAt?.toISOString() ?? null,
  };
}

/**
 * `{"dialogue": {…}, "exportedAt": …, "topics": [{"id", "position", "name", "proposals": […], "count"}]}`,
 * written as it is read. Statuses and levels are the API's codes, dates ISO 8601 in UTC; `count`
 * follows the proposals so it is always their number.
 */
export async function writeJson(
  db: Db,
  q: ExportQuery,
  plan: ExportPlan,
  out: NodeJS.WritableStream,
  now: Date,
): Promise<void> {
  const d = plan.dialogue;
  const dialogue = {
    id: d.id,
    title: nfc(d.title),
    theme: nfc(d.theme),
    startsAt: d.startsAt.toISOString(),
    venue: nfc(d.venue),
    codePrefix: d.codePrefix,
  };
  await write(out, `{"dialogue":${JSON.stringify(dialogue)},\n"exportedAt":${JSON.stringify(now.toISOString())},\n"topics":[`);
  let firstTopic = true;
  for (const topic of plan.topics) {
    const head = JSON.stringify({ id: topic.id, position: topic.position, name: nfc(topic.name) }).slice(0, -1);
    await write(out, `${firstTopic ? "" : ","}\n${head},"proposals":[`);
    firstTopic = false;
    let count = 0;
    for await (const chunk of topicProposals(db, q, plan, topic.id)) {
      let text = "";
      for (const p of chunk) text += `${count++ === 0 ? "" : ","}\n${JSON.stringify(proposalJson(p, q.withPhone))}`;
      await write(out, text);
    }
    await write(out, `],"count":${count}}`);
  }
  await write(out, "\n]}\n");
  await end(out);
}
