import type { Db } from "../db/client.js";
import type { OfficeProposal } from "../domain/proposal-query.js";
import { cleanText } from "../text/clean-text.js";
import { end, write } from "./output.js";
import { topicProposals, type ExportPlan, type ExportQuery } from "./source.js";

const clean = (s: string | null | undefined) => (s == null ? null : cleanText(s));

function proposalJson(p: OfficeProposal, withPhone: boolean) {
  return {
    id: p.id,
    code: p.code,
    createdAt: p.createdAt.toISOString(),
    branch: clean(p.branchName),
    level: p.level,
    authorName: clean(p.authorName),
    ...(withPhone ? { phone: p.phone ?? null } : {}),
    text: clean(p.text),
    status: p.status,
    agency: clean(p.agency),
    statusReason: clean(p.statusReason),
    answer: clean(p.answer),
    answeredAt: p.answeredAt?.toISOString() ?? null,
  };
}

/**
 * `{"dialogue": {…}, "exportedAt": …, "topics": [{"id", "position", "name", "groups": [{"number",
 * "asked", "proposals": […]}], "count"}]}`, written as it is read: a topic's groups of similar
 * proposals in export order (most asked first), `asked` the distinct people asking the group.
 * Statuses and levels are the API's codes, dates ISO 8601 in UTC; `count` follows the groups so it
 * is always the number of proposals listed.
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
    title: clean(d.title),
    theme: clean(d.theme),
    startsAt: d.startsAt.toISOString(),
    venue: clean(d.venue),
    codePrefix: d.codePrefix,
  };
  await write(out, `{"dialogue":${JSON.stringify(dialogue)},\n"exportedAt":${JSON.stringify(now.toISOString())},\n"topics":[`);
  let firstTopic = true;
  for (const topic of plan.topics) {
    const head = JSON.stringify({ id: topic.id, position: topic.position, name: clean(topic.name) }).slice(0, -1);
    await write(out, `${firstTopic ? "" : ","}\n${head},"groups":[`);
    firstTopic = false;
    let count = 0;
    let group = 0;
    for await (const chunk of topicProposals(db, q, plan, topic.id)) {
      let text = "";
      for (const p of chunk) {
        if (p.group !== group) {
          text += `${group === 0 ? "" : "]},"}\n{"number":${p.group},"asked":${p.asked},"proposals":[`;
          group = p.group;
        } else text += ",";
        text += `\n${JSON.stringify(proposalJson(p, q.withPhone))}`;
        count++;
      }
      await write(out, text);
    }
    await write(out, `${group === 0 ? "" : "]}"}],"count":${count}}`);
  }
  await write(out, "\n]}\n");
  await end(out);
}
