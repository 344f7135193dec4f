/** Writing to the response with its backpressure: an export never runs ahead of a slow client. */

/** The client went away (or the stream was ended) before the export was written out. */
export class ExportAbortedError extends Error {
  constructor() {
    super("the export's output stream closed before the export was complete");
  }
}

interface StreamState {
  destroyed?: boolean;
  writableEnded?: boolean;
  writableNeedDrain?: boolean;
}

export function checkOpen(out: NodeJS.WritableStream): void {
  const s = out as StreamState;
  if (s.destroyed || s.writableEnded) throw new ExportAbortedError();
}

/** Resolves once `out` has room again; rejects if it closes first. */
export function drained(out: NodeJS.WritableStream): Promise<void> {
  checkOpen(out);
  if (!(out as StreamState).writableNeedDrain) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (err?: unknown) => {
      out.removeListener("drain", onDrain);
      out.removeListener("close", onClose);
      out.removeListener("error", onClose);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new ExportAbortedError());
    out.on("drain", onDrain);
    out.on("close", onClose);
    out.on("error", onClose);
  });
}

/** Writes `data` and waits when the stream's buffer is full. */
export async function write(out: NodeJS.WritableStream, data: string): Promise<void> {
  checkOpen(out);
  if (!out.write(data)) await drained(out);
}

/** Ends the stream and waits until everything was handed on. */
export function end(out: NodeJS.WritableStream): Promise<void> {
  checkOpen(out);
  return new Promise((resolve, reject) => {
    out.once("error", reject);
    out.end(() => resolve());
  });
}
