import { samplerFromParams } from '../../comfyui/workflow-builder.ts';
import { ComfyUIClient } from '../../comfyui/comfyui-client.ts';
import { BadRequestError, DomainValidationError, HttpError, NotFoundError, ServiceUnavailableError } from '../../platform/http/errors.ts';
import { paginationMeta } from '../../platform/http/schemas.ts';
import { ensureJobQueue } from '../../platform/queue/create-queue.ts';
import type { JobQueue } from '../../platform/queue/job-queue.ts';
import type { Runtime } from '../../platform/runtime.ts';
import { ownerScope, requireOwner, type Access } from '../auth/access.ts';
import { notificationChannel } from '../notifications/notifications.service.ts';
import type { NotificationRow } from '../notifications/notifications.queries.ts';
import { toNotification } from '../notifications/notifications.schemas.ts';
import { lastJobEvent, publishJobEvent, type JobEvent } from './generation.events.ts';
import * as q from './generation.queries.ts';
import type { JobFilter, JobRow } from './generation.queries.ts';
import { JOB_STATUSES, JOB_TYPES, toAvailableModel, toComfyGeneration, toJob, type JobWire } from './generation.schemas.ts';

export const IMAGE_DEFAULTS = { width: 832, height: 1216, batchSize: 1 } as const;

const QUEUE_UNAVAILABLE = {
  error: {
    message: 'The image queuing service is not currently running. Image generation jobs cannot be created at this time.',
    service: 'job_queue',
    status: 'unavailable',
    support_info: {
      details: 'The job queue (Redis) that carries image generation requests to the workers is not reachable. Please contact your system administrator.',
    },
  },
};

export interface CreateJobInput {
  user_id: string;
  job_type: string;
  prompt: string;
  params?: Record<string, unknown> | null;
  backend?: string | null;
  negative_prompt?: string | null;
  checkpoint_model?: string | null;
  lora_models?: Array<Record<string, unknown>> | null;
  width?: number | null;
  height?: number | null;
  batch_size?: number | null;
  sampler_params?: Record<string, unknown> | null;
}

/** `image` / `IMAGE_generation` → `image_generation`; null for anything else. */
export function normaliseJobType(raw: string): string | null {
  const lower = raw.trim().toLowerCase();
  const full = lower.endsWith('_generation') ? lower : `${lower}_generation`;
  return (JOB_TYPES as readonly string[]).includes(full) ? full : null;
}

function listEnvelope(rows: JobRow[], total: number, skip: number, limit: number) {
  return { items: rows.map(toJob), total, skip, limit };
}

function normaliseLoras(raw: unknown): Array<Record<string, unknown>> {
  if (!Array.isArray(raw)) return [];
  const out: Array<Record<string, unknown>> = [];
  for (const entry of raw) {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) throw new DomainValidationError('Each LoRA model must be an object with a name');
    const l = entry as Record<string, unknown>;
    if (typeof l.name !== 'string' || !l.name.trim()) throw new DomainValidationError('Each LoRA model must have a name');
    const strength = (v: unknown, key: string) => {
      if (v === undefined || v === null) return 0.8;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new DomainValidationError(`LoRA ${key} must be a number`);
      return v;
    };
    out.push({ ...l, name: l.name, strength_model: strength(l.strength_model, 'strength_model'), strength_clip: strength(l.strength_clip, 'strength_clip') });
  }
  return out;
}

/** Creates and steers generation jobs (the API side); the worker side is GenerationWorker. */
export class GenerationService {
  constructor(private readonly runtime: Runtime) {}

  queue(): JobQueue {
    return ensureJobQueue(this.runtime);
  }

  comfyClient(): ComfyUIClient {
    const c = this.runtime.config.values.comfyui;
    // A deployment state, not a failure of this request: 409, so no request is answered 5xx for it.
    if (!c.url) throw new HttpError(409, 'ComfyUI is not configured in this process (comfyui.url is empty and no embedded mock is running)');
    return new ComfyUIClient({
      baseUrl: c.url,
      requestTimeoutMs: c['request-timeout-ms'],
      pollIntervalMs: c['poll-interval-ms'],
      maxWaitMs: c['max-wait-seconds'] * 1000,
    });
  }

  private async requireUser(userId: string) {
    const user = await q.findUser(this.runtime.db, userId);
    if (!user) throw new NotFoundError('User', userId);
    return user;
  }

