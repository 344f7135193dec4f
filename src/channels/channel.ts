import type { Router } from "express";
import type { Outgoing } from "../flows/runner.js";

/** Where the delivery worker sends an outbox row: one chat's messages, or a DeliveryError saying why not. */
export interface Sender {
  /** `telegram`, `zalo`, `console`: the channel of the chats it reaches. */
  channel: string;
  /**
   * `from`: parts (as this sender cuts the messages) the chat already has from an earlier try, which
   * failed with a DeliveryError saying how many it had.
   */
  deliver(chatId: string, messages: Outgoing[], from?: number): Promise<void>;
}

/** What main.ts needs of a messenger: its webhook routes (empty when polling), start and stop, and sending. */
export interface MessengerChannel extends Sender {
  router: Router;
  /** Whether no reply of an update is waiting to be sent or being sent. */
  idle(): boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
}
