import { t } from "../i18n/i18n.js";
import type { Flow } from "./flow.js";

const ENTRIES = ["submit", "my", "dialogues", "profile", "language", "mydata", "help"] as const;

/** Where a youth rests between flows. */
export const menuFlow: Flow = {
  name: "menu",
  // An unfinished profile is finished first: the menu's flows need it.
  requires: "profile",
  first: "main",
  steps: {
    main: {
      ask: () => ({
        text: [t("menu-ask")],
        choices: ENTRIES.map((id) => ({ id, label: t(`menu-${id}`) })),
      }),
      handle(_ctx, _data, answer) {
        if (answer.kind !== "choice") return { retry: [t("common-pick-one")] };
        return { command: answer.id };
      },
    },
  },
};
