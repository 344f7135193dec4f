import type { ChildProcess } from "node:child_process";

/** The bot's log (JSON lines on stderr at LOG_LEVEL=warn), summed up: what it said and how often, and its errors. */
export class BotLog {
  readonly counts = new Map<string, number>();
  /** The first line of each kind. */
  readonly samples = new Map<string, string>();
  readonly errors: string[] = [];
  private rest = "";

  /** Reads the log of `child`, started with its stderr piped, as the bot's `instance`. */
  follow(child: ChildProcess, instance: number) {
    child.stderr!.on("data", (chunk: Buffer) => this.feed(chunk, instance));
    child.on("exit", () => this.flush(instance));
  }

  feed(chunk: Buffer, instance: number) {
    const lines = (this.rest + chunk.toString("utf8")).split("\n");
    this.rest = lines.pop()!;
    for (const line of lines) this.line(line, instance);
  }

  /** What the bot logged, kind by kind, with the first line of each, and its first errors. */
  print() {
    for (const [what, n] of this.counts) console.log(`  ${n} × ${what}, first: ${this.samples.get(what)}`);
    for (const line of this.errors) console.log(`  bot error: ${line}`);
  }

  flush(instance: number) {
    if (this.rest) this.line(this.rest, instance);
    this.rest = "";
  }

  private line(line: string, instance: number) {
    if (!line.trim()) return;
    let key: string;
    try {
      const entry = JSON.parse(line) as { level?: number; msg?: string };
      const level = entry.level === undefined ? "?" : entry.level >= 50 ? "error" : entry.level >= 40 ? "warn" : String(entry.level);
      key = `bot ${instance} ${level}: ${entry.msg ?? "(no msg)"}`;
      if ((entry.level ?? 0) >= 50 && this.errors.length < 5) this.errors.push(line.slice(0, 600));
    } catch {
      key = `bot ${instance} stderr: ${line.slice(0, 160)}`;
      if (this.errors.length < 5) this.errors.push(line.slice(0, 600));
    }
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (!this.samples.has(key)) this.samples.set(key, line.slice(0, 400));
  }
}
