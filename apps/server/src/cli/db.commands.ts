import { InvalidArgumentError, type Command } from 'commander';
import type { AppConfig } from '../config/config.schema.ts';
import { configFromOptions, type GlobalOptions } from '../main.ts';
import { migrate } from '../db/migrate.ts';
import { backupDatabase, defaultBackupPath, resetDatabase, restoreDatabase } from '../db/maintenance.ts';
import { seedDatabase } from '../db/seed/seed.ts';
import { SEED_ANCHOR_FORMS, SeedAnchorError, parseSeedAnchor, resolveSeedAnchor } from '../db/seed/anchor.ts';
import { openDatabase } from '../platform/runtime.ts';
import type { Database } from '../db/database.ts';
import { refreshStatistics } from '../modules/stats/stats.service.ts';

const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * Maintenance commands (migrate, seed, reset, statistics) run without a statement timeout: their
 * COPYs, index builds and full-table statements legitimately take minutes at scale.
 */
async function withDatabase<T>(cmd: Command, fn: (db: Database, config: AppConfig) => Promise<T>): Promise<T> {
  const opts = cmd.optsWithGlobals<GlobalOptions>();
  const config = configFromOptions({ ...opts, config: ['database.statement-timeout=0s', ...(opts.config ?? [])] });
  const db = await openDatabase(config, 'genonaut-cli');
  try {
    return await fn(db, config);
  } finally {
    await db.close();
  }
}

/** Destructive commands refuse a production target unless told twice. */
function guardProduction(config: AppConfig, force: boolean | undefined, action: string): void {
  if (config.envTarget === 'cloud-prod' && !force) {
    throw new Error(`refusing to ${action} the cloud-prod database without --force`);
  }
}

/** `--anchor`: checked here (form, and not in the future) so a mistake is refused before the database is touched. */
function seedAnchor(value: string): string {
  try {
    resolveSeedAnchor(parseSeedAnchor(value), 0);
  } catch (err) {
    if (err instanceof SeedAnchorError) throw new InvalidArgumentError(err.message);
    throw err;
  }
  return value;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`"${value}" is not a non-negative integer`);
  return n;
}

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('database maintenance');

  db.command('migrate')
    .description('apply pending migrations')
    .action(async (_opts: unknown, cmd: Command) =>
      withDatabase(cmd, async (database) => {
        const result = await migrate(database, { onProgress: say });
        say(`${result.applied.length} applied, ${result.total} known`);
      }),
    );

  db.command('seed')
    .description('generate demo data (users, tag ontology, models, content with images, activity)')
    .option('--items <n>', 'number of content items (regular + auto)', positiveInt)
    .option('--random-seed <n>', 'seed of the deterministic generator', positiveInt)
    .option('--no-images', 'skip generating thumbnail images (large seeds)')
    .option('--anchor <when>', `newest date of the data (config seed.anchor): ${SEED_ANCHOR_FORMS}`, seedAnchor)
    .action(async (opts: { items?: number; randomSeed?: number; images: boolean; anchor?: string }, cmd: Command) =>
      withDatabase(cmd, async (database, config) => {
        await migrate(database, { onProgress: say });
        const started = Date.now();
        const report = await seedDatabase(database, {
          items: opts.items ?? config.values.seed.items,
          randomSeed: opts.randomSeed ?? config.values.seed['random-seed'],
          anchor: opts.anchor ?? config.values.seed.anchor,
          storageDir: config.paths.storageDir,
          adminUserId: config.values.demo['admin-user-id'],
          images: opts.images,
          progress: true,
          log: say,
        });
        say(`seed finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        for (const [table, count] of Object.entries(report.rows) as Array<[string, number]>) say(`  ${table.padEnd(28)} ${count.toLocaleString('en-US')}`);
      }),
    );

  db.command('reset')
    .description('drop everything and migrate from scratch')
    .option('--force', 'required for the cloud-prod target')
    .action(async (opts: { force?: boolean }, cmd: Command) =>
      withDatabase(cmd, async (database, config) => {
        guardProduction(config, opts.force, 'reset');
        await resetDatabase(database, say);
      }),
    );

  db.command('backup')
    .description('write a backup (embedded: data-dir tarball; PostgreSQL: pg_dump custom format)')
    .argument('[file]', 'output file (default: <data-dir>/backups/genonaut-<target>-<time>.<ext>)')
    .action(async (file: string | undefined, _opts: unknown, cmd: Command) =>
      withDatabase(cmd, async (database, config) => {
        const out = file ?? defaultBackupPath(config);
        await backupDatabase(config, database, out);
        say(`backup written to ${out}`);
      }),
    );

  db.command('restore')
    .description('replace the database with a backup (stop the server first in embedded mode)')
    .argument('<file>', 'a file written by `genonaut db backup`')
    .option('--force', 'required for the cloud-prod target')
    .action(async (file: string, opts: { force?: boolean }, cmd: Command) => {
      const config = configFromOptions(cmd.optsWithGlobals<GlobalOptions>());
      guardProduction(config, opts.force, 'restore');
      await restoreDatabase(config, file, say);
      say('restore complete');
    });

  program
    .command('stats')
    .description('statistics tables')
    .command('refresh')
    .description('recompute tag cardinality and per-source content statistics now')
    .action(async (_opts: unknown, cmd: Command) =>
      withDatabase(cmd, async (database) => {
        const report = await refreshStatistics(database);
        say(`tag_cardinality_stats: ${report.tagCardinalityRows} rows; gen_source_stats: ${report.genSourceRows} rows (${report.ms} ms)`);
      }),
    );
}
