import { updateProfile, withdrawConsent, findParticipant } from "../domain/participants.js";
import { countMyProposals } from "../domain/proposals.js";
import { t } from "../i18n/i18n.js";
import type { Flow } from "./flow.js";
import { profileArgs } from "./profile.flow.js";

/** The youth's rights: see what is held, change the announcements purpose, withdraw consent. */
export const mydataFlow: Flow = {
  name: "mydata",
  requires: "consent",
  first: "show",
  steps: {
    show: {
      async ask(ctx) {
        const p = ctx.participant!;
        const none = t("profile-value-none");
        const proposals = await countMyProposals(ctx.db, p.id);
        return {
          text: [
            t("mydata-show", {
              ...profileArgs(p),
              proposals,
              consentVersion: p.consentVersion ?? none,
              consentAt: p.consentAt ?? none,
              consentChannel: t("channel-name", { channel: p.consentChannel ?? "" }),
              announcements: t(p.consentAnnouncements ? "common-yes" : "common-no"),
            }),
          ],
          choices: [
            { id: "announcements", label: t(p.consentAnnouncements ? "mydata-announcements-off" : "mydata-announcements-on") },
            { id: "withdraw", label: t("mydata-withdraw") },
            { id: "back", label: t("common-back") },
          ],
        };
      },
      async handle(ctx, _data, answer) {
        if (answer.kind !== "choice") return { retry: [t("common-pick-one")] };
        if (answer.id === "back") return { flow: "menu" };
        if (answer.id === "withdraw") return { next: "confirmWithdraw" };
        const p = ctx.participant!;
        await updateProfile(ctx.db, p.id, { consentAnnouncements: !p.consentAnnouncements }, ctx.now);
        ctx.participant = await findParticipant(ctx.db, p.id);
        return { next: "show", say: [t("profile-saved")] };
      },
    },
    confirmWithdraw: {
      ask: () => ({
        text: [t("mydata-withdraw-confirm")],
        choices: [
          { id: "yes", label: t("mydata-withdraw-yes") },
          { id: "no", label: t("common-back") },
        ],
      }),
      async handle(ctx, _data, answer) {
        if (answer.kind !== "choice") return { retry: [t("common-pick-one")] };
        if (answer.id !== "yes") return { next: "show" };
        await withdrawConsent(ctx.db, ctx.participant!.id, ctx.now);
        ctx.participant = null;
        return { flow: "farewell", say: [t("mydata-withdrawn")] };
      },
    },
  },
};
