import { raw, t } from "../i18n/i18n.js";
import type { Flow } from "./flow.js";

export const languageFlow: Flow = {
  name: "language",
  requires: "nothing",
  first: "pick",
  steps: {
    pick: {
      ask: () => ({
        text: [t("language-ask")],
        // Each language is named in itself, so anyone can find theirs.
        choices: [
          { id: "vi", label: raw("Tiếng Việt") },
          { id: "en", label: raw("English") },
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
