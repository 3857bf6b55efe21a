import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { listMigrations, migrate } from '../../src/db/migrate.ts';
import { PgliteDatabase } from '../../src/db/pglite-database.ts';
import { PgDatabase } from '../../src/db/pg-database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: { adminUrl: string; template: string; prefix: string } | null;
  }
}

function migrationsHash(): string {
  const h = createHash('sha256');
  for (const m of listMigrations()) h.update(m.version).update(m.sql);
  return h.digest('hex').slice(0, 16);
}

/** A migrated PGlite data dir as a tarball, built once per migration set and reused across runs. */
async function buildPgliteTemplate(): Promise<string> {
  const dir = path.join(os.tmpdir(), 'genonaut-test-templates');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `pglite-${migrationsHash()}.tgz`);
  if (existsSync(file)) return file;
  const db = await PgliteDatabase.open();
  await migrate(db);
  const blob = await db.dump();
  await db.close();
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
  renameSync(tmp, file);
  return file;
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery(adminUrl: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  project.provide('pgliteTemplate', await buildPgliteTemplate());
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    project.provide('pgTemplate', null);
    return async () => undefined;
  }
  const prefix = `gn_t_${randomBytes(4).toString('hex')}`;
  const template = `${prefix}_template`;
  await adminQuery(adminUrl, `CREATE DATABASE ${template}`);
  const db = new PgDatabase({
    url: withDatabase(adminUrl, template),
    poolSize: 2,
    statementTimeoutMs: 0,
    lockTimeoutMs: 0,
    idleInTransactionTimeoutMs: 0,
  });
  await migrate(db);
  await db.close();
  project.provide('pgTemplate', { adminUrl, template, prefix });
  return async () => {
    const res = await adminQuery(adminUrl, `SELECT datname FROM pg_database WHERE datname LIKE '${prefix}%'`);
    for (const row of res.rows as Array<{ datname: string }>) {
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`).catch(() => undefined);
    }
  };
}
