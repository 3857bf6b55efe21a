import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const GENONAUT_CLI = path.join(REPO_ROOT, 'apps/server/bin/genonaut.mjs');

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'bench-gallery' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates the database of `url` on its server when it does not exist yet. */
export async function ensureDatabase(url: string, log: (l: string) => void): Promise<void> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`database name "${name}": use lower-case letters, digits and _`);
  u.pathname = '/postgres';
  await withClient(u.toString(), async (c) => {
    const found = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      log(`creating database ${name}`);
      await c.query(`CREATE DATABASE "${name}"`);
    }
  });
}

/** Content items in the database (0 before the schema exists). */
export async function countItems(url: string): Promise<number> {
  return withClient(url, async (c) => {
    const exists = await c.query<{ t: string | null }>(`SELECT to_regclass('content_items_all')::text AS t`);
    if (!exists.rows[0]?.t) return 0;
    const res = await c.query<{ n: string }>('SELECT count(*) AS n FROM content_items_all');
    return Number(res.rows[0]?.n ?? 0);
  });
}

/** Runs the Genonaut CLI with DATABASE_URL set, echoing its output with a prefix. */
export function runCli(args: string[], databaseUrl: string, log: (l: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [GENONAUT_CLI, ...args], {
      cwd: REPO_ROOT,
      // A bulk load runs single statements for minutes; the API's 15 s statement timeout is for requests.
      env: { ...process.env, DATABASE_URL: databaseUrl, DATABASE_STATEMENT_TIMEOUT: '180min', REDIS_URL: '', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const relay = (chunk: Buffer) => {
      for (const line of chunk.toString().split(/\r|\n/)) if (line.trim()) log(`  [genonaut ${args[0]} ${args[1] ?? ''}] ${line.trimEnd()}`);
    };
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`genonaut ${args.join(' ')} exited with ${code ?? signal}`))));
  });
}

/**
 * Seeds `items` content items unless the database already holds at least that many (reused as it
 * is). A database with some but too few items is only wiped with `reset`.
 */
export async function seedIfNeeded(url: string, items: number, reset: boolean, log: (l: string) => void): Promise<{ seeded: boolean; items: number }> {
  await ensureDatabase(url, log);
  const have = await countItems(url);
  if (items === 0 || have >= items) {
    log(`database holds ${have.toLocaleString('en-US')} items: reusing it (applying any new migrations first)`);
    await runCli(['db', 'migrate'], url, log);
    return { seeded: false, items: have };
  }
  if (have > 0) {
    if (!reset) throw new Error(`the database holds ${have.toLocaleString('en-US')} items, fewer than --seed-items ${items}; pass --reset to wipe and reseed it`);
    log('wiping the database (--reset)');
    await runCli(['db', 'reset'], url, log);
  }
  log(`seeding ${items.toLocaleString('en-US')} items (this takes a while at scale)…`);
  const started = Date.now();
  // The fixed anchor: the same rows (dates included) whenever the benchmark is reseeded.
  await runCli(['db', 'seed', '--items', String(items), '--no-images', '--anchor', 'fixed'], url, log);
  log(`seeded in ${((Date.now() - started) / 1000).toFixed(0)} s; VACUUM ANALYZE so index-only scans see an all-visible heap…`);
  await withClient(url, (c) => c.query('VACUUM (ANALYZE)'));
  return { seeded: true, items: await countItems(url) };
}

export interface DatasetFacts {
  regularItems: number;
  autoItems: number;
  tagLinks: number;
  tags: number;
  databaseSize: string;
  serverVersion: string;
}

/** Row counts and sizes for the report (exact counts; a few seconds at 10 M links). */
export async function describeDataset(url: string): Promise<DatasetFacts> {
  return withClient(url, async (c) => {
    const one = async (sql: string) => (await c.query<{ v: string }>(sql)).rows[0]?.v ?? '';
    return {
      regularItems: Number(await one('SELECT count(*)::text AS v FROM content_items')),
      autoItems: Number(await one('SELECT count(*)::text AS v FROM content_items_auto')),
      tagLinks: Number(await one('SELECT count(*)::text AS v FROM content_tags')),
      tags: Number(await one('SELECT count(*)::text AS v FROM tags')),
      databaseSize: await one('SELECT pg_size_pretty(pg_database_size(current_database())) AS v'),
      serverVersion: await one(`SELECT current_setting('server_version') AS v`),
    };
  });
}
