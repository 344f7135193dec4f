import { findDialogueWithTopics, findTopic, submissionWindow, topicName, upcomingDialogues } from "../domain/dialogues.js";
import { DomainError } from "../domain/errors.js";
import {
  ADDRESSED_LEVELS,
  PROPOSAL_TEXT_MAX,
  PROPOSAL_TEXT_MIN,
  checkProposalText,
  submitProposal,
  supportProposal,
  type AddressedLevel,
} from "../domain/proposals.js";
import type { Suggestion } from "../domain/similar-proposals.js";
import { statusNotice } from "../domain/triage.js";
import { raw, t, type Text } from "../i18n/i18n.js";
import type { Flow, Transition } from "./flow.js";

interface SubmitData {
  dialogueId?: number;
  topicId?: number;
  level?: AddressedLevel | null;
  text?: string;
  /** Proposals like the text, as shown to the youth. */
  similar?: Suggestion[];
  [key: string]: unknown;
}

/** Enough of a suggested proposal to recognise it on a phone screen. */
const SHOWN_CHARS = 220;
const shorten = (text: string) => ([...text].length > SHOWN_CHARS ? `${[...text].slice(0, SHOWN_CHARS - 1).join("")}…` : text);

const NO_LEVEL = "office";

/** The words for a domain refusal a youth can meet while filing or changing a proposal. */
function refusalText(err: DomainError): Text {
  switch (err.code) {
    case "text-too-short":
    case "text-too-long":
    case "submissions-closed":
    case "submissions-not-open":
    case "already-handled":
      return t(`proposal-${err.code}`, err.facts);
    default:
      return t("common-error");
  }
}

/** A refusal ends the flow when the window closed; otherwise the youth may try again. */
export function refusalTransition(err: unknown, retryable: boolean): Transition {
  if (!(err instanceof DomainError)) throw err;
  const text = refusalText(err);
  return retryable && err.code.startsWith("text-") ? { retry: [text] } : { flow: "menu", say: [text] };
}

