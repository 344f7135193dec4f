import type { Logger } from "pino";
import { createKeyedQueue } from "../concurrency/keyed-queue.js";
import type { Db, Tx } from "../db/client.js";
import { isProfileComplete } from "../domain/participants.js";
import { isLocale, t, type I18n, type Locale, type Text } from "../i18n/i18n.js";
import type { SimilarProposals } from "../domain/similar-proposals.js";
import { isPrompt, type Answer, type Flow, type FlowContext, type StepData, type Transition } from "./flow.js";
import { claimUpdate, openStoredChat, saveConversation } from "./conversation.store.js";
import { matchChoice } from "./match-choice.js";
import { parkUpdate } from "./parked-updates.js";

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

export type CommandHandler = (ctx: FlowContext, args: string) => Transition | Promise<Transition>;

/** A flow opened by the bot rather than the youth (an invitation to answer); `command` reaches it later. */
export interface PushedFlow {
  flow: string;
  data: StepData;
  command: string;
}

export interface Clock {
  now(): Date;
}

export interface FlowRunnerDeps {
  db: Db;
  i18n: I18n;
  flows: Flow[];
  /** `/name args` → a flow to enter, or a transition (help, cancel). */
  commands: Record<string, CommandHandler>;
  /** Where a youth rests between flows. */
  restingFlow: string;
  /** Where a chat with nobody known in it goes: welcome and consent. */
  welcomeFlow: string;
  /** Where a youth goes to finish their profile before a flow that needs it. */
  profileFlow: { flow: string; data: StepData };
  defaultLocale: Locale;
  clock: Clock;
  logger: Logger;
  similar: SimilarProposals;
}

const MAX_REDIRECTS = 8;
/** A chat untouched this long is not in the middle of anything any more: a pushed flow may take it over. */
const IDLE_MS = 60 * 60 * 1000;
/** Tries of an update before it is parked, and the pause before the second (longer for the third). */
const HANDLE_ATTEMPTS = 3;
const RETRY_PAUSE_MS = 200;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a step left for after its update's commit (FlowContext.afterCommit). */
type AfterCommit = (db: Db) => Promise<unknown>;

/**
 * How a chat's transaction runs: in the chat's turn (across processes), READ COMMITTED.
 * Serializable, two youth onboarding side by side conflicted on the pages of the chats' and youth's
 * indexes, and 40–55 % of chat transactions ran again (bench:scale). Within a chat the turn keeps
 * the flow's state whole; what chats share guards itself: update keys, supports and invitations by
 * unique keys, a claim code by an UPDATE that re-checks it, reference numbers by an atomic counter,
 * a quota's seats, a dialogue's groups and a proposal a youth changes or supports by turns of their
 * own (Tx.lock), a youth's change to their proposal by an UPDATE that re-checks its status
 * (test/chat-transactions.test.ts).
 */
export const inChatsTurn = (channel: string, chatId: string) => ({ lock: `${channel}:${chatId}`, isolation: "read committed" }) as const;

/**
 * Runs the flows for every channel: one update in, the replies out. The update, the state
 * change and whatever the step wrote are committed together, before a reply leaves.
 */
