import type { EnqueueOptions, JobHandler, JobQueue, QueueCounts } from './job-queue.ts';

/**
 * The embedded-mode queue: an in-process FIFO with delayed entries, pause and front insertion.
 * It holds nothing durable; the job rows are re-read at start-up (docs/architecture.md).
 */
export class MemoryJobQueue implements JobQueue {
  readonly kind = 'memory' as const;
  private readonly waiting: number[] = [];
  private readonly delayed = new Map<NodeJS.Timeout, number>();
  private readonly active = new Map<number, AbortController>();
  private handler: JobHandler | null = null;
  private concurrency = 0;
  private running = 0;
  private paused = false;
  private closed = false;
  private completed = 0;
  private failed = 0;
  private readonly settled = new Set<Promise<void>>();

  async enqueue(jobId: number, options: EnqueueOptions = {}): Promise<void> {
    if (this.closed) return;
    if (options.delayMs && options.delayMs > 0) {
      const timer = setTimeout(() => {
        this.delayed.delete(timer);
        this.push(jobId, options.front ?? false);
      }, options.delayMs);
      timer.unref();
      this.delayed.set(timer, jobId);
      return;
    }
    this.push(jobId, options.front ?? false);
  }

  private push(jobId: number, front: boolean): void {
    if (front) this.waiting.unshift(jobId);
    else this.waiting.push(jobId);
    this.pump();
  }

  async moveToFront(jobId: number): Promise<boolean> {
    const i = this.waiting.indexOf(jobId);
    if (i < 0) return false;
    this.waiting.splice(i, 1);
    this.waiting.unshift(jobId);
    return true;
  }

  async remove(jobId: number): Promise<boolean> {
    let removed = false;
    for (let i = this.waiting.indexOf(jobId); i >= 0; i = this.waiting.indexOf(jobId)) {
      this.waiting.splice(i, 1);
      removed = true;
    }
    for (const [timer, id] of this.delayed) {
      if (id !== jobId) continue;
      clearTimeout(timer);
      this.delayed.delete(timer);
      removed = true;
    }
    return removed;
  }

  async queuedJobIds(): Promise<Set<number>> {
    return new Set([...this.waiting, ...this.delayed.values(), ...this.active.keys()]);
  }

  async process(handler: JobHandler, concurrency: number): Promise<void> {
    this.handler = handler;
    this.concurrency = Math.max(1, concurrency);
    this.pump();
  }

  private pump(): void {
    while (this.handler && !this.paused && !this.closed && this.running < this.concurrency && this.waiting.length > 0) {
      const jobId = this.waiting.shift() as number;
      const controller = new AbortController();
      this.active.set(jobId, controller);
      this.running++;
      const handler = this.handler;
      const holder: { done?: Promise<void> } = {};
      holder.done = (async () => {
        try {
          await handler({ jobId, signal: controller.signal });
          this.completed++;
        } catch {
          this.failed++;
        } finally {
          this.active.delete(jobId);
          this.running--;
          if (holder.done) this.settled.delete(holder.done);
          this.pump();
        }
      })();
      this.settled.add(holder.done);
    }
  }

  async pause(): Promise<void> {
    this.paused = true;
  }

  async resume(): Promise<void> {
    this.paused = false;
    this.pump();
  }

  async isPaused(): Promise<boolean> {
    return this.paused;
  }

  async counts(): Promise<QueueCounts> {
    return {
      waiting: this.waiting.length,
      active: this.active.size,
      delayed: this.delayed.size,
      failed: this.failed,
      completed: this.completed,
      paused: this.paused,
    };
  }

  async ping(): Promise<boolean> {
    return !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.delayed.keys()) clearTimeout(timer);
    this.delayed.clear();
    this.waiting.length = 0;
    for (const controller of this.active.values()) controller.abort();
    await Promise.allSettled([...this.settled]);
  }
}
