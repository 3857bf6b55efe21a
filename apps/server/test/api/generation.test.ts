import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableEngines } from '../support/test-databases.ts';
import { createGenerationSystem, insertGenUser, type GenerationSystem } from '../support/fixtures-generation.ts';
import { routeEventBuffer, transferRouteAnalytics, aggregateRouteAnalyticsHourly, aggregateGenerationMetricsHourly } from '../../src/jobs/route-analytics.ts';
import { runScheduledJob } from '../../src/jobs/scheduled-jobs.ts';

const JOB_KEYS = [
  'id', 'user_id', 'job_type', 'prompt', 'params', 'status', 'content_id', 'created_at', 'started_at', 'completed_at', 'error_message',
  'updated_at', 'celery_task_id', 'negative_prompt', 'checkpoint_model', 'lora_models', 'width', 'height', 'batch_size', 'comfyui_prompt_id',
].sort();
const COMFY_KEYS = [
  'id', 'user_id', 'prompt', 'negative_prompt', 'checkpoint_model', 'lora_models', 'width', 'height', 'batch_size', 'sampler_params', 'status',
  'comfyui_prompt_id', 'output_paths', 'thumbnail_paths', 'created_at', 'updated_at', 'started_at', 'completed_at', 'error_message',
].sort();

describe.each(availableEngines())('generation jobs API contract (%s)', (engine) => {
  let sys: GenerationSystem;
  let userId: string;
  // No worker: jobs stay where the API puts them.
  beforeAll(async () => {
    sys = await createGenerationSystem(engine, { worker: false });
    userId = await insertGenUser(sys.runtime.db);
  });
  afterAll(async () => sys?.close());

  const req = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) => sys.app.inject({ method, url, payload: payload as never });
  const create = async (body: Record<string, unknown> = {}) => {
    const res = await req('POST', '/api/v1/generation-jobs/', { user_id: userId, job_type: 'image', prompt: '  a red kite  ', checkpoint_model: 'base_model.safetensors', ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Record<string, unknown>;
  };

  it('POST / creates a pending, queued job with normalised type, trimmed prompt, defaults in params and columns', async () => {
    const job = await create({ sampler_params: { steps: 12 } });
    expect(Object.keys(job).sort()).toEqual(JOB_KEYS);
    expect(job).toMatchObject({ job_type: 'image_generation', prompt: 'a red kite', status: 'pending', width: 832, height: 1216, batch_size: 1, negative_prompt: '', lora_models: [] });
    expect(job.params).toMatchObject({ backend: 'kerniegen', width: 832, height: 1216, sampler_params: { steps: 12, cfg: 5.5, sampler_name: 'euler' } });
    expect(typeof (job.params as { sampler_params: { seed: unknown } }).sampler_params.seed).toBe('number');
    expect(job.celery_task_id).toBe(`${sys.services.generation.queue().kind}:${job.id}`);
    expect((await sys.services.generation.queue().queuedJobIds()).has(job.id as number)).toBe(true);
    expect(job.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
  });

  it('POST / errors: unknown user 404, inactive user 422, unsupported type 422, bounds 422', async () => {
    const unknown = '00000000-0000-4000-8000-000000000001';
    let res = await req('POST', '/api/v1/generation-jobs/', { user_id: unknown, job_type: 'image', prompt: 'x' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ detail: `User with id ${unknown} not found` });
    const inactive = await insertGenUser(sys.runtime.db);
    await sys.runtime.db.query('UPDATE users SET is_active = false WHERE id = $1', [inactive]);
    res = await req('POST', '/api/v1/generation-jobs/', { user_id: inactive, job_type: 'image', prompt: 'x' });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({ detail: 'Cannot create generation jobs for inactive users' });
    res = await req('POST', '/api/v1/generation-jobs/', { user_id: userId, job_type: 'hologram', prompt: 'x' });
    expect(res.json()).toEqual({ detail: 'Unsupported job type: hologram' });
    res = await req('POST', '/api/v1/generation-jobs/', { user_id: userId, job_type: 'image', prompt: 'x', width: 4096 });
    expect(res.statusCode).toBe(422);
    expect(Array.isArray(res.json().detail)).toBe(true);
    res = await req('POST', '/api/v1/generation-jobs/', { user_id: userId, job_type: 'IMAGE_GENERATION', prompt: 'x', lora_models: [{ strength_model: 1 }] });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({ detail: 'Each LoRA model must have a name' });
  });

  it('GET /{id}, PUT /{id}, PUT /status, PUT /result, DELETE /{id}', async () => {
    const job = await create();
    const id = job.id as number;
    expect((await req('GET', `/api/v1/generation-jobs/${id}`)).json()).toMatchObject({ id, status: 'pending' });
    expect((await req('GET', '/api/v1/generation-jobs/987654')).json()).toEqual({ detail: 'GenerationJob with id 987654 not found' });
    const upd = await req('PUT', `/api/v1/generation-jobs/${id}`, { parameters: { title: 'Kite' } });
    expect(upd.statusCode).toBe(200);
    expect(upd.json().params).toEqual({ title: 'Kite' });
    let res = await req('DELETE', `/api/v1/generation-jobs/${id}`);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toEqual({ detail: 'Cannot delete pending or running jobs' });
    res = await req('PUT', `/api/v1/generation-jobs/${id}/status`, { status: 'processing' });
    expect(res.json()).toEqual({ detail: "Invalid status. Must be one of: ['pending', 'running', 'completed', 'failed', 'cancelled']" });
    res = await req('PUT', `/api/v1/generation-jobs/${id}/status`, { status: 'failed' });
    expect(res.json()).toEqual({ detail: 'Error message is required for failed jobs' });
    res = await req('PUT', `/api/v1/generation-jobs/${id}/status`, { status: 'running' });
    expect(res.json()).toMatchObject({ status: 'running', started_at: expect.any(String) });
    res = await req('PUT', `/api/v1/generation-jobs/${id}`, { parameters: { title: 'no' } });
    expect(res.json()).toEqual({ detail: 'Can only update pending jobs' });
    res = await req('PUT', `/api/v1/generation-jobs/${id}/result`, { content_id: 999999 });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ detail: 'ContentItem with id 999999 not found' });
    res = await req('PUT', `/api/v1/generation-jobs/${id}/status`, { status: 'completed' });
    expect(res.json()).toMatchObject({ status: 'completed', completed_at: expect.any(String) });
    res = await req('DELETE', `/api/v1/generation-jobs/${id}`);
    expect(res.json()).toEqual({ success: true, message: `Generation job ${id} deleted successfully` });
  });

  it('POST /{id}/cancel accepts no body, {} or a reason; publishes and notifies once; 422 afterwards', async () => {
    const a = await create();
    const res = await sys.app.inject({ method: 'POST', url: `/api/v1/generation-jobs/${a.id}/cancel` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled', error_message: null, completed_at: expect.any(String) });
    expect((await sys.services.generation.queue().queuedJobIds()).has(a.id as number)).toBe(false);
    const again = await req('POST', `/api/v1/generation-jobs/${a.id}/cancel`, {});
    expect(again.json()).toEqual({ detail: "Cannot cancel job with status 'cancelled'. Only pending, processing, running, started jobs can be cancelled." });
    const notes = await sys.runtime.db.query('SELECT notification_type, title FROM user_notifications WHERE related_job_id = $1', [a.id]);
    expect(notes.rows).toEqual([{ notification_type: 'job_cancelled', title: 'Generation Cancelled' }]);
  });

  it('lists: filters combine and total counts them (§7.25); fixed lists; stats; unknown user 404, not 500 (§7.9)', async () => {
    const other = await insertGenUser(sys.runtime.db);
    const mine = await create({ job_type: 'text' });
    await req('POST', '/api/v1/generation-jobs/', { user_id: other, job_type: 'image', prompt: 'other' });
    const list = (await req('GET', `/api/v1/generation-jobs/?user_id=${userId}&status=pending&skip=0&limit=2`)).json();
    expect(Object.keys(list).sort()).toEqual(['items', 'limit', 'skip', 'total']);
    expect(list.items.every((j: { user_id: string; status: string }) => j.user_id === userId && j.status === 'pending')).toBe(true);
    const count = (await sys.runtime.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM generation_jobs WHERE user_id = $1 AND status = 'pending'`, [userId])).rows[0]?.n;
    expect(list.total).toBe(count);
    expect(list.items.length).toBe(Math.min(2, count ?? 0));
    expect((await req('GET', '/api/v1/generation-jobs/?job_type=image')).statusCode).toBe(422);
    expect((await req('GET', '/api/v1/generation-jobs/?job_type=text_generation')).json().items.map((j: { id: number }) => j.id)).toContain(mine.id);
    expect((await req('GET', '/api/v1/generation-jobs/?user_id=00000000-0000-4000-8000-000000000002')).statusCode).toBe(404);
    const pending = (await req('GET', '/api/v1/generation-jobs/pending/all?limit=50')).json();
    const ids = pending.items.map((j: { id: number }) => j.id);
    expect(ids).toEqual([...ids].sort((x: number, y: number) => x - y));
    expect(pending.total).toBe(pending.items.length);
    for (const path of ['running/all', 'completed/all', 'failed/all', 'cancelled/all', `user/${userId}/jobs`, 'status/pending/jobs', 'type/image/jobs']) {
      const r = await req('GET', `/api/v1/generation-jobs/${path}`);
      expect(r.statusCode, path).toBe(200);
      expect(Object.keys(r.json()).sort()).toEqual(['items', 'limit', 'skip', 'total']);
    }
    expect((await req('GET', '/api/v1/generation-jobs/type/image/jobs')).json().total).toBeGreaterThan(0);
    expect((await req('GET', `/api/v1/generation-jobs/user/00000000-0000-4000-8000-000000000003/jobs`)).statusCode).toBe(404);
    const stats = (await req('GET', `/api/v1/generation-jobs/user/${userId}/stats`)).json();
    expect(Object.keys(stats).sort()).toEqual(['average_processing_time_seconds', 'status_breakdown', 'total_jobs', 'type_breakdown', 'user_id']);
    expect(stats.type_breakdown.text_generation).toBeGreaterThanOrEqual(1);
    expect((await req('GET', '/api/v1/generation-jobs/stats/overview')).json().user_id).toBeNull();
    expect((await req('GET', '/api/v1/generation-jobs/queue/stats')).json()).toEqual({ pending_jobs: expect.any(Number), running_jobs: expect.any(Number) });
  });

  it('GET / ?days=N keeps jobs created within the last N days (§7.25: the original ignored it); bounds 1..365 → 422', async () => {
    const owner = await insertGenUser(sys.runtime.db);
    const make = async () => {
      const res = await req('POST', '/api/v1/generation-jobs/', { user_id: owner, job_type: 'image', prompt: 'dated' });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as number;
    };
    const fresh = await make();
    const tenDays = await make();
    const old = await make();
    await sys.runtime.db.query(`UPDATE generation_jobs SET created_at = utc_now() - interval '10 days' WHERE id = $1`, [tenDays]);
    await sys.runtime.db.query(`UPDATE generation_jobs SET created_at = utc_now() - interval '400 days' WHERE id = $1`, [old]);
    const ids = async (query: string) => {
      const res = await req('GET', `/api/v1/generation-jobs/?user_id=${owner}${query}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { items: { id: number }[]; total: number };
      expect(body.total).toBe(body.items.length);
      return body.items.map((j) => j.id);
    };
    expect(await ids('')).toEqual([fresh, tenDays, old]);
    expect(await ids('&days=7')).toEqual([fresh]);
    expect(await ids('&days=30')).toEqual([fresh, tenDays]);
    expect(await ids('&days=365&status=pending')).toEqual([fresh, tenDays]);
    // Without user_id (the status/type branch) the filter applies too.
    const byStatus = (await req('GET', '/api/v1/generation-jobs/?status=pending&days=7&limit=1000')).json() as { items: { id: number }[] };
    const statusIds = byStatus.items.map((j) => j.id);
    expect(statusIds).toContain(fresh);
    expect(statusIds).not.toContain(tenDays);
    expect(statusIds).not.toContain(old);
    for (const bad of ['0', '366', '-1', 'week', '1.5']) {
      const res = await req('GET', `/api/v1/generation-jobs/?user_id=${owner}&days=${bad}`);
      expect(res.statusCode, bad).toBe(422);
      const detail = res.json().detail as { loc: unknown[] }[];
      expect(Array.isArray(detail), bad).toBe(true);
      expect(detail[0]?.loc, bad).toEqual(['query', 'days']);
    }
  });

  it('admin queue controls: pause/resume, state, move a pending job to the front', async () => {
    let state = (await req('POST', '/api/v1/generation-jobs/queue/pause')).json();
    expect(state).toMatchObject({ kind: sys.services.generation.queue().kind, paused: true });
    state = (await req('POST', '/api/v1/generation-jobs/queue/resume')).json();
    expect(state.paused).toBe(false);
    await sys.services.generation.queue().pause();
    const a = await create();
    const b = await create();
    const moved = await req('POST', `/api/v1/generation-jobs/${b.id}/move-to-front`);
    expect(moved.statusCode).toBe(200);
    const order: number[] = [];
    await sys.services.generation.queue().process(async (d) => {
      order.push(d.jobId);
    }, 1);
    await sys.services.generation.queue().resume();
    await new Promise((r) => setTimeout(r, 500));
    expect(order.indexOf(b.id as number)).toBeLessThan(order.indexOf(a.id as number));
    expect(order[0]).toBe(b.id);
    const done = await req('POST', `/api/v1/generation-jobs/${a.id}/move-to-front`);
    expect(done.statusCode).toBe(200);
    await req('PUT', `/api/v1/generation-jobs/${a.id}/status`, { status: 'completed' });
    const refused = await req('POST', `/api/v1/generation-jobs/${a.id}/move-to-front`);
    expect(refused.statusCode).toBe(422);
    // Later tests look at what waits in the queue: stop handing deliveries to the stand-in handler.
    await sys.services.generation.queue().pause();
  });

  it('legacy POST /queue/process marks the oldest pending jobs running', async () => {
    const res = await req('POST', '/api/v1/generation-jobs/queue/process?max_jobs=1');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ status: 'running', started_at: expect.any(String) });
  });

  it('ComfyUI routes: generate queues a normal image job (§7.17); list paginates (§7.7); models without slash (§7.3); cancel', async () => {
    const res = await req('POST', '/api/v1/comfyui/generate', { user_id: userId, prompt: 'a comet', checkpoint_model: 'base_model.safetensors', sampler_params: { steps: 3 } });
    expect(res.statusCode, res.body).toBe(201);
    const gen = res.json();
    expect(Object.keys(gen).sort()).toEqual(COMFY_KEYS);
    expect(gen).toMatchObject({ width: 832, height: 1216, batch_size: 1, status: 'pending', output_paths: [], thumbnail_paths: [] });
    expect(gen.sampler_params.steps).toBe(3);
    const row = (await sys.runtime.db.query<{ job_type: string }>('SELECT job_type FROM generation_jobs WHERE id = $1', [gen.id])).rows[0];
    expect(row?.job_type).toBe('image_generation');
    expect((await sys.services.generation.queue().queuedJobIds()).has(gen.id)).toBe(true);
    expect((await req('GET', `/api/v1/comfyui/${gen.id}`)).json().id).toBe(gen.id);
    const page = (await req('GET', `/api/v1/comfyui/?user_id=${userId}&page=1&page_size=2`)).json();
    expect(Object.keys(page.pagination).sort()).toEqual(['has_next', 'has_previous', 'next_cursor', 'page', 'page_size', 'prev_cursor', 'total_count', 'total_pages']);
    expect(page.items.length).toBeLessThanOrEqual(2);
    expect((await req('GET', '/api/v1/comfyui/?page=0')).statusCode).toBe(422);
    expect((await req('GET', '/api/v1/comfyui/?created_after=yesterday')).statusCode).toBe(400);
    for (const url of ['/api/v1/comfyui/models', '/api/v1/comfyui/models/']) {
      const m = await req('GET', url);
      expect(m.statusCode, url).toBe(200);
      expect(m.json()).toEqual({ items: [], total: 0 });
    }
    const refresh = await req('POST', '/api/v1/comfyui/models/refresh');
    expect(refresh.json()).toMatchObject({ success: true, message: expect.stringMatching(/^Refreshed \d+ models successfully$/) });
    const models = (await req('GET', '/api/v1/comfyui/models/?model_type=checkpoint')).json();
    expect(models.items.map((m: { name: string }) => m.name)).toContain('base_model.safetensors');
    expect(Object.keys(models.items[0]).sort()).toEqual(['created_at', 'description', 'file_path', 'id', 'is_active', 'name', 'type', 'updated_at']);
    const del = await req('DELETE', `/api/v1/comfyui/${gen.id}`);
    expect(del.json()).toEqual({ success: true, message: 'Generation cancelled successfully' });
    const again = await req('DELETE', `/api/v1/comfyui/${gen.id}`);
    expect(again.json()).toEqual({ detail: 'Cannot cancel generation with status: cancelled' });
  });

  it('route analytics: the template is recorded (§7.33) and the transfer writes each event once, then empties the buffer', async () => {
    const buffer = routeEventBuffer(sys.runtime);
    await transferRouteAnalytics(sys.runtime);
    const job = await create();
    await req('GET', `/api/v1/generation-jobs/${job.id}?x=1&limit=5`);
    await req('GET', `/api/v1/generation-jobs/${job.id}`);
    await new Promise((r) => setTimeout(r, 50));
    expect(await buffer.size()).toBe(3);
    const batch = await buffer.read(10);
    const first = await transferRouteAnalytics(sys.runtime, 2);
    expect(first).toEqual({ transferred: 3, batches: 2 });
    expect(await buffer.size()).toBe(0);
    // A crash between insert and delete re-reads the same ids: nothing is inserted twice.
    const { insertRouteEvents } = await import('../../src/jobs/route-analytics.ts');
    expect(await insertRouteEvents(sys.runtime.db, batch)).toBe(0);
    expect(await transferRouteAnalytics(sys.runtime)).toEqual({ transferred: 0, batches: 0 });
    const rows = (
      await sys.runtime.db.query<{ route: string; method: string; user_id: string | null; status_code: number; query_params_normalized: Record<string, unknown> }>(
        `SELECT route, method, user_id, status_code, query_params_normalized FROM route_analytics WHERE stream_id = ANY($1::text[]) ORDER BY id`,
        [batch.map((b) => b.id)],
      )
    ).rows;
    expect(rows.map((r) => r.route)).toEqual(['/api/v1/generation-jobs', '/api/v1/generation-jobs/:job_id', '/api/v1/generation-jobs/:job_id']);
    expect(rows[0]).toMatchObject({ method: 'POST', user_id: userId, status_code: 201 });
    expect(rows[1]?.query_params_normalized).toEqual({ x: '1' });
    await sys.runtime.db.query(`DELETE FROM route_analytics WHERE NOT (stream_id = ANY($1::text[]))`, [batch.map((b) => b.id)]);
    await sys.runtime.db.query(`UPDATE route_analytics SET "timestamp" = date_trunc('hour', now()) - interval '30 minutes'`);
    // One row per (hour, route template, method, normalised query); re-running the hour replaces them.
    expect(await aggregateRouteAnalyticsHourly(sys.runtime.db)).toBe(3);
    expect(await aggregateRouteAnalyticsHourly(sys.runtime.db)).toBe(3);
    const hourly = (
      await sys.runtime.db.query<{ route: string; n: number }>('SELECT route, sum(total_requests)::int AS n FROM route_analytics_hourly GROUP BY route ORDER BY route')
    ).rows;
    expect(hourly).toEqual([
      { route: '/api/v1/generation-jobs', n: 1 },
      { route: '/api/v1/generation-jobs/:job_id', n: 2 },
    ]);
    await sys.runtime.db.query(`UPDATE generation_events SET "timestamp" = date_trunc('hour', now()) - interval '10 minutes'`);
    expect(await aggregateGenerationMetricsHourly(sys.runtime.db)).toBe(1);
    const metrics = (await sys.runtime.db.query<{ total_requests: number; cancelled_generations: number }>('SELECT total_requests, cancelled_generations FROM generation_metrics_hourly')).rows[0];
    expect(metrics?.total_requests).toBeGreaterThan(0);
    expect(metrics?.cancelled_generations).toBeGreaterThan(0);
  });

  it('scheduled jobs run by name (as `genonaut jobs run` does)', async () => {
    const r = await runScheduledJob(sys.runtime, 'refresh_gen_source_stats');
    expect(r).toMatchObject({ job: 'refresh_gen_source_stats', rows: expect.any(Number) });
    const t = await runScheduledJob(sys.runtime, 'refresh_tag_cardinality_stats');
    expect(t).toMatchObject({ job: 'refresh_tag_cardinality_stats', tagCardinalityRows: expect.any(Number) });
    await expect(runScheduledJob(sys.runtime, 'nope')).rejects.toThrow(/unknown job/);
  });
});