/** Dialogue → topic → addressed level → text → (proposals like it: support one?) → review → confirm → reference code. */
export const submitFlow: Flow = {
  name: "submit",
  requires: "profile",
  first: "dialogue",
  steps: {
    dialogue: {
      async ask(ctx) {
        const upcoming = await upcomingDialogues(ctx.db, ctx.now);
        const open = upcoming.filter((d) => submissionWindow(d, ctx.now).state === "open");
        if (open.length === 1) return { next: "topic", data: { dialogueId: open[0]!.id } };
        if (open.length > 1) {
          return {
            text: [t("submit-ask-dialogue")],
            choices: open.map((d) => ({ id: String(d.id), label: raw(d.title) })),
          };
        }
        const soonest = upcoming.map((d) => submissionWindow(d, ctx.now)).find((w) => w.state === "not-yet");
        if (soonest?.state === "not-yet") return { flow: "menu", say: [t("proposal-submissions-not-open", { opensAt: soonest.opensAt })] };
        const closed = upcoming.map((d) => submissionWindow(d, ctx.now)).find((w) => w.state === "closed");
        if (closed?.state === "closed") return { flow: "menu", say: [t("proposal-submissions-closed", { closedAt: closed.closedAt })] };
        return { flow: "menu", say: [t("dialogues-none")] };
      },
      handle(_ctx, _data, answer) {
        if (answer.kind !== "choice") return { retry: [t("common-pick-one")] };
        return { next: "topic", data: { dialogueId: Number(answer.id) } };
      },
    },
    topic: {
      async ask(ctx, data: SubmitData) {
        const dialogue = await findDialogueWithTopics(ctx.db, data.dialogueId!);
        if (!dialogue) return { flow: "menu", say: [t("common-error")] };
        return {
          text: [t("submit-ask-topic", { title: dialogue.title, closesAt: dialogue.submissionsCloseAt })],
          choices: dialogue.topics.map((x) => ({ id: String(x.id), label: raw(topicName(x, ctx.locale)) })),
        };
      },
      handle(_ctx, data, answer) {
        if (answer.kind !== "choice") return { retry: [t("common-pick-one")] };
        return { next: data.text ? "review" : "level", data: { ...data, topicId: Number(answer.id) } };
      },
    },
    level: {
      ask: () => ({
        text: [t("submit-ask-level")],
        choices: [
          ...ADDRESSED_LEVELS.map((level) => ({ id: level, label: t("proposal-level", { level }) })),
          { id: NO_LEVEL, label: t("submit-level-office") },
        ],
      }),
      handle(_ctx, data, answer) {
        if (answer.kind !== "choice") return { retry: [t("common-pick-one")] };
        const level = answer.id === NO_LEVEL ? null : (answer.id as AddressedLevel);
        return { next: "text", data: { ...data, level } };
      },
    },
    text: {
      takesText: true,
      ask: () => ({ text: [t("submit-ask-text", { min: PROPOSAL_TEXT_MIN, max: PROPOSAL_TEXT_MAX })] }),
      async handle(ctx, data: SubmitData, answer) {
        if (answer.kind !== "text") return { retry: [t("common-pick-one")] };
        let text: string;
        try {
          text = checkProposalText(answer.text);
        } catch (err) {
          return refusalTransition(err, true);
        }
        const suggestions = await ctx.similar.suggest(ctx.db, { dialogueId: data.dialogueId!, topicId: data.topicId!, text, participantId: ctx.participant!.id });
        const similar = suggestions.map((s) => ({ ...s, text: shorten(s.text) }));
        return { next: similar.length ? "similar" : "review", data: { ...data, text, similar } };
      },
    },
    similar: {
      ask: (_ctx, data: SubmitData) => ({
        text: [
          t("submit-similar-intro", { count: data.similar!.length }),
          ...data.similar!.map((s, i) => t("submit-similar-item", { n: i + 1, code: s.code, text: s.text, asked: s.asked })),
        ],
        choices: [
          ...data.similar!.map((s, i) => ({ id: String(s.id), label: t("submit-similar-support", { n: i + 1 }) })),
          { id: "mine", label: t("submit-similar-file-mine") },
        ],
      }),
      async handle(ctx, data: SubmitData, answer) {
        if (answer.kind !== "choice") return { retry: [t("common-pick-one")] };
        if (answer.id === "mine") return { next: "review", data };
        try {
          const { code, again, office } = await supportProposal(ctx.db, { proposalId: Number(answer.id), participantId: ctx.participant!.id, channel: ctx.channel }, ctx.now);
          // Answered already: the answer is theirs now, not later (forwarded, it is still to come).
          const notice = statusNotice(office, "supporter");
          const answered = notice !== null && office.status !== "FORWARDED";
          const supported = t(answered ? "submit-supported-answered" : again ? "submit-supported-again" : "submit-supported", { code });
          return { flow: "menu", say: notice ? [supported, notice] : [supported] };
        } catch (err) {
          if (err instanceof DomainError && err.code === "proposal-not-found") return { next: "review", data, say: [t("submit-similar-gone")] };
          return refusalTransition(err, false);
        }
      },
    },
    review: {
      async ask(ctx, data: SubmitData) {
        const topic = await findTopic(ctx.db, data.dialogueId!, data.topicId!);
        if (!topic) return { next: "topic", data };
        return {
          text: [
            t("submit-review", {
              topic: topicName(topic, ctx.locale),
              level: data.level ? t("proposal-level", { level: data.level }) : t("submit-level-office"),
              text: data.text!,
            }),
          ],
          choices: [
            { id: "confirm", label: t("submit-confirm") },
            { id: "edit", label: t("submit-edit-text") },
            { id: "topic", label: t("submit-change-topic") },
            { id: "cancel", label: t("submit-cancel") },
          ],
        };
      },
      async handle(ctx, data, answer) {
        if (answer.kind !== "choice") return { retry: [t("common-pick-one")] };
        if (answer.id === "edit") return { next: "text", data };
        if (answer.id === "topic") return { next: "topic", data };
        if (answer.id === "cancel") return { flow: "menu", say: [t("submit-cancelled")] };
        try {
          const filed = await submitProposal(
            ctx.db,
            {
              dialogueId: data.dialogueId!,
              topicId: data.topicId!,
              participantId: ctx.participant!.id,
              level: data.level ?? null,
              text: data.text!,
              channel: ctx.channel,
            },
            ctx.now,
          );
          // Grouped once filed, in a transaction of its own: see SimilarProposals.groupFiled.
          ctx.afterCommit((db) => ctx.similar.groupFiled(db, data.dialogueId!, filed.id, ctx.now));
          return { flow: "menu", say: [t("submit-received", { code: filed.code })] };
        } catch (err) {
          return refusalTransition(err, false);
        }
      },
    },
  },
};
