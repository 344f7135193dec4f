import type { Router } from "express";

/** What main.ts needs of a messenger: its webhook routes (empty when polling), start and stop. */
export interface MessengerChannel {
  router: Router;
  start(): Promise<void>;
  stop(): Promise<void>;
}
