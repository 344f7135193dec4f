/** Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving time), so its clock is plain arithmetic. */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
const MINUTES_A_DAY = 24 * 60;

/** Minutes after midnight, Vietnam time. */
export function vietnamMinutesOfDay(at: Date): number {
  const minutes = Math.floor((at.getTime() + VIETNAM_OFFSET_MS) / 60_000);
  return ((minutes % MINUTES_A_DAY) + MINUTES_A_DAY) % MINUTES_A_DAY;
}

/** `hour`:00 Vietnam time, `daysBefore` calendar days before the Vietnam date of `date`. */
export function vietnamTimeDaysBefore(date: Date, daysBefore: number, hour: number): Date {
  const local = new Date(date.getTime() + VIETNAM_OFFSET_MS);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - daysBefore, hour) - VIETNAM_OFFSET_MS);
}
