import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../config/config.schema.ts';
import type { Database } from './database.ts';
import { migrate } from './migrate.ts';
import { PgliteDatabase } from './pglite-database.ts';

/** Drops every table, function and type of the schema, then migrates from scratch. */
export async function resetDatabase(db: Database, log: (line: string) => void): Promise<void> {
  log('dropping schema public…');
  await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
  const result = await migrate(db, { onProgress: log });
  log(`applied ${result.applied.length} migration(s)`);
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err) => reject(new Error(`${cmd}: ${err.message} (is the PostgreSQL client installed?)`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}: ${stderr.trim()}`))));
  });
}

export function defaultBackupPath(config: AppConfig): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const ext = config.mode === 'embedded' ? 'tgz' : 'dump';
  return path.join(config.paths.backupDir, `genonaut-${config.envTarget}-${stamp}.${ext}`);
}

/**
 * Embedded: a tarball of the PGlite data dir (taken from the open database, so it is consistent).
 * PostgreSQL: pg_dump's custom format.
 */
export async function backupDatabase(config: AppConfig, db: Database | null, file: string): Promise<void> {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (config.mode === 'distributed') {
    await run('pg_dump', ['--format=custom', '--no-owner', '--file', file, config.values.database.url]);
    return;
  }
  if (!(db instanceof PgliteDatabase)) throw new Error('embedded backup needs the PGlite database');
  const blob = await db.dump();
  writeFileSync(file, Buffer.from(await blob.arrayBuffer()));
}

/** Replaces the database with a backup. The caller must not hold the embedded database open. */
export async function restoreDatabase(config: AppConfig, file: string, log: (line: string) => void): Promise<void> {
  if (!existsSync(file)) throw new Error(`${file}: no such backup file`);
  if (config.mode === 'distributed') {
    await run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--dbname', config.values.database.url, file]);
    return;
  }
  const dir = config.paths.pgliteDir;
  const aside = `${dir}.before-restore-${Date.now()}`;
  if (existsSync(dir)) renameSync(dir, aside);
  try {
    mkdirSync(dir, { recursive: true });
    const db = await PgliteDatabase.open({ dataDir: dir, loadDataDir: new Blob([readFileSync(file)]) });
    await db.close();
    if (existsSync(aside)) rmSync(aside, { recursive: true, force: true });
    log(`restored ${file} into ${dir}`);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    if (existsSync(aside)) renameSync(aside, dir);
    throw err;
  }
}
