import type { FindingPredicate } from "./criteria/to-predicate.js";
import type { AccountActor } from "../actor.js";
import type { StoredFinding } from "./stored-finding.js";

export type FindingChange = "CREATED" | "UPDATED";

export type FindingDelivery = { change: FindingChange; finding: StoredFinding };

/**
 * One live subscription: an async iterator over a bounded queue. The feed pushes without waiting;
 * the WebSocket connection pulls as fast as its client reads. A client that falls `limit` findings
 * behind is ended with an error instead of slowing the others or growing memory without bound.
 */
export class FindingSubscriber implements AsyncIterableIterator<FindingDelivery> {
  private readonly queue: FindingDelivery[] = [];
  private waiting: { resolve: (result: IteratorResult<FindingDelivery>) => void; reject: (error: Error) => void } | undefined;
  private failure: Error | undefined;
  private finished = false;

  constructor(
    readonly caller: AccountActor,
    readonly matches: FindingPredicate,
    private readonly limit: number,
    private readonly overflowError: () => Error,
    private readonly onEnd: (subscriber: FindingSubscriber) => void,
  ) {}

  /** Deliveries pushed and not yet read. */
  get backlog(): number {
    return this.queue.length;
  }

  get ended(): boolean {
    return this.finished || this.failure !== undefined;
  }

  push(delivery: FindingDelivery): void {
    if (this.ended) return;
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      resolve({ value: delivery, done: false });
    } else if (this.queue.length >= this.limit) {
      this.fail(this.overflowError());
    } else {
      this.queue.push(delivery);
    }
  }

  /** Ends the subscription with an error the client receives (revoked key, overflow). */
  fail(error: Error): void {
    if (this.ended) return;
    this.failure = error;
    this.queue.length = 0;
    this.onEnd(this);
    if (this.waiting) {
      const { reject } = this.waiting;
      this.waiting = undefined;
      this.finished = true;
      reject(error);
    }
  }

  next(): Promise<IteratorResult<FindingDelivery>> {
    const delivery = this.queue.shift();
    if (delivery) return Promise.resolve({ value: delivery, done: false });
    if (this.failure && !this.finished) {
      this.finished = true;
      return Promise.reject(this.failure);
    }
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  /** The client unsubscribed or disconnected. */
  return(): Promise<IteratorResult<FindingDelivery>> {
    if (!this.ended) this.onEnd(this);
    this.finished = true;
    this.queue.length = 0;
    this.waiting?.resolve({ value: undefined, done: true });
    this.waiting = undefined;
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<FindingDelivery> {
    return this;
  }
}
