import type { Db } from "../db/client.js";
import { placeholders } from "../db/placeholders.js";
import { DomainError } from "../domain/errors.js";
import { t, type Locale } from "../i18n/i18n.js";
import { escapeHtml } from "../text/escape-html.js";
import { i18n, Labels, vietnamDateTime } from "./cells.js";
import { OFFICE_STATUSES } from "./summary.js";


const ANSWERED = ["ANSWERED", "ANSWERED_AT_DIALOGUE"];

const CSS = `
  @page { size: A4; margin: 18mm 16mm; }
  body { font-family: "Times New Roman", "Noto Serif", serif; font-size: 13pt; line-height: 1.45; color: #000; max-width: 46em; margin: 2em auto; padding: 0 1em; }
  header { text-align: center; margin-bottom: 1.5em; }
  .kicker { text-transform: uppercase; letter-spacing: .05em; font-weight: bold; margin: 0; }
  h1 { font-size: 17pt; margin: .4em 0; }
  .theme { font-style: italic; margin: .3em 0 .8em; }
  .facts { margin: .2em 0; }
  h2 { font-size: 14pt; margin: 1.6em 0 .5em; border-bottom: 1px solid #000; padding-bottom: .15em; break-after: avoid; page-break-after: avoid; }
  h3 { font-size: 13pt; margin: 1em 0 .4em; break-after: avoid; page-break-after: avoid; }
  table { border-collapse: collapse; width: 100%; font-size: 11pt; break-inside: avoid; page-break-inside: avoid; }
  th, td { border: 1px solid #000; padding: .25em .4em; text-align: center; vertical-align: top; }
  th { font-weight: bold; }
  .qa { margin: 0 0 1em; break-inside: avoid; page-break-inside: avoid; }
  .qa p { margin: .2em 0; white-space: pre-line; }
  .label { font-weight: bold; }
  .meta { color: #444; font-size: 10.5pt; }
  .none { font-style: italic; }
  footer { margin-top: 2em; font-size: 10.5pt; color: #444; text-align: right; }
  @media print { body { margin: 0; max-width: none; padding: 0; } }
`;

interface AnsweredRow {
  topicId: number;
  code: string;
  text: string;
  answer: string;
  status: string;
  branchName: string | null;
}

/**
 * The printable conclusion of a dialogue: its title, date and venue, then per topic the number of
 * proposals (in all and by status) and the answered ones with their answers — the representative
 * questions, until similar questions are grouped. Authors are not named: the page is for print and
 * publication. A complete HTML document; every text from the database is escaped.
 */
export async function renderConclusion(db: Db, dialogueId: number, locale: Locale, now = new Date()): Promise<string> {
  const data = await db.transaction(async (tx) => {
    const dialogue = await tx.get<{ title: string; theme: string; startsAt: string; venue: string }>(
      `SELECT "title", "theme", "startsAt", "venue" FROM "Dialogue" WHERE "id" = ?`,
      dialogueId,
    );
    if (!dialogue) throw new DomainError("dialogue-unknown", { dialogue: dialogueId });
    const topics = await tx.all<{ id: number; position: number; nameVi: string; nameEn: string | null }>(
      `SELECT "id", "position", "nameVi", "nameEn" FROM "Topic" WHERE "dialogueId" = ? ORDER BY "position"`,
      dialogueId,
    );
    const counts = await tx.all<{ topicId: number; status: string; n: number }>(
      `SELECT "topicId", "status", COUNT(*) AS "n" FROM "Proposal" WHERE "dialogueId" = ? AND "status" <> 'WITHDRAWN'
       GROUP BY "topicId", "status"`,
      dialogueId,
    );
    const answered = await tx.all<AnsweredRow>(
      `SELECT p."topicId", p."code", p."text", p."answer", p."status", b."name" AS "branchName"
       FROM "Proposal" p JOIN "Participant" pa ON pa."id" = p."participantId" LEFT JOIN "Unit" b ON b."id" = pa."branchId"
       WHERE p."dialogueId" = ? AND p."status" IN (${placeholders(ANSWERED.length)}) AND p."answer" IS NOT NULL
       ORDER BY p."createdAt", p."id"`,
      dialogueId,
      ...ANSWERED,
    );
    return { dialogue, topics, counts, answered };
  });

  const text = (key: string, args?: Record<string, string | number>) => escapeHtml(i18n().format(locale, t(key, args)));
  const labels = new Labels(locale);
  const d = data.dialogue;
  const total = data.counts.reduce((n, c) => n + c.n, 0);
  const parts: string[] = [
    `<!DOCTYPE html>`,
    `<html lang="${locale}">`,
    `<head>`,
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${text("conclusion-title")} — ${escapeHtml(d.title)}</title>`,
    `<style>${CSS}</style>`,
    `</head>`,
    `<body>`,
    `<header>`,
    `<p class="kicker">${text("conclusion-title")}</p>`,
    `<h1>${escapeHtml(d.title)}</h1>`,
    `<p class="theme">${escapeHtml(d.theme)}</p>`,
    `<p class="facts"><span class="label">${text("conclusion-when")}:</span> ${escapeHtml(vietnamDateTime(new Date(d.startsAt)))}</p>`,
    `<p class="facts"><span class="label">${text("conclusion-venue")}:</span> ${escapeHtml(d.venue)}</p>`,
    `<p class="facts">${text("conclusion-total", { count: total })}</p>`,
    `</header>`,
  ];

  for (const topic of data.topics) {
    const byStatus = new Map(data.counts.filter((c) => c.topicId === topic.id).map((c) => [c.status, c.n]));
    const topicTotal = [...byStatus.values()].reduce((n, c) => n + c, 0);
    const name = (locale === "en" && topic.nameEn) || topic.nameVi;
    parts.push(
      `<section class="topic">`,
      `<h2>${topic.position}. ${escapeHtml(name)}</h2>`,
      `<table><thead><tr><th>${text("conclusion-count-total")}</th>${OFFICE_STATUSES.map((s) => `<th>${escapeHtml(labels.status(s))}</th>`).join("")}</tr></thead>`,
      `<tbody><tr><td>${topicTotal}</td>${OFFICE_STATUSES.map((s) => `<td>${byStatus.get(s) ?? 0}</td>`).join("")}</tr></tbody></table>`,
      `<h3>${text("conclusion-answers")}</h3>`,
    );
    const answered = data.answered.filter((a) => a.topicId === topic.id);
    if (answered.length === 0) parts.push(`<p class="none">${text("conclusion-no-answers")}</p>`);
    for (const a of answered) {
      const meta = [a.code, a.branchName, labels.status(a.status)].filter((x): x is string => !!x).map(escapeHtml).join(" · ");
      parts.push(
        `<article class="qa">`,
        `<p class="q"><span class="label">${text("conclusion-question")}:</span> ${escapeHtml(a.text)} <span class="meta">(${meta})</span></p>`,
        `<p class="a"><span class="label">${text("conclusion-answer")}:</span> ${escapeHtml(a.answer)}</p>`,
        `</article>`,
      );
    }
    parts.push(`</section>`);
  }
  parts.push(`<footer>${text("conclusion-made-at", { at: vietnamDateTime(now) })}</footer>`, `</body>`, `</html>`, ``);
  return parts.join("\n");
}
