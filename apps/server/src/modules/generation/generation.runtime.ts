import path from 'node:path';
import { startComfyMock, type ComfyMock } from '@genonaut/comfyui-mock';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { Queue } from 'bullmq';
import type { TypedApp } from '../../platform/http/app.ts';
import { BullJobQueue } from '../../platform/queue/bullmq-queue.ts';
import type { Runtime } from '../../platform/runtime.ts';
import type { Services } from '../services.ts';
import { GenerationWorker, type WorkerHooks } from './generation.worker.ts';

/**
 * Starts the in-process ComfyUI mock when no ComfyUI URL is configured (embedded mode, or a
 * worker started without COMFYUI_URL) and points the config at it. Returns its stopper.
 */
export async function startEmbeddedComfyMock(runtime: Runtime, log: (line: string) => void): Promise<(() => Promise<void>) | null> {
  const comfy = runtime.config.values.comfyui;
  if (comfy.url) return null;
  const mock: ComfyMock = await startComfyMock({
    port: 0,
    stepDelayMs: runtime.config.values['comfyui-mock']['step-delay-ms'],
    outputDir: path.join(runtime.config.paths.dataDir, 'comfyui-mock'),
    // The demo catalogue's checkpoints and LoRAs are not the mock's built-in names.
    acceptAnyModel: true,
  });
  comfy.url = mock.url;
  log(`ComfyUI mock (in-process) at ${mock.url}`);
  return () => mock.close();
}

/**
 * The worker role: recovers unfinished jobs from the table, then consumes the generation queue.
 * Generated items go through the moderation module's flagging engine inside the completion
 * transaction; `hooks` add to (or replace) that default.
 */
export async function startGenerationWorker(runtime: Runtime, services: Services, hooks?: WorkerHooks): Promise<() => Promise<void>> {
  const worker = new GenerationWorker(runtime, services.generation, { flagContent: services.moderation.flagGeneratedContent, ...hooks });
  await worker.start();
  return async () => {
    await worker.stop();
    await services.generation.queue().close();
  };
}

/** Flower's role: the BullMQ dashboard at /admin/queues (distributed mode only). */
export async function registerQueueDashboard(app: TypedApp, runtime: Runtime, services: Services): Promise<void> {
  if (!runtime.redis) return;
  const queue = services.generation.queue();
  if (!(queue instanceof BullJobQueue)) return;
  const maintenance = new Queue('maintenance', { connection: runtime.redis, prefix: `${runtime.config.values.redis.namespace}:bull` });
  app.addHook('onClose', async () => {
    await maintenance.close().catch(() => undefined);
  });
  const adapter = new FastifyAdapter();
  adapter.setBasePath('/admin/queues');
  createBullBoard({ queues: [new BullMQAdapter(queue.queue), new BullMQAdapter(maintenance)], serverAdapter: adapter });
  await app.register(async (scope) => {
    // The dashboard's pause/resume/retry/clean/promote calls are administrator actions: audited.
    scope.addHook('onResponse', async (request, reply) => {
      if (request.method === 'GET' || request.method === 'HEAD' || reply.statusCode >= 400) return;
      const path = request.url.split('?')[0];
      await services.auth.audit(request.actor, `queue-dashboard.${request.method.toLowerCase()}`, undefined, { path }, request.ip).catch((err: unknown) => {
        runtime.logger.warn({ err }, 'could not audit a queue dashboard action');
      });
    });
    await scope.register(adapter.registerPlugin() as Parameters<TypedApp['register']>[0], { prefix: '/admin/queues' });
  });
}
