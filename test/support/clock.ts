import type { Clock } from "../../src/flows/runner.js";

/** A clock a test sets: the day before a deadline, the hour after it. */
export class TestClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(date: Date): void {
    this.current = new Date(date);
  }
}
