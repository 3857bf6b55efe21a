/**
 * Scale-out proof: a real cluster of separate processes on one PostgreSQL + one Redis with the
 * ComfyUI mock — 2 `genonaut api`, 2 `genonaut worker`, 1 `genonaut scheduler` (counts are
 * options) — sharing a STORAGE_DIR. N jobs are submitted alternately to the two APIs; WebSocket
 * clients on BOTH APIs follow a sample of them; then every invariant is checked:
 *   - every job completed exactly once: one content item, one output file, one notification,
 *     one ComfyUI prompt; none lost;
 *   - every sampled WebSocket client (on either API) saw pending → started → processing → completed;
 *   - every periodic job ran once per schedule tick across the cluster (the `scheduled_job_runs`
 *     rows plus the 'scheduled job done' log lines of ALL processes), only in the scheduler.
 * Throughput (jobs/min) and per-job latency (created → completed, p50/p95) are measured.
 *
 *   npm run bench:scaleout -w bench -- [--jobs 200] [--apis 2] [--workers 2] [--schedulers 1]
 *       [--concurrency 2] [--period 5] [--write-docs]
 *   (needs DATABASE_URL and REDIS_URL; a throwaway database and Redis namespace are used and removed)
 *
 * The vitest test apps/server/test/scaleout/scaleout.test.ts runs the same thing in `npm test`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import WebSocket from 'ws';
import { upsertSection } from '../gallery/docs.ts';
import { percentile } from '../gallery/stats.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'apps/server/bin/genonaut.mjs');
const MOCK = path.join(ROOT, 'apps/comfyui-mock/src/main.ts');

export const SCHEDULE_KEYS = [
  'SCHEDULES_REFRESH_TAG_CARDINALITY_STATS',
  'SCHEDULES_REFRESH_GEN_SOURCE_STATS',
  'SCHEDULES_TRANSFER_ROUTE_ANALYTICS',
  'SCHEDULES_AGGREGATE_ROUTE_ANALYTICS',
  'SCHEDULES_AGGREGATE_GENERATION_METRICS',
] as const;
export const SCHEDULED_JOB_NAMES = ['refresh_tag_cardinality_stats', 'refresh_gen_source_stats', 'transfer_route_analytics', 'aggregate_route_analytics', 'aggregate_generation_metrics'];

export interface ScaleoutOptions {
  /** PostgreSQL URL of a role that may CREATE/DROP DATABASE (the database in it is not used). */
  adminUrl: string;
  redisUrl: string;
  jobs?: number;
  apis?: number;
  workers?: number;
  schedulers?: number;
  /** GENERATION_WORKER_CONCURRENCY of each worker process. */
  workerConcurrency?: number;
  /** Jobs followed over WebSockets (each by one client on every API). */
  wsSample?: number;
  /** Schedule period in seconds for all five periodic jobs (a six-field cron). */
  periodSeconds?: number;
  /** The schedulers run at least this long before the cluster stops (enough ticks to judge). */
  minScheduleWindowMs?: number;
  /** Prefix of the throwaway database name (the test passes its run's prefix). */
  dbPrefix?: string;
  timeoutMs?: number;
  log?: (line: string) => void;
}

interface Proc {
  role: string;
  child: ChildProcess;
  lines: string[];
  tail: string[];
  exited: boolean;
}

interface WsClient {
  jobId: number;
  api: number;
  submittedTo: number;
  messages: Array<Record<string, unknown>>;
  socket: WebSocket;
}

