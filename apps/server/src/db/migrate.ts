import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.ts';

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  version: string;
  name: string;
  sql: string;
}

/** `0001_core_schema.sql` → version `0001`, name `core_schema`; applied in file-name order. */
export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => ({
      version: file.slice(0, 4),
      name: file.slice(5, -4),
      sql: readFileSync(path.join(dir, file), 'utf8'),
    }));
}

/** Any fixed 64-bit key: serialises migrators started at once by several processes. */
const MIGRATION_LOCK_KEY = 727_001;

export interface MigrateResult {
  applied: string[];
  total: number;
}

/**
 * Applies pending migrations, each in its own transaction, under an advisory lock so that
 * several processes starting together migrate once.
 */
export async function migrate(db: Database, options: { onProgress?: (msg: string) => void } = {}): Promise<MigrateResult> {
  const migrations = listMigrations();
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version text PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied: string[] = [];
  for (const migration of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (seen.rows.length > 0) return false;
      options.onProgress?.(`migrating ${migration.version}_${migration.name}`);
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      return true;
    });
    if (done) applied.push(`${migration.version}_${migration.name}`);
  }
  return { applied, total: migrations.length };
}
