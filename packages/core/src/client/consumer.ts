import { errorName } from '../error.js';
import type { EventQueue, QueuedEvent } from '../queue/event-queue.js';
import { outsideRequest } from '../telemetry/api.js';
import { recordDeliveryLatency } from '../telemetry/metrics.js';
import { backoffDelay, type GiveUp, giveUpReason, type RetryPolicy } from './backoff.js';
import { type BatchContext, group, partition, postBatch } from './post-batch.js';
import { record } from './records.js';
import type { Problem } from './request.js';
import type { FlushResult } from './types.js';

// Batches in flight at once. Bounding them is what bounds the work in progress: while Pinterest
// is slow, events wait in the queue, where its bounds apply, instead of piling up in requests.
const MAX_IN_FLIGHT = 4;
// Released entries become claimable on the queue's clock; waking a little later than the delay
// makes sure they are when the consumer looks (the memory queue floors to whole milliseconds).
const WAKE_MARGIN_MS = 2;
// What close() claims at a time from a non-durable queue to report it.
const CLOSE_CLAIM = 10_000;
// How long close() waits for aborted requests to come back before it gives up on them.
const ABORT_GRACE_MS = 100;

type Timer = ReturnType<typeof setTimeout>;

/** What the consumer loop needs: the queue, how to post, and the client's timing. */
export interface ConsumerOptions {
  queue: EventQueue;
  context: BatchContext;
  maxBatchSize: number;
  flushIntervalMs: number;
  retry: RetryPolicy;
  maxRetryAfterMs: number;
  /** How long a claim is leased: longer than anything one batch's delivery can take. */
  leaseMs: number;
  /** Stops the requests and waits in flight (the client's closing signal). */
  abort(): void;
}

interface Batch {
  entries: QueuedEvent[];
  /** close() gave up on it: its entries were reported or released then. */
  abandoned: boolean;
}

/**
 * The consumer loop: claims up to `maxBatchSize` entries once that many are waiting (or
 * `flushIntervalMs` after the first one, or when a release falls due), posts them with at most
 * four batches in flight, then acks what Pinterest answered for and releases what failed
 * transiently, with backoff or for exactly the Retry-After. It sleeps on timers, never polls an
 * idle queue of its own; a durable queue, which other processes push into, is looked at every
 * `flushIntervalMs`.
 *
 * @example
 * const consumer = new Consumer({ queue, context, maxBatchSize: 1000, ... });
 * consumer.pushed(1);
 * await consumer.flush(2000);
 */
export class Consumer {
  /** Events Pinterest processed, and events that ended undelivered, since the start. */
  processed = 0;
  failed = 0;
  readonly #options: ConsumerOptions;
  readonly #inFlight = new Set<Batch>();
  #claiming = false;
  #again = false;
  /** Partial batches may leave: the flush interval passed, or a release fell due. */
  #ready = false;
  /** The last claim came back short and nothing was pushed or fell due since. */
  #drained = true;
  /** Events pushed through this client since its claims last came back short. */
  #unclaimed = 0;
  #flushers = 0;
  #stopped = false;
  #flushTimer: Timer | undefined;
  #pollTimer: Timer | undefined;
  /** Wakes the loop when a Retry-After longer than maxRetryAfterMs ends. */
  #pauseTimer: Timer | undefined;
  /** Releases that flush() waits for, with the ids they hold (close() reports them). */
  readonly #soon = new Map<Timer, string[]>();
  /** Releases for a Retry-After longer than maxRetryAfterMs: nobody waits for them. */
  readonly #later = new Map<Timer, string[]>();
  readonly #waiters = new Set<() => void>();

  constructor(options: ConsumerOptions) {
    this.#options = options;
    if (options.queue.durable) this.#poll();
  }

