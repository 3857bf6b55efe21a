/**
 * Generation-queue benchmark: N jobs through the ComfyUI mock at zero step delay, in embedded mode
 * (PGlite + in-process queue + in-memory events) and distributed mode (PostgreSQL + BullMQ + Redis
 * pub/sub), each measured side by side with the same N workflows sent straight to the mock with
 * the ComfyUI client (submit, wait, download). The difference is what the pipeline adds per job:
 * row writes, queue hops, events, PNG + two WebP thumbnails on disk, content item, tags,
 * notification.
 *
 *   npm run bench:jobs -w bench -- --jobs 1000 --concurrency 4 [--modes embedded,distributed]
 *   (distributed needs DATABASE_URL and REDIS_URL; a throwaway database is created and dropped)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { spawn } from 'node:child_process';
import { loadConfig } from '../../apps/server/src/config/load-config.ts';
import { migrate } from '../../apps/server/src/db/migrate.ts';
import { PgliteDatabase } from '../../apps/server/src/db/pglite-database.ts';
import { ComfyUIClient } from '../../apps/server/src/comfyui/comfyui-client.ts';
import { buildWorkflow } from '../../apps/server/src/comfyui/workflow-builder.ts';
import { createRuntime } from '../../apps/server/src/platform/runtime.ts';
import { createServices } from '../../apps/server/src/modules/services.ts';
import { startGenerationWorker } from '../../apps/server/src/modules/generation/generation.runtime.ts';

interface Args {
  jobs: number;
  concurrency: number;
  modes: string[];
}

function parseArgs(argv: string[]): Args {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    jobs: Number(get('jobs') ?? 1000),
    concurrency: Number(get('concurrency') ?? 4),
    modes: (get('modes') ?? (process.env.DATABASE_URL && process.env.REDIS_URL ? 'embedded,distributed' : 'embedded')).split(','),
  };
}

const SIZE = 64;
const prompt = (i: number) => `bench job ${i}: a lighthouse on a cliff at dusk`;

async function directBaseline(url: string, jobs: number, concurrency: number): Promise<number> {
  const client = new ComfyUIClient({ baseUrl: url, pollIntervalMs: 50 });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      while (next < jobs) {
        const i = next++;
        const wf = buildWorkflow({
          prompt: prompt(i),
          checkpoint: 'base_model.safetensors',
          width: SIZE,
          height: SIZE,
          batchSize: 1,
          sampler: { seed: i, steps: 1, cfg: 5, sampler_name: 'euler', scheduler: 'normal', denoise: 1 },
          filenamePrefix: `direct_${w}`,
        });
        const result = await client.run(wf, { clientId: `bench-direct-${w}` });
        for (const img of result.images) await client.download(img);
      }
    }),
  );
  return performance.now() - started;
}

async function pipeline(mode: 'embedded' | 'distributed', mockUrl: string, jobs: number, concurrency: number): Promise<{ ms: number; createMs: number; completed: number; failed: number }> {
  const storage = mkdtempSync(path.join(os.tmpdir(), 'genonaut-bench-jobs-'));
  const env: NodeJS.ProcessEnv = {
    ENV_TARGET: 'local-test',
    STORAGE_DIR: storage,
    DATA_DIR: storage,
    COMFYUI_URL: mockUrl,
    COMFYUI_POLL_INTERVAL_MS: '50',
    GENERATION_WORKER_CONCURRENCY: String(concurrency),
    REDIS_NAMESPACE: `gn_bench_${randomBytes(3).toString('hex')}`,
    LOG_LEVEL: 'silent',
  };
  let dropDb: (() => Promise<void>) | null = null;
  let db;
  if (mode === 'distributed') {
    const admin = process.env.DATABASE_URL as string;
    const name = `gn_bench_${randomBytes(4).toString('hex')}`;
    const run = async (sql: string) => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(sql).finally(() => c.end());
    };
    await run(`CREATE DATABASE ${name}`);
    dropDb = () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    const u = new URL(admin);
    u.pathname = `/${name}`;
    env.DATABASE_URL = u.toString();
    env.REDIS_URL = process.env.REDIS_URL;
  } else {
    db = await PgliteDatabase.open();
  }
  const config = loadConfig({ env });
  const runtime = await createRuntime(config, { logger: pino({ level: 'silent' }), db });
  try {
    await migrate(runtime.db);
    const services = createServices(runtime);
    const userId = randomUUID();
    await runtime.db.query(`INSERT INTO users (id, username, email) VALUES ($1, 'bench', 'bench@example.test')`, [userId]);
    const stopWorker = await startGenerationWorker(runtime, services);
    const started = performance.now();
    let createdAt = 0;
    for (let i = 0; i < jobs; i++) {
      await services.generation.create({
        user_id: userId,
        job_type: 'image',
        prompt: prompt(i),
        checkpoint_model: 'base_model.safetensors',
        width: SIZE,
        height: SIZE,
        sampler_params: { seed: i, steps: 1, cfg: 5 },
      });
    }
    createdAt = performance.now() - started;
    let done = { completed: 0, failed: 0 };
    for (;;) {
      const r = await runtime.db.query<{ completed: number; failed: number }>(
        `SELECT count(*) FILTER (WHERE status = 'completed')::int AS completed, count(*) FILTER (WHERE status IN ('failed', 'cancelled'))::int AS failed FROM generation_jobs`,
      );
      done = r.rows[0] as typeof done;
      if (done.completed + done.failed >= jobs) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    const ms = performance.now() - started;
    await stopWorker();
    return { ms, createMs: createdAt, ...done };
  } finally {
    await runtime.close();
    await dropDb?.();
    rmSync(storage, { recursive: true, force: true });
  }
}

/** The mock as its own process, as ComfyUI is in a deployment (it must not share our event loop). */
async function startMockProcess(outDir: string): Promise<{ url: string; reset: () => Promise<void>; stop: () => void }> {
  const root = path.resolve(import.meta.dirname, '../..');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'apps/comfyui-mock/src/main.ts'), '--port', '0', '--step-delay-ms', '0', '--output-dir', outDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += String(d);
      const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1] as string);
    });
    child.once('exit', () => reject(new Error(`mock exited: ${out}`)));
  });
  return {
    url,
    reset: async () => {
      await fetch(`${url}/reset`, { method: 'POST' });
    },
    stop: () => child.kill('SIGTERM'),
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'genonaut-bench-mock-'));
  const mock = await startMockProcess(outDir);
  const rows: string[] = [];
  try {
    process.stdout.write(`generation queue bench: ${args.jobs} jobs, ${SIZE}×${SIZE}, 1 step, worker concurrency ${args.concurrency}, mock step delay 0\n`);
    for (const mode of args.modes as Array<'embedded' | 'distributed'>) {
      await mock.reset();
      const direct = await directBaseline(mock.url, args.jobs, args.concurrency);
      await mock.reset();
      const p = await pipeline(mode, mock.url, args.jobs, args.concurrency);
      const perJobPipe = p.ms / args.jobs;
      const perJobDirect = direct / args.jobs;
      const overhead = perJobPipe - perJobDirect;
      const row = `| ${mode} | ${args.jobs} | ${p.completed} / ${p.failed} | ${(p.ms / 1000).toFixed(1)} s | ${Math.round((args.jobs / p.ms) * 60_000)} | ${Math.round((args.jobs / direct) * 60_000)} | ${perJobPipe.toFixed(1)} ms | ${perJobDirect.toFixed(1)} ms | **${overhead.toFixed(1)} ms** |`;
      rows.push(row);
      process.stdout.write(`  (${mode}: submitting all ${args.jobs} jobs took ${(p.createMs / 1000).toFixed(1)} s of the wall time)\n`);
      process.stdout.write(`${row}\n`);
    }
    process.stdout.write('\n| mode | jobs | completed / failed | wall time | jobs/min (pipeline) | jobs/min (mock direct) | per job (pipeline) | per job (mock direct) | overhead per job |\n|---|---|---|---|---|---|---|---|---|\n');
    for (const r of rows) process.stdout.write(`${r}\n`);
  } finally {
    mock.stop();
    rmSync(outDir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
