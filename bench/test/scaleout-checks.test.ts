import { describe, expect, it } from 'vitest';
import { checkScaleout, SCHEDULED_JOB_NAMES, type ScaleoutResult } from '../scaleout/run.ts';

/** The scale-out proof's judge on hand-made results: a healthy cluster passes, each defect is named. */
function healthy(): ScaleoutResult {
  const n = 4;
  const jobs = Array.from({ length: n }, (_, i) => ({ id: i + 1, status: 'completed', attempt: 1, content_id: 100 + i, latency_ms: 1000 + i }));
  const period = 5000;
  const base = 1_700_000_000_000 - (1_700_000_000_000 % period);
  return {
    config: { jobs: n, apis: 2, workers: 2, schedulers: 1, workerConcurrency: 2, wsSample: 1, periodSeconds: 5, minScheduleWindowMs: 20_000 },
    submitted: n,
    perApi: [2, 2],
    jobs,
    contentPerJob: new Map(jobs.map((j) => [j.id, 1])),
    contentPaths: jobs.map((j) => `generations/x/job_${j.id}_1.png`),
    contentPathsDistinct: n,
    filesOnDisk: n,
    notifications: new Map(jobs.map((j) => [j.id, ['job_completed']])),
    mockPrompts: n,
    ws: [0, 1].map((api) => ({ jobId: 3, api, submittedTo: 0, statuses: ['started', 'processing', 'processing', 'completed'], snapshotStatus: 'pending', completedContentId: 102 })),
    schedule: {
      windowMs: 20_500,
      runs: SCHEDULED_JOB_NAMES.flatMap((job) => [0, 1, 2, 3].map((k) => ({ job, tick: base + k * period, n: 1, ok: true, runner: 'host:4242' }))),
      loggedRuns: { scheduler1: Object.fromEntries(SCHEDULED_JOB_NAMES.map((j) => [j, 4])) },
      skippedClaims: 0,
      schedulerRunners: [':4242'],
    },
    timing: { submitMs: 1, wallMs: 2, jobsPerMinute: 3, p50: 1, p95: 2, max: 3 },
    diagnostics: '',
  };
}

describe('checkScaleout', () => {
  it('passes a healthy cluster', () => {
    expect(checkScaleout(healthy())).toEqual([]);
  });

  it('names a duplicated completion, a lost job and a second notification', () => {
    const r = healthy();
    r.contentPerJob.set(2, 2);
    r.contentPaths.push('generations/x/job_2_1.png');
    r.jobs[3] = { ...(r.jobs[3] as (typeof r.jobs)[number]), status: 'running', content_id: null };
    r.notifications.set(1, ['job_completed', 'job_completed']);
    const bad = checkScaleout(r).join('\n');
    expect(bad).toMatch(/job 2: 2 content items/);
    expect(bad).toMatch(/1 jobs not completed: 4=running/);
    expect(bad).toMatch(/job 1: notifications/);
    expect(bad).toMatch(/content paths/);
  });

  it('names WebSocket clients that missed an event or subscribed late', () => {
    const r = healthy();
    (r.ws[1] as (typeof r.ws)[number]).statuses = ['processing', 'completed'];
    (r.ws[0] as (typeof r.ws)[number]).snapshotStatus = 'processing';
    const bad = checkScaleout(r).join('\n');
    expect(bad).toMatch(/ws job 3 on api2 .*events processing → completed/);
    expect(bad).toMatch(/ws job 3 on api1 .*already processing/);
  });

  it('names a tick run twice, a periodic job run outside the scheduler, and lost ticks', () => {
    const r = healthy();
    const first = r.schedule.runs[0] as (typeof r.schedule.runs)[number];
    r.schedule.runs[0] = { ...first, n: 2 };
    r.schedule.loggedRuns.api1 = { [first.job]: 1 };
    r.schedule.runs = r.schedule.runs.filter((x, i) => !(x.job === 'aggregate_route_analytics' && i % 4 !== 0));
    const bad = checkScaleout(r).join('\n');
    expect(bad).toMatch(new RegExp(`${first.job}: ticks run more than once`));
    expect(bad).toMatch(/periodic jobs ran in api1/);
    expect(bad).toMatch(/aggregate_route_analytics: 1 runs in 20.5 s, expected at least 3/);
  });
});
