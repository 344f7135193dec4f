import type { SimilarProposals } from "../domain/similar-proposals.js";
import type { Db } from "../db/client.js";
import type { I18n, Locale } from "../i18n/i18n.js";
import { t } from "../i18n/i18n.js";
import type { Logger } from "pino";
import { dialoguesListing } from "./dialogues.listing.js";
import { rolesOf } from "../domain/roles.js";
import type { Flow } from "./flow.js";
import { languageFlow } from "./language.flow.js";
import { menuFlow } from "./menu.flow.js";
import { myFlow } from "./my.flow.js";
import { mydataFlow } from "./mydata.flow.js";
import { profileFlow } from "./profile.flow.js";
import { announceFlow } from "./announce.flow.js";
import { claimFlow } from "./claim.flow.js";
import { invitationFlow } from "./invitation.flow.js";
import { inviteFlow } from "./invite.flow.js";
import { createFlowRunner, type Clock, type CommandHandler } from "./runner.js";
import { settingsFlow } from "./settings.flow.js";
import { farewellFlow, startFlow } from "./start.flow.js";
import { submitFlow } from "./submit.flow.js";

export const FLOWS: Flow[] = [
  startFlow,
  farewellFlow,
  menuFlow,
  profileFlow,
  submitFlow,
  myFlow,
  languageFlow,
  mydataFlow,
  settingsFlow,
  invitationFlow,
  claimFlow,
  announceFlow,
  inviteFlow,
];

/** The youth's commands, in menu order; each has `command-<name>` with a `.description` in locales/. */
export const COMMANDS = ["start", "submit", "my", "dialogues", "invitations", "profile", "settings", "language", "mydata", "help", "cancel"] as const;
/** Leaders' commands: not in every youth's command menu; `/help` shows them to leaders. */
export const LEADER_COMMANDS = ["announce", "invite", "claim"] as const;

const commandHandlers: Record<(typeof COMMANDS)[number] | (typeof LEADER_COMMANDS)[number] | "menu", CommandHandler> = {
  start: (ctx) => ({ flow: ctx.participant ? "menu" : "start" }),
  menu: () => ({ flow: "menu" }),
  submit: () => ({ flow: "submit" }),
  my: () => ({ flow: "my" }),
  dialogues: async (ctx) => ({ flow: "menu", say: await dialoguesListing(ctx) }),
  profile: () => ({ flow: "profile" }),
  language: () => ({ flow: "language" }),
  mydata: () => ({ flow: "mydata" }),
  invitations: () => ({ flow: "invitation" }),
  settings: () => ({ flow: "settings" }),
  announce: () => ({ flow: "announce" }),
  invite: () => ({ flow: "invite" }),
  claim: (_ctx, code) => ({ flow: "claim", data: code ? { code } : {} }),
  help: async (ctx) => ({ retry: [t("help-text"), ...(ctx.participant && (await rolesOf(ctx.db, ctx.participant.id)).length ? [t("leader-help")] : [])] }),
  cancel: () => ({ flow: "menu", say: [t("common-cancelled")] }),
};

export function createBotFlows(deps: { db: Db; i18n: I18n; clock: Clock; logger: Logger; defaultLocale: Locale; similar: SimilarProposals }) {
  return createFlowRunner({
    ...deps,
    flows: FLOWS,
    commands: commandHandlers,
    restingFlow: "menu",
    welcomeFlow: "start",
    profileFlow: { flow: "profile", data: { completing: true } },
  });
}
