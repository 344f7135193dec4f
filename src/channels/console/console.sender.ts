import type { Outgoing } from "../../flows/runner.js";
import type { Sender } from "../channel.js";
import { renderNumbered } from "../numbered-list.js";
import { CONSOLE_CHANNEL } from "./console.channel.js";

/** Messages the bot sends of its own accord (announcements, invitations) into the terminal chat. */
export function createConsoleSender(output: NodeJS.WritableStream): Sender {
  return {
    channel: CONSOLE_CHANNEL,
    async deliver(_chatId, messages: Outgoing[]) {
      for (const m of messages) output.write(`\n${renderNumbered(m)}\n`);
      output.write("\n> ");
    },
  };
}
