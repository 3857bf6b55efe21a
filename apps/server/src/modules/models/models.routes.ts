import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { TypedApp } from '../../platform/http/app.ts';
import { ErrorDetail, Uuid } from '../../platform/http/schemas.ts';
import type { Services } from '../services.ts';
import { CheckpointModel, CheckpointModelList, LoraModel, LoraModelList } from './models.schemas.ts';

const IdParams = Type.Object({ id: Uuid });
const showUnresolved = Type.Boolean({ default: false, description: 'Include models whose file is known to be missing' });

export async function modelsRoutes(root: TypedApp, services: Services): Promise<void> {
  await root.register(async (scope) => {
    await declareRoutes(scope.withTypeProvider<TypeBoxTypeProvider>(), services);
  });
}

async function declareRoutes(app: TypedApp, services: Services): Promise<void> {
  app.get(
    '/api/v1/checkpoint-models/',
    {
      schema: {
        tags: ['checkpoint-models'],
        summary: 'Checkpoints, best rated first',
        querystring: Type.Object({ show_unresolved: showUnresolved }),
        response: { 200: CheckpointModelList, 422: ErrorDetail },
      },
    },
    async (request) => services.models.listCheckpoints(request.query.show_unresolved),
  );

  app.get(
    '/api/v1/checkpoint-models/:id',
    {
      schema: { tags: ['checkpoint-models'], summary: 'One checkpoint', params: IdParams, response: { 200: CheckpointModel, 404: ErrorDetail, 422: ErrorDetail } },
    },
    async (request) => services.models.getCheckpoint(request.params.id),
  );

  app.get(
    '/api/v1/lora-models/',
    {
      schema: {
        tags: ['lora-models'],
        summary: 'LoRAs, best rated first; with checkpoint_id, whether each is compatible/optimal for it',
        querystring: Type.Object({
          page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
          page_size: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
          checkpoint_id: Type.Optional(Uuid),
          show_unresolved: showUnresolved,
        }),
        response: { 200: LoraModelList, 422: ErrorDetail },
      },
    },
    async (request) =>
      services.models.listLoras({
        page: request.query.page,
        pageSize: request.query.page_size,
        showUnresolved: request.query.show_unresolved,
        checkpointId: request.query.checkpoint_id ?? null,
      }),
  );

  app.get(
    '/api/v1/lora-models/:id',
    { schema: { tags: ['lora-models'], summary: 'One LoRA', params: IdParams, response: { 200: LoraModel, 404: ErrorDetail, 422: ErrorDetail } } },
    async (request) => services.models.getLora(request.params.id),
  );
}
