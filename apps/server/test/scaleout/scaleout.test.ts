import { describe, expect, inject, it } from 'vitest';
import { checkScaleout, runScaleout, summarize } from '../../../../bench/scaleout/run.ts';

/**
 * The scale-out proof in `npm test`: 2 `genonaut api` + 2 `genonaut worker` + 1 `genonaut scheduler`
 * processes on PostgreSQL + Redis with the ComfyUI mock; 200 jobs across both APIs complete exactly
 * once, WebSocket clients on either API see their job's events, each periodic job runs once per
 * tick across the cluster. See bench/scaleout/run.ts for what is checked.
 */
const tpl = inject('pgTemplate');
const redisUrl = process.env.REDIS_URL;
const why = !tpl ? 'DATABASE_URL is not set' : !redisUrl ? 'REDIS_URL is not set' : '';
if (why) console.warn(`scale-out proof skipped: ${why} (it needs real PostgreSQL and Redis)`);

describe.skipIf(!!why)('scale-out: 2 API + 2 worker + 1 scheduler processes', () => {
  it('200 jobs across both APIs complete exactly once; cross-API WebSockets; one periodic run per tick', { timeout: 240_000 }, async () => {
    if (!tpl || !redisUrl) return;
    const result = await runScaleout({ adminUrl: tpl.adminUrl, redisUrl, jobs: 200, dbPrefix: tpl.prefix, log: (l) => console.log(`[scaleout] ${l}`) });
    const { table, notes } = summarize(result);
    console.log(`${table}\n${notes}`);
    const problems = checkScaleout(result);
    if (problems.length) console.log(result.diagnostics);
    expect(problems).toEqual([]);
    expect(result.jobs).toHaveLength(200);
    expect(result.perApi).toEqual([100, 100]);
  });
});
