import type { Db, Tx } from "../db/client.js";
import type { Participant } from "../domain/participants.js";
import type { SimilarProposals } from "../domain/similar-proposals.js";
import type { Locale, Text } from "../i18n/i18n.js";

/** What a step learns of the world: the database (inside the update's transaction), the time, who is talking. */
export interface FlowContext {
  readonly db: Tx;
  readonly now: Date;
  readonly channel: string;
  readonly chatId: string;
  /** Proposals like a text, and their groups. */
  readonly similar: SimilarProposals;
  /** Steps may change these two: the language step and consent. */
  locale: Locale;
  participant: Participant | null;
  /**
   * Work for once the update's transaction has committed, before its replies leave, given the
   * database for transactions of its own: what must not hold the chat's transaction open (a turn
   * many chats wait for). A failure is logged, not the youth's.
   */
  afterCommit(work: (db: Db) => Promise<unknown>): void;
}

export interface Choice {
  id: string;
  label: Text;
}

/** What a step asks: a message and, when it is a choice, its options. */
export interface Prompt {
  text: Text[];
  choices?: Choice[];
}

/** The user's answer to a prompt, once the runner has resolved a number, a button or the option's words. */
export type Answer = { kind: "choice"; id: string } | { kind: "text"; text: string };

export type StepData = Record<string, unknown>;

/** Where a step goes next; `say` are messages sent before the next prompt. */
export type Transition =
  | { next: string; data?: StepData; say?: Text[] }
  | { flow: string; data?: StepData; say?: Text[] }
  /** Does what the command `/name` does: the menu offers the commands. */
  | { command: string }
  | { retry: Text[] };

export interface Step<D extends StepData = StepData> {
  /** A prompt, or a transition when there is nothing to ask (no open dialogue, say). */
  ask(ctx: FlowContext, data: D): Promise<Prompt | Transition> | Prompt | Transition;
  /** `text`: the step takes free text besides (or instead of) its choices. */
  takesText?: boolean;
  handle(ctx: FlowContext, data: D, answer: Answer): Promise<Transition> | Transition;
}

export interface Flow {
  name: string;
  /** `consent`: only for a youth who consented; `profile`: who also completed the profile. */
  requires: "nothing" | "consent" | "profile";
  first: string;
  steps: Record<string, Step<any>>;
}

export const isPrompt = (x: Prompt | Transition): x is Prompt => "text" in x;