  /** A job `access` may see: another user's is the 404 of a missing id (docs/security.md). */
  private async requireJob(jobId: number, access: Access = null): Promise<JobRow> {
    const job = await q.findJob(this.runtime.db, jobId);
    if (!job) throw new NotFoundError('GenerationJob', jobId);
    requireOwner(access, job.user_id, 'GenerationJob', jobId);
    return job;
  }

  async create(input: CreateJobInput): Promise<JobWire> {
    const jobType = normaliseJobType(input.job_type);
    if (!jobType) throw new DomainValidationError(`Unsupported job type: ${input.job_type}`);
    const prompt = input.prompt.trim();
    if (!prompt) throw new DomainValidationError('Prompt cannot be empty');
    const queue = this.queue();
    if (!(await queue.ping())) throw new ServiceUnavailableError(QUEUE_UNAVAILABLE);
    const user = await this.requireUser(input.user_id);
    if (!user.is_active) throw new DomainValidationError('Cannot create generation jobs for inactive users');

    const params: Record<string, unknown> = { ...(input.params ?? {}) };
    params.backend = input.backend ?? (typeof params.backend === 'string' ? params.backend : 'kerniegen');
    let columns = { negativePrompt: null as string | null, checkpointModel: null as string | null, loraModels: [] as Array<Record<string, unknown>>, width: null as number | null, height: null as number | null, batchSize: 1 };
    if (jobType === 'image_generation') {
      const pick = <T>(bodyValue: T | null | undefined, key: string, fallback: T): T =>
        bodyValue !== undefined && bodyValue !== null ? bodyValue : params[key] !== undefined && params[key] !== null ? (params[key] as T) : fallback;
      const sampler = samplerFromParams(pick(input.sampler_params, 'sampler_params', {}));
      const intIn = (v: unknown, key: string, min: number, max: number): number => {
        if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new DomainValidationError(`${key} must be an integer between ${min} and ${max}`);
        return v;
      };
      columns = {
        negativePrompt: String(pick(input.negative_prompt, 'negative_prompt', '')),
        checkpointModel: (pick<string | null>(input.checkpoint_model, 'checkpoint_model', null) as string | null) ?? null,
        loraModels: normaliseLoras(pick(input.lora_models, 'lora_models', [])),
        width: intIn(pick(input.width, 'width', IMAGE_DEFAULTS.width), 'width', 64, 2048),
        height: intIn(pick(input.height, 'height', IMAGE_DEFAULTS.height), 'height', 64, 2048),
        batchSize: intIn(pick(input.batch_size, 'batch_size', IMAGE_DEFAULTS.batchSize), 'batch_size', 1, 8),
      };
      Object.assign(params, {
        sampler_params: sampler,
        negative_prompt: columns.negativePrompt,
        checkpoint_model: columns.checkpointModel,
        lora_models: columns.loraModels,
        width: columns.width,
        height: columns.height,
        batch_size: columns.batchSize,
      });
    }
    const job = await q.insertJob(this.runtime.db, { userId: user.id, jobType, prompt, params, ...columns }, queue.kind);
    await queue.enqueue(job.id);
    return toJob(job);
  }

  async get(access: Access, jobId: number): Promise<JobWire> {
    return toJob(await this.requireJob(jobId, access));
  }

  async updateParams(access: Access, jobId: number, parameters: Record<string, unknown> | null | undefined): Promise<JobWire> {
    const job = await this.requireJob(jobId, access);
    if (parameters === undefined || parameters === null) return toJob(job);
    const updated = await q.updatePendingParams(this.runtime.db, jobId, parameters);
    if (!updated) throw new DomainValidationError('Can only update pending jobs');
    return toJob(updated);
  }

  async delete(access: Access, jobId: number) {
    await this.requireJob(jobId, access);
    if (!(await q.deleteFinishedJob(this.runtime.db, jobId))) throw new DomainValidationError('Cannot delete pending or running jobs');
    return { success: true, message: `Generation job ${jobId} deleted successfully` };
  }

  async setStatus(jobId: number, status: string, errorMessage: string | null | undefined): Promise<JobWire> {
    await this.requireJob(jobId);
    if (!(JOB_STATUSES as readonly string[]).includes(status)) {
      throw new DomainValidationError(`Invalid status. Must be one of: ['pending', 'running', 'completed', 'failed', 'cancelled']`);
    }
    if (status === 'failed' && !errorMessage?.trim()) throw new DomainValidationError('Error message is required for failed jobs');
    const row = await q.setStatus(this.runtime.db, jobId, status, errorMessage ?? null);
    if (!row) throw new NotFoundError('GenerationJob', jobId);
    return toJob(row);
  }

