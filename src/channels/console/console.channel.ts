import { createInterface } from "node:readline";
import type { FlowRunner, Outgoing } from "../../flows/runner.js";
import { renderNumbered } from "../numbered-list.js";
import { cleanText } from "../../text/clean-text.js";

export const CONSOLE_CHANNEL = "console";

/**
 * The flows in a terminal: one chat, options as numbered lists. It opens where the chat stood
 * (the welcome for a new one), and resolves when the input ends.
 */
export async function runConsoleChat(deps: {
  runner: FlowRunner;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  chatId?: string;
}): Promise<void> {
  const chatId = deps.chatId ?? "terminal";
  const print = (messages: Outgoing[]) => {
    for (const m of messages) deps.output.write(`\n${renderNumbered(m)}\n`);
    deps.output.write("\n> ");
  };
  // The iterator is taken before the first await, so lines piped in ahead of time are kept.
  const lines = createInterface({ input: deps.input, terminal: false })[Symbol.asyncIterator]();
  print(await deps.runner.handle({ channel: CONSOLE_CHANNEL, chatId, input: { kind: "resume" } }));
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    const line = next.value;
    if (!line.trim()) {
      deps.output.write("> ");
      continue;
    }
    // As the messengers' text is: NFC, no control characters (a terminal passes what is pasted).
    print(await deps.runner.handle({ channel: CONSOLE_CHANNEL, chatId, input: { kind: "text", text: cleanText(line) } }));
  }
}
