import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { WebSocket } from 'ws';
import type { TypedApp } from '../../platform/http/app.ts';
import { ErrorDetail, Success, Uuid } from '../../platform/http/schemas.ts';
import type { Services } from '../services.ts';
import { accessOf, owns, type Access } from '../auth/access.ts';
import { notificationChannel } from '../notifications/notifications.service.ts';
import { jobChannel, type JobEvent } from './generation.events.ts';
import {
  AvailableModelList,
  CancelBody,
  ComfyGenerateBody,
  ComfyGeneration,
  ComfyGenerationPage,
  CreateJobBody,
  GenerationJob,
  GenerationJobList,
  JobStats,
  JobType,
  QueueState,
  QueueStats,
  ResultBody,
  StatusBody,
  UpdateJobBody,
} from './generation.schemas.ts';

const INT4_MAX = 2147483647;
const JobParams = Type.Object({ job_id: Type.Integer({ maximum: INT4_MAX }) });
const Skip = Type.Integer({ minimum: 0, maximum: INT4_MAX, default: 0 });
const Limit = (d: number) => Type.Integer({ minimum: 1, maximum: 1000, default: d });
const StatusPattern = Type.String({ pattern: '^(pending|running|completed|failed|cancelled)$' });

export async function generationRoutes(app: TypedApp, services: Services): Promise<void> {
  const gen = services.generation;
  /** Queue controls are administrator actions: recorded in the audit log after they succeed. */
  const audit = <T>(request: FastifyRequest, action: string, target: { type: string; id: string } | undefined, result: T): Promise<T> =>
    services.auth.audit(request.actor, action, target, {}, request.ip).then(() => result);
  const tags = ['generation'];
  const base = '/api/v1/generation-jobs';
  const errors = { 404: ErrorDetail, 422: ErrorDetail };

  app.post(
    base,
    {
      schema: {
        tags,
        summary: 'Create a generation job and queue it',
        body: CreateJobBody,
        response: { 201: GenerationJob, 404: ErrorDetail, 422: ErrorDetail, 503: ErrorDetail },
      },
    },
    async (request, reply) => reply.code(201).send(await gen.create(request.body)),
  );

  app.get(
    base,
    {
      schema: {
        tags,
        summary: 'List generation jobs (user, status and type filters combine)',
        querystring: Type.Object({
          user_id: Type.Optional(Uuid),
          job_type: Type.Optional(JobType),
          status: Type.Optional(StatusPattern),
          days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
          skip: Skip,
          limit: Limit(100),
        }),
        response: { 200: GenerationJobList, ...errors },
      },
    },
    async (request) => gen.list(accessOf(request), request.query),
  );

  // Literal paths are declared before `/:job_id`; find-my-way prefers static segments anyway.
  app.get(
    `${base}/pending/all`,
    { schema: { tags, summary: 'Pending jobs, oldest first', querystring: Type.Object({ limit: Limit(50) }), response: { 200: GenerationJobList, 422: ErrorDetail } } },
    async (request) => gen.listPending(accessOf(request), request.query.limit),
  );
  app.get(`${base}/running/all`, { schema: { tags, summary: 'Running jobs by start time', response: { 200: GenerationJobList } } }, async (request) => gen.listRunning(accessOf(request)));
  app.get(
    `${base}/completed/all`,
    {
      schema: {
        tags,
        summary: 'Jobs completed within N days, latest first',
        querystring: Type.Object({ user_id: Type.Optional(Uuid), days: Type.Integer({ minimum: 1, maximum: 3650, default: 30 }), limit: Limit(100) }),
        response: { 200: GenerationJobList, ...errors },
      },
    },
    async (request) => gen.listCompleted(accessOf(request), request.query.user_id, request.query.days, request.query.limit),
  );
  app.get(
    `${base}/failed/all`,
    {
      schema: {
        tags,
        summary: 'Failed jobs created within N days, newest first',
        querystring: Type.Object({ user_id: Type.Optional(Uuid), days: Type.Integer({ minimum: 1, maximum: 3650, default: 7 }), limit: Limit(100) }),
        response: { 200: GenerationJobList, ...errors },
      },
    },
    async (request) => gen.listFailed(accessOf(request), request.query.user_id, request.query.days, request.query.limit),
  );
  app.get(
    `${base}/cancelled/all`,
    { schema: { tags, summary: 'Cancelled jobs, newest first', querystring: Type.Object({ skip: Skip, limit: Limit(100) }), response: { 200: GenerationJobList, 422: ErrorDetail } } },
    async (request) => gen.listCancelled(accessOf(request), request.query.skip, request.query.limit),
  );
  app.get(
    `${base}/stats/overview`,
    { schema: { tags, summary: 'Job counts by status and type', querystring: Type.Object({ user_id: Type.Optional(Uuid) }), response: { 200: JobStats, ...errors } } },
    async (request) => gen.stats(request.query.user_id),
  );
  app.get(
    `${base}/user/:user_id/stats`,
    { schema: { tags, summary: "A user's job counts", params: Type.Object({ user_id: Uuid }), response: { 200: JobStats, ...errors } } },
    async (request) => gen.stats(request.params.user_id),
  );
  app.get(
    `${base}/user/:user_id/jobs`,
    {
      schema: {
        tags,
        summary: "A user's jobs, newest first",
        params: Type.Object({ user_id: Uuid }),
        querystring: Type.Object({ skip: Skip, limit: Limit(100), status: Type.Optional(Type.String({ maxLength: 50 })) }),
        response: { 200: GenerationJobList, ...errors },
      },
    },
    async (request) => gen.listForUser(request.params.user_id, request.query.status, request.query.skip, request.query.limit),
  );
  app.get(
    `${base}/status/:status/jobs`,
    {
      schema: {
        tags,
        summary: 'Jobs with a status, newest first',
        params: Type.Object({ status: Type.String({ maxLength: 50 }) }),
        querystring: Type.Object({ skip: Skip, limit: Limit(100) }),
        response: { 200: GenerationJobList, 422: ErrorDetail },
      },
    },
    async (request) => gen.listByStatus(accessOf(request), request.params.status, request.query.skip, request.query.limit),
  );
  app.get(
    `${base}/type/:job_type/jobs`,
    {
      schema: {
        tags,
        summary: 'Jobs of a type, newest first',
        params: Type.Object({ job_type: Type.String({ maxLength: 50 }) }),
        querystring: Type.Object({ skip: Skip, limit: Limit(100) }),
        response: { 200: GenerationJobList, 422: ErrorDetail },
      },
    },
    async (request) => gen.listByType(accessOf(request), request.params.job_type, request.query.skip, request.query.limit),
  );
  app.post(
    `${base}/queue/process`,
    {
      config: { adminOnly: true },
      schema: {
        tags,
        summary: 'Legacy: mark the oldest pending jobs running (does not run them)',
        querystring: Type.Object({ max_jobs: Type.Integer({ minimum: 1, maximum: 1000, default: 1 }) }),
        response: { 200: GenerationJobList, 422: ErrorDetail },
      },
    },
    async (request) => gen.processQueue(request.query.max_jobs),
  );
  app.get(`${base}/queue/stats`, { schema: { tags, summary: 'Pending and running job counts', response: { 200: QueueStats } } }, async () => gen.queueStats());

  // Admin queue controls (not in the original).
  app.get(`${base}/queue/state`, { config: { adminOnly: true }, schema: { tags, summary: 'Queue state: paused, waiting, active, delayed', response: { 200: QueueState } } }, async () => gen.queueState());
  app.post(`${base}/queue/pause`, { config: { adminOnly: true }, schema: { tags, summary: 'Pause processing cluster-wide (running jobs finish)', response: { 200: QueueState } } }, async (request) =>
    audit(request, 'queue.pause', undefined, await gen.pause()),
  );
  app.post(`${base}/queue/resume`, { config: { adminOnly: true }, schema: { tags, summary: 'Resume processing', response: { 200: QueueState } } }, async (request) =>
    audit(request, 'queue.resume', undefined, await gen.resume()),
  );
  app.post(
    `${base}/:job_id/move-to-front`,
    { config: { adminOnly: true }, schema: { tags, summary: 'Move a pending job to the front of the queue', params: JobParams, response: { 200: GenerationJob, ...errors } } },
    async (request) => audit(request, 'queue.move-to-front', { type: 'generation_job', id: String(request.params.job_id) }, await gen.moveToFront(request.params.job_id)),
  );
  app.post(
    `${base}/:job_id/retry`,
    { schema: { tags, summary: 'Re-run a failed or cancelled job as a new attempt', params: JobParams, response: { 200: GenerationJob, ...errors } } },
    async (request) => gen.retry(accessOf(request), request.params.job_id),
  );

  app.get(
    `${base}/:job_id`,
    { schema: { tags, summary: 'One generation job', params: JobParams, response: { 200: GenerationJob, ...errors } } },
    async (request) => gen.get(accessOf(request), request.params.job_id),
  );
  app.put(
    `${base}/:job_id`,
    { schema: { tags, summary: "Replace a pending job's params", params: JobParams, body: UpdateJobBody, response: { 200: GenerationJob, ...errors } } },
    async (request) => gen.updateParams(accessOf(request), request.params.job_id, request.body.parameters),
  );
  app.delete(
    `${base}/:job_id`,
    { schema: { tags, summary: 'Delete a finished job', params: JobParams, response: { 200: Success, ...errors } } },
    async (request) => gen.delete(accessOf(request), request.params.job_id),
  );
  app.put(
    `${base}/:job_id/status`,
    // Worker-style bookkeeping: administrators only in required mode.
    { config: { adminOnly: true }, schema: { tags, summary: 'Set a job status (administrative)', params: JobParams, body: StatusBody, response: { 200: GenerationJob, ...errors } } },
    async (request) => gen.setStatus(request.params.job_id, request.body.status, request.body.error_message),
  );
  app.put(
    `${base}/:job_id/result`,
    { config: { adminOnly: true }, schema: { tags, summary: 'Attach existing content to a job', params: JobParams, body: ResultBody, response: { 200: GenerationJob, ...errors } } },
    async (request) => gen.setResult(request.params.job_id, request.body.content_id),
  );
  app.post(
    `${base}/:job_id/cancel`,
    {
      schema: { tags, summary: 'Cancel a pending or running job (the body may be omitted)', params: JobParams, body: CancelBody, response: { 200: GenerationJob, ...errors } },
      preValidation: async (request) => {
        if (request.body === undefined || request.body === null) request.body = {};
      },
    },
    async (request) => gen.cancel(accessOf(request), request.params.job_id, request.body?.reason),
  );

  // ---- legacy ComfyUI routes ----
  const comfy = '/api/v1/comfyui';
  const ctags = ['comfyui'];
  app.post(
    `${comfy}/generate`,
    { schema: { tags: ctags, summary: 'Create an image job (same queue as generation-jobs)', body: ComfyGenerateBody, response: { 201: ComfyGeneration, ...errors, 503: ErrorDetail } } },
    async (request, reply) => reply.code(201).send(await gen.comfyGenerate(request.body)),
  );
  app.get(
    `${comfy}/models`,
    {
      schema: {
        tags: ctags,
        summary: 'Models ComfyUI offers (from the last refresh)',
        querystring: Type.Object({
          model_type: Type.Optional(Type.String({ maxLength: 50 })),
          is_active: Type.Optional(Type.Boolean()),
          search: Type.Optional(Type.String({ maxLength: 255 })),
        }),
        response: { 200: AvailableModelList, 422: ErrorDetail },
      },
    },
    async (request) => gen.listModels(request.query),
  );
  app.post(
    `${comfy}/models/refresh`,
    { config: { adminOnly: true }, schema: { tags: ctags, summary: "Re-read ComfyUI's models from /object_info", response: { 200: Success, 500: ErrorDetail, 503: ErrorDetail } } },
    async () => gen.refreshModels(),
  );
  app.get(
    comfy,
    {
      schema: {
        tags: ctags,
        summary: 'Image jobs, newest first',
        querystring: Type.Object({
          user_id: Type.Optional(Uuid),
          status: Type.Optional(Type.String({ maxLength: 50 })),
          created_after: Type.Optional(Type.String({ maxLength: 64 })),
          created_before: Type.Optional(Type.String({ maxLength: 64 })),
          page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
          page_size: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
        }),
        response: { 200: ComfyGenerationPage, 400: ErrorDetail, 422: ErrorDetail },
      },
    },
    async (request) => gen.comfyList(accessOf(request), request.query),
  );
  app.get(
    `${comfy}/:generation_id`,
    { schema: { tags: ctags, summary: 'One image job', params: Type.Object({ generation_id: Type.Integer({ maximum: INT4_MAX }) }), response: { 200: ComfyGeneration, ...errors } } },
    async (request) => gen.comfyGet(accessOf(request), request.params.generation_id),
  );
  app.delete(
    `${comfy}/:generation_id`,
    { schema: { tags: ctags, summary: 'Cancel an image job', params: Type.Object({ generation_id: Type.Integer({ maximum: INT4_MAX }) }), response: { 200: Success, ...errors } } },
    async (request) => gen.comfyCancel(accessOf(request), request.params.generation_id),
  );

  // ---- WebSockets ----
  app.get('/ws/jobs/:job_id', { websocket: true, schema: { hide: true } }, (socket, request) => {
    const raw = (request.params as { job_id?: string }).job_id ?? '';
    if (!/^\d{1,9}$/.test(raw)) {
      socket.close(1008, 'job_id must be an integer');
      return;
    }
    void followJobs(socket, services, accessOf(request), [Number(raw)], 'single');
  });

  app.get('/ws/jobs', { websocket: true, schema: { hide: true, querystring: Type.Object({ job_ids: Type.String({ maxLength: 2000 }) }) } }, (socket, request) => {
    const entries = (request.query as { job_ids: string }).job_ids
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (entries.some((e) => !/^\d{1,9}$/.test(e))) {
      socket.close(1008, 'job_ids must be integers');
      return;
    }
    const ids = [...new Set(entries.map(Number))];
    if (ids.length === 0 || ids.length > 100) {
      socket.send(JSON.stringify({ error: ids.length === 0 ? 'No valid job IDs provided' : 'At most 100 job IDs per socket' }));
      socket.close(1008);
      return;
    }
    void followJobs(socket, services, accessOf(request), ids, 'multi');
  });

  app.get(
    '/ws/notifications',
    { websocket: true, schema: { hide: true, querystring: Type.Object({ user_id: Uuid }) } },
    (socket, request) => {
      const userId = (request.query as { user_id: string }).user_id;
      // Only the owner's channel (the hook also refuses a foreign user_id before the upgrade).
      if (!owns(accessOf(request), userId)) {
        socket.send(JSON.stringify({ type: 'error', error: 'Not allowed to follow another user' }));
        socket.close(1008, 'forbidden');
        return;
      }
      void (async () => {
        const unsubscribe = await services.runtime.events.subscribe(notificationChannel(userId), (payload) => {
          if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ type: 'notification', notification: payload }));
        });
        socket.on('close', () => void unsubscribe());
        handlePings(socket);
        socket.send(JSON.stringify({ type: 'connection', user_id: userId, status: 'connected' }));
      })();
    },
  );
}

