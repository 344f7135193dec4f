import type { Logger } from "pino";
import type { Sender } from "../channels/channel.js";
import type { Db } from "../db/client.js";
import type { Clock, FlowRunner, Outgoing } from "../flows/runner.js";
import { isLocale, type Locale } from "../i18n/i18n.js";
import { fanOutDue, finishSettled, settleBroadcast } from "./broadcast-jobs.js";
import { DeliveryError } from "./delivery-error.js";
import {
  claimDue,
  markAllSent,
  markUndelivered,
  pruneOutbox,
  releaseAllClaims,
  releaseClaims,
  renewClaims,
  retryLater,
  type ClaimedMessage,
  type FinalStatus,
} from "./outbox.store.js";
import { decodePayload } from "./payload.js";
import { isQuiet, type QuietHours } from "./quiet-hours.js";
import { createRateLimiter } from "./rate-limiter.js";

const MAX_ATTEMPTS = 8;
const FIRST_BACKOFF_MS = 5000;
const MAX_BACKOFF_MS = 10 * 60 * 1000;
/** How often settled rows past their keeping are deleted. */
const PRUNE_EVERY_MS = 60 * 60 * 1000;
/** A channel without a configured rate (the terminal chat). */
const DEFAULT_RATE = 25;

export interface DeliveryWorkerDeps {
  db: Db;
  senders: Sender[];
  runner: Pick<FlowRunner, "push" | "render">;
  clock: Clock;
  logger: Logger;
  defaultLocale: Locale;
  /** Messages a second per channel. */
  rates: Record<string, number>;
  quietHours: QuietHours | null;
  /** Sends in flight at once per channel: at most these repeat after a crash. */
  concurrency: number;
  /**
   * How long a claim on a row lasts unless renewed. This process renews its claims while it holds
   * them, so the figure only says how soon another process takes up the rows of one that died.
   */
  claimMs: number;
  /** How long a settled row is kept before it is deleted (`pruneOutbox`). */
  keptMs: number;
  /** How often due rows and broadcasts are looked for when nothing woke the worker. */
  pollMs?: number;
}

/**
 * A claimed row and, once a send of it failed, what that try composed and how many parts the chat
 * has. Held in the lane (after a 429, or a failure after some parts went out), it goes on from
 * there: never composed again (a pushed flow would move twice), no part repeated.
 */
type QueuedRow = ClaimedMessage & {
  /** When this process's claim on the row runs out, as it last set it (ms since the epoch). */
  claimedUntil: number;
  begun?: { messages: Outgoing[]; delivered: number };
};

interface Lane {
  sender: Sender;
  limiter: ReturnType<typeof createRateLimiter>;
  batch: number;
  queue: QueuedRow[];
  /** Chats a 429 told to wait, until when (ms since the epoch): their rows stay in the queue meanwhile. */
  held: Map<string, number>;
  /** The claim under way, if any: one at a time a lane. */
  refill: Promise<number> | null;
  /** Rows taken from the queue and being sent, by id: their claims are renewed with the queue's. */
  inFlight: Map<number, QueuedRow>;
}

/**
 * Works the outbox: fans out broadcasts as they come due, then sends their rows chat by chat at
 * each channel's rate. A row is marked SENT only after the platform's OK, so a crash repeats at
 * most the sends in flight; a 429 holds its chat for its retry_after (and the whole channel when
 * 429s come in a row); a blocked user is recorded.
 */
