/** What a worker receives for one delivery of a queued generation job. */
export interface JobDelivery {
  jobId: number;
  /** 1 for the first delivery, then 2, 3… for retries of the same job. */
  attempt: number;
  /** Aborted when the job is cancelled or the worker shuts down. */
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

/**
 * Carries generation job ids from the API to workers. The job row in the database is the
 * truth; the queue only carries ids, so a lost message is recovered from the table on start.
 */
export interface JobQueue {
  readonly kind: 'bullmq' | 'memory';
  enqueue(jobId: number, options?: { front?: boolean }): Promise<void>;
  /** Removes a job that is still waiting; false when it is not waiting (running or gone). */
  remove(jobId: number): Promise<boolean>;
  /** Starts consuming with `concurrency` parallel handlers in this process. */
  process(handler: JobHandler, concurrency: number): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  counts(): Promise<QueueCounts>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
