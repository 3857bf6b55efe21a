import type { Queryable } from '../../db/database.ts';

interface ModelRowBase {
  id: string;
  path: string;
  filename: string | null;
  name: string | null;
  version: string | null;
  family: string | null;
  description: string | null;
  rating: number | null;
  tags: unknown;
  model_metadata: unknown;
  created_at: string;
  updated_at: string;
}

export interface CheckpointRow extends ModelRowBase {
  architecture: string | null;
}

export interface LoraRow extends ModelRowBase {
  compatible_architectures: string | null;
  trigger_words: unknown;
  optimal_checkpoints: unknown;
}

const CHECKPOINT_COLUMNS = `id, path, filename, name, version, architecture, family, description, rating, tags,
  model_metadata, created_at, updated_at`;
const LORA_COLUMNS = `id, path, filename, name, version, compatible_architectures, family, description, rating, tags,
  trigger_words, optimal_checkpoints, model_metadata, created_at, updated_at`;

/**
 * Models whose file is known to be missing carry `model_metadata.path_resolves = false` (or the
 * original's string "false"); they are hidden unless asked for. Unscanned rows count as present.
 */
const RESOLVED = `coalesce(model_metadata ->> 'path_resolves', 'true') <> 'false'`;

export async function listCheckpoints(db: Queryable, showUnresolved: boolean): Promise<CheckpointRow[]> {
  const res = await db.query<CheckpointRow>(
    `SELECT ${CHECKPOINT_COLUMNS} FROM models_checkpoints
      WHERE $1::boolean OR ${RESOLVED}
      ORDER BY rating DESC NULLS LAST, name ASC NULLS LAST, id`,
    [showUnresolved],
  );
  return res.rows;
}

export async function findCheckpoint(db: Queryable, id: string): Promise<CheckpointRow | null> {
  const res = await db.query<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM models_checkpoints WHERE id = $1`, [id]);
  return res.rows[0] ?? null;
}

export async function listLoras(db: Queryable, showUnresolved: boolean, limit: number, offset: number): Promise<LoraRow[]> {
  const res = await db.query<LoraRow>(
    `SELECT ${LORA_COLUMNS} FROM models_loras
      WHERE $1::boolean OR ${RESOLVED}
      ORDER BY rating DESC NULLS LAST, name ASC NULLS LAST, id
      LIMIT $2 OFFSET $3`,
    [showUnresolved, limit, offset],
  );
  return res.rows;
}

export async function countLoras(db: Queryable, showUnresolved: boolean): Promise<number> {
  const res = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM models_loras WHERE $1::boolean OR ${RESOLVED}`, [showUnresolved]);
  return res.rows[0].n;
}

export async function findLora(db: Queryable, id: string): Promise<LoraRow | null> {
  const res = await db.query<LoraRow>(`SELECT ${LORA_COLUMNS} FROM models_loras WHERE id = $1`, [id]);
  return res.rows[0] ?? null;
}
