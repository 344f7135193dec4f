import { z } from "zod";
import { normaliseVietnamesePhone } from "../domain/phone.js";
import { ROLES } from "../domain/roles.js";

/** A mistake on the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {}

/** `2026-12-20 08:00` is Vietnam time, as staff read a calendar; an ISO time with its offset is taken as it is. */
export const vietnamDateTime = z
  .string()
  .trim()
  .transform((s, ctx) => {
    const local = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/.exec(s);
    const date = local ? new Date(`${local[1]}-${local[2]}-${local[3]}T${local[4]}:${local[5]}:00+07:00`) : new Date(s);
    if (Number.isNaN(date.getTime()) || (!local && !/(Z|[+-]\d{2}:?\d{2})$/.test(s))) {
      ctx.addIssue({ code: "custom", message: `"${s}": write YYYY-MM-DD HH:MM (Vietnam time)` });
      return z.NEVER;
    }
    return date;
  });

export const roleArg = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.enum(ROLES, { error: "--role is leader or admin" }));

export const positiveId = (name: string) => z.coerce.number<string>({ error: `${name} is a number` }).int().positive(`${name} is a number`);

export const phoneArg = z.string().transform((s, ctx) => {
  const phone = normaliseVietnamesePhone(s);
  if (!phone) {
    ctx.addIssue({ code: "custom", message: `--phone "${s}" is not a Vietnamese mobile number` });
    return z.NEVER;
  }
  return phone;
});

/** Parses one option with its schema; a missing or bad one is a UsageError naming it. */
export function option<T>(values: Record<string, string | boolean | undefined>, name: string, schema: z.ZodType<T, string>): T {
  const value = values[name];
  if (value === undefined || value === true) throw new UsageError(`--${name} is required`);
  const parsed = schema.safeParse(String(value));
  if (!parsed.success) throw new UsageError(`--${name}: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  return parsed.data;
}