export interface ScaleoutResult {
  config: Required<Omit<ScaleoutOptions, 'adminUrl' | 'redisUrl' | 'log' | 'dbPrefix' | 'timeoutMs'>>;
  submitted: number;
  perApi: number[];
  jobs: Array<{ id: number; status: string; attempt: number; content_id: number | null; latency_ms: number }>;
  /** generation_job_id → number of content items. */
  contentPerJob: Map<number, number>;
  contentPaths: string[];
  contentPathsDistinct: number;
  filesOnDisk: number;
  /** job id → notification types. */
  notifications: Map<number, string[]>;
  mockPrompts: number;
  ws: Array<{ jobId: number; api: number; submittedTo: number; statuses: string[]; snapshotStatus: string | null; completedContentId: number | null }>;
  schedule: {
    windowMs: number;
    runs: Array<{ job: string; tick: number; n: number; ok: boolean; runner: string }>;
    /** 'scheduled job done' log lines per process role, per job (runs really executed). */
    loggedRuns: Record<string, Record<string, number>>;
    skippedClaims: number;
    schedulerRunners: string[];
  };
  timing: { submitMs: number; wallMs: number; jobsPerMinute: number; p50: number; p95: number; max: number };
  /** Process outputs, for diagnosis when something fails. */
  diagnostics: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function spawnProc(role: string, args: string[], env: NodeJS.ProcessEnv): Proc {
  // Own process group (detached), so cleanup can kill the whole group.
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true, cwd: ROOT });
  const proc: Proc = { role, child, lines: [], tail: [], exited: false };
  let partial = '';
  const onData = (d: Buffer) => {
    partial += String(d);
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      if (line.includes('scheduled job done') || line.startsWith('  ') || line.includes('running. Press Ctrl-C') || line.includes('Press Ctrl-C')) proc.lines.push(line);
      proc.tail.push(line);
      if (proc.tail.length > 40) proc.tail.shift();
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  child.once('exit', () => (proc.exited = true));
  return proc;
}

async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs: number, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

async function waitReady(proc: Proc, timeoutMs: number): Promise<void> {
  await waitFor(
    `${proc.role} to start`,
    () => {
      if (proc.exited) throw new Error(`${proc.role} exited during start:\n${proc.tail.join('\n')}`);
      return proc.lines.some((l) => l.includes('Press Ctrl-C'));
    },
    timeoutMs,
  );
}

async function stopProc(proc: Proc, graceMs = 8_000): Promise<void> {
  const pid = proc.child.pid;
  if (proc.exited || pid === undefined) return;
  const exited = new Promise<void>((r) => proc.child.once('exit', () => r()));
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  const done = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (!done) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await Promise.race([exited, sleep(2_000)]);
  }
}

function countFiles(dir: string, suffix: string): number {
  let n = 0;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) n += countFiles(p, suffix);
    else if (e.endsWith(suffix)) n += 1;
  }
  return n;
}

