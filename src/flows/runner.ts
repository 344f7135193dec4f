import type { Logger } from "pino";
import { createKeyedQueue } from "../concurrency/keyed-queue.js";
import type { Db, Tx } from "../db/client.js";
import { findParticipant, isProfileComplete } from "../domain/participants.js";
import { isLocale, t, type I18n, type Locale, type Text } from "../i18n/i18n.js";
import { isPrompt, type Answer, type Flow, type FlowContext, type StepData, type Transition } from "./flow.js";
import { claimUpdate, loadConversation, saveConversation } from "./conversation.store.js";
import { matchChoice } from "./match-choice.js";

/** Bump when a flow's steps or data change shape: chats stored mid-flow then restart politely. */
export const FLOW_VERSION = 1;

/** An update from any channel, reduced to what the flows need. */
export interface Inbound {
  channel: string;
  chatId: string;
  /** The platform's id of this update (Telegram update_id, Zalo message_id): handled once. */
  updateKey?: string;
  input: Input;
}

export type Input =
  | { kind: "text"; text: string }
  /** A button pressed: the index of the option in the prompt `promptId`. */
  | { kind: "choice"; promptId: number; index: number }
  /** A photo, sticker, voice note… */
  | { kind: "unsupported" }
  /** No input: show the chat where it stands (the terminal chat opening on a stored flow). */
  | { kind: "resume" };

/** A message for the channel to render: buttons on Telegram, a numbered list on Zalo and the terminal. */
export interface Outgoing {
  text: string;
  choices?: string[];
  promptId?: number;
}

interface StoredState {
  data: StepData;
  /** Labels of the options last offered, as shown, to match a typed number or words. */
  choices: { id: string; label: string }[];
  promptId: number;
  takesText: boolean;
}

export interface Clock {
  now(): Date;
}

export interface FlowRunnerDeps {
  db: Db;
  i18n: I18n;
  flows: Flow[];
  /** `/name` → a flow to enter, or a transition (help, cancel). */
  commands: Record<string, (ctx: FlowContext) => Transition | Promise<Transition>>;
  /** Where a youth rests between flows. */
  restingFlow: string;
  /** Where a chat with nobody known in it goes: welcome and consent. */
  welcomeFlow: string;
  /** Where a youth goes to finish their profile before a flow that needs it. */
  profileFlow: { flow: string; data: StepData };
  defaultLocale: Locale;
  clock: Clock;
  logger: Logger;
}

const MAX_REDIRECTS = 8;

/**
 * Runs the flows for every channel: one update in, the replies out. The update, the state
 * change and whatever the step wrote are committed together, before a reply leaves.
 */
