import type { Outgoing } from "../flows/runner.js";

/** A message with its options as a numbered list, for channels without buttons (Zalo, the terminal). */
export function renderNumbered(message: Outgoing): string {
  if (!message.choices?.length) return message.text;
  return `${message.text}\n\n${message.choices.map((label, i) => `${i + 1}. ${label}`).join("\n")}`;
}
