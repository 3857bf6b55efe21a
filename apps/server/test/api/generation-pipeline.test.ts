import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tagIdFor } from '../../src/db/seed/ontology.ts';
import { availableEngines } from '../support/test-databases.ts';
import type { WorkerHooks } from '../../src/modules/generation/generation.worker.ts';
import { createGenerationSystem, openWS, insertGenUser, insertOntologyTags, waitFor, type GenerationSystem } from '../support/fixtures-generation.ts';

const ORDER = ['pending', 'started', 'processing', 'completed'];

describe.each(availableEngines())('generation pipeline (%s)', (engine) => {
  let sys: GenerationSystem;
  let userId: string;
  /** Set by a test: runs between an attempt storing its images and its completion transaction. */
  let beforeCompletion: WorkerHooks['beforeCompletion'] | null = null;

  beforeAll(async () => {
    sys = await createGenerationSystem(engine, { stepDelayMs: 15, hooks: { beforeCompletion: async (a) => beforeCompletion?.(a) } });
    userId = await insertGenUser(sys.runtime.db);
    await insertOntologyTags(sys.runtime.db, ['portrait', 'bokeh']);
  });
  afterAll(async () => sys?.close());

  const submit = async (body: Record<string, unknown> = {}) => {
    const res = await sys.app.inject({
      method: 'POST',
      url: '/api/v1/generation-jobs/',
      payload: {
        user_id: userId,
        job_type: 'image',
        prompt: 'a portrait of a fox with bokeh',
        checkpoint_model: 'base_model.safetensors',
        lora_models: [{ name: 'add_detail.safetensors', strength_model: 0.5 }],
        width: 192,
        height: 128,
        batch_size: 2,
        sampler_params: { steps: 8, seed: 1234 },
        ...body,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; status: string; params: Record<string, unknown> };
  };

  const job = async (id: number) => (await sys.app.inject({ url: `/api/v1/generation-jobs/${id}` })).json() as Record<string, unknown>;
  const notifications = async (jobId: number) =>
    (await sys.runtime.db.query<{ notification_type: string; related_content_id: number | null }>('SELECT notification_type, related_content_id FROM user_notifications WHERE related_job_id = $1', [jobId])).rows;

  it('submit → queue → worker → mock → PNG + thumbnails → content item with tags → ordered ws events → one notification', async () => {
    const inbox = await openWS(sys.app, `/ws/notifications?user_id=${userId}`);
    await inbox.until((m) => m.type === 'connection');
    const created = await submit();
    expect(created.status).toBe('pending');
    expect(created.params).toMatchObject({ backend: 'kerniegen', width: 192, height: 128, batch_size: 2, sampler_params: { steps: 8, seed: 1234, cfg: 5.5 } });
    const { ws, ...got } = await openWS(sys.app, `/ws/jobs/${created.id}`);
    await got.until((m) => m.status === 'completed' || m.status === 'failed');
    ws.terminate();

    const done = await job(created.id);
    expect(done.status, JSON.stringify(done)).toBe('completed');
    expect(done.error_message).toBeNull();
    expect(done.comfyui_prompt_id).toEqual(expect.any(String));
    const contentId = done.content_id as number;
    expect(contentId).toEqual(expect.any(Number));

    // WebSocket: greeting, a snapshot, then events in lifecycle order with real timestamps and progress.
    expect(got.messages[0]).toEqual({ type: 'connection', job_id: created.id, status: 'connected' });
    const events = got.messages.filter((m) => typeof m.status === 'string' && m.type === undefined);
    expect(events[0]?.snapshot).toBe(true);
    const ranks = events.map((e) => ORDER.indexOf(e.status as string));
    expect(ranks.every((r) => r >= 0)).toBe(true);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const progress = events.filter((e) => e.status === 'processing' && typeof e.progress === 'number').map((e) => e.progress as number);
    expect(progress.some((p) => p > 0 && p < 100)).toBe(true);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    for (const e of events) expect(Number.isNaN(Date.parse(e.timestamp as string))).toBe(false);
    const completed = events.at(-1) as Record<string, unknown>;
    expect(completed).toMatchObject({ job_id: created.id, status: 'completed', content_id: contentId });
    expect((completed.output_paths as string[]).length).toBe(2);

    // Files on disk, relative to the storage dir: PNGs of the asked size, WebP thumbnails.
    const content = (
      await sys.runtime.db.query<{ content_data: string; path_thumb: string; path_thumbs_alt_res: Record<string, string>; item_metadata: Record<string, unknown>; source_type: string; prompt: string; tag_ids: string[] }>(
        'SELECT content_data, path_thumb, path_thumbs_alt_res, item_metadata, source_type, prompt, tag_ids FROM content_items_all WHERE id = $1',
        [contentId],
      )
    ).rows[0];
    expect(content).toBeDefined();
    expect(content?.source_type).toBe('items');
    expect(path.isAbsolute(content?.content_data as string)).toBe(false);
    expect(content?.content_data).toMatch(new RegExp(`^generations/\\d{4}/\\d{2}/\\d{2}/${userId}/job_${created.id}_1\\.png$`));
    const png = path.join(sys.storageDir, content?.content_data as string);
    const meta = await sharp(png).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 192, height: 128 });
    for (const rel of (content?.item_metadata.output_paths as string[])) expect(existsSync(path.join(sys.storageDir, rel))).toBe(true);
    expect(content?.path_thumb).toBe(content?.path_thumbs_alt_res['256']);
    for (const [size, rel] of Object.entries(content?.path_thumbs_alt_res ?? {})) {
      const t = await sharp(path.join(sys.storageDir, rel)).metadata();
      expect(t.format).toBe('webp');
      expect(Math.max(t.width ?? 0, t.height ?? 0)).toBeLessThanOrEqual(Number(size));
      expect(statSync(path.join(sys.storageDir, rel)).size).toBeGreaterThan(0);
    }
    // Metadata carries prompt parameters, model and LoRAs; tags come from the prompt.
    expect(content?.item_metadata).toMatchObject({
      checkpoint_model: 'base_model.safetensors',
      lora_models: [{ name: 'add_detail.safetensors', strength_model: 0.5, strength_clip: 0.8 }],
      sampler_params: { seed: 1234, steps: 8 },
      comfyui_prompt_id: done.comfyui_prompt_id,
      generation_job_id: created.id,
    });
    expect([...(content?.tag_ids ?? [])].sort()).toEqual([tagIdFor('portrait'), tagIdFor('bokeh')].sort());

    // Exactly one notification, for the completion.
    await new Promise((r) => setTimeout(r, 100));
    expect(await notifications(created.id)).toEqual([{ notification_type: 'job_completed', related_content_id: contentId }]);
    // …and it was pushed live to the user's notification socket.
    await inbox.until((m) => m.type === 'notification');
    const pushed = inbox.messages.filter((m) => m.type === 'notification');
    expect(pushed).toHaveLength(1);
    expect(pushed[0]?.notification).toMatchObject({ user_id: userId, notification_type: 'job_completed', related_job_id: created.id, related_content_id: contentId, read_status: false });
    inbox.ws.terminate();
  });

  it('cancel mid-run interrupts the mock prompt; the job ends cancelled with no content and one notification', async () => {
    await sys.mock.reset();
    const created = await submit({ sampler_params: { steps: 60 } });
    const { ws, ...got } = await openWS(sys.app, `/ws/jobs/${created.id}`);
    await got.until((m) => m.status === 'processing' && typeof m.progress === 'number' && (m.progress as number) > 0);
    const promptId = (await job(created.id)).comfyui_prompt_id as string;
    const res = await sys.app.inject({ method: 'POST', url: `/api/v1/generation-jobs/${created.id}/cancel`, payload: { reason: ' changed my mind ' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled', error_message: 'Cancelled: changed my mind' });
    await got.until((m) => m.status === 'cancelled');
    ws.terminate();
    // The mock's prompt ends interrupted (§10.2: the original never told ComfyUI).
    const entry = await waitFor('interrupted history', async () => sys.mock.getHistory(promptId));
    expect(entry.status.status_str).toBe('error');
    expect(entry.status.messages.map((m: [string, unknown]) => m[0])).toContain('execution_interrupted');
    await new Promise((r) => setTimeout(r, 300));
    const after = await job(created.id);
    expect(after).toMatchObject({ status: 'cancelled', content_id: null });
    expect(await notifications(created.id)).toEqual([{ notification_type: 'job_cancelled', related_content_id: null }]);
    const again = await sys.app.inject({ method: 'POST', url: `/api/v1/generation-jobs/${created.id}/cancel` });
    expect(again.statusCode).toBe(422);
    expect(again.json().detail).toBe("Cannot cancel job with status 'cancelled'. Only pending, processing, running, started jobs can be cancelled.");
  });

  /** The files an attempt stored (originals and thumbnails), each once. */
  const filesOf = (images: ReadonlyArray<{ image: string; thumbnails: Record<string, string> }>) => [...new Set(images.flatMap((i) => [i.image, ...Object.values(i.thumbnails)]))];
  const onDisk = (rel: string) => existsSync(path.join(sys.storageDir, rel));

  it('a completion that loses the race with a cancel removes the images it stored, except files a content item uses', async () => {
    await sys.mock.reset();
    const prompt = `a portrait of a fox with bokeh, race ${Math.random().toString(36).slice(2, 8)}`;
    let files: string[] = [];
    let inUse: string[] = [];
    const info = vi.spyOn(sys.runtime.logger, 'info');
    try {
      beforeCompletion = async ({ jobId, images }) => {
        const row = await sys.runtime.db.query<{ prompt: string }>('SELECT prompt FROM generation_jobs WHERE id = $1', [jobId]);
        if (row.rows[0]?.prompt !== prompt) return;
        files = filesOf(images);
        expect(files.every(onDisk), 'the attempt stored its files').toBe(true);
        // Another content item happens to use the second image and its thumbnail: those must stay.
        const second = images[1] as { image: string; thumbnails: Record<string, string> };
        inUse = [second.image, second.thumbnails['256'] as string];
        await sys.runtime.db.query(
          `INSERT INTO content_items (title, content_type, content_data, creator_id, prompt, path_thumb, path_thumbs_alt_res)
           VALUES ('uses the file', 'image', $1, $2, 'p', NULL, $3)`,
          [second.image, userId, JSON.stringify({ 256: second.thumbnails['256'] })],
        );
        // The cancel lands after the images are stored and before the completion transaction.
        const cancel = await sys.app.inject({ method: 'POST', url: `/api/v1/generation-jobs/${jobId}/cancel` });
        expect(cancel.statusCode, cancel.body).toBe(200);
      };
      const created = await submit({ prompt, batch_size: 2 });
      await waitFor('the race to be run', async () => files.length > 0);
      const removed = files.filter((f) => !inUse.includes(f));
      expect(removed.length).toBeGreaterThan(0);
      await waitFor('the lost completion to remove its images', async () => removed.every((f) => !onDisk(f)));
      expect(inUse.every(onDisk)).toBe(true);
      expect(info).toHaveBeenCalledWith(
        expect.objectContaining({ jobId: created.id, removed: expect.arrayContaining(removed), kept: expect.arrayContaining(inUse) }),
        'removed the images of an attempt that ended without content',
      );
      // The job stays cancelled without content: the completion rolled back.
      expect(await job(created.id)).toMatchObject({ status: 'cancelled', content_id: null });
      const generated = await sys.runtime.db.query("SELECT 1 FROM content_items WHERE item_metadata ->> 'generation_job_id' = $1", [String(created.id)]);
      expect(generated.rows).toHaveLength(0);
      expect(await notifications(created.id)).toEqual([{ notification_type: 'job_cancelled', related_content_id: null }]);
    } finally {
      beforeCompletion = null;
      info.mockRestore();
    }
  });

  it('an attempt that lost the job to another attempt keeps the images: the running attempt writes the same files', async () => {
    await sys.mock.reset();
    const prompt = `a portrait of a fox with bokeh, taken over ${Math.random().toString(36).slice(2, 8)}`;
    let files: string[] = [];
    let jobId = 0;
    const info = vi.spyOn(sys.runtime.logger, 'info');
    try {
      beforeCompletion = async (a) => {
        const row = await sys.runtime.db.query<{ prompt: string }>('SELECT prompt FROM generation_jobs WHERE id = $1', [a.jobId]);
        if (row.rows[0]?.prompt !== prompt) return;
        files = filesOf(a.images);
        jobId = a.jobId;
        // Another worker took the job over (a newer attempt is running it).
        await sys.runtime.db.query('UPDATE generation_jobs SET attempt = attempt + 1, heartbeat_at = utc_now() WHERE id = $1', [a.jobId]);
      };
      await submit({ prompt, batch_size: 1 });
      // The attempt's clean-up decision, whichever it is, is logged once it has been made.
      const decision = await waitFor('the attempt to decide about its images', async () =>
        info.mock.calls.find(([fields, msg]) => typeof msg === 'string' && msg.includes('images of an attempt') && (fields as { jobId?: number }).jobId === jobId),
      );
      expect(decision[1]).toBe('kept the images of an attempt that ended without content: the job is running again or has content');
      expect(files.length).toBeGreaterThan(0);
      expect(files.every(onDisk)).toBe(true);
      expect((await job(jobId)).status).toBe('running');
    } finally {
      beforeCompletion = null;
      info.mockRestore();
      // Nobody runs the "newer attempt": end it so the stale sweep does not pick it up.
      if (jobId) await sys.app.inject({ method: 'POST', url: `/api/v1/generation-jobs/${jobId}/cancel` });
    }
  });

  it('transient failures (ComfyUI 5xx) retry with back-off, then fail with a clear error and one notification', async () => {
    await sys.mock.reset();
    sys.mock.setFailure('reject');
    const created = await submit({ batch_size: 1 });
    const done = await waitFor('failed job', async () => {
      const j = await job(created.id);
      return j.status === 'failed' ? j : null;
    });
    expect(done.error_message).toMatch(/ComfyUI answered 500 on POST \/prompt.*gave up after 3 attempts/);
    const row = (await sys.runtime.db.query<{ attempt: number }>('SELECT attempt FROM generation_jobs WHERE id = $1', [created.id])).rows[0];
    expect(row?.attempt).toBe(3);
    await new Promise((r) => setTimeout(r, 200));
    expect(await notifications(created.id)).toEqual([{ notification_type: 'job_failed', related_content_id: null }]);

    // POST /retry re-runs it as a new attempt once ComfyUI is healthy; content is created once.
    sys.mock.setFailure('none');
    const retried = await sys.app.inject({ method: 'POST', url: `/api/v1/generation-jobs/${created.id}/retry` });
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ status: 'pending', error_message: null, completed_at: null });
    const completed = await waitFor('completed retry', async () => {
      const j = await job(created.id);
      return j.status === 'completed' ? j : null;
    });
    const items = await sys.runtime.db.query('SELECT id FROM content_items WHERE id = $1', [completed.content_id]);
    expect(items.rows).toHaveLength(1);
    const again = await sys.app.inject({ method: 'POST', url: `/api/v1/generation-jobs/${created.id}/retry` });
    expect(again.statusCode).toBe(422);
  });

  it('a job that waited longer than the events table can count (int4 milliseconds, ~24.8 days) still completes; the wait is stored capped', async () => {
    await sys.mock.reset();
    const admin = { method: 'POST' as const, url: '' };
    expect((await sys.app.inject({ ...admin, url: '/api/v1/generation-jobs/queue/pause' })).statusCode).toBe(200);
    let created: { id: number };
    try {
      created = await submit({ batch_size: 1 });
      await sys.runtime.db.query("UPDATE generation_jobs SET created_at = created_at - interval '30 days' WHERE id = $1", [created.id]);
    } finally {
      expect((await sys.app.inject({ ...admin, url: '/api/v1/generation-jobs/queue/resume' })).statusCode).toBe(200);
    }
    const done = await waitFor('old job completed', async () => {
      const j = await job(created.id);
      return j.status === 'completed' || j.status === 'failed' ? j : null;
    });
    expect(done.status, String(done.error_message)).toBe('completed');
    const event = (
      await sys.runtime.db.query<{ queue_wait_time_ms: number }>("SELECT queue_wait_time_ms FROM generation_events WHERE job_id = $1 AND event_type = 'completion'", [created.id])
    ).rows[0];
    expect(event?.queue_wait_time_ms).toBe(2_147_483_647);
  });

  it('a failing prompt (permanent error) fails at once without retries', async () => {
    await sys.mock.reset();
    sys.mock.setFailure('fail');
    const created = await submit({ batch_size: 1 });
    const done = await waitFor('failed job', async () => {
      const j = await job(created.id);
      return j.status === 'failed' ? j : null;
    });
    sys.mock.setFailure('none');
    expect(done.error_message).toMatch(/ComfyUI execution error/);
    const row = (await sys.runtime.db.query<{ attempt: number }>('SELECT attempt FROM generation_jobs WHERE id = $1', [created.id])).rows[0];
    expect(row?.attempt).toBe(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(await notifications(created.id)).toEqual([{ notification_type: 'job_failed', related_content_id: null }]);
  });

  it('the flagging engine runs on the prompt of generated content (moderation hook in the completion transaction)', async () => {
    await sys.mock.reset();
    const created = await submit({ batch_size: 1, prompt: 'a violent battle with a sword and a gun' });
    const done = await waitFor('completed', async () => {
      const j = await job(created.id);
      return j.status === 'completed' ? j : null;
    });
    const flags = await sys.runtime.db.query<{ content_source: string }>('SELECT content_source FROM flagged_content WHERE content_id = $1', [done.content_id]);
    expect(flags.rows).toHaveLength(1);
    const clean = await submit({ batch_size: 1, prompt: 'a calm lake at dawn' });
    const cleanDone = await waitFor('completed', async () => {
      const j = await job(clean.id);
      return j.status === 'completed' ? j : null;
    });
    expect((await sys.runtime.db.query('SELECT 1 FROM flagged_content WHERE content_id = $1', [cleanDone.content_id])).rows).toHaveLength(0);
  });

  it('a late WebSocket gets the finished state as its snapshot; unknown jobs are refused (§7.34)', async () => {
    await sys.mock.reset();
    const created = await submit({ batch_size: 1 });
    await waitFor('completed', async () => (await job(created.id)).status === 'completed');
    const { ws, ...got } = await openWS(sys.app, `/ws/jobs/${created.id}`);
    await got.until((m) => m.snapshot === true);
    expect(got.messages[1]).toMatchObject({ job_id: created.id, status: 'completed', snapshot: true, content_id: expect.any(Number) });
    ws.send(JSON.stringify({ type: 'ping' }));
    await got.until((m) => m.type === 'pong');
    ws.terminate();

    const { ws: missing, ...m } = await openWS(sys.app, '/ws/jobs/999999');
    await m.until((x) => x.type === 'error');
    expect(m.messages[0]).toEqual({ type: 'error', job_id: 999999, error: 'GenerationJob with id 999999 not found' });
    missing.terminate();

    const { ws: multi, ...mm } = await openWS(sys.app, `/ws/jobs?job_ids=${created.id},999999`);
    await mm.until((x) => x.snapshot === true);
    expect(mm.messages[0]).toEqual({ type: 'connection', job_ids: [created.id], status: 'connected' });
    expect(mm.messages).toContainEqual({ type: 'error', job_id: 999999, error: 'GenerationJob with id 999999 not found' });
    multi.terminate();

    const { ws: empty, ...e } = await openWS(sys.app, '/ws/jobs?job_ids=,');
    await e.until((x) => 'error' in x);
    expect(e.messages[0]).toEqual({ error: 'No valid job IDs provided' });
    empty.terminate();
  });
});
