import type { StepData } from "../flows/flow.js";
import type { Text } from "../i18n/i18n.js";

/**
 * What an outbox row carries. Texts are kept as locale keys with their arguments and rendered
 * when sent, in the language the chat has then; a flow opens a prompt the youth answers
 * (an invitation's accept / decline).
 */
export type OutboxPayload =
  | { texts: Text[]; /** an announcement: not sent to a youth who muted them meanwhile */ announcement?: boolean }
  | { flow: string; data: StepData; /** how to reach the flow later when the chat is busy with another */ command: string };

const DATE_TAG = "$date";

/** JSON, with dates kept as dates (an argument like the dialogue's start time). */
export function encodePayload(payload: OutboxPayload): string {
  return JSON.stringify(payload, function (this: Record<string, unknown>, key, value: unknown) {
    const original = this[key];
    return original instanceof Date ? { [DATE_TAG]: original.toISOString() } : value;
  });
}

export function decodePayload(json: string): OutboxPayload {
  return JSON.parse(json, (_key, value: unknown) =>
    value !== null && typeof value === "object" && DATE_TAG in value ? new Date((value as Record<string, string>)[DATE_TAG]!) : value,
  ) as OutboxPayload;
}
