import { Type } from 'typebox';
import { JsonObject, Nullable } from '../../platform/http/schemas.ts';
import { isoNaive } from '../../platform/http/serialize.ts';
import type { CheckpointRow, LoraRow } from './models.queries.ts';

const common = {
  id: Type.String(),
  path: Type.String(),
  filename: Nullable(Type.String()),
  name: Nullable(Type.String()),
  version: Nullable(Type.String()),
  family: Nullable(Type.String()),
  description: Nullable(Type.String()),
  rating: Nullable(Type.Number()),
  tags: Type.Array(Type.String()),
  model_metadata: JsonObject,
  created_at: Type.String(),
  updated_at: Type.String(),
};

export const CheckpointModel = Type.Object({ ...common, architecture: Nullable(Type.String()) }, { $id: 'CheckpointModelResponse' });

export const CheckpointModelList = Type.Object(
  { items: Type.Array(CheckpointModel), total: Type.Integer() },
  { $id: 'CheckpointModelListResponse' },
);

export const LoraModel = Type.Object(
  {
    ...common,
    compatible_architectures: Nullable(Type.String()),
    trigger_words: Type.Array(Type.String()),
    optimal_checkpoints: Type.Array(Type.String()),
    is_compatible: Nullable(Type.Boolean()),
    is_optimal: Nullable(Type.Boolean()),
  },
  { $id: 'LoraModelResponse' },
);

export const LoraModelList = Type.Object(
  {
    items: Type.Array(LoraModel),
    total: Type.Integer(),
    pagination: Type.Object({ page: Type.Integer(), page_size: Type.Integer(), total: Type.Integer(), total_pages: Type.Integer() }),
  },
  { $id: 'LoraModelListResponse' },
);

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function object(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function base(row: CheckpointRow | LoraRow) {
  return {
    id: row.id,
    path: row.path,
    filename: row.filename,
    name: row.name,
    version: row.version,
    family: row.family,
    description: row.description,
    rating: row.rating,
    tags: strings(row.tags),
    model_metadata: object(row.model_metadata),
    created_at: isoNaive(row.created_at) ?? '',
    updated_at: isoNaive(row.updated_at) ?? '',
  };
}

export function toCheckpoint(row: CheckpointRow) {
  return { ...base(row), architecture: row.architecture };
}

export interface LoraFit {
  is_compatible: boolean | null;
  is_optimal: boolean | null;
}

export function toLora(row: LoraRow, fit: LoraFit = { is_compatible: null, is_optimal: null }) {
  return {
    ...base(row),
    compatible_architectures: row.compatible_architectures,
    trigger_words: strings(row.trigger_words),
    optimal_checkpoints: strings(row.optimal_checkpoints),
    ...fit,
  };
}

/**
 * How a LoRA fits a checkpoint. `compatible_architectures` is a comma-separated list (`sd15,sdxl`);
 * the LoRA is compatible when it names the checkpoint's architecture or family (case-insensitive;
 * the original compared the family with the whole string). Optimal when the checkpoint's name is
 * in `optimal_checkpoints`. Null when either side lacks the data.
 */
export function loraFit(lora: LoraRow, checkpoint: CheckpointRow | null): LoraFit {
  if (!checkpoint) return { is_compatible: null, is_optimal: null };
  const archs = (lora.compatible_architectures ?? '')
    .split(/[,;\s]+/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const candidates = [checkpoint.architecture, checkpoint.family].filter((v): v is string => !!v).map((v) => v.toLowerCase());
  const isCompatible = archs.length === 0 || candidates.length === 0 ? null : candidates.some((c) => archs.includes(c));
  const isOptimal = checkpoint.name ? strings(lora.optimal_checkpoints).some((n) => n.toLowerCase() === checkpoint.name!.toLowerCase()) : null;
  return { is_compatible: isCompatible, is_optimal: isOptimal };
}
