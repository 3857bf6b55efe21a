import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../src/db/database.ts';

export interface CheckpointFixture {
  name: string;
  architecture?: string | null;
  family?: string | null;
  rating?: number | null;
  metadata?: Record<string, unknown>;
}

export async function insertCheckpoint(db: Queryable, c: CheckpointFixture): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO models_checkpoints (id, path, filename, name, version, architecture, family, description, rating, tags, model_metadata)
     VALUES ($1, $2, $3, $4, '1.0', $5, $6, 'd', $7, $8, $9)`,
    [id, `/models/checkpoints/${c.name}.safetensors`, `${c.name}.safetensors`, c.name, c.architecture ?? null, c.family ?? null, c.rating ?? null, JSON.stringify(['t']), JSON.stringify(c.metadata ?? {})],
  );
  return id;
}

export interface LoraFixture {
  name: string;
  compatible?: string | null;
  optimal?: string[];
  rating?: number | null;
  metadata?: Record<string, unknown>;
}

export async function insertLora(db: Queryable, l: LoraFixture): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO models_loras (id, path, filename, name, version, compatible_architectures, family, description, rating, tags,
                               trigger_words, optimal_checkpoints, model_metadata)
     VALUES ($1, $2, $3, $4, '1.0', $5, 'style', 'd', $6, '[]', $7, $8, $9)`,
    [
      id,
      `/models/loras/${l.name}.safetensors`,
      `${l.name}.safetensors`,
      l.name,
      l.compatible ?? null,
      l.rating ?? null,
      JSON.stringify([`${l.name}-trigger`]),
      JSON.stringify(l.optimal ?? []),
      JSON.stringify(l.metadata ?? {}),
    ],
  );
  return id;
}
