import { z } from "zod";
import { vietnamMinutesOfDay } from "../domain/vietnam-time.js";

/** Minutes after midnight, Vietnam time: bulk messages are held from `start` to `end` (across midnight when end < start). */
export interface QuietHours {
  start: number;
  end: number;
}

const hhmm = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** `21:00-07:00`, or `off` for none. */
export const quietHoursSchema = z
  .string()
  .trim()
  .refine((s) => s === "off" || (s.split("-").length === 2 && s.split("-").every((p) => hhmm.test(p.trim()))), "HH:MM-HH:MM (Vietnam time), or off")
  .transform((s): QuietHours | null => {
    if (s === "off") return null;
    const [start, end] = s.split("-").map((part) => {
      const [, h, m] = hhmm.exec(part.trim())!;
      return Number(h) * 60 + Number(m);
    });
    return start === end ? null : { start: start!, end: end! };
  });

export function isQuiet(quiet: QuietHours | null, at: Date): boolean {
  if (!quiet) return false;
  const m = vietnamMinutesOfDay(at);
  return quiet.start < quiet.end ? m >= quiet.start && m < quiet.end : m >= quiet.start || m < quiet.end;
}