  async setResult(jobId: number, contentId: number): Promise<JobWire> {
    await this.requireJob(jobId);
    if (!(await q.regularContentExists(this.runtime.db, contentId))) throw new NotFoundError('ContentItem', contentId);
    const row = await q.setResult(this.runtime.db, jobId, contentId);
    if (!row) throw new NotFoundError('GenerationJob', jobId);
    return toJob(row);
  }

  /**
   * Cancels a pending or running job: the row first (the truth), with its one notification in the
   * same transaction, then the queue entry and a `cancelled` event, which tells the worker running
   * it to interrupt its ComfyUI prompt.
   */
  async cancel(access: Access, jobId: number, reason: string | null | undefined, legacy = false): Promise<JobWire> {
    const current = await this.requireJob(jobId, access);
    const trimmed = reason?.trim();
    const result = await this.runtime.db.transaction(async (tx) => {
      const row = await q.cancelJob(tx, jobId, trimmed ? `Cancelled: ${trimmed}` : null, true);
      if (!row) return null;
      const notification = await q.insertOutcomeNotification(tx, {
        userId: row.user_id,
        title: 'Generation Cancelled',
        message: trimmed ? `Your image generation was cancelled: ${trimmed.slice(0, 500)}` : 'Your image generation was cancelled.',
        type: 'job_cancelled',
        jobId,
        contentId: null,
      });
      await q.insertGenerationEvent(tx, { type: 'cancellation', jobId, userId: row.user_id });
      return { row, notification };
    });
    if (!result) {
      const status = (await q.findJob(this.runtime.db, jobId))?.status ?? current.status;
      throw new DomainValidationError(
        legacy
          ? `Cannot cancel generation with status: ${status}`
          : `Cannot cancel job with status '${status}'. Only pending, processing, running, started jobs can be cancelled.`,
      );
    }
    await this.queue()
      .remove(jobId)
      .catch(() => false);
    await publishJobEvent(this.runtime, { job_id: jobId, status: 'cancelled', ...(trimmed ? { message: trimmed } : {}) });
    await this.publishNotification(result.notification);
    return toJob(result.row);
  }

  /** Re-runs a failed or cancelled job as a new attempt. A completed job has its content: 422. */
  async retry(access: Access, jobId: number): Promise<JobWire> {
    const job = await this.requireJob(jobId, access);
    if (job.status !== 'failed' && job.status !== 'cancelled') {
      throw new DomainValidationError(`Cannot retry job with status '${job.status}'. Only failed or cancelled jobs can be retried.`);
    }
    const row = await q.resetForRetry(this.runtime.db, jobId);
    if (!row) throw new DomainValidationError(`Cannot retry job with status '${job.status}'`);
    await this.queue().enqueue(jobId);
    await publishJobEvent(this.runtime, { job_id: jobId, status: 'pending', message: 'retry requested' });
    return toJob(row);
  }

  async publishNotification(row: NotificationRow | null): Promise<void> {
    if (!row) return;
    await this.runtime.events.publish(notificationChannel(row.user_id), toNotification(row)).catch((err: unknown) => {
      this.runtime.logger.warn({ err }, 'notification publish failed');
    });
  }

  // ---- lists ----

  /**
   * Job lists: a non-admin in required mode sees only their own jobs (a named `user_id` is already
   * theirs, the hook refuses others).
   */
  async list(access: Access, query: { user_id?: string; job_type?: string; status?: string; days?: number; skip: number; limit: number }) {
    const { db } = this.runtime;
    const { skip, limit } = query;
    if (query.user_id) await this.requireUser(query.user_id);
    // §7.25: `days` keeps jobs created within the last N days (the original ignored it); total
    // counts what the filters select (the original ignored status for a named user).
    const filter: JobFilter = { userId: query.user_id ?? ownerScope(access) ?? undefined, status: query.status, jobType: query.job_type, createdWithinDays: query.days };
    return listEnvelope(await q.listJobs(db, filter, 'created_desc', skip, limit), await q.countJobs(db, filter), skip, limit);
  }

