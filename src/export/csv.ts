import type { Db } from "../db/client.js";
import { cellText, columnLabel, Labels, proposalColumns, proposalTexts } from "./cells.js";
import { end, write } from "./output.js";
import { topicProposals, type ExportPlan, type ExportQuery } from "./source.js";

const NEEDS_QUOTES = /[",\r\n]/;

/** One RFC 4180 field: quoted when it holds a comma, a quote or a line break; quotes doubled. */
export const csvField = (value: string): string => (NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

const csvLine = (fields: string[]) => `${fields.map(csvField).join(",")}\r\n`;

/**
 * CSV as Excel opens it: UTF-8 with a byte order mark, CRLF, one sheet — so the topic is the
 * first column and rows come topic by topic, then group by group (the group's number in its topic
 * and how many people ask it next to the topic).
 */
export async function writeCsv(db: Db, q: ExportQuery, plan: ExportPlan, out: NodeJS.WritableStream): Promise<void> {
  const labels = new Labels(q.locale);
  const columns = proposalColumns(q.withPhone);
  const head = (["topic", "group", "asked"] as const).map((c) => columnLabel(q.locale, c));
  await write(out, `\uFEFF${csvLine([...head, ...columns.map((c) => columnLabel(q.locale, c))])}`);
  for (const topic of plan.topics) {
    const topicCell = cellText(`${topic.position}. ${topic.name}`);
    for await (const chunk of topicProposals(db, q, plan, topic.id)) {
      let text = "";
      for (const p of chunk) text += csvLine([topicCell, String(p.group), String(p.asked), ...proposalTexts(p, columns, labels)]);
      await write(out, text);
    }
  }
  await end(out);
}
