import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { ComfyUICancelledError, ComfyUIError, type ComfyUIClient } from '../../comfyui/comfyui-client.ts';
import { buildWorkflow, samplerFromParams, WorkflowValidationError, type LoraSpec } from '../../comfyui/workflow-builder.ts';
import type { Queryable } from '../../db/database.ts';
import type { JobDelivery, JobQueue } from '../../platform/queue/job-queue.ts';
import type { Runtime } from '../../platform/runtime.ts';
import type { NotificationRow } from '../notifications/notifications.queries.ts';
import { jobChannel, publishJobEvent, type JobEvent } from './generation.events.ts';
import { jobOutputDir, promptTagIds, storeImage, type StoredImage } from './generation.outputs.ts';
import * as q from './generation.queries.ts';
import type { JobRow } from './generation.queries.ts';
import type { GenerationService } from './generation.service.ts';

/**
 * Runs generation jobs: claims the row, drives ComfyUI, stores the images, and finishes the row
 * with at most one outcome. See docs/architecture.md "Generation pipeline" for the rules.
 */

/** Something the content flagging engine (modules/moderation) can plug in; runs in the completion transaction. */
export type ContentFlagger = (tx: Queryable, content: { id: number; prompt: string; creatorId: string }) => Promise<void>;

export interface WorkerHooks {
  flagContent?: ContentFlagger;
  /**
   * Runs when an attempt has stored its images, just before its completion transaction: the
   * window in which a cancel makes the completion lose the race (tests use it to force that race).
   */
  beforeCompletion?: (attempt: { jobId: number; attempt: number; images: readonly StoredImage[] }) => Promise<void>;
}

class AttemptSuperseded extends Error {
  override name = 'AttemptSuperseded';
}

const SHUTDOWN = 'worker shutting down';

export function isTransient(err: unknown): boolean {
  if (err instanceof ComfyUIError) return err.transient;
  const code = (err as { code?: string })?.code;
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'ETIMEDOUT' || code === 'EPIPE';
}

export function retryDelayMs(attempt: number, baseMs: number, maxMs: number): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  // Full jitter on the upper half, so retries of many jobs do not arrive together.
  return Math.round(exp / 2 + Math.random() * (exp / 2));
}

function loraSpecs(job: JobRow): LoraSpec[] {
  const raw = job.lora_models?.length ? job.lora_models : Array.isArray(job.params?.lora_models) ? (job.params.lora_models as unknown[]) : [];
  return raw
    .filter((l): l is Record<string, unknown> => !!l && typeof l === 'object' && typeof (l as { name?: unknown }).name === 'string')
    .map((l) => ({
      name: l.name as string,
      strength_model: typeof l.strength_model === 'number' ? l.strength_model : undefined,
      strength_clip: typeof l.strength_clip === 'number' ? l.strength_clip : undefined,
    }));
}

function attemptBase(job: JobRow): number {
  const base = job.params?.attempt_base;
  return typeof base === 'number' && Number.isInteger(base) ? base : 0;
}