  async listForUser(userId: string, status: string | undefined, skip: number, limit: number) {
    await this.requireUser(userId);
    const filter: JobFilter = { userId, status };
    return listEnvelope(await q.listJobs(this.runtime.db, filter, 'created_desc', skip, limit), await q.countJobs(this.runtime.db, filter), skip, limit);
  }

  async listByStatus(access: Access, status: string, skip: number, limit: number) {
    const filter: JobFilter = { userId: ownerScope(access) ?? undefined, status };
    return listEnvelope(await q.listJobs(this.runtime.db, filter, 'created_desc', skip, limit), await q.countJobs(this.runtime.db, filter), skip, limit);
  }

  async listByType(access: Access, jobType: string, skip: number, limit: number) {
    const filter: JobFilter = { userId: ownerScope(access) ?? undefined, jobType: normaliseJobType(jobType) ?? jobType };
    return listEnvelope(await q.listJobs(this.runtime.db, filter, 'created_desc', skip, limit), await q.countJobs(this.runtime.db, filter), skip, limit);
  }

  async listPending(access: Access, limit: number) {
    const rows = await q.listJobs(this.runtime.db, { userId: ownerScope(access) ?? undefined, status: 'pending' }, 'created_asc', 0, limit);
    return listEnvelope(rows, rows.length, 0, limit);
  }

  async listRunning(access: Access) {
    const rows = await q.listJobs(this.runtime.db, { userId: ownerScope(access) ?? undefined, status: 'running' }, 'started_asc', 0, 10_000);
    return listEnvelope(rows, rows.length, 0, rows.length);
  }

  async listCompleted(access: Access, named: string | undefined, days: number, limit: number) {
    const userId = named ?? ownerScope(access) ?? undefined;
    if (named) await this.requireUser(named);
    const rows = await q.listJobs(this.runtime.db, { userId, status: 'completed', completedWithinDays: days }, 'completed_desc', 0, limit);
    return listEnvelope(rows, rows.length, 0, limit);
  }

  async listFailed(access: Access, named: string | undefined, days: number, limit: number) {
    const userId = named ?? ownerScope(access) ?? undefined;
    if (named) await this.requireUser(named);
    const rows = await q.listJobs(this.runtime.db, { userId, status: 'failed', createdWithinDays: days }, 'created_desc', 0, limit);
    return listEnvelope(rows, rows.length, 0, limit);
  }

  async listCancelled(access: Access, skip: number, limit: number) {
    const rows = await q.listJobs(this.runtime.db, { userId: ownerScope(access) ?? undefined, status: 'cancelled' }, 'created_desc', skip, limit);
    return listEnvelope(rows, rows.length, skip, limit);
  }

  async stats(userId: string | undefined) {
    if (userId) await this.requireUser(userId);
    const s = await q.jobStats(this.runtime.db, userId ?? null);
    return {
      user_id: userId ?? null,
      total_jobs: s.total,
      status_breakdown: s.byStatus,
      type_breakdown: s.byType,
      average_processing_time_seconds: s.avgSeconds,
    };
  }

  /** Legacy `POST /queue/process`: the contract's pending → running flip (it never ran anything). */
  async processQueue(maxJobs: number) {
    const rows = await q.markOldestPendingRunning(this.runtime.db, maxJobs);
    return listEnvelope(rows, rows.length, 0, maxJobs);
  }

  async queueStats() {
    const pending = await q.countJobs(this.runtime.db, { status: 'pending' });
    const running = await q.countJobs(this.runtime.db, { status: 'running' });
    return { pending_jobs: pending, running_jobs: running };
  }

  // ---- admin queue controls ----

  async queueState() {
    const queue = this.queue();
    const counts = await queue.counts();
    const stats = await this.queueStats();
    return { kind: queue.kind, paused: counts.paused, waiting: counts.waiting, active: counts.active, delayed: counts.delayed, ...stats };
  }

  async pause() {
    await this.queue().pause();
    return this.queueState();
  }

  async resume() {
    await this.queue().resume();
    return this.queueState();
  }

  async moveToFront(jobId: number): Promise<JobWire> {
    const job = await this.requireJob(jobId);
    if (job.status !== 'pending') throw new DomainValidationError(`Only pending jobs can be moved; job ${jobId} is ${job.status}`);
    const queue = this.queue();
    if (!(await queue.moveToFront(jobId))) await queue.enqueue(jobId, { front: true });
    return toJob(job);
  }

