import { z } from "zod";
import type { Inbound } from "../../flows/runner.js";
import { cleanText } from "../../text/clean-text.js";

export const ZALO_CHANNEL = "zalo";

/** The events the bot answers; Zalo sends others too, which are logged and ignored. */
export const ZALO_EVENTS = {
  text: "message.text.received",
  image: "message.image.received",
  sticker: "message.sticker.received",
  unsupported: "message.unsupported.received",
} as const;

/** A Zalo update as the bot reads it (`zalo-bot-api.md`); unknown fields pass. IDs are opaque strings. */
export const zaloUpdateSchema = z.looseObject({
  event_name: z.string(),
  message: z.looseObject({
    message_id: z.string().min(1),
    /** Milliseconds since the epoch. */
    date: z.number().optional(),
    chat: z.looseObject({ id: z.string().min(1), chat_type: z.string().optional() }),
    // Senders name the user in one of three fields.
    from: z
      .looseObject({
        id: z.string().min(1),
        display_name: z.string().optional(),
        name: z.string().optional(),
        first_name: z.string().optional(),
        is_bot: z.boolean().optional(),
      })
      .optional(),
    text: z.string().optional(),
    photo_url: z.string().optional(),
    caption: z.string().optional(),
    sticker: z.string().optional(),
  }),
});
export type ZaloUpdate = z.infer<typeof zaloUpdateSchema>;

/** Parses a webhook body or a getUpdates result, unwrapping `{ ok: true, result }` when a sender wraps it. */
export function parseZaloUpdate(body: unknown) {
  const wrapped = z.object({ ok: z.literal(true), result: z.unknown() }).safeParse(body);
  return zaloUpdateSchema.safeParse(wrapped.success ? wrapped.data.result : body);
}

/**
 * The core's view of an update, or null for an event the bot does not handle (the caller logs it).
 * Text comes cleaned, as on Telegram: NFC, no control characters.
 */
export function toInbound(update: ZaloUpdate): Inbound | null {
  const base = { channel: ZALO_CHANNEL, chatId: update.message.chat.id, updateKey: update.message.message_id };
  switch (update.event_name) {
    case ZALO_EVENTS.text:
      // A text event without text is nothing the flows can read: the same polite re-prompt as a photo.
      return update.message.text ? { ...base, input: { kind: "text", text: cleanText(update.message.text) } } : { ...base, input: { kind: "unsupported" } };
    case ZALO_EVENTS.image:
    case ZALO_EVENTS.sticker:
    case ZALO_EVENTS.unsupported:
      return { ...base, input: { kind: "unsupported" } };
    default:
      return null;
  }
}
