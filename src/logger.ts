import { pino, type Logger } from "pino";

/** Structured logs to stderr, so the terminal chat on stdout stays readable. */
export function createLogger(level: string): Logger {
  return pino({ level, base: undefined }, pino.destination(2));
}
