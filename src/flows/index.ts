import type { Db } from "../db/client.js";
import type { I18n, Locale } from "../i18n/i18n.js";
import { t } from "../i18n/i18n.js";
import type { Logger } from "pino";
import { dialoguesListing } from "./dialogues.listing.js";
import type { Flow, FlowContext, Transition } from "./flow.js";
import { languageFlow } from "./language.flow.js";
import { menuFlow } from "./menu.flow.js";
import { myFlow } from "./my.flow.js";
import { mydataFlow } from "./mydata.flow.js";
import { profileFlow } from "./profile.flow.js";
import { createFlowRunner, type Clock } from "./runner.js";
import { farewellFlow, startFlow } from "./start.flow.js";
import { submitFlow } from "./submit.flow.js";

export const FLOWS: Flow[] = [startFlow, farewellFlow, menuFlow, profileFlow, submitFlow, myFlow, languageFlow, mydataFlow];

/** The commands, in menu order; each has `command-<name>` with a `.description` in locales/. */
export const COMMANDS = ["start", "submit", "my", "dialogues", "profile", "language", "mydata", "help", "cancel"] as const;

const commandHandlers: Record<(typeof COMMANDS)[number] | "menu", (ctx: FlowContext) => Transition | Promise<Transition>> = {
  start: (ctx) => ({ flow: ctx.participant ? "menu" : "start" }),
  menu: () => ({ flow: "menu" }),
  submit: () => ({ flow: "submit" }),
  my: () => ({ flow: "my" }),
  dialogues: async (ctx) => ({ flow: "menu", say: await dialoguesListing(ctx) }),
  profile: () => ({ flow: "profile" }),
  language: () => ({ flow: "language" }),
  mydata: () => ({ flow: "mydata" }),
  help: () => ({ retry: [t("help-text")] }),
  cancel: () => ({ flow: "menu", say: [t("common-cancelled")] }),
};

export function createBotFlows(deps: { db: Db; i18n: I18n; clock: Clock; logger: Logger; defaultLocale: Locale }) {
  return createFlowRunner({
    ...deps,
    flows: FLOWS,
    commands: commandHandlers,
    restingFlow: "menu",
    welcomeFlow: "start",
    profileFlow: { flow: "profile", data: { completing: true } },
  });
}
