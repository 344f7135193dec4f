import {
  ageBand,
  updateProfile,
  withdrawConsent,
  type Participant,
  type ProfileChange,
} from "../domain/participants.js";
import { normaliseVietnamesePhone } from "../domain/phone.js";
import { unitsUnder } from "../domain/units.js";
import { raw, t, type Text } from "../i18n/i18n.js";
import type { Flow, FlowContext, Transition } from "./flow.js";

interface ProfileData {
  /** Onboarding: ask each missing field in turn instead of showing the overview. */
  completing?: boolean;
  phoneAsked?: boolean;
  /** On the way down to a branch: the units chosen so far (a town, then a ward). */
  unitPath?: number[];
  [key: string]: unknown;
}

/** A branch's choice, a unit to go down into, one level back up. */
const BRANCH = "branch:";
const INTO = "unit:";
const UP = "up";

const NAME_MAX = 100;

function missingStep(p: Participant, data: ProfileData): string | null {
  if (p.fullName === null) return "name";
  if (p.birthYear === null) return "birthYear";
  if (p.branchId === null) return "branch";
  if (!data.phoneAsked) return "phone";
  return null;
}

/** The profile's fields as text arguments, for the overview and for /mydata. */
export function profileArgs(p: Participant) {
  const none = t("profile-value-none");
  return {
    name: p.fullName ?? none,
    birthYear: p.birthYear === null ? none : String(p.birthYear),
    branch: p.branchName ?? none,
    phone: p.phone ?? none,
  };
}

async function save(ctx: FlowContext, change: ProfileChange, data: ProfileData, notes: Text[] = []): Promise<Transition> {
  ctx.participant = await updateProfile(ctx.db, ctx.participant!.id, change, ctx.now);
  return { next: "overview", data, say: data.completing ? notes : [...notes, t("profile-saved")] };
}

/** Full name, birth year, branch and an optional phone: asked in turn at onboarding, editable later. */
export const profileFlow: Flow = {
  name: "profile",
  requires: "consent",
  first: "overview",
  steps: {
    overview: {
      ask(ctx, data: ProfileData) {
        const p = ctx.participant!;
        if (data.completing) {
          const next = missingStep(p, data);
          return next ? { next, data } : { flow: "menu", say: [t("profile-complete", { name: p.fullName! })] };
        }
        return {
          text: [t("profile-overview", profileArgs(p))],
          choices: [
            { id: "name", label: t("profile-edit-name") },
            { id: "birthYear", label: t("profile-edit-birth-year") },
            { id: "branch", label: t("profile-edit-branch") },
            { id: "phone", label: t("profile-edit-phone") },
            { id: "back", label: t("common-back") },
          ],
        };
      },
      handle(_ctx, data, answer) {
        if (answer.kind !== "choice") return { retry: [t("common-pick-one")] };
        return answer.id === "back" ? { flow: "menu" } : { next: answer.id, data };
      },
    },
    name: {
      takesText: true,
      ask: () => ({ text: [t("profile-ask-name", { max: NAME_MAX })] }),
      handle(ctx, data, answer) {
        const name = answer.kind === "text" ? answer.text.trim().replace(/\s+/g, " ") : "";
        if (!/^[\p{L}][\p{L}\p{M} .'-]*$/u.test(name) || name.length < 2 || name.length > NAME_MAX)
          return { retry: [t("profile-name-invalid", { max: NAME_MAX })] };
        return save(ctx, { fullName: name }, data);
      },
    },
    birthYear: {
      takesText: true,
      ask: () => ({ text: [t("profile-ask-birth-year")] }),
      async handle(ctx, data, answer) {
        const year = answer.kind === "text" && /^\s*\d{4}\s*$/.test(answer.text) ? Number(answer.text) : NaN;
        const thisYear = ctx.now.getUTCFullYear();
        if (!(year >= thisYear - 100 && year <= thisYear)) return { retry: [t("profile-birth-year-invalid")] };
        const band = ageBand(year, ctx.now);
        if (band === "child") {
          await withdrawConsent(ctx.db, ctx.participant!.id, ctx.now);
          ctx.participant = null;
          return { flow: "farewell", say: [t("profile-under-age")] };
        }
        return save(ctx, { birthYear: year }, data, band === "over" ? [t("profile-over-age")] : []);
      },
    },
    branch: {
      // Down the unit tree a level at a time (town, ward, branch), so no list is longer than a
      // town's wards; a level with one unit in it (the demo's province, town and ward) is no choice.
      async ask(ctx, data: ProfileData) {
        const path = data.unitPath ?? [];
        let units = await unitsUnder(ctx.db, path.at(-1) ?? null);
        while (units.length === 1 && units[0]!.level !== "BRANCH") units = await unitsUnder(ctx.db, units[0]!.id);
        const choices = units.map((u) => ({ id: (u.level === "BRANCH" ? BRANCH : INTO) + u.id, label: raw(u.name) }));
        if (path.length) choices.push({ id: UP, label: t("common-back") });
        const level = units.find((u) => u.level !== "BRANCH")?.level;
        return { text: [level ? t("profile-ask-unit", { level }) : t("profile-ask-branch")], choices };
      },
      handle(ctx, data: ProfileData, answer) {
        // A choice's id is one the runner offered: a unit listed a moment ago.
        if (answer.kind !== "choice") return { retry: [t("common-pick-one")] };
        const { unitPath = [], ...rest } = data;
        if (answer.id === UP) return { next: "branch", data: { ...rest, unitPath: unitPath.slice(0, -1) } };
        if (answer.id.startsWith(INTO)) return { next: "branch", data: { ...rest, unitPath: [...unitPath, Number(answer.id.slice(INTO.length))] } };
        // A bare id: a branch offered before the tree was walked a level at a time.
        return save(ctx, { branchId: Number(answer.id.startsWith(BRANCH) ? answer.id.slice(BRANCH.length) : answer.id) }, rest);
      },
    },
    phone: {
      takesText: true,
      ask: (ctx) => ({
        text: [t("profile-ask-phone")],
        choices: [
          { id: "skip", label: t(ctx.participant?.phone ? "profile-phone-remove" : "profile-phone-skip") },
        ],
      }),
      handle(ctx, data, answer) {
        const next = { ...data, phoneAsked: true };
        if (answer.kind === "choice") return save(ctx, { phone: null }, next);
        const phone = normaliseVietnamesePhone(answer.text);
        if (!phone) return { retry: [t("profile-phone-invalid")] };
        return save(ctx, { phone }, next);
      },
    },
  },
};
