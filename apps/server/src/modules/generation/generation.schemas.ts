import { Type } from 'typebox';
import { DateTime, JsonObject, ListEnvelope, Nullable, PaginationMeta, Uuid } from '../../platform/http/schemas.ts';
import { isoNaive } from '../../platform/http/serialize.ts';
import type { AvailableModelRow, JobRow } from './generation.queries.ts';

export const JOB_TYPES = ['text_generation', 'image_generation', 'video_generation', 'audio_generation'] as const;
export const JOB_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;

export const JobType = Type.Union(JOB_TYPES.map((t) => Type.Literal(t)), { $id: 'JobType' });
export const JobStatus = Type.Union(JOB_STATUSES.map((s) => Type.Literal(s)), { $id: 'JobStatus' });

export const GenerationJob = Type.Object(
  {
    id: Type.Integer(),
    user_id: Uuid,
    job_type: Type.String(),
    prompt: Type.String(),
    params: JsonObject,
    status: Type.String(),
    content_id: Nullable(Type.Integer()),
    created_at: DateTime,
    started_at: Nullable(DateTime),
    completed_at: Nullable(DateTime),
    error_message: Nullable(Type.String()),
    updated_at: DateTime,
    celery_task_id: Nullable(Type.String()),
    negative_prompt: Nullable(Type.String()),
    checkpoint_model: Nullable(Type.String()),
    lora_models: Nullable(Type.Array(JsonObject)),
    width: Nullable(Type.Integer()),
    height: Nullable(Type.Integer()),
    batch_size: Nullable(Type.Integer()),
    comfyui_prompt_id: Nullable(Type.String()),
  },
  { $id: 'GenerationJob' },
);

export const GenerationJobList = ListEnvelope(GenerationJob);

/**
 * Array first: with Ajv's `coerceTypes: 'array'`, a null-first anyOf unwraps a one-element array
 * while trying the null branch, and the list branch then sees the bare object.
 */
/** A workflow takes a handful of LoRAs; the bound keeps a request from building a huge graph. */
const LoraList = Type.Union([Type.Array(JsonObject, { maxItems: 50 }), Type.Null()]);

export const CreateJobBody = Type.Object({
  user_id: Uuid,
  job_type: Type.String({ description: 'image | text | video | audio or the *_generation forms, any case' }),
  prompt: Type.String({ minLength: 1, maxLength: 10000 }),
  params: Type.Optional(Nullable(JsonObject)),
  backend: Type.Optional(Nullable(Type.String())),
  negative_prompt: Type.Optional(Nullable(Type.String({ maxLength: 20000 }))),
  checkpoint_model: Type.Optional(Nullable(Type.String({ maxLength: 255 }))),
  lora_models: Type.Optional(LoraList),
  width: Type.Optional(Nullable(Type.Integer({ minimum: 64, maximum: 2048 }))),
  height: Type.Optional(Nullable(Type.Integer({ minimum: 64, maximum: 2048 }))),
  batch_size: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 8 }))),
  sampler_params: Type.Optional(Nullable(JsonObject)),
});

export const UpdateJobBody = Type.Object({ parameters: Type.Optional(Nullable(JsonObject)) });
export const StatusBody = Type.Object({
  status: Type.String({ pattern: '^(pending|running|processing|completed|failed|cancelled|started)$' }),
  error_message: Type.Optional(Nullable(Type.String())),
});
export const ResultBody = Type.Object({ content_id: Type.Integer({ exclusiveMinimum: 0 }) });
export const CancelBody = Type.Object({ reason: Type.Optional(Nullable(Type.String())) });

export const JobStats = Type.Object({
  user_id: Nullable(Uuid),
  total_jobs: Type.Integer(),
  status_breakdown: Type.Record(Type.String(), Type.Integer()),
  type_breakdown: Type.Record(Type.String(), Type.Integer()),
  average_processing_time_seconds: Nullable(Type.Number()),
});

export const QueueStats = Type.Object({ pending_jobs: Type.Integer(), running_jobs: Type.Integer() });

export const QueueState = Type.Object({
  kind: Type.String(),
  paused: Type.Boolean(),
  waiting: Type.Integer(),
  active: Type.Integer(),
  delayed: Type.Integer(),
  pending_jobs: Type.Integer(),
  running_jobs: Type.Integer(),
});