function numberOr(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

export class GenerationWorker {
  private stopped = false;
  private sweepTimer: NodeJS.Timeout | null = null;
  private readonly cfg;

  constructor(
    private readonly runtime: Runtime,
    private readonly generation: GenerationService,
    private readonly hooks: WorkerHooks = {},
  ) {
    this.cfg = runtime.config.values.generation;
  }

  private get queue(): JobQueue {
    return this.generation.queue();
  }

  /**
   * Recovers what the table says is unfinished, then consumes the queue. Start-up rule: pending
   * jobs without a queued delivery are enqueued (oldest first); running jobs whose heartbeat is
   * stale (all of them in embedded mode: no other process can be running them) go back to
   * pending and are enqueued, or fail if they used their last attempt. The stale sweep repeats
   * while the worker runs.
   */
  async start(): Promise<void> {
    await this.recover(this.runtime.config.mode === 'embedded');
    await this.queue.process((d) => this.handle(d), this.cfg['worker-concurrency']);
    const every = Math.max(1000, Math.floor(this.cfg['stale-after-ms'] / 2));
    this.sweepTimer = setInterval(() => {
      this.recoverStale(false).catch((err: unknown) => this.runtime.logger.warn({ err }, 'stale job sweep failed'));
    }, every);
    this.sweepTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
  }

  async recover(allRunningAreOrphans: boolean): Promise<{ enqueued: number; takenOver: number; failed: number }> {
    const queued = await this.queue.queuedJobIds();
    let enqueued = 0;
    for (const id of await q.pendingJobIds(this.runtime.db)) {
      if (queued.has(id)) continue;
      await this.queue.enqueue(id);
      enqueued++;
    }
    const stale = await this.recoverStale(allRunningAreOrphans);
    return { enqueued, ...stale };
  }

  private async recoverStale(allRunningAreOrphans: boolean): Promise<{ takenOver: number; failed: number }> {
    if (this.stopped) return { takenOver: 0, failed: 0 };
    const staleMs = allRunningAreOrphans ? 0 : this.cfg['stale-after-ms'];
    let takenOver = 0;
    let failed = 0;
    for (const { id, attempt, attempt_base } of await q.staleRunningJobs(this.runtime.db, staleMs)) {
      if (attempt - attempt_base >= this.cfg['max-attempts']) {
        const outcome = await this.finishFailed(id, attempt, `Worker stopped while running the job, and it has used all ${this.cfg['max-attempts']} attempts`);
        if (outcome) failed++;
      } else if (await q.releaseStale(this.runtime.db, id, attempt, staleMs, `The worker running attempt ${attempt} stopped; the job was re-queued`)) {
        await this.queue.enqueue(id);
        takenOver++;
      }
    }
    return { takenOver, failed };
  }

  /** One delivery. Never throws for job-level problems: the outcome is written to the row. */
  async handle(delivery: JobDelivery): Promise<void> {
    const job = await q.claimJob(this.runtime.db, delivery.jobId);
    if (!job) return;
    const attempt = job.attempt;
    // Attempts used since the job was last (re)submitted: POST /retry starts a fresh budget.
    const used = attempt - attemptBase(job);
    if (used > this.cfg['max-attempts']) {
      await this.finishFailed(job.id, attempt, `Gave up after ${this.cfg['max-attempts']} attempts`);
      return;
    }
    const started = Date.now();
    const abort = new AbortController();
    let cancelled = false;
    const onShutdown = () => abort.abort(SHUTDOWN);
    delivery.signal.addEventListener('abort', onShutdown);
    const unsubscribe = await this.runtime.events.subscribe(jobChannel(job.id), (payload) => {
      if ((payload as JobEvent)?.status === 'cancelled') {
        cancelled = true;
        abort.abort('cancelled');
      }
    });
    const beat = setInterval(
      () => {
        q.heartbeat(this.runtime.db, job.id, attempt).then(
          (owned) => {
            if (!owned && !abort.signal.aborted) {
              cancelled = true;
              abort.abort('lost ownership');
            }
          },
          () => undefined,
        );
      },
      Math.max(250, Math.floor(this.cfg['stale-after-ms'] / 4)),
    );
    // The images this attempt stored; removed again unless its content item is committed.
    const written: StoredImage[] = [];
    let contentCommitted = false;
    try {
      await publishJobEvent(this.runtime, { job_id: job.id, status: 'started', attempt });
      const stored = await this.generate(job, attempt, abort.signal, written);
      await this.hooks.beforeCompletion?.({ jobId: job.id, attempt, images: stored.images });
      const committed = await this.commitCompleted(job, attempt, stored, started);
      contentCommitted = true;
      await publishJobEvent(this.runtime, { job_id: job.id, status: 'completed', content_id: committed.contentId, output_paths: committed.outputPaths, attempt });
      await this.generation.publishNotification(committed.notification);
    } catch (err) {
      if (err instanceof AttemptSuperseded || cancelled) return;
      if (abort.signal.reason === SHUTDOWN) {
        await q.releaseForRetry(this.runtime.db, job.id, attempt, 'The worker stopped; the job will resume').catch(() => null);
        return;
      }
      await this.onError(job, attempt, err, started);
    } finally {
      clearInterval(beat);
      delivery.signal.removeEventListener('abort', onShutdown);
      await unsubscribe().catch(() => undefined);
      if (!contentCommitted && written.length > 0) await this.discardOutputs(job.id, attempt, written);
    }
  }

  /** Drives ComfyUI and stores the outputs; each stored image is appended to `written` as soon as it is on disk. */
  private async generate(
    job: JobRow,
    attempt: number,
    signal: AbortSignal,
    written: StoredImage[],
  ): Promise<{ images: StoredImage[]; promptId: string; reused: boolean; history: Record<string, unknown> }> {
    const params = job.params ?? {};
    const sampler = samplerFromParams(params.sampler_params);
    const workflow = buildWorkflow({
      prompt: job.prompt,
      negativePrompt: job.negative_prompt ?? (typeof params.negative_prompt === 'string' ? params.negative_prompt : ''),
      checkpoint: job.checkpoint_model ?? (typeof params.checkpoint_model === 'string' ? params.checkpoint_model : null),
      loras: loraSpecs(job),
      width: job.width ?? numberOr(params.width, 832),
      height: job.height ?? numberOr(params.height, 1216),
      batchSize: job.batch_size ?? numberOr(params.batch_size, 1),
      sampler,
      filenamePrefix: `gen_job_${job.id}`,
    });
    const client: ComfyUIClient = this.generation.comfyClient();
    let lastPercent = -1;
    const result = await client.run(workflow, {
      clientId: `genonaut-job-${job.id}-a${attempt}`,
      signal,
      existingPromptId: job.comfyui_prompt_id,
      interruptOnAbort: () => signal.reason !== SHUTDOWN,
      onSubmitted: async (promptId, reused) => {
        if (!(await q.recordPromptId(this.runtime.db, job.id, attempt, promptId))) throw new AttemptSuperseded();
        lastPercent = 0;
        await publishJobEvent(this.runtime, { job_id: job.id, status: 'processing', progress: 0, attempt, ...(reused ? { message: 'following the prompt of an earlier attempt' } : {}) });
      },
      onProgress: (percent) => {
        if (percent === lastPercent) return;
        lastPercent = percent;
        void publishJobEvent(this.runtime, { job_id: job.id, status: 'processing', progress: percent, attempt });
      },
    });
    const relDir = jobOutputDir(job.user_id, new Date(`${job.created_at.replace(' ', 'T')}Z`));
    for (const [i, ref] of result.images.entries()) {
      if (signal.aborted) throw new ComfyUICancelledError();
      const png = await client.download(ref);
      written.push(await storeImage(this.runtime.config.paths.storageDir, relDir, job.id, i, png));
    }
    return { images: written, promptId: result.promptId, reused: result.reused, history: result.history };
  }

  /**
   * The completion transaction: content item, tags, flagging, the conditional job update, its
   * notification and analytics event. Throws AttemptSuperseded (and rolls back) when the attempt no
   * longer owns the job.
   */
  private async commitCompleted(
    job: JobRow,
    attempt: number,
    out: { images: StoredImage[]; promptId: string; history: Record<string, unknown> },
    started: number,
  ): Promise<{ contentId: number; outputPaths: string[]; notification: NotificationRow | null }> {
    const first = out.images[0] as StoredImage;
    const outputPaths = out.images.map((i) => i.image);
    const tags = promptTagIds(job.prompt);
    const status = (out.history.status ?? {}) as { messages?: unknown };
    const metadata: Record<string, unknown> = {
      ...(job.params ?? {}),
      output_paths: outputPaths,
      thumbnails: out.images.map((i) => i.thumbnails),
      image_size: { width: first.width, height: first.height },
      comfyui_prompt_id: out.promptId,
      workflow_messages: Array.isArray(status.messages) ? status.messages : [],
      generation_job_id: job.id,
      tags: tags.names,
    };
    const title = typeof job.params?.title === 'string' && job.params.title.trim() ? job.params.title.trim().slice(0, 255) : job.prompt.slice(0, 255);
    const committed = await this.runtime.db.transaction(async (tx) => {
      const contentId = await q.insertRegularContent(
        tx,
        {
          title,
          contentData: first.image,
          prompt: job.prompt,
          creatorId: job.user_id,
          itemMetadata: metadata,
          pathThumb: first.thumbnails['256'] ?? null,
          pathThumbsAltRes: first.thumbnails,
        },
        tags.ids,
      );
      await this.hooks.flagContent?.(tx, { id: contentId, prompt: job.prompt, creatorId: job.user_id });
      const done = await q.completeAttempt(tx, job.id, attempt, contentId, metadata, {
        durationMs: Date.now() - started,
        queueWaitMs: Math.max(0, started - Date.parse(`${job.created_at.replace(' ', 'T')}Z`)) || null,
        images: out.images.length,
      });
      // Cancelled, or taken over by another worker, while we ran: roll back the content item.
      if (!done) throw new AttemptSuperseded();
      return { contentId, outputPaths, notification: done.notification };
    });
    return committed;
  }

  /**
   * Deletes the files (originals and thumbnails) of an attempt that ended without a content item:
   * its completion lost the race with a cancel, or it was cancelled, failed or handed back while
   * storing. File names depend on the job only, so this runs under the job row's lock, and nothing
   * is deleted while an attempt runs the job (a take-over writes the same names) or once content
   * is attached to it; a file that any content item uses as its image or a thumbnail is kept.
   * Never throws: a file that cannot be removed is logged and left.
   */
  private async discardOutputs(jobId: number, attempt: number, images: readonly StoredImage[]): Promise<void> {
    const { db, logger } = this.runtime;
    const storageDir = this.runtime.config.paths.storageDir;
    const files = [...new Set(images.flatMap((i) => [i.image, ...Object.values(i.thumbnails)]))];
    try {
      const outcome = await db.transaction(async (tx) => {
        const row = await q.lockJobForOutputCleanup(tx, jobId);
        if (row && (row.status === 'running' || row.content_id !== null)) return { skipped: row.status, removed: [] as string[], kept: files };
        // Rows may hold a path relative to the storage dir or (legacy) absolute inside it.
        const absolute = (f: string) => path.resolve(storageDir, f);
        const inUse = await q.contentFilesInUse(tx, [...files, ...files.map(absolute)]);
        const kept = files.filter((f) => inUse.has(f) || inUse.has(absolute(f)));
        const removed: string[] = [];
        for (const f of files.filter((x) => !kept.includes(x))) {
          try {
            await unlink(absolute(f));
            removed.push(f);
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn({ err, jobId, file: f }, 'could not remove an image of a job that ended without content');
          }
        }
        return { skipped: null, removed, kept };
      });
      if (outcome.skipped !== null) {
        logger.info({ jobId, attempt, jobStatus: outcome.skipped, files: files.length }, 'kept the images of an attempt that ended without content: the job is running again or has content');
      } else {
        logger.info({ jobId, attempt, removed: outcome.removed, kept: outcome.kept }, 'removed the images of an attempt that ended without content');
      }
    } catch (err) {
      logger.warn({ err, jobId, attempt }, 'could not clean up the images of an attempt that ended without content');
    }
  }

  private async onError(job: JobRow, attempt: number, err: unknown, started: number): Promise<void> {
    const message = err instanceof WorkflowValidationError || err instanceof ComfyUIError ? err.message : `Generation failed: ${(err as Error)?.message ?? String(err)}`;
    const used = attempt - attemptBase(job);
    if (isTransient(err) && used < this.cfg['max-attempts']) {
      const delay = retryDelayMs(used, this.cfg['retry-base-delay-ms'], this.cfg['retry-max-delay-ms']);
      const released = await q.releaseForRetry(this.runtime.db, job.id, attempt, `${message} (attempt ${used} of ${this.cfg['max-attempts']}; retrying)`);
      if (!released) return;
      this.runtime.logger.warn({ jobId: job.id, attempt, delay, err: message }, 'transient generation error; retrying');
      await this.queue.enqueue(job.id, { delayMs: delay });
      await publishJobEvent(this.runtime, { job_id: job.id, status: 'pending', attempt, message: `retrying in ${Math.round(delay / 1000)} s: ${message}` });
      return;
    }
    const final = isTransient(err) ? `${message} (gave up after ${used} attempts)` : message;
    this.runtime.logger.warn({ jobId: job.id, attempt, err: final }, 'generation job failed');
    await this.finishFailed(job.id, attempt, final, Date.now() - started, err);
  }

  /** Writes the failed outcome and its one notification; false when the attempt no longer owns the job. */
  private async finishFailed(jobId: number, attempt: number, error: string, durationMs?: number, cause?: unknown): Promise<boolean> {
    const committed = await this.runtime.db.transaction(async (tx) => {
      const row = await q.failAttempt(tx, jobId, attempt, error);
      if (!row) return null;
      const notification = await q.insertOutcomeNotification(tx, {
        userId: row.user_id,
        title: 'Generation Failed',
        message: `Your image generation failed. Error: ${error.slice(0, 500)}`,
        type: 'job_failed',
        jobId,
        contentId: null,
      });
      await q.insertGenerationEvent(tx, {
        type: 'completion',
        jobId,
        userId: row.user_id,
        success: false,
        durationMs: durationMs ?? null,
        errorType: cause instanceof Error ? cause.name : 'WorkerLost',
        errorMessage: error.slice(0, 2000),
        checkpoint: row.checkpoint_model,
        batchSize: row.batch_size,
      });
      return { notification };
    });
    if (!committed) return false;
    await publishJobEvent(this.runtime, { job_id: jobId, status: 'failed', error, attempt });
    await this.generation.publishNotification(committed.notification);
    return true;
  }
}
