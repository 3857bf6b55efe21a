/** What a worker receives for one delivery of a queued generation job. */
export interface JobDelivery {
  jobId: number;
  /** Aborted when this process shuts down (the job row stays `running` and is taken over later). */
  signal: AbortSignal;
}

export type JobHandler = (delivery: JobDelivery) => Promise<void>;

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
  paused: boolean;
}

export interface EnqueueOptions {
  /** Put the job before every waiting one (admin "move to front"). */
  front?: boolean;
  /** Deliver no sooner than this (retry back-off). */
  delayMs?: number;
}

/**
 * Carries generation job ids from the API to workers. The job row in the database is the
 * truth: a delivery only says "look at job N". Workers claim the row with a conditional UPDATE,
 * so a duplicate or stale delivery is harmless, and a lost one is recovered from the table
 * (see docs/architecture.md, "Generation pipeline").
 */
export interface JobQueue {
  readonly kind: 'bullmq' | 'memory';
  enqueue(jobId: number, options?: EnqueueOptions): Promise<void>;
  /** Moves a waiting delivery of the job to the front; false when none is waiting. */
  moveToFront(jobId: number): Promise<boolean>;
  /** Removes waiting/delayed deliveries of a job; false when none was waiting. */
  remove(jobId: number): Promise<boolean>;
  /** Job ids with a delivery waiting, delayed or running (start-up recovery skips them). */
  queuedJobIds(): Promise<Set<number>>;
  /** Starts consuming with `concurrency` parallel handlers in this process. */
  process(handler: JobHandler, concurrency: number): Promise<void>;
  /** Stops handing out deliveries cluster-wide (running ones finish). */
  pause(): Promise<void>;
  resume(): Promise<void>;
  isPaused(): Promise<boolean>;
  counts(): Promise<QueueCounts>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
