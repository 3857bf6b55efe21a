import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import type { Database } from '../../src/db/database.ts';
import { PgDatabase } from '../../src/db/pg-database.ts';
import { runScheduledJob, startScheduler } from '../../src/jobs/scheduled-jobs.ts';
import { createRuntime, type Runtime } from '../../src/platform/runtime.ts';
import { availableEngines, openTestDatabase } from '../support/test-databases.ts';

/** The scheduled-job run log: one row per run, and a tick claimed once across processes. */
const noSchedules = {
  'schedules.refresh-tag-cardinality-stats': '',
  'schedules.refresh-gen-source-stats': '',
  'schedules.transfer-route-analytics': '',
  'schedules.aggregate-route-analytics': '',
  'schedules.aggregate-generation-metrics': '',
};

function config(overrides: Record<string, string> = {}) {
  return loadConfig({ env: { ENV_TARGET: 'local-test', REDIS_NAMESPACE: `gn_runs_${randomBytes(3).toString('hex')}` }, overrides: { ...noSchedules, ...overrides } });
}

describe.each(availableEngines())('scheduled job run log (%s)', (engine) => {
  it('records a run by hand, and a schedule tick runs once: the second claim of the same tick is skipped', async () => {
    const db = await openTestDatabase(engine);
    const runtime = await createRuntime(config(), { db, logger: pino({ level: 'silent' }) });
    try {
      const manual = await runScheduledJob(runtime, 'refresh_gen_source_stats');
      expect(manual).toMatchObject({ job: 'refresh_gen_source_stats' });
      const tick = new Date('2026-03-04T05:06:07.000Z');
      const first = await runScheduledJob(runtime, 'transfer_route_analytics', { scheduledFor: tick });
      const second = await runScheduledJob(runtime, 'transfer_route_analytics', { scheduledFor: tick });
      expect(first).not.toHaveProperty('skipped');
      expect(second).toMatchObject({ skipped: expect.any(String) });
      const rows = (
        await db.query<{ job_name: string; trigger: string; scheduled_for: string | null; ok: boolean; finished: boolean; runner: string }>(
          `SELECT job_name, trigger, to_char(scheduled_for, 'YYYY-MM-DD"T"HH24:MI:SS') AS scheduled_for, ok, finished_at IS NOT NULL AS finished, runner FROM scheduled_job_runs ORDER BY id`,
        )
      ).rows;
      expect(rows).toEqual([
        { job_name: 'refresh_gen_source_stats', trigger: 'manual', scheduled_for: null, ok: true, finished: true, runner: expect.stringMatching(/:\d+$/) },
        { job_name: 'transfer_route_analytics', trigger: 'schedule', scheduled_for: '2026-03-04T05:06:07', ok: true, finished: true, runner: expect.stringMatching(/:\d+$/) },
      ]);
    } finally {
      await runtime.close();
    }
  });
});

const tpl = inject('pgTemplate');

describe.skipIf(!tpl)('two local schedulers on one PostgreSQL (no Redis)', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  });

  it('every-second schedule: each tick runs exactly once across both schedulers, none lost', async () => {
    if (!tpl) return;
    const name = `${tpl.prefix}_runs_${randomBytes(3).toString('hex')}`;
    const admin = async (sql: string) => {
      const c = new pg.Client({ connectionString: tpl.adminUrl });
      await c.connect();
      await c.query(sql).finally(() => c.end());
    };
    await admin(`CREATE DATABASE ${name} TEMPLATE ${tpl.template}`);
    cleanups.push(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    const u = new URL(tpl.adminUrl);
    u.pathname = `/${name}`;
    const done: string[] = [];
    const runtimes: Runtime[] = [];
    for (let i = 0; i < 2; i++) {
      const db: Database = new PgDatabase({ url: u.toString(), poolSize: 3, statementTimeoutMs: 15_000, lockTimeoutMs: 5_000, idleInTransactionTimeoutMs: 30_000 });
      // Every run that really happened logs 'scheduled job done' without `skipped`.
      const sink = new Writable({
        write(chunk, _enc, cb) {
          for (const line of String(chunk).split('\n').filter(Boolean)) {
            const rec = JSON.parse(line) as { msg?: string; skipped?: string; job?: string };
            if (rec.msg === 'scheduled job done' && !rec.skipped) done.push(`${i}:${rec.job}`);
          }
          cb();
        },
      });
      const runtime = await createRuntime(config({ 'schedules.refresh-gen-source-stats': '* * * * * *', 'schedules.transfer-route-analytics': '*/2 * * * * *' }), { db, logger: pino({ level: 'info' }, sink) });
      runtimes.push(runtime);
      cleanups.push(() => runtime.close());
    }
    const schedulers = await Promise.all(runtimes.map((r) => startScheduler(r)));
    expect(schedulers.map((s) => s.kind)).toEqual(['local', 'local']);
    const from = Date.now();
    await new Promise((r) => setTimeout(r, 5_200));
    for (const s of schedulers) await s.stop();
    await new Promise((r) => setTimeout(r, 500));
    const rows = (
      await (runtimes[0] as Runtime).db.query<{ job_name: string; at: string; n: number }>(
        `SELECT job_name, extract(epoch FROM scheduled_for)::bigint::text AS at, count(*)::int AS n FROM scheduled_job_runs WHERE trigger = 'schedule' GROUP BY 1, 2 ORDER BY 1, 2`,
      )
    ).rows;
    const ticks = (job: string) => rows.filter((r) => r.job_name === job).map((r) => Number(r.at));
    const every1 = ticks('refresh_gen_source_stats');
    const every2 = ticks('transfer_route_analytics');
    expect(rows.every((r) => r.n === 1)).toBe(true);
    expect(every1.length).toBeGreaterThanOrEqual(4);
    expect(every2.length).toBeGreaterThanOrEqual(2);
    // Consecutive ticks: no period lost.
    expect(every1.slice(1).map((t, i) => t - (every1[i] as number))).toEqual(every1.slice(1).map(() => 1));
    expect(every2.slice(1).map((t, i) => t - (every2[i] as number))).toEqual(every2.slice(1).map(() => 2));
    expect(every1[0]).toBeGreaterThanOrEqual(Math.floor(from / 1000));
    // Runs that really executed, counted from both processes' logs: one per tick.
    expect(done.filter((d) => d.endsWith(':refresh_gen_source_stats'))).toHaveLength(every1.length);
    expect(done.filter((d) => d.endsWith(':transfer_route_analytics'))).toHaveLength(every2.length);
  });
});
