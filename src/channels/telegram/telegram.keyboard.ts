import type { InlineKeyboardMarkup } from "grammy/types";
import type { Outgoing } from "../../flows/runner.js";

/** `p12:3`: option 3 of prompt 12 — far under Telegram's 64 bytes, and stale buttons are recognisable. */
export function callbackData(promptId: number, index: number): string {
  return `p${promptId}:${index}`;
}

export function parseCallbackData(data: string): { promptId: number; index: number } | null {
  const match = /^p(\d{1,9}):(\d{1,3})$/.exec(data);
  return match ? { promptId: Number(match[1]), index: Number(match[2]) } : null;
}

/** One button a row: option labels are sentences (topics, branches) that need the width. */
export function inlineKeyboard(message: Outgoing): InlineKeyboardMarkup | undefined {
  if (!message.choices?.length || message.promptId === undefined) return undefined;
  const promptId = message.promptId;
  return { inline_keyboard: message.choices.map((label, i) => [{ text: label, callback_data: callbackData(promptId, i) }]) };
}
