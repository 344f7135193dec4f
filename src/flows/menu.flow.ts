import { myInvitationsStatement } from "../domain/invitations.js";
import { rolesOfStatement } from "../domain/roles.js";
import { t } from "../i18n/i18n.js";
import type { Flow, FlowContext } from "./flow.js";

/** What the menu offers: invitations when there are some, the leader's tools to leaders (both read in one round trip). */
async function entries(ctx: FlowContext): Promise<string[]> {
  const id = ctx.participant!.id;
  const [invitations, roles] = await ctx.db.batch([myInvitationsStatement(id, ctx.now), rolesOfStatement(id)]);
  return [
    "submit",
    "my",
    "dialogues",
    ...(invitations!.rows.length ? ["invitations"] : []),
    ...(roles!.rows.length ? ["announce", "invite"] : []),
    "profile",
    "settings",
    "mydata",
    "help",
  ];
}

/** Where a youth rests between flows. */
export const menuFlow: Flow = {
  name: "menu",
  // An unfinished profile is finished first: the menu's flows need it.
  requires: "profile",
  first: "main",
  steps: {
    main: {
      ask: async (ctx) => ({
        text: [t("menu-ask")],
        choices: (await entries(ctx)).map((id) => ({ id, label: t(`menu-${id}`) })),
      }),
      handle(_ctx, _data, answer) {
        if (answer.kind !== "choice") return { retry: [t("common-pick-one")] };
        return { command: answer.id };
      },
    },
  },
};
