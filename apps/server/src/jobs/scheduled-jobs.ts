import { Queue, Worker } from 'bullmq';
import os from 'node:os';
import type { AppConfig } from '../config/config.schema.ts';
import type { Database } from '../db/database.ts';
import { refreshGenSourceStats } from '../modules/stats/stats.queries.ts';
import { refreshStatistics } from '../modules/stats/stats.service.ts';
import type { Runtime } from '../platform/runtime.ts';
import { cronMatches, nextRun, parseCron } from './cron.ts';
import { aggregateGenerationMetricsHourly, aggregateRouteAnalyticsHourly, transferRouteAnalytics } from './route-analytics.ts';

/**
 * Periodic maintenance jobs, scheduled from the `schedules` config section. One schedule per
 * cluster: in distributed mode BullMQ job schedulers (Redis decides which scheduler process gets
 * each tick), otherwise an in-process minute ticker that runs a job only while it holds a
 * PostgreSQL advisory lock. Every run is a row in `scheduled_job_runs`; a schedule tick is claimed by
 * inserting that row (unique per job and tick), so a tick that reaches two processes runs once.
 * Each job is also runnable by hand: `genonaut jobs run <name>`.
 */

export interface ScheduledJob {
  name: string;
  configKey: keyof AppConfig['values']['schedules'];
  description: string;
  run(runtime: Runtime): Promise<Record<string, unknown>>;
}

export const SCHEDULED_JOBS: ScheduledJob[] = [
  {
    name: 'refresh_tag_cardinality_stats',
    configKey: 'refresh-tag-cardinality-stats',
    description: 'recompute tag_cardinality_stats (and gen_source_stats) from the live tables',
    run: async (runtime) => ({ ...(await refreshStatistics(runtime.db)) }),
  },
  {
    name: 'refresh_gen_source_stats',
    configKey: 'refresh-gen-source-stats',
    description: 'recompute per-creator and community content counts (gen_source_stats)',
    run: async (runtime) => ({ rows: await refreshGenSourceStats(runtime.db) }),
  },
  {
    name: 'transfer_route_analytics',
    configKey: 'transfer-route-analytics',
    description: 'move buffered route-analytics events into route_analytics, deleting what was written',
    run: async (runtime) => ({ ...(await transferRouteAnalytics(runtime)) }),
  },
  {
    name: 'aggregate_route_analytics',
    configKey: 'aggregate-route-analytics',
    description: 'hourly rollup of route_analytics (the previous full hour) into route_analytics_hourly',
    run: async (runtime) => ({ rows: await aggregateRouteAnalyticsHourly(runtime.db) }),
  },
  {
    name: 'aggregate_generation_metrics',
    configKey: 'aggregate-generation-metrics',
    description: 'hourly rollup of generation_events (the previous full hour) into generation_metrics_hourly',
    run: async (runtime) => ({ rows: await aggregateGenerationMetricsHourly(runtime.db) }),
  },
];

export function findScheduledJob(name: string): ScheduledJob | undefined {
  return SCHEDULED_JOBS.find((j) => j.name === name || j.configKey === name);
}

export interface RunOptions {
  /** The schedule tick this run is for; absent for a run by hand. */
  scheduledFor?: Date;
}

const RUN_LOG_KEEP_DAYS = 30;

/**
 * Runs one job and records the run in `scheduled_job_runs` (tick, runner, outcome). A failure to
 * write the run log is logged and never stops the job itself.
 */
export async function runScheduledJob(runtime: Runtime, name: string, options: RunOptions = {}): Promise<Record<string, unknown>> {
  const job = findScheduledJob(name);
  if (!job) throw new Error(`unknown job "${name}"; known: ${SCHEDULED_JOBS.map((j) => j.name).join(', ')}`);
  const runId = await recordRunStart(runtime, job.name, options.scheduledFor);
  if (runId === 'taken') return { job: job.name, skipped: 'another process ran this tick' };
  const started = Date.now();
  try {
    const result = await job.run(runtime);
    await recordRunEnd(runtime, job.name, runId, null);
    return { job: job.name, ms: Date.now() - started, ...result };
  } catch (err) {
    await recordRunEnd(runtime, job.name, runId, (err as Error).message ?? String(err));
    throw err;
  }
}

/** Claims the tick by inserting its run row: 'taken' when another process already has it. */
async function recordRunStart(runtime: Runtime, jobName: string, scheduledFor: Date | undefined): Promise<number | 'taken' | null> {
  try {
    const res = await runtime.db.query<{ id: string }>(
      `INSERT INTO scheduled_job_runs (job_name, scheduled_for, trigger, runner) VALUES ($1, $2::timestamptz AT TIME ZONE 'UTC', $3, $4)
       ON CONFLICT (job_name, scheduled_for) WHERE scheduled_for IS NOT NULL DO NOTHING RETURNING id`,
      [jobName, scheduledFor ? scheduledFor.toISOString() : null, scheduledFor ? 'schedule' : 'manual', `${os.hostname()}:${process.pid}`.slice(0, 255)],
    );
    const id = res.rows[0]?.id;
    return id === undefined ? 'taken' : Number(id);
  } catch (err) {
    runtime.logger.warn({ err, job: jobName }, 'could not record the scheduled job run');
    return null;
  }
}

