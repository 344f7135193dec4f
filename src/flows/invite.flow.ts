import { findUnit, addressableUnits } from "../domain/roles.js";
import { DomainError } from "../domain/errors.js";
import { dialoguesWithSeats, invitableMembers, invitationsOfBranch, invite, quotaUse } from "../domain/invitations.js";
import { raw, t } from "../i18n/i18n.js";
import type { Flow, FlowContext, Transition } from "./flow.js";

const PAGE = 8;

interface InviteData {
  branchId?: number;
  dialogueId?: number;
  page?: number;
}

async function branchesOf(ctx: FlowContext) {
  return (await addressableUnits(ctx.db, ctx.participant!.id)).filter((u) => u.level === "BRANCH");
}

/** Checked at every step: a role can be revoked between two messages. */
async function notAllowed(ctx: FlowContext, branchId: number | undefined): Promise<Transition | null> {
  return (await branchesOf(ctx)).some((b) => b.id === branchId) ? null : { flow: "menu", say: [t("leader-not-allowed")] };
}

/** `/invite`: branch → dialogue → who answered and the seats left → pick members, within the quota. */
export const inviteFlow: Flow = {
  name: "invite",
  requires: "profile",
  first: "branch",
  steps: {
    branch: {
      async ask(ctx) {
        const branches = await branchesOf(ctx);
        if (!branches.length) return { flow: "menu", say: [t("leader-not-allowed")] };
        if (branches.length === 1) return { next: "dialogue", data: { branchId: branches[0]!.id } };
        return { text: [t("invite-ask-branch")], choices: branches.map((b) => ({ id: String(b.id), label: raw(b.name) })) };
      },
      async handle(ctx, _data, answer) {
        if (answer.kind !== "choice") return { retry: [t("common-pick-one")] };
        const branchId = Number(answer.id);
        return (await notAllowed(ctx, branchId)) ?? { next: "dialogue", data: { branchId } };
      },
    },
    dialogue: {
      async ask(ctx, data: InviteData) {
        const denied = await notAllowed(ctx, data.branchId);
        if (denied) return denied;
        const dialogues = await dialoguesWithSeats(ctx.db, data.branchId!, ctx.now);
        const branch = (await findUnit(ctx.db, data.branchId!))!;
        if (!dialogues.length) return { flow: "menu", say: [t("invite-no-quota", { branch: branch.name })] };
        if (dialogues.length === 1) return { next: "overview", data: { ...data, dialogueId: dialogues[0]!.id } };
        return {
          text: [t("invite-ask-dialogue")],
          choices: dialogues.map((d) => ({ id: String(d.id), label: t("invite-dialogue-choice", { title: d.title, startsAt: d.startsAt }) })),
        };
      },
      handle(_ctx, data: InviteData, answer) {
        if (answer.kind !== "choice") return { retry: [t("common-pick-one")] };
        return { next: "overview", data: { ...data, dialogueId: Number(answer.id) } };
      },
    },
    overview: {
      async ask(ctx, data: InviteData) {
        const denied = await notAllowed(ctx, data.branchId);
        if (denied) return denied;
        const use = await quotaUse(ctx.db, data.dialogueId!, data.branchId!);
        const invited = await invitationsOfBranch(ctx.db, data.dialogueId!, data.branchId!);
        const list = invited.map((i) => t("invite-line", { name: i.fullName ?? t("invite-anonymous"), status: t("invitation-status", { status: i.status }) }));
        return {
          text: [t("invite-overview", { seats: use.seats, taken: use.taken, accepted: use.accepted, pending: use.pending, declined: use.declined }), ...list],
          choices: [...(use.taken < use.seats ? [{ id: "more", label: t("invite-more") }] : []), { id: "done", label: t("invite-done") }],
        };
      },
      handle(_ctx, data: InviteData, answer) {
        if (answer.kind !== "choice") return { retry: [t("common-pick-one")] };
        return answer.id === "more" ? { next: "pick", data: { ...data, page: 0 } } : { flow: "menu" };
      },
    },
    pick: {
      async ask(ctx, data: InviteData) {
        const denied = await notAllowed(ctx, data.branchId);
        if (denied) return denied;
        const members = await invitableMembers(ctx.db, data.dialogueId!, data.branchId!);
        if (!members.length) return { next: "overview", say: [t("invite-no-members")] };
        const page = Math.min(data.page ?? 0, Math.floor((members.length - 1) / PAGE));
        const shown = members.slice(page * PAGE, page * PAGE + PAGE);
        const more = members.length > (page + 1) * PAGE;
        return {
          text: [t("invite-ask-member", { count: members.length })],
          choices: [
            ...shown.map((m) => ({ id: `m${m.id}`, label: t("invite-member", { name: m.fullName, birthYear: String(m.birthYear) }) })),
            ...(more ? [{ id: "next", label: t("invite-next-page") }] : []),
            ...(page > 0 ? [{ id: "first", label: t("invite-first-page") }] : []),
            { id: "back", label: t("common-back") },
          ],
        };
      },
      async handle(ctx, data: InviteData, answer) {
        if (answer.kind !== "choice") return { retry: [t("common-pick-one")] };
        if (answer.id === "back") return { next: "overview" };
        if (answer.id === "next") return { next: "pick", data: { ...data, page: (data.page ?? 0) + 1 } };
        if (answer.id === "first") return { next: "pick", data: { ...data, page: 0 } };
        const participantId = Number(answer.id.slice(1));
        try {
          await invite(ctx.db, { leaderId: ctx.participant!.id, dialogueId: data.dialogueId!, participantId, now: ctx.now });
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          return { next: "overview", say: [t(err.code, err.facts)] };
        }
        return { next: "overview", say: [t("invite-sent")] };
      },
    },
  },
};
