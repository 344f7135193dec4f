import { t } from "../i18n/i18n.js";
import type { Flow } from "./flow.js";

export const languageFlow: Flow = {
  name: "language",
  requires: "nothing",
  first: "pick",
  steps: {
    pick: {
      ask: () => ({
        text: [t("language-ask")],
        choices: [
          { id: "vi", label: t("language-name-vi") },
          { id: "en", label: t("language-name-en") },
        ],
      }),
      handle(ctx, _data, answer) {
        if (answer.kind !== "choice") return { retry: [t("common-pick-one")] };
        ctx.locale = answer.id === "en" ? "en" : "vi";
        return { flow: ctx.participant ? "menu" : "start", say: [t("language-changed")] };
      },
    },
  },
};