export const ComfyGeneration = Type.Object(
  {
    id: Type.Integer(),
    user_id: Uuid,
    prompt: Type.String(),
    negative_prompt: Nullable(Type.String()),
    checkpoint_model: Type.String(),
    lora_models: Type.Array(JsonObject),
    width: Type.Integer(),
    height: Type.Integer(),
    batch_size: Type.Integer(),
    sampler_params: JsonObject,
    status: Type.String(),
    comfyui_prompt_id: Nullable(Type.String()),
    output_paths: Type.Array(Type.String()),
    thumbnail_paths: Type.Array(Type.String()),
    created_at: DateTime,
    updated_at: DateTime,
    started_at: Nullable(DateTime),
    completed_at: Nullable(DateTime),
    error_message: Nullable(Type.String()),
  },
  { $id: 'ComfyGeneration' },
);

export const ComfyGenerationPage = Type.Object({ items: Type.Array(ComfyGeneration), pagination: PaginationMeta });

export const ComfyGenerateBody = Type.Object({
  user_id: Uuid,
  prompt: Type.String({ minLength: 1, maxLength: 2000 }),
  negative_prompt: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  checkpoint_model: Type.String({ minLength: 1, maxLength: 255 }),
  lora_models: Type.Optional(LoraList),
  width: Type.Integer({ minimum: 64, maximum: 2048, default: 832 }),
  height: Type.Integer({ minimum: 64, maximum: 2048, default: 1216 }),
  batch_size: Type.Integer({ minimum: 1, maximum: 8, default: 1 }),
  sampler_params: Type.Optional(Nullable(JsonObject)),
});

export const AvailableModel = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    type: Type.String(),
    file_path: Type.String(),
    description: Nullable(Type.String()),
    is_active: Type.Boolean(),
    created_at: DateTime,
    updated_at: DateTime,
  },
  { $id: 'AvailableModel' },
);
export const AvailableModelList = Type.Object({ items: Type.Array(AvailableModel), total: Type.Integer() });

export function toJob(row: JobRow) {
  return {
    id: row.id,
    user_id: row.user_id,
    job_type: row.job_type,
    prompt: row.prompt,
    params: row.params ?? {},
    status: row.status,
    content_id: row.content_id,
    created_at: isoNaive(row.created_at) as string,
    started_at: isoNaive(row.started_at),
    completed_at: isoNaive(row.completed_at),
    error_message: row.error_message,
    updated_at: isoNaive(row.updated_at) as string,
    celery_task_id: row.celery_task_id,
    negative_prompt: row.negative_prompt,
    checkpoint_model: row.checkpoint_model,
    lora_models: row.lora_models ?? [],
    width: row.width,
    height: row.height,
    batch_size: row.batch_size,
    comfyui_prompt_id: row.comfyui_prompt_id,
  };
}
export type JobWire = ReturnType<typeof toJob>;

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

export function toComfyGeneration(row: JobRow) {
  const params = row.params ?? {};
  const thumbs = params.thumbnails;
  const thumbnailPaths = Array.isArray(thumbs)
    ? stringList(thumbs)
    : thumbs && typeof thumbs === 'object'
      ? Object.values(thumbs as Record<string, unknown>).flatMap((v) => (typeof v === 'string' ? [v] : stringList(v)))
      : [];
  const sampler = params.sampler_params;
  return {
    id: row.id,
    user_id: row.user_id,
    prompt: row.prompt,
    negative_prompt: row.negative_prompt,
    checkpoint_model: row.checkpoint_model ?? '',
    lora_models: row.lora_models ?? [],
    width: row.width ?? 832,
    height: row.height ?? 1216,
    batch_size: row.batch_size,
    sampler_params: sampler && typeof sampler === 'object' && !Array.isArray(sampler) ? (sampler as Record<string, unknown>) : {},
    status: row.status,
    comfyui_prompt_id: row.comfyui_prompt_id,
    output_paths: stringList(params.output_paths),
    thumbnail_paths: thumbnailPaths,
    created_at: isoNaive(row.created_at) as string,
    updated_at: isoNaive(row.updated_at) as string,
    started_at: isoNaive(row.started_at),
    completed_at: isoNaive(row.completed_at),
    error_message: row.error_message,
  };
}

export function toAvailableModel(row: AvailableModelRow) {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    file_path: row.file_path,
    description: row.description,
    is_active: row.is_active,
    created_at: isoNaive(row.created_at) as string,
    updated_at: isoNaive(row.updated_at) as string,
  };
}
