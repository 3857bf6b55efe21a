import type { Database, Transaction } from '../database.ts';

/**
 * Bulk-load helpers: take a table's secondary indexes and foreign keys (and, when asked, its
 * primary key) off before a large COPY and put the very same definitions back afterwards.
 * Building an index once over loaded rows is several times faster than maintaining it row by
 * row (docs/benchmarks.md, "Seeding").
 */

export interface DroppedDefinitions {
  /** Statements that recreate what was dropped, in a safe order (indexes, keys, then FKs). */
  indexes: string[];
  primaryKeys: string[];
  foreignKeys: string[];
}

export async function dropForBulkLoad(
  db: Database,
  tables: Array<{ table: string; dropPrimaryKey: boolean }>,
): Promise<DroppedDefinitions> {
  const dropped: DroppedDefinitions = { indexes: [], primaryKeys: [], foreignKeys: [] };
  const fkDrops: string[] = [];
  const indexDrops: string[] = [];
  const pkDrops: string[] = [];
  for (const { table, dropPrimaryKey } of tables) {
    const fks = await db.query<{ name: string; def: string }>(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS def
         FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'f' AND conparentid = 0 ORDER BY conname`,
      [table],
    );
    for (const fk of fks.rows) {
      fkDrops.push(`ALTER TABLE ${table} DROP CONSTRAINT ${fk.name}`);
      dropped.foreignKeys.push(`ALTER TABLE ${table} ADD CONSTRAINT ${fk.name} ${fk.def}`);
    }
    const indexes = await db.query<{ name: string; def: string }>(
      `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
         FROM pg_index i
        WHERE i.indrelid = $1::regclass
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))
        ORDER BY 1`,
      [table],
    );
    for (const ix of indexes.rows) {
      indexDrops.push(`DROP INDEX ${ix.name}`);
      // A partitioned parent's index reads "ON ONLY parent"; recreating it must cascade to partitions.
      dropped.indexes.push(ix.def.replace(' ON ONLY ', ' ON '));
    }
    if (dropPrimaryKey) {
      const pk = await db.query<{ name: string; def: string }>(
        `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'p'`,
        [table],
      );
      for (const k of pk.rows) {
        pkDrops.push(`ALTER TABLE ${table} DROP CONSTRAINT ${k.name}`);
        dropped.primaryKeys.push(`ALTER TABLE ${table} ADD CONSTRAINT ${k.name} ${k.def}`);
      }
    }
  }
  // FKs first: a key cannot go while a foreign key of the same set leans on it.
  await db.transaction(async (tx) => {
    await tx.query('SET LOCAL lock_timeout = 0');
    for (const sql of [...fkDrops, ...indexDrops, ...pkDrops]) await tx.exec(sql);
  });
  return dropped;
}

async function unbounded(tx: Transaction): Promise<void> {
  await tx.query('SET LOCAL statement_timeout = 0');
  await tx.query('SET LOCAL lock_timeout = 0');
  await tx.query("SET LOCAL maintenance_work_mem = '1GB'");
}

/**
 * Recreates dropped definitions: primary keys one by one, then index builds on up to `parallel`
 * connections at once (each its own transaction), then foreign keys (validated in one pass each).
 */
export async function restoreAfterBulkLoad(
  db: Database,
  dropped: DroppedDefinitions,
  parallel: number,
  onStep?: (sql: string, ms: number) => void,
  onKeysRestored?: () => void,
): Promise<void> {
  const runOne = async (sql: string) => {
    const started = Date.now();
    await db.transaction(async (tx) => {
      await unbounded(tx);
      await tx.exec(sql);
    });
    onStep?.(sql, Date.now() - started);
  };
  for (const sql of dropped.primaryKeys) await runOne(sql);
  onKeysRestored?.();
  // Longest builds first (trigram GIN over prompts dwarfs the B-trees), so the workers finish together.
  const cost = (sql: string) => (sql.includes('gin_trgm_ops') ? (sql.includes('prompt') ? 3 : 2) : sql.includes('content_tags') ? 1 : 0);
  const queue = [...dropped.indexes].sort((a, b) => cost(b) - cost(a));
  const workers = Array.from({ length: Math.max(1, parallel) }, async () => {
    for (let sql = queue.shift(); sql !== undefined; sql = queue.shift()) await runOne(sql);
  });
  await Promise.all(workers);
  for (const sql of dropped.foreignKeys) await runOne(sql);
}
