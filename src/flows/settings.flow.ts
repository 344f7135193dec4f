import { updateProfile } from "../domain/participants.js";
import { t } from "../i18n/i18n.js";
import type { Flow } from "./flow.js";

/** Announcements on or off; invitations and answers to one's own proposals come either way. */
export const settingsFlow: Flow = {
  name: "settings",
  requires: "consent",
  first: "main",
  steps: {
    main: {
      ask(ctx) {
        const p = ctx.participant!;
        if (!p.consentAnnouncements) return { flow: "menu", say: [t("settings-no-consent")] };
        return {
          text: [t(p.announcementsMuted ? "settings-muted-now" : "settings-unmuted-now")],
          choices: [
            { id: "toggle", label: t(p.announcementsMuted ? "settings-unmute" : "settings-mute") },
            { id: "language", label: t("menu-language") },
            { id: "back", label: t("common-back") },
          ],
        };
      },
      async handle(ctx, _data, answer) {
        if (answer.kind !== "choice") return { retry: [t("common-pick-one")] };
        if (answer.id === "back") return { flow: "menu" };
        if (answer.id === "language") return { flow: "language" };
        const muted = !ctx.participant!.announcementsMuted;
        await updateProfile(ctx.db, ctx.participant!.id, { announcementsMuted: muted }, ctx.now);
        ctx.participant = { ...ctx.participant!, announcementsMuted: muted };
        return { flow: "menu", say: [t(muted ? "settings-muted" : "settings-unmuted")] };
      },
    },
  },
};
