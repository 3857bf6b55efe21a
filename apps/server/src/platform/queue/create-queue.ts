import type { Runtime } from '../runtime.ts';
import { BullJobQueue } from './bullmq-queue.ts';
import type { JobQueue } from './job-queue.ts';
import { MemoryJobQueue } from './memory-queue.ts';

/** BullMQ when the process has Redis, the in-process queue otherwise; made once per runtime. */
export function ensureJobQueue(runtime: Runtime): JobQueue {
  if (runtime.queue) return runtime.queue;
  runtime.queue = runtime.redis
    ? new BullJobQueue({
        connection: runtime.redis,
        prefix: `${runtime.config.values.redis.namespace}:bull`,
        lockDurationMs: Math.min(30_000, runtime.config.values.generation['stale-after-ms']),
      })
    : new MemoryJobQueue();
  return runtime.queue;
}