function openWs(url: string, jobId: number, api: number, submittedTo: number): Promise<WsClient> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    const client: WsClient = { jobId, api, submittedTo, messages: [], socket };
    const timer = setTimeout(() => reject(new Error(`WebSocket ${url}: no connection message`)), 10_000);
    socket.on('message', (data) => {
      const msg = JSON.parse(String(data)) as Record<string, unknown>;
      client.messages.push(msg);
      if (msg.type === 'connection') {
        clearTimeout(timer);
        resolve(client);
      }
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** Starts the cluster, runs the workload, stops everything and returns the raw facts. */
export async function runScaleout(options: ScaleoutOptions): Promise<ScaleoutResult> {
  const cfg = {
    jobs: options.jobs ?? 200,
    apis: options.apis ?? 2,
    workers: options.workers ?? 2,
    schedulers: options.schedulers ?? 1,
    workerConcurrency: options.workerConcurrency ?? 2,
    wsSample: options.wsSample ?? 20,
    periodSeconds: options.periodSeconds ?? 5,
    minScheduleWindowMs: options.minScheduleWindowMs ?? 25_000,
  };
  const log = options.log ?? (() => undefined);
  const timeoutMs = options.timeoutMs ?? 150_000;
  const hex = randomBytes(4).toString('hex');
  const dbName = `${options.dbPrefix ?? 'gn_scaleout'}_so_${hex}`;
  const namespace = `gn_scaleout_${hex}`;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'genonaut-scaleout-'));
  const storage = path.join(tmp, 'storage');
  const mockOut = path.join(tmp, 'mock');
  const procs: Proc[] = [];
  const sockets: WsClient[] = [];
  // If this process dies before the `finally` below runs, its children's groups go with it.
  const killAll = () => {
    for (const p of procs) {
      if (!p.exited && p.child.pid !== undefined) {
        try {
          process.kill(-p.child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  };
  process.once('exit', killAll);
  const adminRun = async (sql: string) => {
    const c = new pg.Client({ connectionString: options.adminUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  const dbUrl = (() => {
    const u = new URL(options.adminUrl);
    u.pathname = `/${dbName}`;
    return u.toString();
  })();
  let db: pg.Client | null = null;
  let dbCreated = false;
  try {
    await adminRun(`CREATE DATABASE ${dbName}`);
    dbCreated = true;

    // ComfyUI mock as its own process, as in a deployment.
    const mock = spawnProc('comfyui-mock', ['--import', 'tsx', MOCK, '--port', '0', '--step-delay-ms', '0', '--output-dir', mockOut, '--quiet'], { ...process.env });
    procs.push(mock);
    const mockUrl = await waitFor(
      'the ComfyUI mock URL',
      () => {
        if (mock.exited) throw new Error(`mock exited:\n${mock.tail.join('\n')}`);
        for (const l of mock.tail) {
          const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(l);
          if (m) return m[1] as string;
        }
        return null;
      },
      30_000,
    );

    const cron = `*/${cfg.periodSeconds} * * * * *`;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ENV_TARGET: 'local-test',
      DATABASE_URL: dbUrl,
      REDIS_URL: options.redisUrl,
      REDIS_NAMESPACE: namespace,
      COMFYUI_URL: mockUrl,
      COMFYUI_POLL_INTERVAL_MS: '100',
      STORAGE_DIR: storage,
      DATA_DIR: storage,
      GENERATION_WORKER_CONCURRENCY: String(cfg.workerConcurrency),
      RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'info',
      ...Object.fromEntries(SCHEDULE_KEYS.map((k) => [k, cron])),
    };

    const migrateProc = spawnProc('migrate', [CLI, 'db', 'migrate'], env);
    procs.push(migrateProc);
    const code = await new Promise<number | null>((r) => (migrateProc.exited ? r(migrateProc.child.exitCode) : migrateProc.child.once('exit', (c) => r(c))));
    if (code !== 0) throw new Error(`genonaut db migrate failed (${code}):\n${migrateProc.tail.join('\n')}`);
    log(`database ${dbName} migrated; Redis namespace ${namespace}; mock ${mockUrl}`);

    const apis: Proc[] = [];
    for (let i = 0; i < cfg.apis; i++) apis.push(spawnProc(`api${i + 1}`, [CLI, 'api', '--port', '0'], env));
    const workers: Proc[] = [];
    for (let i = 0; i < cfg.workers; i++) workers.push(spawnProc(`worker${i + 1}`, [CLI, 'worker'], env));
    const schedulers: Proc[] = [];
    for (let i = 0; i < cfg.schedulers; i++) schedulers.push(spawnProc(`scheduler${i + 1}`, [CLI, 'scheduler'], env));
    procs.push(...apis, ...workers, ...schedulers);
    const bootStarted = Date.now();
    let schedulerStart = Date.now();
    await Promise.all([
      ...[...apis, ...workers].map((p) => waitReady(p, 90_000)),
      Promise.all(schedulers.map((p) => waitReady(p, 90_000))).then(() => (schedulerStart = Date.now())),
    ]);
    log(`processes started in ${((Date.now() - bootStarted) / 1000).toFixed(1)} s`);
    const apiUrls = apis.map((p) => {
      const line = p.lines.find((l) => /API\s+http/.test(l));
      const m = line ? /(http:\/\/[^\s/]+)/.exec(line) : null;
      if (!m) throw new Error(`${p.role}: no URL in its output:\n${p.tail.join('\n')}`);
      return m[1] as string;
    });
    for (const u of apiUrls) {
      const res = await fetch(`${u}/api/v1/health`);
      if (!res.ok) throw new Error(`${u}/api/v1/health answered ${res.status}`);
    }
    log(`cluster up: ${apiUrls.join(', ')} + ${cfg.workers} workers + ${cfg.schedulers} scheduler(s)`);

    db = new pg.Client({ connectionString: dbUrl });
    await db.connect();
    const userId = randomUUID();
    await db.query('INSERT INTO users (id, username, email) VALUES ($1, $2, $3)', [userId, `scaleout_${hex}`, `scaleout_${hex}@example.test`]);

    // Sampled jobs come from the second half of the burst, so a backlog is ahead of them and
    // their WebSocket clients subscribe while the job is still pending.
    const sampleEvery = Math.max(1, Math.floor(cfg.jobs / 2 / Math.max(1, cfg.wsSample)));
    const sampled = new Set<number>();
    for (let i = Math.floor(cfg.jobs / 2); i < cfg.jobs && sampled.size < cfg.wsSample; i += sampleEvery) sampled.add(i);

    const ids: number[] = new Array(cfg.jobs);
    const perApi = new Array(cfg.apis).fill(0) as number[];
    let next = 0;
    const submitStarted = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < cfg.jobs) {
          const i = next++;
          const api = i % cfg.apis;
          const res = await fetch(`${apiUrls[api]}/api/v1/generation-jobs`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              user_id: userId,
              job_type: 'image',
              prompt: `scale-out ${hex} job ${i}: a lighthouse on a cliff at dusk`,
              checkpoint_model: 'base_model.safetensors',
              width: 64,
              height: 64,
              sampler_params: { seed: i, steps: 1, cfg: 5 },
            }),
          });
          if (res.status !== 201) throw new Error(`submit ${i} to ${apiUrls[api]}: ${res.status} ${await res.text()}`);
          const id = ((await res.json()) as { id: number }).id;
          ids[i] = id;
          perApi[api] = (perApi[api] ?? 0) + 1;
          if (sampled.has(i)) {
            const clients = await Promise.all(apiUrls.map((u, a) => openWs(`${u.replace(/^http/, 'ws')}/ws/jobs/${id}`, id, a, api)));
            sockets.push(...clients);
          }
        }
      }),
    );
    const submitMs = performance.now() - submitStarted;
    log(`submitted ${cfg.jobs} jobs in ${(submitMs / 1000).toFixed(1)} s (${perApi.join(' + ')})`);

    await waitFor(
      'every job to reach a final state',
      async () => {
        for (const p of procs) if (p.exited && p.role !== 'migrate') throw new Error(`${p.role} exited:\n${p.tail.join('\n')}`);
        const r = await (db as pg.Client).query<{ n: number }>(`SELECT count(*)::int AS n FROM generation_jobs WHERE status IN ('completed', 'failed', 'cancelled')`);
        return (r.rows[0]?.n ?? 0) >= cfg.jobs;
      },
      timeoutMs,
      200,
    );
    const wallMs = performance.now() - submitStarted;
    log(`all ${cfg.jobs} jobs final after ${(wallMs / 1000).toFixed(1)} s`);
    // WebSocket clients: until each saw a final event (bounded).
    await waitFor('WebSocket clients to see the final event', () => sockets.every((s) => s.messages.some((m) => m.status === 'completed' || m.status === 'failed')), 10_000).catch(() => undefined);
    // The scheduler runs long enough to judge several ticks.
    const remaining = cfg.minScheduleWindowMs - (Date.now() - schedulerStart);
    if (remaining > 0) await sleep(remaining);
    // Let a tick in progress finish, then stop every role process cleanly.
    await sleep(1_000);
    const windowMs = Date.now() - schedulerStart;
    for (const s of sockets) s.socket.close();
    await Promise.all([...schedulers, ...apis, ...workers].map((p) => stopProc(p)));

    const jobs = (
      await db.query<{ id: number; status: string; attempt: number; content_id: string | null; latency_ms: number }>(
        `SELECT id, status, attempt, content_id, extract(epoch FROM (completed_at - created_at)) * 1000 AS latency_ms FROM generation_jobs ORDER BY id`,
      )
    ).rows.map((r) => ({ ...r, content_id: r.content_id === null ? null : Number(r.content_id), latency_ms: Number(r.latency_ms) }));
    const content = (
      await db.query<{ job: number; content_data: string }>(`SELECT (item_metadata ->> 'generation_job_id')::int AS job, content_data FROM content_items_all WHERE creator_id = $1`, [userId])
    ).rows;
    const contentPerJob = new Map<number, number>();
    for (const c of content) contentPerJob.set(c.job, (contentPerJob.get(c.job) ?? 0) + 1);
    const notes = (await db.query<{ job: number; type: string }>('SELECT related_job_id AS job, notification_type AS type FROM user_notifications WHERE user_id = $1', [userId])).rows;
    const notifications = new Map<number, string[]>();
    for (const n of notes) notifications.set(n.job, [...(notifications.get(n.job) ?? []), n.type]);
    const mockState = (await (await fetch(`${mockUrl}/mock/state`)).json()) as { history: unknown[] };

    const runs = (
      await db.query<{ job: string; tick: string; n: number; ok: boolean; runner: string }>(
        `SELECT job_name AS job, (extract(epoch FROM scheduled_for) * 1000)::bigint::text AS tick, count(*)::int AS n, bool_and(coalesce(ok, false)) AS ok, min(runner) AS runner
           FROM scheduled_job_runs WHERE trigger = 'schedule' GROUP BY 1, 2 ORDER BY 1, 2`,
      )
    ).rows.map((r) => ({ ...r, tick: Number(r.tick) }));
    const loggedRuns: Record<string, Record<string, number>> = {};
    let skippedClaims = 0;
    for (const p of procs) {
      for (const line of p.lines) {
        if (!line.includes('scheduled job done')) continue;
        let rec: { job?: string; skipped?: string };
        try {
          rec = JSON.parse(line) as typeof rec;
        } catch {
          continue;
        }
        if (rec.skipped) {
          skippedClaims += 1;
          continue;
        }
        const byJob = (loggedRuns[p.role] ??= {});
        byJob[rec.job ?? '?'] = (byJob[rec.job ?? '?'] ?? 0) + 1;
      }
    }

    const ws = sockets.map((s) => {
      const events = s.messages.filter((m) => typeof m.status === 'string' && m.type !== 'connection');
      const snapshot = events.find((m) => m.snapshot === true);
      const completed = events.find((m) => m.status === 'completed');
      return {
        jobId: s.jobId,
        api: s.api,
        submittedTo: s.submittedTo,
        statuses: events.filter((m) => m.snapshot !== true).map((m) => String(m.status)),
        snapshotStatus: snapshot ? String(snapshot.status) : null,
        completedContentId: completed && typeof completed.content_id === 'number' ? completed.content_id : null,
      };
    });

    const latencies = jobs.filter((j) => j.status === 'completed').map((j) => j.latency_ms).sort((a, b) => a - b);
    const span = (await db.query<{ ms: number }>(`SELECT extract(epoch FROM (max(completed_at) - min(created_at))) * 1000 AS ms FROM generation_jobs`)).rows[0]?.ms ?? NaN;
    return {
      config: cfg,
      submitted: ids.filter((x) => x !== undefined).length,
      perApi,
      jobs,
      contentPerJob,
      contentPaths: content.map((c) => c.content_data),
      contentPathsDistinct: new Set(content.map((c) => c.content_data)).size,
      filesOnDisk: countFiles(path.join(storage, 'generations'), '.png'),
      notifications,
      mockPrompts: mockState.history.length,
      ws,
      schedule: { windowMs, runs, loggedRuns, skippedClaims, schedulerRunners: schedulers.map((s) => `:${s.child.pid}`) },
      timing: {
        submitMs,
        wallMs,
        jobsPerMinute: (latencies.length / Number(span)) * 60_000,
        // No completed job: no latency (the checks name the failure).
        p50: latencies.length ? percentile(latencies, 50) : NaN,
        p95: latencies.length ? percentile(latencies, 95) : NaN,
        max: latencies.at(-1) ?? NaN,
      },
      diagnostics: procs.map((p) => `--- ${p.role} (pid ${p.child.pid}) ---\n${p.tail.join('\n')}`).join('\n'),
    };
  } finally {
    for (const s of sockets) s.socket.terminate();
    await Promise.all(procs.map((p) => stopProc(p, 3_000)));
    await db?.end().catch(() => undefined);
    if (dbCreated) await adminRun(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch((err: unknown) => log(`could not drop ${dbName}: ${(err as Error).message}`));
    const redis = new Redis(options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
    try {
      await redis.connect();
      let cursor = '0';
      do {
        const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 500);
        cursor = nextCursor;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    } catch (err) {
      log(`could not clear Redis namespace ${namespace}: ${(err as Error).message}`);
    } finally {
      redis.disconnect();
    }
    rmSync(tmp, { recursive: true, force: true });
    process.removeListener('exit', killAll);
  }
}

/** Every invariant the proof asserts; an empty list means the cluster behaved. */
export function checkScaleout(r: ScaleoutResult): string[] {
  const bad: string[] = [];
  const n = r.config.jobs;
  if (r.submitted !== n) bad.push(`submitted ${r.submitted} of ${n}`);
  if (r.jobs.length !== n) bad.push(`${r.jobs.length} job rows, expected ${n}`);
  const notCompleted = r.jobs.filter((j) => j.status !== 'completed');
  if (notCompleted.length) bad.push(`${notCompleted.length} jobs not completed: ${notCompleted.slice(0, 5).map((j) => `${j.id}=${j.status}`).join(', ')}`);
  const contentIds = r.jobs.map((j) => j.content_id);
  if (contentIds.some((c) => c === null)) bad.push('a completed job has no content_id');
  if (new Set(contentIds).size !== n) bad.push('two jobs point at the same content item');
  for (const j of r.jobs) {
    const c = r.contentPerJob.get(j.id) ?? 0;
    if (c !== 1) bad.push(`job ${j.id}: ${c} content items`);
    const notes = r.notifications.get(j.id) ?? [];
    if (notes.length !== 1 || notes[0] !== 'job_completed') bad.push(`job ${j.id}: notifications ${JSON.stringify(notes)}`);
  }
  const strayContent = [...r.contentPerJob.keys()].filter((k) => !r.jobs.some((j) => j.id === k));
  if (strayContent.length) bad.push(`content for unknown jobs: ${strayContent.join(', ')}`);
  if (r.contentPaths.length !== n || r.contentPathsDistinct !== n) bad.push(`${r.contentPaths.length} content paths, ${r.contentPathsDistinct} distinct, expected ${n}`);
  if (r.filesOnDisk !== n) bad.push(`${r.filesOnDisk} PNG files in storage, expected ${n}`);
  if (r.mockPrompts !== n) bad.push(`ComfyUI ran ${r.mockPrompts} prompts, expected ${n}`);

  if (r.ws.length !== r.config.wsSample * r.config.apis) bad.push(`${r.ws.length} WebSocket clients, expected ${r.config.wsSample * r.config.apis}`);
  for (const c of r.ws) {
    const where = `ws job ${c.jobId} on api${c.api + 1} (submitted to api${c.submittedTo + 1})`;
    if (c.snapshotStatus !== 'pending') bad.push(`${where}: subscribed when the job was already ${c.snapshotStatus}`);
    const s = c.statuses;
    const iStarted = s.indexOf('started');
    const iProcessing = s.indexOf('processing');
    const iCompleted = s.indexOf('completed');
    if (iStarted < 0 || iProcessing < 0 || iCompleted < 0 || !(iStarted < iProcessing && iProcessing < iCompleted)) bad.push(`${where}: events ${s.join(' → ')}`);
    if (s.filter((x) => x === 'completed').length !== 1 || iCompleted !== s.length - 1) bad.push(`${where}: completed not exactly once and last: ${s.join(' → ')}`);
    if (s.some((x) => x === 'failed' || x === 'cancelled')) bad.push(`${where}: ${s.join(' → ')}`);
    const job = r.jobs.find((j) => j.id === c.jobId);
    if (job && c.completedContentId !== job.content_id) bad.push(`${where}: completed event content_id ${c.completedContentId}, row says ${job.content_id}`);
  }
  if (!r.ws.some((c) => c.api !== c.submittedTo)) bad.push('no WebSocket client followed a job submitted to the other API');

  const periodMs = r.config.periodSeconds * 1000;
  const expectedTicks = Math.floor(r.schedule.windowMs / periodMs);
  for (const job of SCHEDULED_JOB_NAMES) {
    const runs = r.schedule.runs.filter((x) => x.job === job);
    const dup = runs.filter((x) => x.n !== 1);
    if (dup.length) bad.push(`${job}: ticks run more than once: ${dup.map((d) => `${new Date(d.tick).toISOString()}×${d.n}`).join(', ')}`);
    if (runs.some((x) => !x.ok)) bad.push(`${job}: a run did not finish ok`);
    if (runs.some((x) => x.tick % periodMs !== 0)) bad.push(`${job}: a tick off the ${r.config.periodSeconds} s grid`);
    // Every period of the window had its run (a tick lost to a scheduler stall would show here).
    if (runs.length < expectedTicks - 1) bad.push(`${job}: ${runs.length} runs in ${(r.schedule.windowMs / 1000).toFixed(1)} s, expected at least ${expectedTicks - 1}`);
    const logged = Object.entries(r.schedule.loggedRuns).reduce((sum, [, byJob]) => sum + (byJob[job] ?? 0), 0);
    if (logged !== runs.length) bad.push(`${job}: ${logged} runs logged by the processes, ${runs.length} in scheduled_job_runs`);
    if (runs.some((x) => !r.schedule.schedulerRunners.some((s) => x.runner.endsWith(s)))) bad.push(`${job}: run by a process that is not a scheduler: ${[...new Set(runs.map((x) => x.runner))].join(', ')}`);
  }
  const nonScheduler = Object.keys(r.schedule.loggedRuns).filter((role) => !role.startsWith('scheduler'));
  if (nonScheduler.length) bad.push(`periodic jobs ran in ${nonScheduler.join(', ')}`);
  if (r.schedule.skippedClaims) bad.push(`${r.schedule.skippedClaims} tick(s) reached a second runner and were skipped by the claim (BullMQ delivered a tick twice)`);
  return bad;
}

export function summarize(r: ScaleoutResult): { table: string; notes: string } {
  const c = r.config;
  const attempts = r.jobs.filter((j) => j.attempt !== 1).length;
  const runsPerJob = SCHEDULED_JOB_NAMES.map((j) => r.schedule.runs.filter((x) => x.job === j).length);
  const table = [
    '| processes | jobs (per API) | completed | content items / files / notifications / ComfyUI prompts | WS clients (cross-API) | wall time | jobs/min | latency p50 | p95 | max |',
    '|---|---|---|---|---|---|---|---|---|---|',
    `| ${c.apis} api + ${c.workers} worker (concurrency ${c.workerConcurrency}) + ${c.schedulers} scheduler | ${c.jobs} (${r.perApi.join(' + ')}) | ${r.jobs.filter((j) => j.status === 'completed').length} | ${r.contentPaths.length} / ${r.filesOnDisk} / ${[...r.notifications.values()].reduce((a, b) => a + b.length, 0)} / ${r.mockPrompts} | ${r.ws.length} (${r.ws.filter((w) => w.api !== w.submittedTo).length}) | ${(r.timing.wallMs / 1000).toFixed(1)} s | ${Math.round(r.timing.jobsPerMinute)} | ${(r.timing.p50 / 1000).toFixed(2)} s | ${(r.timing.p95 / 1000).toFixed(2)} s | ${(r.timing.max / 1000).toFixed(2)} s |`,
  ].join('\n');
  const notes = [
    `Jobs needing a second attempt: ${attempts}. Submitting all ${c.jobs} jobs took ${(r.timing.submitMs / 1000).toFixed(1)} s.`,
    `Periodic jobs: all five on \`*/${c.periodSeconds} * * * * *\` for ${(r.schedule.windowMs / 1000).toFixed(1)} s → ${runsPerJob.join(' / ')} runs (one row per tick, none duplicated, ${r.schedule.skippedClaims} second claims), all in the scheduler process.`,
  ].join('\n');
  return { table, notes };
}

function parseArgs(argv: string[]): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (!a.startsWith('--')) continue;
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) out[a.slice(2)] = true;
    else {
      out[a.slice(2)] = next;
      i++;
    }
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const adminUrl = process.env.DATABASE_URL;
  const redisUrl = process.env.REDIS_URL;
  if (!adminUrl || !redisUrl) {
    process.stderr.write('bench:scaleout needs DATABASE_URL (a role that may create databases) and REDIS_URL\n');
    process.exit(2);
  }
  const num = (k: string, d: number) => (typeof args[k] === 'string' ? Number(args[k]) : d);
  const result = await runScaleout({
    adminUrl,
    redisUrl,
    jobs: num('jobs', 200),
    apis: num('apis', 2),
    workers: num('workers', 2),
    schedulers: num('schedulers', 1),
    workerConcurrency: num('concurrency', 2),
    periodSeconds: num('period', 5),
    log: (l) => process.stdout.write(`${l}\n`),
  });
  const problems = checkScaleout(result);
  const { table, notes } = summarize(result);
  process.stdout.write(`\n${table}\n\n${notes}\n\n`);
  if (problems.length) {
    process.stdout.write(`FAILED (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}\n\n${result.diagnostics}\n`);
    process.exit(1);
  }
  process.stdout.write('all invariants hold\n');
  if (args['write-docs']) {
    const file = path.join(ROOT, 'docs/benchmarks.md');
    const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
    const body = [
      `Measured ${new Date().toISOString().slice(0, 10)} by \`npm run bench:scaleout -w bench -- --write-docs\` on this machine (${os.cpus().length} cores, Node ${process.version}, load average before the run's end ${load}). Every role is its own process (\`genonaut api|worker|scheduler\`) on one PostgreSQL and one Redis, with the ComfyUI mock as a process at step delay 0 (64×64, 1 step), so the figures are the pipeline's cost, not a GPU's. The same run is the vitest test \`apps/server/test/scaleout/scaleout.test.ts\` in \`npm test\` when DATABASE_URL and REDIS_URL are set.`,
      '',
      table,
      '',
      notes,
      '',
      'What the run checks (any violation fails it): every job completed exactly once — one content item per job id, distinct output paths, one PNG on disk per job, one `job_completed` notification per job, one prompt at ComfyUI per job, none lost; every sampled WebSocket client, on both APIs including the one the job was NOT submitted to, subscribed while the job was pending and saw `started → processing → completed` in order with the right content id; every periodic job ran once per tick across the cluster (rows of `scheduled_job_runs`, and the "scheduled job done" log lines of all processes agree), only in the scheduler process, with no tick missing.',
      '',
      'Latency is created → completed per job (database clock) for a burst of all jobs at once, so it is mostly queueing: the p50 job waited behind about half the burst. jobs/min is completed jobs over first created → last completed. Two cores run all the processes here (two APIs, two workers, the scheduler, the mock, PostgreSQL and Redis, and whatever else the machine runs at the time, see the load average), and the mock executes one prompt at a time as ComfyUI does, so this is a correctness proof with indicative throughput, not a capacity figure.',
    ].join('\n');
    writeFileSync(file, upsertSection(readFileSync(file, 'utf8'), '## Scale-out (2 API + 2 workers + scheduler)', body));
    process.stdout.write(`wrote the section to ${path.relative(ROOT, file)}\n`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
  process.exit(0);
}
