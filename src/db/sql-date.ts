/** Dates as Prisma writes them in SQLite, so both read what the other wrote and text order is time order. */
export function toSqlDate(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}