function handlePings(socket: WebSocket): void {
  socket.on('message', (data) => {
    try {
      const msg = JSON.parse(String(data)) as { type?: unknown };
      if (msg?.type === 'ping') socket.send(JSON.stringify({ type: 'pong', timestamp: new Date().toISOString() }));
    } catch {
      // Anything that is not JSON is ignored, as the contract says.
    }
  });
}

/**
 * Subscribes first, then reads each job's current state and sends it as the first event, then
 * relays live events newer than that snapshot: a late client misses nothing (§7.34).
 */
async function followJobs(socket: WebSocket, services: Services, access: Access, ids: number[], mode: 'single' | 'multi'): Promise<void> {
  const gen = services.generation;
  const buffered: JobEvent[] = [];
  let live = false;
  const snapshotAt = new Map<number, string>();
  const send = (payload: unknown) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(payload));
  };
  const relay = (event: JobEvent) => {
    const at = snapshotAt.get(event.job_id);
    if (at && event.timestamp && event.timestamp < at) return;
    send(event);
  };
  const unsubscribers: Array<() => Promise<void>> = [];
  let closed = false;
  socket.on('close', () => {
    closed = true;
    for (const u of unsubscribers) void u();
  });
  handlePings(socket);
  try {
    // Another user's job is reported like a missing one (required mode: owners only).
    const existing = new Set(await gen.existingJobIds(access, ids));
    const missing = ids.filter((id) => !existing.has(id));
    if (mode === 'single' && missing.length) {
      send({ type: 'error', job_id: ids[0], error: `GenerationJob with id ${ids[0]} not found` });
      socket.close(1008, 'job not found');
      return;
    }
    for (const id of ids.filter((i) => existing.has(i))) {
      const off = await services.runtime.events.subscribe(jobChannel(id), (payload) => {
        const event = payload as JobEvent;
        if (live) relay(event);
        else buffered.push(event);
      });
      if (closed) {
        await off();
        return;
      }
      unsubscribers.push(off);
    }
    if (mode === 'single') send({ type: 'connection', job_id: ids[0], status: 'connected' });
    else send({ type: 'connection', job_ids: ids.filter((i) => existing.has(i)), status: 'connected' });
    for (const id of missing) send({ type: 'error', job_id: id, error: `GenerationJob with id ${id} not found` });
    if (existing.size === 0) {
      socket.close(1008, 'no such jobs');
      return;
    }
    for (const id of ids.filter((i) => existing.has(i))) {
      const snap = await gen.snapshot(id);
      if (!snap) continue;
      snapshotAt.set(id, snap.timestamp);
      send({ ...snap, snapshot: true });
    }
    live = true;
    for (const event of buffered.splice(0)) relay(event);
  } catch (err) {
    services.runtime.logger.warn({ err }, 'job websocket failed');
    socket.close(1011);
  }
}
