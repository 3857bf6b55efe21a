import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { PgliteDatabase } from '../../src/db/pglite-database.ts';
import { PgDatabase } from '../../src/db/pg-database.ts';

export type Engine = 'pglite' | 'pg';

/** The engines this run can test: PGlite always, PostgreSQL when DATABASE_URL is set. */
export function availableEngines(): Engine[] {
  return inject('pgTemplate') ? ['pglite', 'pg'] : ['pglite'];
}

/** A fresh, migrated, empty database of the given engine, private to the caller. */
export async function openTestDatabase(engine: Engine): Promise<Database> {
  if (engine === 'pglite') {
    const tarball = readFileSync(inject('pgliteTemplate'));
    return PgliteDatabase.open({ loadDataDir: new Blob([tarball]) });
  }
  const tpl = inject('pgTemplate');
  if (!tpl) throw new Error('PostgreSQL is not configured for this run (set DATABASE_URL)');
  const name = `${tpl.prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: tpl.adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${tpl.template}`);
  } finally {
    await admin.end();
  }
  const url = new URL(tpl.adminUrl);
  url.pathname = `/${name}`;
  return new PgDatabase({
    url: url.toString(),
    poolSize: 5,
    statementTimeoutMs: 15_000,
    lockTimeoutMs: 5_000,
    idleInTransactionTimeoutMs: 30_000,
  });
}
