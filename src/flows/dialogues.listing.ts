import { submissionWindow, upcomingDialogues, type DialogueSummary } from "../domain/dialogues.js";
import { t, type Text } from "../i18n/i18n.js";
import type { FlowContext } from "./flow.js";

/** Upcoming dialogues with date, venue, format, theme and where their submissions stand. */
export async function dialoguesListing(ctx: FlowContext): Promise<Text[]> {
  const dialogues = await upcomingDialogues(ctx.db, ctx.now);
  if (!dialogues.length) return [t("dialogues-none")];
  return dialogues.map((d) => dialogueItem(d, ctx.now));
}

/** A dialogue's date, venue, format, theme and where its submissions stand: the listing, announcements and invitations. */
export function dialogueItem(d: DialogueSummary, now: Date): Text {
  const window = submissionWindow(d, now);
  return t("dialogues-item", {
    title: d.title,
    host: d.hostUnitName,
    startsAt: d.startsAt,
    venue: d.venue,
    format: t("dialogue-format", { format: d.format }),
    theme: d.theme,
    submissions:
      window.state === "open"
        ? t("dialogues-submissions-open", { closesAt: window.closesAt })
        : window.state === "not-yet"
          ? t("dialogues-submissions-not-yet", { opensAt: window.opensAt })
          : t("dialogues-submissions-closed", { closedAt: window.closedAt }),
  });
}