export function createFlowRunner(deps: FlowRunnerDeps) {
  const flows = new Map(deps.flows.map((f) => [f.name, f]));
  const chats = createKeyedQueue();

  const render = (locale: Locale, texts: Text[]) => texts.map((x) => deps.i18n.format(locale, x)).join("\n\n");

  /**
   * The chat as stored, and the context its steps run in; `later` collects the steps' work for after
   * the commit. With `claim`, the update is claimed first (`claimed` false: a redelivery).
   */
  async function openChat(tx: Tx, channel: string, chatId: string, now: Date, later: AfterCommit[], claim?: string) {
    const { claimed, chat: stored } = await openStoredChat(tx, channel, chatId, claim === undefined ? undefined : { updateKey: claim, now });
    const ctx: FlowContext = {
      db: tx,
      now,
      channel,
      chatId,
      similar: deps.similar,
      afterCommit: (work) => void later.push(work),
      locale: isLocale(stored?.locale) ? stored.locale : deps.defaultLocale,
      participant: stored?.participant ?? null,
    };
    const current = stored?.version === FLOW_VERSION && stored.flow ? stored.flow : null;
    return { claimed, stored, ctx, current };
  }

  function enter(ctx: FlowContext, name: string, data: StepData = {}): { flow: Flow; data: StepData } {
    const flow = flows.get(name);
    if (!flow) throw new Error(`unknown flow ${name}`);
    const p = ctx.participant;
    if (flow.requires !== "nothing" && !p) return enter(ctx, deps.welcomeFlow);
    if (flow.requires === "profile" && p && !isProfileComplete(p)) return enter(ctx, deps.profileFlow.flow, deps.profileFlow.data);
    return { flow, data };
  }

  /**
   * Follows transitions until a step asks something, collecting what is said on the way, and
   * stores where the chat now stands.
   */
  async function advance(
    ctx: FlowContext,
    at: { flow: string | null; step: string | null; state: StoredState },
    first: Transition,
    out: Outgoing[],
    save = true,
  ) {
    const say = (texts: Text[] | undefined) => texts?.forEach((x) => out.push({ text: render(ctx.locale, [x]) }));
    let { flow: flowName, step: stepName, state } = at;
    let transition = first;
    for (let hops = 0; ; hops++) {
      if (hops > MAX_REDIRECTS) throw new Error(`flow redirect loop at ${flowName}.${stepName}`);
      if ("command" in transition) {
        const handler: CommandHandler | undefined = deps.commands[transition.command];
        if (!handler) throw new Error(`unknown command ${transition.command}`);
        transition = await handler(ctx, "");
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
        const entered = enter(ctx, transition.flow, transition.data);
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

    if (save) saveConversation(
      ctx.db,
      {
        channel: ctx.channel,
        chatId: ctx.chatId,
        participantId: ctx.participant?.id ?? null,
        locale: ctx.locale,
        flow: flowName,
        step: stepName,
        state: JSON.stringify(state),
        version: FLOW_VERSION,
      },
      ctx.now,
    );
  }

  async function handleInTransaction(tx: Tx, inbound: Inbound, later: AfterCommit[]): Promise<Outgoing[] | "duplicate"> {
    const now = deps.clock.now();
    const { claimed, stored, ctx, current } = await openChat(tx, inbound.channel, inbound.chatId, now, later, inbound.updateKey);
    if (!claimed) return "duplicate";
    let state: StoredState = { data: {}, choices: [], promptId: 0, takesText: false };
    const out: Outgoing[] = [];

    if (stored?.flow && !current) out.push({ text: render(ctx.locale, [t("common-flow-restarted")]) });
    if (current && stored) state = { ...state, ...(JSON.parse(stored.state) as StoredState) };
    const stepName = current ? stored!.step : null;

    let transition: Transition;
    const command = inbound.input.kind === "text" ? parseCommand(inbound.input.text) : null;
    if (!current) {
      // A new chat, or one whose stored flow could not be kept: start where it makes sense.
      transition = ctx.participant
        ? command && deps.commands[command.name]
          ? await deps.commands[command.name]!(ctx, command.args)
          : { flow: deps.restingFlow }
        : { flow: deps.welcomeFlow };
    } else if (inbound.input.kind === "resume") {
      transition = { retry: [] };
    } else if (command !== null) {
      const handler = deps.commands[command.name];
      transition = handler ? await handler(ctx, command.args) : { retry: [t("common-unknown-command")] };
    } else {
      const step = flows.get(current)?.steps[stepName ?? ""];
      if (!step) {
        transition = { flow: deps.restingFlow };
      } else {
        const answer = resolveAnswer(inbound.input, state);
        transition = "retry" in answer ? answer : await step.handle(ctx, state.data, answer);
      }
    }
    await advance(ctx, { flow: current, step: stepName, state }, transition, out);
    return out;
  }

  /**
   * Opens a flow the bot starts (an invitation to answer) when the chat is at rest; a chat busy
   * with something else gets the question's text and the command to answer it later.
   */
  async function pushInTransaction(tx: Tx, channel: string, chatId: string, push: PushedFlow, later: AfterCommit[]): Promise<Outgoing[]> {
    const now = deps.clock.now();
    const { stored, ctx, current } = await openChat(tx, channel, chatId, now, later);
    if (!ctx.participant) return [];
    const out: Outgoing[] = [];
    const idle = !stored || now.getTime() - stored.updatedAt.getTime() > IDLE_MS;
    if (!current || current === deps.restingFlow || idle) {
      const state: StoredState = { data: {}, choices: [], promptId: 0, takesText: false, ...(stored && current ? (JSON.parse(stored.state) as StoredState) : {}) };
      await advance(ctx, { flow: current, step: stored?.step ?? null, state }, { flow: push.flow, data: push.data }, out);
      return out;
    }
    // What the flow would ask, without its options and without moving the chat: it stays where it was.
    const scratch: StoredState = { data: {}, choices: [], promptId: 0, takesText: false };
    await advance(ctx, { flow: null, step: null, state: scratch }, { flow: push.flow, data: push.data }, out, false);
    const answerLater = render(ctx.locale, [t("common-answer-later", { command: push.command })]);
    return [{ text: [...out.map((m) => m.text), answerLater].join("\n\n") }];
  }

  /**
   * Handles an update in its own transaction. One that fails is tried again (a passing fault:
   * the database, a race); one that fails every try is parked with its error for staff and its
   * chat cleared, so it blocks neither the chat nor the platform's later updates.
   */
  async function handleNow(inbound: Inbound): Promise<Outgoing[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await inTransaction((tx, later) => handleInTransaction(tx, inbound, later), inbound.channel, inbound.chatId);
        if (result === "duplicate") {
          deps.logger.info({ channel: inbound.channel, updateKey: inbound.updateKey }, "redelivered update skipped");
          return [];
        }
        return result;
      } catch (err) {
        const where = { err, channel: inbound.channel, chatId: inbound.chatId, updateKey: inbound.updateKey, attempt };
        if (attempt < HANDLE_ATTEMPTS) {
          deps.logger.warn(where, "update failed; trying again");
          await sleep(RETRY_PAUSE_MS * attempt);
          continue;
        }
        deps.logger.error(where, "update failed every try: parked");
        return park(inbound, err, attempt);
      }
    }
  }

  /**
   * Runs `work` in the chat's transaction, then the work its steps left for after the commit (of the
   * attempt that committed: one run again after a conflict starts with none).
   */
  async function inTransaction<T>(work: (tx: Tx, later: AfterCommit[]) => Promise<T>, channel: string, chatId: string): Promise<T> {
    let later: AfterCommit[] = [];
    const result = await deps.db.transaction((tx) => work(tx, (later = [])), inChatsTurn(channel, chatId));
    for (const task of later) await task(deps.db).catch((err: unknown) => deps.logger.error({ err, channel, chatId }, "work after an update's commit failed"));
    return result;
  }

  async function park(inbound: Inbound, err: unknown, attempts: number): Promise<Outgoing[]> {
    const stored = await deps.db
      .transaction(async (tx) => {
        const now = deps.clock.now();
        if (inbound.updateKey) await claimUpdate(tx, inbound.channel, inbound.updateKey, now);
        await parkUpdate(tx, { ...inbound, error: err, attempts }, now);
        return (await openStoredChat(tx, inbound.channel, inbound.chatId)).chat;
      }, inChatsTurn(inbound.channel, inbound.chatId))
      .catch((parkErr: unknown) => {
        deps.logger.error({ err: parkErr, chatId: inbound.chatId }, "parking an update failed");
        return null;
      });
    const locale = isLocale(stored?.locale) ? stored.locale : deps.defaultLocale;
    return [{ text: deps.i18n.format(locale, t("common-update-parked")) }];
  }

  return {
    /** Handles one update; updates of one chat are handled one after the other, in arrival order. */
    handle(inbound: Inbound): Promise<Outgoing[]> {
      return chats.run(`${inbound.channel}:${inbound.chatId}`, () => handleNow(inbound));
    },
    /** What the chat is sent for a pushed flow; in the chat's turn, so no update of it is handled meanwhile. */
    push(channel: string, chatId: string, push: PushedFlow): Promise<Outgoing[]> {
      return chats.run(`${channel}:${chatId}`, () => inTransaction((tx, later) => pushInTransaction(tx, channel, chatId, push, later), channel, chatId));
    },
    /** Whether no update or pushed flow is being handled, nor waiting its chat's turn. */
    idle: () => chats.idle,
    /** Formats texts in a language: what the delivery worker sends for a plain message. */
    render,
  };
}

export type FlowRunner = ReturnType<typeof createFlowRunner>;

/** `/submit`, `/submit@MyBot` → `submit`; `/claim ABCD-EFGH` → `claim` with its argument; anything else → null. */
export function parseCommand(text: string): { name: string; args: string } | null {
  const match = /^\/([a-z_]+)(?:@\w+)?(?:\s+([\s\S]*))?$/i.exec(text.trim());
  return match ? { name: match[1]!.toLowerCase(), args: (match[2] ?? "").trim() } : null;
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
