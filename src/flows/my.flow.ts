import { topicName } from "../domain/dialogues.js";
import {
  canChange,
  editProposalText,
  findMyProposal,
  listMyProposals,
  PROPOSAL_TEXT_MAX,
  PROPOSAL_TEXT_MIN,
  withdrawProposal,
} from "../domain/proposals.js";
import { t } from "../i18n/i18n.js";
import type { Flow } from "./flow.js";
import { refusalTransition } from "./submit.flow.js";

interface MyData {
  proposalId?: number;
  [key: string]: unknown;
}

/** A youth's own proposals: status and answer; edit or withdraw while submissions are open. */
export const myFlow: Flow = {
  name: "my",
  requires: "consent",
  first: "list",
  steps: {
    list: {
      async ask(ctx) {
        const mine = await listMyProposals(ctx.db, ctx.participant!.id);
        if (!mine.length) return { flow: "menu", say: [t("my-none")] };
        return {
          text: [t("my-ask-pick", { count: mine.length })],
          choices: [
            ...mine.map((p) => ({
              id: String(p.id),
              label: t("my-item", { code: p.code, status: t("proposal-status", { status: p.status }) }),
            })),
            { id: "back", label: t("common-back") },
          ],
        };
      },
      handle(_ctx, _data, answer) {
        if (answer.kind !== "choice") return { retry: [t("common-pick-one")] };
        return answer.id === "back" ? { flow: "menu" } : { next: "detail", data: { proposalId: Number(answer.id) } };
      },
    },
    detail: {
      async ask(ctx, data: MyData) {
        const p = await findMyProposal(ctx.db, ctx.participant!.id, data.proposalId!);
        if (!p) return { next: "list", data: {} };
        const changeable = canChange(p, ctx.now);
        return {
          text: [
            t("my-detail", {
              code: p.code,
              dialogue: p.dialogue.title,
              topic: topicName(p.topic, ctx.locale),
              level: p.level ? t("proposal-level", { level: p.level }) : t("submit-level-office"),
              status: t("proposal-status", { status: p.status }),
              createdAt: p.createdAt,
              text: p.text,
            }),
            ...(p.answer ? [t("my-answer", { answer: p.answer })] : []),
          ],
          choices: [
            ...(changeable
              ? [
                  { id: "edit", label: t("my-edit") },
                  { id: "withdraw", label: t("my-withdraw") },
                ]
              : []),
            { id: "back", label: t("common-back") },
          ],
        };
      },
      handle(_ctx, data, answer) {
        if (answer.kind !== "choice") return { retry: [t("common-pick-one")] };
        if (answer.id === "back") return { next: "list", data: {} };
        return { next: answer.id === "edit" ? "edit" : "confirmWithdraw", data };
      },
    },
    edit: {
      takesText: true,
      ask: () => ({ text: [t("submit-ask-text", { min: PROPOSAL_TEXT_MIN, max: PROPOSAL_TEXT_MAX })] }),
      async handle(ctx, data: MyData, answer) {
        if (answer.kind !== "text") return { retry: [t("common-pick-one")] };
        try {
          await editProposalText(ctx.db, ctx.participant!.id, data.proposalId!, answer.text, ctx.now);
          return { next: "detail", data, say: [t("my-edited")] };
        } catch (err) {
          return refusalTransition(err, true);
        }
      },
    },
    confirmWithdraw: {
      ask: () => ({
        text: [t("my-withdraw-confirm")],
        choices: [
          { id: "yes", label: t("my-withdraw-yes") },
          { id: "no", label: t("common-back") },
        ],
      }),
      async handle(ctx, data: MyData, answer) {
        if (answer.kind !== "choice") return { retry: [t("common-pick-one")] };
        if (answer.id !== "yes") return { next: "detail", data };
        try {
          await withdrawProposal(ctx.db, ctx.participant!.id, data.proposalId!, ctx.now);
          return { next: "list", data: {}, say: [t("my-withdrawn")] };
        } catch (err) {
          return refusalTransition(err, false);
        }
      },
    },
  },
};