export function createDeliveryWorker(deps: DeliveryWorkerDeps) {
  const log = deps.logger.child({ module: "delivery" });
  const pollMs = deps.pollMs ?? 1000;
  /**
   * Claims are renewed this often, and a row is sent only while its claim has this long to run: a
   * renewal may come late, or fail, once without rows being let go; the margin covers a send's own
   * time and the clocks of two machines a few seconds apart.
   */
  const claimMargin = deps.claimMs / 4;
  let running = false;
  // Counts wake-ups, so one that comes while a loop is busy is not slept through afterwards.
  let wakes = 0;
  const wakers: (() => void)[] = [];
  const loops: Promise<void>[] = [];

  const lanes: Lane[] = deps.senders.map((sender) => {
    const rate = deps.rates[sender.channel] ?? DEFAULT_RATE;
    return {
      sender,
      limiter: createRateLimiter(rate),
      // About a second of sending per claim: small enough to hand back quickly, big enough to keep the pace.
      batch: Math.max(deps.concurrency * 2, Math.ceil(rate)),
      queue: [],
      held: new Map(),
      refill: null,
      inFlight: new Map(),
    };
  });

  function wake() {
    wakes++;
    wakers.splice(0).forEach((w) => w());
  }
  /** Sleeps `ms`, or less if woken; not at all if woken since `seen` was read from `wakes`. */
  function nap(ms: number, seen: number) {
    if (wakes !== seen) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      wakers.push(done);
    });
  }

  /**
   * Records how a row went and, the broadcast's last, finishes it. READ COMMITTED, in two steps: the
   * row's outcome is committed first, then the broadcast is looked at, so of its last rows settled
   * side by side (in any process) the one looked at last sees them all settled; finishing is a
   * guarded UPDATE, done once. Marking and looking in one transaction needed the settlings of a
   * broadcast to take turns across processes (each holding the turn through its commit), which
   * capped a broadcast far below the rates configured (bench:scale). A process that stops between
   * the two steps leaves the looking to the scheduler (`finishSettled`).
   */
  async function settle(row: QueuedRow, outcome: { status: "SENT" } | { status: Exclude<FinalStatus, "SENT">; error: string }) {
    const now = deps.clock.now();
    if (outcome.status === "SENT") await recordSent(row.id);
    else {
      const held = { ...row, until: new Date(row.claimedUntil) };
      await deps.db.transaction(async (tx) => markUndelivered(tx, held, outcome.status, outcome.error, now), { isolation: "read committed" });
    }
    const broadcastId = row.broadcastId;
    if (broadcastId === null) return;
    // A row of the broadcast still queued here will be settled (and look) later: this one is not the last.
    if (lanes.some((lane) => lane.queue.some((r) => r.broadcastId === broadcastId))) return;
    await deps.db.transaction(async (tx) => settleBroadcast(tx, broadcastId, now), { isolation: "read committed" });
  }

  /**
   * Rows sent, waiting to be recorded, and their senders waiting for that: recorded together, one
   * transaction at a time, those that came meanwhile in the next (a group commit). Each sender still
   * waits for its row to be recorded before it takes another, so no more rows than the sends in
   * flight can be sent and unrecorded at a crash; but a commit a row, each waiting for a disk
   * flush, held two processes' broadcast to about half the rate configured (bench:scale). The
   * batch's UPDATE is committed alone (no BEGIN, no COMMIT): a sender waits one round trip for it.
   */
  const sentRows: { id: number; recorded: () => void; failed: (err: unknown) => void }[] = [];
  let recording = false;
  function recordSent(id: number): Promise<void> {
    return new Promise((recorded, failed) => {
      sentRows.push({ id, recorded, failed });
      if (recording) return;
      recording = true;
      void recordAll();
    });
  }
  async function recordAll() {
    // Ends in the same turn as its last look at the queue: a row queued after is recorded by a new run.
    while (sentRows.length) {
      const batch = sentRows.splice(0, 500);
      try {
        await deps.db.transaction((tx) => markAllSent(tx, batch.map((r) => r.id), deps.clock.now()), { alone: true });
        for (const r of batch) r.recorded();
      } catch (err) {
        for (const r of batch) r.failed(err);
      }
    }
    recording = false;
  }

  /** The messages for a row as its chat should see them now, or why it is not sent. */
  async function compose(row: ClaimedMessage): Promise<Outgoing[] | { skip: string }> {
    // The youth withdrew consent (the chat no longer points at them) or left it: nothing goes out.
    if (row.participantId !== null && row.chatParticipantId !== row.participantId) return { skip: "recipient no longer in this chat" };
    const payload = decodePayload(row.payload);
    if ("flow" in payload) {
      const messages = await deps.runner.push(row.channel, row.chatId, payload);
      return messages.length ? messages : { skip: "nobody in this chat" };
    }
    if (payload.announcement && row.muted === 1) return { skip: "announcements muted" };
    const locale = isLocale(row.locale) ? row.locale : deps.defaultLocale;
    return [{ text: deps.runner.render(locale, payload.texts) }];
  }

  /** Puts a row back at the head of the lane, its chat held for `ms`: it goes on where its last try stopped. */
  function holdInLane(lane: Lane, row: QueuedRow, ms: number) {
    lane.held.set(row.chatId, Date.now() + ms);
    lane.queue.unshift(row);
  }

  /** Acts on why a row was not sent: wait, record, or try again later. */
  async function failed(lane: Lane, row: QueuedRow, failure: DeliveryError) {
    const context = { id: row.id, channel: row.channel, chatId: row.chatId, failure: failure.failure, error: failure.message };
    switch (failure.failure) {
      case "rate-limited": {
        const seconds = failure.retryAfterSeconds ?? 1;
        log.warn({ ...context, retryAfter: seconds }, "rate limited: the chat waits");
        lane.limiter.refused(seconds);
        return holdInLane(lane, row, seconds * 1000);
      }
      case "unreachable":
        log.info(context, "recipient unreachable");
        return settle(row, { status: "UNREACHABLE", error: failure.message });
      case "rejected":
        log.error(context, "message refused by the platform");
        return settle(row, { status: "FAILED", error: failure.message });
      case "transient": {
        if (row.attempts + 1 >= MAX_ATTEMPTS) {
          log.error(context, "message given up after repeated failures");
          return settle(row, { status: "FAILED", error: failure.message });
        }
        const wait = Math.min(FIRST_BACKOFF_MS * 2 ** row.attempts, MAX_BACKOFF_MS);
        log.warn({ ...context, wait, delivered: failure.delivered }, "send failed; retrying later");
        if (failure.delivered > 0) {
          // The chat has the first parts: only this process knows where to go on from. Its claim must outlive the wait.
          row.attempts++;
          return holdInLane(lane, row, wait);
        }
        await deps.db.transaction(async (tx) => retryLater(tx, { id: row.id, until: new Date(row.claimedUntil) }, new Date(deps.clock.now().getTime() + wait), failure.message));
      }
    }
  }

  async function deliver(lane: Lane, row: QueuedRow) {
    let composed: Awaited<ReturnType<typeof compose>>;
    try {
      composed = row.begun?.messages ?? (await compose(row));
    } catch (err) {
      // A row that cannot be rendered (a flow that fails) is retried a few times, then given up: never stuck.
      log.error({ err, id: row.id }, "outbox row could not be composed");
      return failed(lane, row, new DeliveryError("transient", err instanceof Error ? err.message : String(err)));
    }
    if (!Array.isArray(composed)) return settle(row, { status: "SKIPPED", error: composed.skip });
    for (let i = 0; i < composed.length; i++) await lane.limiter.take();
    const from = row.begun?.delivered ?? 0;
    try {
      await lane.sender.deliver(row.chatId, composed, from);
    } catch (err) {
      const failure = err instanceof DeliveryError ? err : new DeliveryError("transient", String(err), { delivered: from });
      row.begun = { messages: composed, delivered: failure.delivered };
      return failed(lane, row, failure);
    }
    lane.limiter.accepted();
    await settle(row, { status: "SENT" });
  }

  /**
   * Claims the lane's next due rows; resolves to how many. READ COMMITTED (the claim re-checks each
   * row, and skips rows another process is claiming): a serializable claim reads the whole queue and
   * so conflicts with every row settled meanwhile, and was run again and again — with two processes
   * sending, a claim took seconds and they sent less between them than one alone.
   */
  function refill(lane: Lane): Promise<number> {
    lane.refill ??= deps.db
      .transaction(
        async (tx) => {
          // The time is read inside the transaction, after any fan-out queued before it has committed.
          const now = deps.clock.now();
          const claimUntil = new Date(now.getTime() + deps.claimMs);
          const claimed = await claimDue(tx, {
            channel: lane.sender.channel,
            now,
            limit: lane.batch,
            claimUntil,
            quiet: isQuiet(deps.quietHours, now),
            skipLocked: deps.db.dialect === "postgres",
          });
          return claimed.map((row) => ({ ...row, claimedUntil: claimUntil.getTime() }));
        },
        { isolation: "read committed" },
      )
      // Queued once committed: a transaction that lost to another process runs again, and its first claims were not taken.
      .then((claimed) => {
        lane.queue.push(...claimed);
        return claimed.length;
      })
      .catch((err: unknown) => {
        log.error({ err, channel: lane.sender.channel }, "claiming outbox rows failed");
        return 0;
      })
      .finally(() => (lane.refill = null));
    return lane.refill;
  }

  /**
   * Takes the lane's first row whose chat is not waiting out a 429; else the ms until one is free (0:
   * the queue is empty). Rows whose claim is about to run out unrenewed (this process stalled, or
   * could not reach the database) are let go, not sent: another process may take them up any moment.
   */
  function nextRow(lane: Lane): QueuedRow | number {
    const soon = deps.clock.now().getTime() + claimMargin;
    letGo(lane, (row) => row.claimedUntil < soon);
    const now = Date.now();
    let soonest = Infinity;
    for (const [i, row] of lane.queue.entries()) {
      const heldUntil = lane.held.get(row.chatId);
      if (heldUntil === undefined || heldUntil <= now) {
        lane.held.delete(row.chatId);
        return lane.queue.splice(i, 1)[0]!;
      }
      soonest = Math.min(soonest, heldUntil);
    }
    return lane.queue.length ? soonest - now : 0;
  }

  /** Drops from the queue rows this process can no longer count on holding: sending one might repeat another process's send. */
  function letGo(lane: Lane, lost: (row: QueuedRow) => boolean) {
    const stale = lane.queue.filter(lost);
    if (!stale.length) return;
    lane.queue = lane.queue.filter((row) => !lost(row));
    log.warn({ channel: lane.sender.channel, rows: stale.length }, "claims lapsed or taken by another process: their rows are left to whoever holds them");
  }

  /** One of the lane's senders: takes the next row, claiming more before the queue runs dry. */
  async function runSlot(lane: Lane) {
    while (running) {
      const seen = wakes;
      if (lane.queue.length <= lane.batch / 2) {
        const claiming = refill(lane);
        if (!lane.queue.length && (await claiming) === 0 && !lane.queue.length) {
          await nap(pollMs, seen);
          continue;
        }
      }
      const row = nextRow(lane);
      if (typeof row === "number") {
        if (row > 0) await nap(Math.min(row, pollMs), seen);
        continue;
      }
      lane.inFlight.set(row.id, row);
      await deliver(lane, row)
        .catch((err: unknown) => {
          // The database failed under us: the claim runs out and the row is tried again.
          log.error({ err, id: row.id }, "outbox row not settled");
        })
        .finally(() => lane.inFlight.delete(row.id));
    }
  }

  /**
   * Keeps this process's claims alive while it holds their rows (queued, held after a 429, in
   * flight). A queued row whose claim is no longer this process's is let go.
   */
  async function keepClaims() {
    const every = claimMargin;
    let renewedAt = Date.now();
    while (running) {
      await nap(every - (Date.now() - renewedAt), wakes);
      if (!running || Date.now() - renewedAt < every) continue;
      renewedAt = Date.now();
      const rows = lanes.flatMap((lane) => [...lane.queue, ...lane.inFlight.values()]);
      if (!rows.length) continue;
      const claimUntil = new Date(deps.clock.now().getTime() + deps.claimMs);
      try {
        // Its UPDATE leaves alone a row settled meanwhile: no need to conflict with the settling.
        const renewed = await renewClaims(deps.db, rows.map((row) => ({ id: row.id, until: new Date(row.claimedUntil) })), claimUntil);
        const tried = new Set(rows.map((row) => row.id));
        for (const row of rows) if (renewed.has(row.id)) row.claimedUntil = claimUntil.getTime();
        for (const lane of lanes) letGo(lane, (row) => tried.has(row.id) && !renewed.has(row.id));
      } catch (err) {
        log.error({ err }, "renewing outbox claims failed");
      }
    }
  }

  async function runScheduler() {
    while (running) {
      const seen = wakes;
      try {
        const rows = await deps.db.transaction((tx) => fanOutDue(tx, deps.clock.now()));
        if (rows) {
          log.info({ rows }, "broadcasts fanned out");
          wake();
        }
        await deps.db.transaction((tx) => finishSettled(tx, deps.clock.now()), { isolation: "read committed" });
      } catch (err) {
        log.error({ err }, "fanning out broadcasts failed");
      }
      await nap(pollMs, seen);
    }
  }

  /** Deletes settled rows past their keeping, hourly: a loop of its own, so a long first prune holds up no broadcast. */
  async function runPruner() {
    let prunedAt = -Infinity;
    while (running) {
      const now = deps.clock.now().getTime();
      if (now - prunedAt >= PRUNE_EVERY_MS) {
        prunedAt = now;
        try {
          const pruned = await pruneOutbox(deps.db, new Date(now - deps.keptMs), () => running);
          if (pruned) log.info({ pruned }, "settled outbox rows pruned");
        } catch (err) {
          log.error({ err }, "pruning the outbox failed");
        }
      }
      await nap(pollMs, wakes);
    }
  }

  return {
    /** Whether no row is claimed for sending or being sent. */
    idle: () => lanes.every((lane) => !lane.queue.length && !lane.inFlight.size),
    async start() {
      // One process sends on a channel of a SQLite file: what is still SENDING was in flight when the
      // last one died. On PostgreSQL another process may be sending those now: a dead one's claims
      // run out (claimUntil) and are taken up then.
      const released =
        deps.db.dialect === "sqlite"
          ? await deps.db.transaction(async (tx) => {
              let n = 0;
              for (const lane of lanes) n += await releaseAllClaims(tx, lane.sender.channel);
              return n;
            })
          : 0;
      if (released) log.warn({ released }, "rows claimed but not settled at the last stop are sent again (those that were in flight may repeat)");
      running = true;
      loops.push(runScheduler(), runPruner(), keepClaims(), ...lanes.flatMap((lane) => Array.from({ length: deps.concurrency }, () => runSlot(lane))));
    },
    /** Finishes the sends in flight and hands back the rows claimed but not sent. */
    async stop() {
      running = false;
      wake();
      await Promise.all(loops.splice(0));
      await Promise.all(lanes.map((lane) => lane.refill));
      const unsent = lanes.flatMap((lane) => lane.queue.splice(0).map((row) => ({ id: row.id, until: new Date(row.claimedUntil) })));
      if (unsent.length) await deps.db.transaction(async (tx) => releaseClaims(tx, unsent), { isolation: "read committed" });
    },
  };
}

export type DeliveryWorker = ReturnType<typeof createDeliveryWorker>;
