import { updateProfile, withdrawConsent } from "../domain/participants.js";
import { countMyProposals } from "../domain/proposals.js";
import { myInvitations } from "../domain/invitations.js";
import { rolesOf } from "../domain/roles.js";
import { t, type Text } from "../i18n/i18n.js";
import type { Flow, FlowContext } from "./flow.js";
import { profileArgs } from "./profile.flow.js";

/** "Bí thư chi đoàn — Chi đoàn Khu phố 2; …", folded into nested texts so each part is translated. */
async function rolesText(ctx: FlowContext): Promise<Text> {
  const roles = (await rolesOf(ctx.db, ctx.participant!.id)).map((r) => t("mydata-role", { role: t("role-name", { role: r.role }), unit: r.unitName }));
  return roles.length ? roles.reduce((list, role) => t("mydata-role-list", { list, role })) : t("mydata-roles-none");
}

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
              roles: await rolesText(ctx),
              invitations: (await myInvitations(ctx.db, p.id, ctx.now)).length,
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
        ctx.participant = await updateProfile(ctx.db, p.id, { consentAnnouncements: !p.consentAnnouncements }, ctx.now);
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