async function recordRunEnd(runtime: Runtime, jobName: string, runId: number | null, error: string | null): Promise<void> {
  if (runId === null) return;
  try {
    await runtime.db.query('UPDATE scheduled_job_runs SET finished_at = utc_now(), ok = $2, error = $3 WHERE id = $1', [runId, error === null, error]);
    await runtime.db.query(`DELETE FROM scheduled_job_runs WHERE job_name = $1 AND started_at < utc_now() - make_interval(days => $2)`, [jobName, RUN_LOG_KEEP_DAYS]);
  } catch (err) {
    runtime.logger.warn({ err, job: jobName }, 'could not record the end of the scheduled job run');
  }
}

export function enabledSchedules(config: AppConfig): Array<{ job: ScheduledJob; cron: string }> {
  return SCHEDULED_JOBS.map((job) => ({ job, cron: config.values.schedules[job.configKey].trim() })).filter((s) => s.cron !== '');
}

export interface RunningScheduler {
  kind: 'bullmq' | 'local';
  stop(): Promise<void>;
}

/** Starts the scheduler role in this process. */
export async function startScheduler(runtime: Runtime): Promise<RunningScheduler> {
  const schedules = enabledSchedules(runtime.config);
  for (const s of schedules) parseCron(s.cron);
  return runtime.redis ? startBullScheduler(runtime, schedules) : startLocalScheduler(runtime, schedules);
}

async function startBullScheduler(runtime: Runtime, schedules: Array<{ job: ScheduledJob; cron: string }>): Promise<RunningScheduler> {
  const connection = runtime.redis as NonNullable<Runtime['redis']>;
  const prefix = `${runtime.config.values.redis.namespace}:bull`;
  const queue = new Queue('maintenance', { connection, prefix, defaultJobOptions: { removeOnComplete: { count: 200 }, removeOnFail: { count: 200 } } });
  const wanted = new Set(schedules.map((s) => s.job.name));
  for (const existing of await queue.getJobSchedulers()) {
    if (existing.key && !wanted.has(existing.key)) await queue.removeJobScheduler(existing.key);
  }
  for (const s of schedules) {
    await queue.upsertJobScheduler(s.job.name, { pattern: s.cron, tz: 'UTC' }, { name: s.job.name, data: {} });
  }
  const worker = new Worker(
    'maintenance',
    async (job) => {
      // A scheduler's job carries its tick as `prevMillis` (its id is `repeat:<name>:<tick>`).
      const tick = job.opts.prevMillis;
      const result = await runScheduledJob(runtime, job.name, { scheduledFor: new Date(typeof tick === 'number' && tick > 0 ? tick : job.timestamp) });
      runtime.logger.info(result, 'scheduled job done');
      return result;
    },
    { connection, prefix, concurrency: 1 },
  );
  worker.on('failed', (job, err) => runtime.logger.error({ err, job: job?.name }, 'scheduled job failed'));
  worker.on('error', () => undefined);
  return {
    kind: 'bullmq',
    async stop() {
      await worker.close().catch(() => undefined);
      await queue.close().catch(() => undefined);
    },
  };
}

const LOCK_BASE = 727_100;

/** Runs `fn` only if this process wins the job's advisory lock (held for the run, in a transaction). */
async function underLock(db: Database, index: number, fn: () => Promise<void>): Promise<boolean> {
  return db.transaction(async (tx) => {
    const res = await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1::bigint) AS ok', [LOCK_BASE + index]);
    if (!res.rows[0]?.ok) return false;
    await fn();
    return true;
  });
}

function startLocalScheduler(runtime: Runtime, schedules: Array<{ job: ScheduledJob; cron: string }>): RunningScheduler {
  const specs = schedules.map((s) => ({ ...s, spec: parseCron(s.cron), index: SCHEDULED_JOBS.indexOf(s.job) }));
  const running = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    const now = new Date();
    for (const s of specs) {
      if (!cronMatches(s.spec, now) || running.has(s.job.name)) continue;
      running.add(s.job.name);
      // PGlite has one session, so the lock only matters on PostgreSQL without Redis.
      const tickAt = new Date(now.getTime());
      tickAt.setUTCMilliseconds(0);
      if (!s.spec.seconds) tickAt.setUTCSeconds(0);
      const run = async () => {
        const result = await runScheduledJob(runtime, s.job.name, { scheduledFor: tickAt });
        runtime.logger.info(result, 'scheduled job done');
      };
      (runtime.db.kind === 'pg' ? underLock(runtime.db, s.index, run) : run())
        .catch((err: unknown) => runtime.logger.error({ err, job: s.job.name }, 'scheduled job failed'))
        .finally(() => running.delete(s.job.name));
    }
    schedule();
  };
  const schedule = () => {
    if (stopped) return;
    const next = Math.min(...specs.map((s) => nextRun(s.spec, new Date())?.getTime() ?? Infinity));
    if (!Number.isFinite(next)) return;
    timer = setTimeout(tick, Math.min(3_600_000, Math.max(0, next - Date.now()) + 50));
    timer.unref();
  };
  schedule();
  return {
    kind: 'local',
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