export function createFlowRunner(deps: FlowRunnerDeps) {
  const flows = new Map(deps.flows.map((f) => [f.name, f]));
  const chats = createKeyedQueue();

  const render = (locale: Locale, texts: Text[]) => texts.map((x) => deps.i18n.format(locale, x)).join("\n\n");

  async function handleInTransaction(tx: Tx, inbound: Inbound): Promise<Outgoing[] | "duplicate"> {
    const now = deps.clock.now();
    if (inbound.updateKey && !claimUpdate(tx, inbound.channel, inbound.updateKey, now)) return "duplicate";
    const stored = loadConversation(tx, inbound.channel, inbound.chatId);

    const ctx: FlowContext = {
      db: tx,
      now,
      channel: inbound.channel,
      chatId: inbound.chatId,
      locale: isLocale(stored?.locale) ? stored.locale : deps.defaultLocale,
      participant: stored?.participantId ? await findParticipant(tx, stored.participantId) : null,
    };
    let flowName = stored?.flow ?? null;
    let stepName = stored?.step ?? null;
    let state: StoredState = { data: {}, choices: [], promptId: 0, takesText: false };
    const out: Outgoing[] = [];
    const say = (texts: Text[] | undefined) => texts?.forEach((x) => out.push({ text: render(ctx.locale, [x]) }));

    if (flowName && stored?.version !== FLOW_VERSION) {
      say([t("common-flow-restarted")]);
      flowName = null;
    } else if (flowName) {
      state = { ...state, ...(JSON.parse(stored!.state) as StoredState) };
    }

    const enter = (name: string, data: StepData = {}): { flow: Flow; data: StepData } => {
      const flow = flows.get(name);
      if (!flow) throw new Error(`unknown flow ${name}`);
      const p = ctx.participant;
      if (flow.requires !== "nothing" && !p) return enter(deps.welcomeFlow);
      if (flow.requires === "profile" && p && !isProfileComplete(p)) return enter(deps.profileFlow.flow, deps.profileFlow.data);
      return { flow, data };
    };

    let transition: Transition;
    const command = inbound.input.kind === "text" ? parseCommand(inbound.input.text) : null;
    if (!flowName) {
      // A new chat, or one whose stored flow could not be kept: start where it makes sense.
      transition = { flow: ctx.participant ? (command && flows.has(command) ? command : deps.restingFlow) : deps.welcomeFlow };
    } else if (inbound.input.kind === "resume") {
      transition = { retry: [] };
    } else if (command !== null) {
      const handler = deps.commands[command];
      transition = handler ? await handler(ctx) : { retry: [t("common-unknown-command")] };
    } else {
      const flow = flows.get(flowName);
      const step = flow?.steps[stepName ?? ""];
      if (!flow || !step) {
        transition = { flow: deps.restingFlow };
      } else {
        const answer = resolveAnswer(inbound.input, state);
        transition = "retry" in answer ? answer : await step.handle(ctx, state.data, answer);
      }
    }

    for (let hops = 0; ; hops++) {
      if (hops > MAX_REDIRECTS) throw new Error(`flow redirect loop at ${flowName}.${stepName}`);
      if ("command" in transition) {
        const handler: FlowRunnerDeps["commands"][string] | undefined = deps.commands[transition.command];
        if (!handler) throw new Error(`unknown command ${transition.command}`);
        transition = await handler(ctx);
        continue;
      }
      if ("retry" in transition) {
        say(transition.retry);
      } else if ("next" in transition) {
        say(transition.say);
        stepName = transition.next;
        state.data = transition.data ?? state.data;
      } else {
        say(transition.say);
        const entered = enter(transition.flow, transition.data);
        flowName = entered.flow.name;
        stepName = entered.flow.first;
        state.data = entered.data;
      }
      const step = flows.get(flowName!)!.steps[stepName!];
      if (!step) throw new Error(`unknown step ${flowName}.${stepName}`);
      const asked = await step.ask(ctx, state.data);
      if (!isPrompt(asked)) {
        transition = asked;
        continue;
      }
      const choices = (asked.choices ?? []).map((c) => ({ id: c.id, label: deps.i18n.format(ctx.locale, c.label) }));
      state = { data: state.data, choices, promptId: state.promptId + 1, takesText: step.takesText ?? choices.length === 0 };
      out.push({
        text: render(ctx.locale, asked.text),
        ...(choices.length ? { choices: choices.map((c) => c.label), promptId: state.promptId } : {}),
      });
      break;
    }

    saveConversation(
      tx,
      {
        channel: inbound.channel,
        chatId: inbound.chatId,
        participantId: ctx.participant?.id ?? null,
        locale: ctx.locale,
        flow: flowName,
        step: stepName,
        state: JSON.stringify(state),
        version: FLOW_VERSION,
      },
      now,
    );
    return out;
  }

  async function handleNow(inbound: Inbound): Promise<Outgoing[]> {
    try {
      const result = await deps.db.transaction((tx) => handleInTransaction(tx, inbound));
      if (result === "duplicate") {
        deps.logger.info({ channel: inbound.channel, updateKey: inbound.updateKey }, "redelivered update skipped");
        return [];
      }
      return result;
    } catch (err) {
      // A poisoned update must not block the chat: record it as handled, apologise, move on.
      deps.logger.error({ err, channel: inbound.channel, chatId: inbound.chatId, updateKey: inbound.updateKey }, "update failed");
      const stored = await deps.db.transaction(async (tx) => {
        if (inbound.updateKey) claimUpdate(tx, inbound.channel, inbound.updateKey, deps.clock.now());
        return loadConversation(tx, inbound.channel, inbound.chatId);
      }).catch(() => null);
      const locale = isLocale(stored?.locale) ? stored.locale : deps.defaultLocale;
      return [{ text: deps.i18n.format(locale, t("common-error")) }];
    }
  }

  return {
    /** Handles one update; updates of one chat are handled one after the other, in arrival order. */
    handle(inbound: Inbound): Promise<Outgoing[]> {
      return chats.run(`${inbound.channel}:${inbound.chatId}`, () => handleNow(inbound));
    },
  };
}

export type FlowRunner = ReturnType<typeof createFlowRunner>;

/** `/submit`, `/submit@MyBot` → `submit`; anything else → null. */
export function parseCommand(text: string): string | null {
  const match = /^\/([a-z_]+)(?:@\w+)?(?:\s|$)/i.exec(text.trim());
  return match ? match[1]!.toLowerCase() : null;
}

function resolveAnswer(input: Exclude<Input, { kind: "resume" }>, state: StoredState): Answer | { retry: Text[] } {
  if (input.kind === "unsupported") return { retry: [t("common-unsupported-input")] };
  if (input.kind === "choice") {
    const choice = input.promptId === state.promptId ? state.choices[input.index] : undefined;
    return choice ? { kind: "choice", id: choice.id } : { retry: [t("common-stale-choice")] };
  }
  const picked = matchChoice(input.text, state.choices.map((c) => c.label));
  if (picked !== null) return { kind: "choice", id: state.choices[picked]!.id };
  if (state.takesText) return { kind: "text", text: input.text };
  return { retry: [t("common-pick-one")] };
}