  // ---- websocket support ----

  /** The ids that exist and that `access` may follow (its own jobs in required mode). */
  async existingJobIds(access: Access, ids: readonly number[]): Promise<number[]> {
    return q.jobIdsExisting(this.runtime.db, ids, ownerScope(access));
  }

  /** The job's current state for a socket that just connected: the row, plus the last progress seen. */
  async snapshot(jobId: number): Promise<JobEvent | null> {
    // Taken before the read: live events stamped earlier are already reflected in the row.
    const timestamp = new Date().toISOString();
    const job = await q.findJob(this.runtime.db, jobId);
    if (!job) return null;
    const last = await lastJobEvent(this.runtime, jobId);
    const status: JobEvent['status'] =
      job.status === 'running' ? (last?.status === 'processing' ? 'processing' : 'started') : (job.status as JobEvent['status']);
    const snap: JobEvent = {
      job_id: jobId,
      status,
      timestamp,
      attempt: job.attempt,
    };
    if (status === 'processing' && typeof last?.progress === 'number') snap.progress = last.progress;
    if (job.status === 'completed') {
      if (job.content_id !== null) snap.content_id = job.content_id;
      const paths = job.params?.output_paths;
      if (Array.isArray(paths)) snap.output_paths = paths.filter((p): p is string => typeof p === 'string');
    }
    if (job.status === 'failed' && job.error_message) snap.error = job.error_message;
    return snap;
  }

  // ---- legacy ComfyUI routes ----

  async comfyGenerate(input: {
    user_id: string;
    prompt: string;
    negative_prompt?: string | null;
    checkpoint_model: string;
    lora_models?: Array<Record<string, unknown>> | null;
    width: number;
    height: number;
    batch_size: number;
    sampler_params?: Record<string, unknown> | null;
  }) {
    // §7.17 / services §10.6: one job API. The legacy route creates a normal, queued image job.
    const job = await this.create({ ...input, job_type: 'image_generation', negative_prompt: input.negative_prompt ?? '' });
    const row = await this.requireJob(job.id);
    return toComfyGeneration(row);
  }

  async comfyGet(access: Access, jobId: number) {
    return toComfyGeneration(await this.requireJob(jobId, access));
  }

  async comfyList(access: Access, query: { user_id?: string; status?: string; created_after?: string; created_before?: string; page: number; page_size: number }) {
    const parseDate = (v: string | undefined, name: string): string | undefined => {
      if (v === undefined || v === '') return undefined;
      const d = new Date(v);
      if (Number.isNaN(d.getTime())) throw new BadRequestError(`Invalid ${name}: expected an ISO-8601 date-time`);
      return d.toISOString().replace('Z', '');
    };
    const filter: JobFilter = {
      userId: query.user_id ?? ownerScope(access) ?? undefined,
      status: query.status,
      jobTypeIn: ['image_generation'],
      createdAfter: parseDate(query.created_after, 'created_after'),
      createdBefore: parseDate(query.created_before, 'created_before'),
    };
    const total = await q.countJobs(this.runtime.db, filter);
    const rows = await q.listJobs(this.runtime.db, filter, 'created_desc', (query.page - 1) * query.page_size, query.page_size);
    return { items: rows.map(toComfyGeneration), pagination: paginationMeta(query.page, query.page_size, total) };
  }

  async comfyCancel(access: Access, jobId: number) {
    await this.cancel(access, jobId, null, true);
    return { success: true, message: 'Generation cancelled successfully' };
  }

  async listModels(query: { model_type?: string; is_active?: boolean; search?: string }) {
    const rows = await q.listAvailableModels(this.runtime.db, { type: query.model_type, isActive: query.is_active, search: query.search });
    return { items: rows.map(toAvailableModel), total: rows.length };
  }

  /** Reads what ComfyUI offers from `/object_info` into `available_models`. */
  async refreshModels() {
    const client = this.comfyClient();
    let models;
    try {
      models = await client.models();
    } catch (err) {
      throw new HttpError(500, (err as Error).message);
    }
    const list = [
      ...models.checkpoints.map((name) => ({ name, type: 'checkpoint' as const })),
      ...models.loras.map((name) => ({ name, type: 'lora' as const })),
    ];
    const n = await q.syncAvailableModels(this.runtime.db, list);
    return { success: true, message: `Refreshed ${n} models successfully` };
  }
}
