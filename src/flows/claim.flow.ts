import { DomainError } from "../domain/errors.js";
import { claimRole } from "../domain/roles.js";
import { t } from "../i18n/i18n.js";
import type { Flow, FlowContext, Transition } from "./flow.js";

async function claimWith(ctx: FlowContext, code: string): Promise<Transition> {
  try {
    const grant = await claimRole(ctx.db, { participantId: ctx.participant!.id, code, now: ctx.now });
    return { flow: "menu", say: [t("claim-granted", { role: t("role-name", { role: grant.role }), unit: grant.unitName }), t("leader-help")] };
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return { next: "code", data: {}, say: [t(err.code, err.facts)] };
  }
}

/** `/claim ABCD-EFGH`: a leader takes the role a one-time code from the staff grants. */
export const claimFlow: Flow = {
  name: "claim",
  requires: "profile",
  first: "code",
  steps: {
    code: {
      takesText: true,
      ask: (ctx, data: { code?: string }) => (data.code ? claimWith(ctx, data.code) : { text: [t("claim-ask-code")] }),
      handle(ctx, _data, answer) {
        if (answer.kind !== "text") return { retry: [t("claim-ask-code")] };
        return claimWith(ctx, answer.text);
      },
    },
  },
};
