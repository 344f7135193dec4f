/**
 * Runs tasks one after the other per key (a chat), in the order they were queued, and
 * different keys side by side. A failed task does not stop the ones after it.
 */
export function createKeyedQueue() {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const result = (tails.get(key) ?? Promise.resolve()).then(task);
      const tail = result.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    /** Whether no task is queued or running. */
    get idle(): boolean {
      return tails.size === 0;
    },
    /** Resolves when every task queued so far has settled: a clean stop. */
    async drain(): Promise<void> {
      while (tails.size) await Promise.all(tails.values());
    },
  };
}
