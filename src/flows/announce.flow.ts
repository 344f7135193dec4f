import { countAudience, recentBroadcastsOf, scheduleBroadcast } from "../domain/broadcasts.js";
import { addressableUnits, canAddress, findUnit } from "../domain/roles.js";
import { raw, t, type Text } from "../i18n/i18n.js";
import type { Choice, Flow, FlowContext, Transition } from "./flow.js";

export const ANNOUNCEMENT_MIN = 10;
export const ANNOUNCEMENT_MAX = 3000;

interface AnnounceData {
  unitId?: number;
  text?: string;
}

/** The leader's broadcasts going out or done today: seen before sending another, so nobody sends one twice. */
async function progressOf(ctx: FlowContext): Promise<Text[]> {
  return (await recentBroadcastsOf(ctx.db, ctx.participant!.id, ctx.now)).map((p) =>
    t(p.finished ? "broadcast-progress-done" : "broadcast-progress-running", {
      at: p.createdAt,
      total: p.total,
      sent: p.sent,
      failed: p.failed,
      unreachable: p.unreachable,
      waiting: p.waiting,
    }),
  );
}

/** Every step checks the role again: it can be revoked between two messages. */
async function notAllowed(ctx: FlowContext, unitId: number | undefined): Promise<Transition | null> {
  if (unitId !== undefined && (await canAddress(ctx.db, ctx.participant!.id, unitId))) return null;
  return { flow: "menu", say: [t("leader-not-allowed")] };
}

const audienceOf = (unitId: number) => ({ kind: "LEADER" as const, unitId, dialogueId: null });

/** `/announce`: audience → text → preview → confirm; the report comes when delivery ends. */
export const announceFlow: Flow = {
  name: "announce",
  requires: "profile",
  first: "audience",
  steps: {
    audience: {
      async ask(ctx) {
        const units = await addressableUnits(ctx.db, ctx.participant!.id);
        if (!units.length) return { flow: "menu", say: [t("leader-not-allowed")] };
        const progress = await progressOf(ctx);
        if (units.length === 1) return { next: "text", data: { unitId: units[0]!.id }, say: progress };
        const choices: Choice[] = [];
        for (const u of units) {
          const count = await countAudience(ctx.db, audienceOf(u.id));
          choices.push({ id: String(u.id), label: t("announce-audience", { unit: u.name, count }) });
        }
        return { text: [...progress, t("announce-ask-audience")], choices };
      },
      async handle(ctx, _data, answer) {
        if (answer.kind !== "choice") return { retry: [t("common-pick-one")] };
        const unitId = Number(answer.id);
        return (await notAllowed(ctx, unitId)) ?? { next: "text", data: { unitId } };
      },
    },
    text: {
      takesText: true,
      async ask(ctx, data: AnnounceData) {
        const unit = await findUnit(ctx.db, data.unitId!);
        return (await notAllowed(ctx, data.unitId)) ?? { text: [t("announce-ask-text", { unit: unit!.name, min: ANNOUNCEMENT_MIN, max: ANNOUNCEMENT_MAX })] };
      },
      handle(_ctx, data: AnnounceData, answer) {
        if (answer.kind !== "text") return { retry: [t("common-pick-one")] };
        const text = answer.text.trim();
        if (text.length < ANNOUNCEMENT_MIN || text.length > ANNOUNCEMENT_MAX) {
          return { retry: [t("announce-text-length", { min: ANNOUNCEMENT_MIN, max: ANNOUNCEMENT_MAX, length: text.length })] };
        }
        return { next: "preview", data: { ...data, text } };
      },
    },
    preview: {
      async ask(ctx, data: AnnounceData) {
        const denied = await notAllowed(ctx, data.unitId);
        if (denied) return denied;
        const unit = (await findUnit(ctx.db, data.unitId!))!;
        return {
          text: [
            t("announce-preview", { unit: unit.name, count: await countAudience(ctx.db, audienceOf(unit.id)) }),
            t("broadcast-from-leader", { unit: unit.name, text: raw(data.text!) }),
          ],
          choices: [
            { id: "send", label: t("announce-send") },
            { id: "edit", label: t("announce-edit") },
            { id: "cancel", label: t("announce-cancel") },
          ],
        };
      },
      async handle(ctx, data: AnnounceData, answer) {
        if (answer.kind !== "choice") return { retry: [t("common-pick-one")] };
        if (answer.id === "edit") return { next: "text" };
        if (answer.id === "cancel") return { flow: "menu", say: [t("common-cancelled")] };
        const denied = await notAllowed(ctx, data.unitId);
        if (denied) return denied;
        const count = await countAudience(ctx.db, audienceOf(data.unitId!));
        await scheduleBroadcast(ctx.db, { kind: "LEADER", unitId: data.unitId!, text: data.text!, senderParticipantId: ctx.participant!.id, dueAt: ctx.now }, ctx.now);
        return { flow: "menu", say: [t("announce-queued", { count })] };
      },
    },
  },
};
