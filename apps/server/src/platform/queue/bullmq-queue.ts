import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { EnqueueOptions, JobHandler, JobQueue, QueueCounts } from './job-queue.ts';

export interface BullJobQueueOptions {
  connection: Redis;
  /** Key prefix (the Redis namespace), so environments can share one Redis. */
  prefix: string;
  queueName?: string;
  /**
   * How long a worker's lock on a delivery lasts without renewal. A worker that dies holds its
   * delivery this long before BullMQ hands it out again; the job row's heartbeat decides the rest.
   */
  lockDurationMs?: number;
}

export const GENERATION_QUEUE = 'generation';

interface Payload {
  jobId: number;
}

/** Distributed mode: BullMQ on Redis. One delivery = one BullMQ job carrying the row id. */
export class BullJobQueue implements JobQueue {
  readonly kind = 'bullmq' as const;
  readonly queue: Queue<Payload>;
  private worker: Worker<Payload> | null = null;
  private readonly controllers = new Set<AbortController>();

  constructor(private readonly options: BullJobQueueOptions) {
    this.queue = new Queue<Payload>(options.queueName ?? GENERATION_QUEUE, {
      connection: options.connection,
      prefix: options.prefix,
      defaultJobOptions: { removeOnComplete: { count: 1000 }, removeOnFail: { count: 1000 }, attempts: 1 },
    });
  }

  async enqueue(jobId: number, options: EnqueueOptions = {}): Promise<void> {
    await this.queue.add('generate', { jobId }, { lifo: options.front ?? false, delay: options.delayMs && options.delayMs > 0 ? options.delayMs : undefined });
  }

  private async waitingDeliveries(jobId: number, types: Array<'waiting' | 'delayed' | 'prioritized'>): Promise<Job<Payload>[]> {
    const jobs = (await this.queue.getJobs(types)) as Job<Payload>[];
    return jobs.filter((j) => j?.data?.jobId === jobId);
  }

  async moveToFront(jobId: number): Promise<boolean> {
    const found = await this.waitingDeliveries(jobId, ['waiting', 'prioritized']);
    if (found.length === 0) return false;
    // A waiting job cannot be reordered in place: remove it and add it again at the head.
    for (const job of found) await job.remove().catch(() => undefined);
    await this.enqueue(jobId, { front: true });
    return true;
  }

  async remove(jobId: number): Promise<boolean> {
    const found = await this.waitingDeliveries(jobId, ['waiting', 'prioritized', 'delayed']);
    let removed = false;
    for (const job of found) {
      await job.remove().then(
        () => (removed = true),
        () => undefined,
      );
    }
    return removed;
  }

  async queuedJobIds(): Promise<Set<number>> {
    const jobs = (await this.queue.getJobs(['waiting', 'prioritized', 'delayed', 'active'])) as Job<Payload>[];
    return new Set(jobs.filter(Boolean).map((j) => j.data.jobId));
  }

  async process(handler: JobHandler, concurrency: number): Promise<void> {
    const lockDuration = this.options.lockDurationMs ?? 30_000;
    this.worker = new Worker<Payload>(
      this.queue.name,
      async (job) => {
        const controller = new AbortController();
        this.controllers.add(controller);
        try {
          await handler({ jobId: job.data.jobId, signal: controller.signal });
        } finally {
          this.controllers.delete(controller);
        }
      },
      {
        connection: this.options.connection,
        prefix: this.options.prefix,
        concurrency: Math.max(1, concurrency),
        lockDuration,
        stalledInterval: Math.max(1000, Math.floor(lockDuration / 2)),
        maxStalledCount: 5,
      },
    );
    this.worker.on('error', () => undefined);
    await this.worker.waitUntilReady();
  }

  async pause(): Promise<void> {
    await this.queue.pause();
  }

  async resume(): Promise<void> {
    await this.queue.resume();
  }

  async isPaused(): Promise<boolean> {
    return this.queue.isPaused();
  }

  async counts(): Promise<QueueCounts> {
    const c = await this.queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed');
    return {
      waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
      active: c.active ?? 0,
      delayed: c.delayed ?? 0,
      failed: c.failed ?? 0,
      completed: c.completed ?? 0,
      paused: await this.queue.isPaused(),
    };
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.options.connection.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    for (const c of this.controllers) c.abort();
    if (this.worker) await this.worker.close().catch(() => undefined);
    await this.queue.close().catch(() => undefined);
  }
}
