import { findDialogueWithTopics } from "../domain/dialogues.js";
import { DomainError } from "../domain/errors.js";
import { answerInvitation, findMyInvitation, INVITATIONS_COMMAND, myInvitations } from "../domain/invitations.js";
import { t } from "../i18n/i18n.js";
import { dialogueItem } from "./dialogues.listing.js";
import type { Flow } from "./flow.js";

/** A youth's invitations: the one the bot just sent (opened by the outbox), or `/invitations` to list them. */
export const invitationFlow: Flow = {
  name: "invitation",
  requires: "consent",
  first: "open",
  steps: {
    open: {
      ask: (_ctx, data: { invitationId?: number }) => (data.invitationId ? { next: "answer" } : { next: "list" }),
      handle: () => ({ next: "list" }),
    },
    list: {
      async ask(ctx) {
        const invitations = await myInvitations(ctx.db, ctx.participant!.id, ctx.now);
        if (!invitations.length) return { flow: "menu", say: [t("invitations-none")] };
        if (invitations.length === 1) return { next: "answer", data: { invitationId: invitations[0]!.id } };
        return {
          text: [t("invitations-ask")],
          choices: invitations.map((i) => ({
            id: String(i.id),
            label: t("invitations-item", { title: i.title, startsAt: i.startsAt, status: t("invitation-status", { status: i.status }) }),
          })),
        };
      },
      handle(_ctx, _data, answer) {
        if (answer.kind !== "choice") return { retry: [t("common-pick-one")] };
        return { next: "answer", data: { invitationId: Number(answer.id) } };
      },
    },
    answer: {
      async ask(ctx, data: { invitationId: number }) {
        const invitation = await findMyInvitation(ctx.db, ctx.participant!.id, data.invitationId);
        if (!invitation) return { flow: "menu", say: [t("invitation-unknown")] };
        const dialogue = (await findDialogueWithTopics(ctx.db, invitation.dialogueId))!;
        return {
          text: [
            t("invitation-text", { branch: invitation.branchName }),
            dialogueItem(dialogue, ctx.now),
            ...(invitation.status === "PENDING" ? [] : [t("invitation-answered", { status: t("invitation-status", { status: invitation.status }) })]),
          ],
          choices: [
            { id: "accept", label: t("invitation-accept") },
            { id: "decline", label: t("invitation-decline") },
            { id: "later", label: t("invitation-later") },
          ],
        };
      },
      async handle(ctx, data: { invitationId: number }, answer) {
        if (answer.kind !== "choice") return { retry: [t("common-pick-one")] };
        if (answer.id === "later") return { flow: "menu", say: [t("invitation-later-note", { command: INVITATIONS_COMMAND })] };
        const accept = answer.id === "accept";
        try {
          await answerInvitation(ctx.db, { participantId: ctx.participant!.id, invitationId: data.invitationId, accept, now: ctx.now });
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          return { flow: "menu", say: [t(err.code, err.facts)] };
        }
        return { flow: "menu", say: [t(accept ? "invitation-accepted" : "invitation-declined")] };
      },
    },
  },
};