  /** Tells the loop that this client stored `count` events. */
  pushed(count: number): void {
    if (this.#stopped || count === 0) return;
    this.#unclaimed += count;
    this.#drained = false;
    if (this.#unclaimed >= this.#options.maxBatchSize || this.#flushers > 0) this.#pump();
    else this.#flushTimer ??= this.#startFlushTimer();
  }

  /** Delivers what is claimable now and the retries it waits out; resolves when idle or at `timeoutMs`. */
  async flush(timeoutMs?: number): Promise<FlushResult> {
    const { processed, failed } = this;
    if (!this.#stopped) {
      this.#flushers += 1;
      this.#drained = false;
      this.#pump();
      await this.#until(() => this.#isIdle(), timeoutMs);
      this.#flushers -= 1;
    }
    return {
      processed: this.processed - processed,
      failed: this.failed - failed,
      pending: await this.#options.queue.depth(),
    };
  }

  /**
   * Flushes within `timeoutMs` (or, with `flush` false, claims nothing more and lets the batches
   * in flight finish within it), then stops: in-flight requests are aborted, every timer is
   * cleared, and what is left is reported `dead` (a non-durable queue) or released for the next
   * consumer (a durable one).
   */
  async close(timeoutMs: number, flush = true): Promise<FlushResult> {
    const { processed, failed } = this;
    if (flush) await this.flush(timeoutMs);
    else {
      // A stopping worker: nothing more is claimed, the batches in flight may finish.
      this.#stopped = true;
      await this.#until(() => this.#inFlight.size === 0, timeoutMs);
    }
    this.#stopped = true;
    const { queue } = this.#options;
    for (const timer of [this.#flushTimer, this.#pollTimer, this.#pauseTimer]) clearTimeout(timer);
    this.#options.abort();
    // Aborted requests come back at once, their batches settled as usual (verdicts acked and
    // reported, the rest released): only a fetch that ignores the abort is given up on.
    await this.#until(() => this.#inFlight.size === 0, ABORT_GRACE_MS);
    const left: QueuedEvent[] = [];
    for (const batch of this.#inFlight) {
      batch.abandoned = true;
      left.push(...batch.entries);
    }
    const delayed: string[] = [];
    for (const timers of [this.#soon, this.#later]) {
      for (const [timer, ids] of timers) {
        clearTimeout(timer);
        delayed.push(...ids);
      }
      timers.clear();
    }
    if (queue.durable) {
      const ids = left.map((entry) => entry.id);
      if (ids.length > 0) await queue.release(ids, 0);
    } else await this.#giveUp(left, delayed, timeoutMs);
    return {
      processed: this.processed - processed,
      failed: this.failed - failed,
      pending: await queue.depth(),
    };
  }

  /** Reports what a closing client leaves in a non-durable queue as dead, and empties it. */
  async #giveUp(left: QueuedEvent[], delayed: string[], timeoutMs: number): Promise<void> {
    const { queue, context, leaseMs } = this.#options;
    // Delayed entries are claimable only once due: release them, then claim everything.
    if (delayed.length > 0) await queue.release(delayed, 0);
    while (true) {
      const batch = await queue.claim(CLOSE_CLAIM, leaseMs);
      if (batch.length === 0) break;
      left.push(...batch);
    }
    if (left.length > 0) {
      const ids = left.map((entry) => entry.event_id);
      const events = `${ids.length} event${ids.length === 1 ? '' : 's'}`;
      const message = `client closed: ${events} not delivered within ${timeoutMs} ms`;
      context.report(record('dead', ids, message, { code: 'closed' }));
      await queue.ack(left.map((entry) => entry.id));
    }
    this.failed += left.length;
  }

  #startFlushTimer(): Timer {
    return setTimeout(() => {
      this.#flushTimer = undefined;
      this.#wake();
    }, this.#options.flushIntervalMs);
  }

  #wake(): void {
    this.#ready = true;
    this.#drained = false;
    this.#pump();
  }

  #pump(): void {
    if (this.#stopped) return;
    if (this.#claiming) {
      this.#again = true;
      return;
    }
    this.#claiming = true;
    void outsideRequest(() => this.#claimLoop()).finally(() => {
      this.#claiming = false;
      this.#settle();
    });
  }

  async #claimLoop(): Promise<void> {
    const { queue, maxBatchSize, leaseMs, context, maxRetryAfterMs } = this.#options;
    do {
      this.#again = false;
      while (this.#inFlight.size < MAX_IN_FLIGHT && !this.#stopped) {
        // Pinterest asked for a long wait: claiming now would only release the events again.
        const paused = context.limiter.pausedFor();
        if (paused > maxRetryAfterMs) {
          this.#pauseTimer ??= setTimeout(() => {
            this.#pauseTimer = undefined;
            this.#wake();
          }, paused + WAKE_MARGIN_MS);
          this.#pauseTimer.unref?.();
          break;
        }
        if (!this.#ready && this.#flushers === 0 && this.#unclaimed < maxBatchSize) break;
        let batch: QueuedEvent[];
        try {
          batch = await queue.claim(maxBatchSize, leaseMs);
        } catch (error) {
          this.#queueFailed('claim', error);
          this.#drained = true;
          break;
        }
        this.#unclaimed = Math.max(0, this.#unclaimed - batch.length);
        if (batch.length > 0) this.#start(batch);
        // The events still waiting came after the ones that just left: the wait for a fuller
        // batch starts over, instead of sending them off half-full when the old timer fires.
        clearTimeout(this.#flushTimer);
        this.#flushTimer = undefined;
        if (batch.length < maxBatchSize) {
          // Nothing more is claimable now: the next push, timer or release due wakes the loop.
          this.#ready = false;
          this.#unclaimed = 0;
          this.#drained = !this.#again;
          break;
        }
        if (this.#unclaimed > 0) this.#flushTimer = this.#startFlushTimer();
      }
    } while (this.#again && !this.#stopped);
  }

  #start(entries: QueuedEvent[]): void {
    const batch: Batch = { entries, abandoned: false };
    this.#inFlight.add(batch);
    void this.#deliver(batch)
      .catch((error) => this.#queueFailed('ack or release', error))
      .finally(() => {
        this.#inFlight.delete(batch);
        this.#pump();
        this.#settle();
      });
  }

  async #deliver(batch: Batch): Promise<void> {
    const { entries } = batch;
    const { queue, context } = this.#options;
    let attempt = 1;
    for (const entry of entries) attempt = Math.max(attempt, entry.attempts + 1);
    const settlements = await postBatch(context, entries, attempt);
    if (batch.abandoned) return;
    const { answered, results, closed, transient } = partition(entries, settlements);
    recordDeliveryLatency(answered, results);
    const done = answered.map((entry) => entry.id);
    const rejected = new Map<string, QueuedEvent[]>();
    for (let index = 0; index < results.length; index += 1) {
      const result = results[index];
      if (result.status === 'processed') this.processed += 1;
      else {
        this.failed += 1;
        group(rejected, result.error_message ?? 'failed', answered[index]);
      }
    }
    // Kept before the ack: a crash in between delivers them again rather than losing them.
    if (queue.deadLetter) {
      for (const [reason, events] of rejected) await queue.deadLetter(events, reason);
    }
    const work: Promise<void>[] = [];
    if (done.length > 0) work.push(queue.ack(done));
    const stopped = closed.map((entry) => entry.id);
    if (stopped.length > 0) work.push(queue.release(stopped, 0));
    for (const [problem, events] of transient) work.push(this.#retry(events, problem));
    await Promise.all(work);
  }

  /** After a transient failure: gives up on the entries out of attempts, releases the others. */
  async #retry(entries: QueuedEvent[], problem: Problem): Promise<void> {
    const { queue, context, retry, maxRetryAfterMs } = this.#options;
    const { message, status, code, requestId, retryAfterMs } = problem;
    const now = Date.now();
    const dead = new Map<GiveUp['code'], { reason: GiveUp; dropped: QueuedEvent[] }>();
    const again: QueuedEvent[] = [];
    let attempt = 1;
    for (const entry of entries) {
      attempt = Math.max(attempt, entry.attempts + 1);
      const reason = giveUpReason(entry.attempts + 1, entry.payload, retry.maxAttempts, now);
      if (reason === undefined) again.push(entry);
      else if (dead.has(reason.code)) dead.get(reason.code)?.dropped.push(entry);
      else dead.set(reason.code, { reason, dropped: [entry] });
    }
    const work: Promise<void>[] = [];
    for (const { reason, dropped } of dead.values()) {
      const ids = dropped.map((entry) => entry.event_id);
      const text = `${reason.message}; last: ${message}`;
      context.report(record('dead', ids, text, { status, code: reason.code, requestId, attempt }));
      this.failed += dropped.length;
      work.push(queue.ack(dropped.map((entry) => entry.id)));
    }
    if (again.length > 0) {
      // Retry-After is obeyed exactly, whatever maxDelayMs says; backoff only without one.
      const delayMs = retryAfterMs ?? backoffDelay(attempt - 1, retry);
      const ids = again.map((entry) => entry.id);
      work.push(
        queue.release(ids, delayMs).then(() => {
          this.#schedule(delayMs > maxRetryAfterMs ? this.#later : this.#soon, delayMs, ids);
        }),
      );
      const eventIds = again.map((entry) => entry.event_id);
      context.report(
        record('retried', eventIds, message, { status, code, requestId, attempt, delayMs }),
      );
    }
    await Promise.all(work);
  }

  /** Wakes the loop when released entries fall due; `ids` are kept for close(). */
  #schedule(timers: Map<Timer, string[]>, delayMs: number, ids: string[]): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      this.#wake();
    }, delayMs + WAKE_MARGIN_MS);
    // Only a wait flush() would not make anyway may let the process exit; a closing client's
    // timer is cleared by close() at once, but its ids are still reported.
    if (timers === this.#later || this.#stopped) timer.unref?.();
    timers.set(timer, ids);
  }

