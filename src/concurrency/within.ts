/** What `within` gives when the work did not settle in time. */
export const LATE = Symbol("late");

/**
 * `work`'s result if it settles within `ms`, else `LATE` at `ms` — the work goes on regardless.
 * The timer never keeps the process alive.
 */
export async function within<T>(work: Promise<T>, ms: number): Promise<T | typeof LATE> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof LATE>((resolve) => {
    timer = setTimeout(() => resolve(LATE), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
