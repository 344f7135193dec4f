import { recordConsent } from "../domain/participants.js";
import { t } from "../i18n/i18n.js";
import type { Flow } from "./flow.js";

/** Welcome and consent: nothing about the youth is stored before they agree. */
export const startFlow: Flow = {
  name: "start",
  requires: "nothing",
  first: "welcome",
  steps: {
    welcome: {
      ask: () => ({
        text: [t("start-welcome"), t("consent-text")],
        choices: [
          { id: "agree", label: t("consent-agree") },
          { id: "decline", label: t("consent-decline") },
          { id: "language", label: t("start-other-language") },
        ],
      }),
      handle(ctx, _data, answer) {
        if (answer.kind !== "choice") return { retry: [t("common-pick-one")] };
        if (answer.id === "decline") return { flow: "farewell", say: [t("consent-declined")] };
        if (answer.id === "language") {
          ctx.locale = ctx.locale === "vi" ? "en" : "vi";
          return { next: "welcome" };
        }
        return { next: "announcements" };
      },
    },
    announcements: {
      ask: () => ({
        text: [t("consent-announcements-ask")],
        choices: [
          { id: "yes", label: t("common-yes") },
          { id: "no", label: t("common-no") },
        ],
      }),
      async handle(ctx, _data, answer) {
        if (answer.kind !== "choice") return { retry: [t("common-pick-one")] };
        ctx.participant = await recordConsent(ctx.db, { channel: ctx.channel, announcements: answer.id === "yes", at: ctx.now });
        return { flow: "profile", data: { completing: true }, say: [t("consent-recorded")] };
      },
    },
  },
};

/** Where a chat rests when the bot knows nobody in it: any message starts again. */
export const farewellFlow: Flow = {
  name: "farewell",
  requires: "nothing",
  first: "idle",
  steps: {
    idle: {
      takesText: true,
      ask: () => ({ text: [t("farewell-send-start")] }),
      handle: () => ({ flow: "start" }),
    },
  },
};
