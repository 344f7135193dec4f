import { z } from "zod";
import type { Inbound } from "../../flows/runner.js";
import { cleanText } from "../../text/clean-text.js";
import { parseCallbackData } from "./telegram.keyboard.js";

export const TELEGRAM_CHANNEL = "telegram";

const chat = z.object({ id: z.number().int(), type: z.string() });
const message = z.looseObject({ message_id: z.number().int(), chat, text: z.string().optional() });

/** The part of a Telegram update the bot reads; anything else in it is let through untouched. */
export const telegramUpdateSchema = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: message.optional(),
  callback_query: z
    .looseObject({
      id: z.string(),
      from: z.looseObject({ id: z.number().int() }),
      data: z.string().optional(),
      message: z.looseObject({ chat }).optional(),
    })
    .optional(),
});
export type TelegramUpdate = z.infer<typeof telegramUpdateSchema>;

/**
 * The core's view of an update from a private chat, or null for what the bot ignores (groups, edits…).
 * Text comes cleaned (NFC, no control characters): some keyboards type Vietnamese decomposed, and
 * a name or proposal must be stored, compared and exported as one form.
 */
export function toInbound(update: TelegramUpdate): Inbound | null {
  const updateKey = String(update.update_id);
  if (update.message) {
    if (update.message.chat.type !== "private") return null;
    const chatId = String(update.message.chat.id);
    const text = update.message.text;
    return { channel: TELEGRAM_CHANNEL, chatId, updateKey, input: text ? { kind: "text", text: cleanText(text) } : { kind: "unsupported" } };
  }
  const query = update.callback_query;
  if (query?.data && query.message?.chat.type === "private") {
    const choice = parseCallbackData(query.data);
    if (!choice) return null;
    return { channel: TELEGRAM_CHANNEL, chatId: String(query.message.chat.id), updateKey, input: { kind: "choice", ...choice } };
  }
  return null;
}
