import type { Runtime } from '../../platform/runtime.ts';

/**
 * Job status events, published on the EventBus channel `job:<id>` (Redis pub/sub in distributed
 * mode, so a worker's events reach every API process) and kept as the job's last state in the
 * cache, so a WebSocket that connects late still gets the current state (§7.34).
 */
export type JobEventStatus = 'pending' | 'started' | 'processing' | 'completed' | 'failed' | 'cancelled';

export interface JobEvent {
  job_id: number;
  status: JobEventStatus;
  /** ISO-8601 UTC time the event happened (the original always sent null). */
  timestamp: string;
  progress?: number;
  attempt?: number;
  content_id?: number;
  output_paths?: string[];
  error?: string;
  message?: string;
}

export function jobChannel(jobId: number): string {
  return `job:${jobId}`;
}

const STATE_TTL_SECONDS = 24 * 3600;

function stateKey(jobId: number): string {
  return `job-state:${jobId}`;
}

export async function publishJobEvent(runtime: Runtime, event: Omit<JobEvent, 'timestamp'>): Promise<JobEvent> {
  const full: JobEvent = { ...event, timestamp: new Date().toISOString() };
  try {
    await runtime.cache.set(stateKey(event.job_id), full, STATE_TTL_SECONDS);
    await runtime.events.publish(jobChannel(event.job_id), full);
  } catch (err) {
    runtime.logger.warn({ err, jobId: event.job_id }, 'job event publish failed');
  }
  return full;
}

export async function lastJobEvent(runtime: Runtime, jobId: number): Promise<JobEvent | undefined> {
  return runtime.cache.get<JobEvent>(stateKey(jobId)).catch(() => undefined);
}