  #poll(): void {
    this.#pollTimer = setTimeout(() => {
      if (this.#stopped) return;
      this.#poll();
      this.#wake();
    }, this.#options.flushIntervalMs);
    this.#pollTimer.unref?.();
  }

  #queueFailed(operation: string, error: unknown): void {
    const message = `queue ${operation} failed: ${errorName(error)}`;
    this.#options.context.report(record('error', [], message, { code: 'queue_error' }));
  }

  #isIdle(): boolean {
    if (this.#claiming || this.#inFlight.size > 0) return false;
    // A stopped consumer claims nothing more: a flush still waiting is over.
    if (this.#stopped) return true;
    const pausedLong = this.#options.context.limiter.pausedFor() > this.#options.maxRetryAfterMs;
    return pausedLong || (this.#soon.size === 0 && this.#drained);
  }

  /** Resolves once `ready()` holds (checked at each settle) or after `timeoutMs`. */
  #until(ready: () => boolean, timeoutMs: number | undefined): Promise<void> {
    return new Promise((resolve) => {
      let timer: Timer | undefined;
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve();
      };
      const check = () => {
        if (ready()) done();
      };
      if (timeoutMs !== undefined) timer = setTimeout(done, timeoutMs);
      this.#waiters.add(check);
      check();
    });
  }

  #settle(): void {
    for (const check of [...this.#waiters]) check();
  }
}
