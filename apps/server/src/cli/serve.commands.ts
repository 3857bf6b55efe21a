import type { Command } from 'commander';
import { configFromOptions, type GlobalOptions } from '../main.ts';
import { startSystem, type Role, type RunningSystem } from '../roles.ts';
import { isSeeded, seedDatabase } from '../db/seed/seed.ts';
import type { Runtime } from '../platform/runtime.ts';
import type { AppConfig } from '../config/config.schema.ts';

/** Stops the system once on SIGINT/SIGTERM; a second signal exits at once. */
function stopOnSignals(system: RunningSystem, log: (line: string) => void): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log(`${signal} again: exiting without a clean stop`);
      process.exit(130);
    }
    stopping = true;
    log(`${signal}: stopping…`);
    system.stop().then(
      () => {
        log('stopped cleanly');
        process.exit(0);
      },
      (err: unknown) => {
        process.stderr.write(`error while stopping: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

const say = (line: string) => process.stdout.write(`${line}\n`);

async function seedDemoData(config: AppConfig, runtime: Runtime): Promise<void> {
  say(`first start: seeding demo data (${config.values.seed.items} items)…`);
  const report = await seedDatabase(runtime.db, {
    items: config.values.seed.items,
    randomSeed: config.values.seed['random-seed'],
    anchor: config.values.seed.anchor,
    storageDir: config.paths.storageDir,
    adminUserId: config.values.demo['admin-user-id'],
    log: say,
  });
  say(`seeded: ${Object.entries(report.rows).map(([t, n]) => `${t} ${n}`).join(', ')}`);
}

async function runRoles(cmd: Command, roles: Role[], opts: { migrate?: boolean; seed?: boolean }): Promise<void> {
  const config = configFromOptions(cmd.optsWithGlobals<GlobalOptions>());
  say(`genonaut ${roles.join(' + ')} · target ${config.envTarget} · ${config.mode} mode`);
  const system = await startSystem(config, {
    roles,
    migrate: opts.migrate,
    log: say,
    beforeRoles: async (runtime, services) => {
      if (opts.seed && config.values.seed['on-first-start'] && !(await isSeeded(runtime.db))) await seedDemoData(config, runtime);
      const adminId = config.values.demo['admin-user-id'];
      await services.auth.ensureAdminRole(adminId);
      if (config.values.auth.mode === 'required') {
        const password = await services.auth.ensureAdminCanLogIn(adminId, process.env.GENONAUT_ADMIN_PASSWORD);
        if (password) say(`auth required: log in as "admin" with password ${password} (shown once; change it under Settings)`);
      }
    },
  });
  stopOnSignals(system, say);
  if (system.url) {
    say('');
    say(`  Web app   ${system.url}/`);
    say(`  API       ${system.url}/api/v1`);
    say(`  API docs  ${system.url}/docs`);
    say(`  Health    ${system.url}/api/v1/health`);
    say('');
    say('Press Ctrl-C to stop.');
  } else {
    say(`${roles.join(' + ')} running. Press Ctrl-C to stop.`);
  }
}

export function registerServeCommands(program: Command): void {
  program
    .command('serve')
    .description('run everything in one process: API, web app, workers, scheduler (embedded mode by default)')
    .option('--no-seed', 'do not seed demo data on first start')
    .action(async (opts: { seed: boolean }, cmd: Command) => runRoles(cmd, ['api', 'worker', 'scheduler'], { migrate: true, seed: opts.seed }));

  program
    .command('api')
    .description('run the HTTP API (and the built web app) only')
    .option('--migrate', 'apply pending migrations before starting')
    .action(async (opts: { migrate?: boolean }, cmd: Command) => runRoles(cmd, ['api'], { migrate: opts.migrate }));

  program
    .command('worker')
    .description('run generation workers only (distributed mode)')
    .action(async (_opts: unknown, cmd: Command) => runRoles(cmd, ['worker'], {}));

  program
    .command('scheduler')
    .description('run the periodic-job scheduler only (one per cluster)')
    .action(async (_opts: unknown, cmd: Command) => runRoles(cmd, ['scheduler'], {}));
}
