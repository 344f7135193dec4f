import { myInvitations } from "../domain/invitations.js";
import { rolesOf } from "../domain/roles.js";
import { t } from "../i18n/i18n.js";
import type { Flow, FlowContext } from "./flow.js";

/** What the menu offers: invitations when there are some, the leader's tools to leaders. */
async function entries(ctx: FlowContext): Promise<string[]> {
  const id = ctx.participant!.id;
  return [
    "submit",
    "my",
    "dialogues",
    ...((await myInvitations(ctx.db, id, ctx.now)).length ? ["invitations"] : []),
    ...((await rolesOf(ctx.db, id)).length ? ["announce", "invite"] : []),
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
