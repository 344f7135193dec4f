import { z } from "zod";
import type { Inbound } from "../../flows/runner.js";

export const ZALO_CHANNEL = "zalo";

const sender = z.looseObject({
  id: z.string().min(1),
  display_name: z.string().optional(),
  name: z.string().optional(),
  first_name: z.string().optional(),
});

/** A Zalo update as the bot reads it; unknown fields pass. */
export const zaloUpdateSchema = z.looseObject({
  event_name: z.string(),
  message: z.looseObject({
    message_id: z.string().min(1),
    date: z.number().optional(),
    chat: z.looseObject({ id: z.string().min(1), chat_type: z.string().optional() }),
    from: sender.optional(),
    text: z.string().optional(),
  }),
});
export type ZaloUpdate = z.infer<typeof zaloUpdateSchema>;

/** Parses a webhook body or a getUpdates result, unwrapping `{ ok, result }` when a sender wraps it. */
export function parseZaloUpdate(body: unknown) {
  const unwrapped =
    typeof body === "object" && body !== null && "result" in body && (body as { ok?: unknown }).ok === true
      ? (body as { result: unknown }).result
      : body;
  return zaloUpdateSchema.safeParse(unwrapped);
}

/** The core's view of an update, or null for events the bot does not handle (logged by the caller). */
export function toInbound(update: ZaloUpdate): Inbound | null {
  const base = { channel: ZALO_CHANNEL, chatId: update.message.chat.id, updateKey: update.message.message_id };
  if (update.event_name === "message.text.received" && update.message.text)
    return { ...base, input: { kind: "text", text: update.message.text } };
  // Images, stickers, voice notes and whatever Zalo adds next: a polite re-prompt.
  if (update.event_name.startsWith("message.")) return { ...base, input: { kind: "unsupported" } };
  return null;
}
