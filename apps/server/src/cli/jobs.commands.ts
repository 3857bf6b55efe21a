import type { Command } from 'commander';
import { configFromOptions, type GlobalOptions } from '../main.ts';
import { createRuntime } from '../platform/runtime.ts';
import { enabledSchedules, runScheduledJob, SCHEDULED_JOBS } from '../jobs/scheduled-jobs.ts';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** `genonaut jobs list | run <name>`: the scheduled maintenance jobs, by hand. */
export function registerJobsCommands(program: Command): void {
  const jobs = program.command('jobs').description('scheduled maintenance jobs (statistics refresh, analytics transfer and rollups)');

  jobs
    .command('list')
    .description('list the jobs and their schedules from config')
    .action(async (_opts: unknown, cmd: Command) => {
      const config = configFromOptions(cmd.optsWithGlobals<GlobalOptions>());
      const enabled = new Map(enabledSchedules(config).map((s) => [s.job.name, s.cron]));
      for (const job of SCHEDULED_JOBS) say(`${job.name.padEnd(32)} ${(enabled.get(job.name) ?? 'off').padEnd(14)} ${job.description}`);
    });

  jobs
    .command('run <name>')
    .description(`run one job now (${SCHEDULED_JOBS.map((j) => j.name).join(', ')})`)
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      const config = configFromOptions(cmd.optsWithGlobals<GlobalOptions>());
      const runtime = await createRuntime(config);
      try {
        const result = await runScheduledJob(runtime, name);
        say(JSON.stringify(result));
      } finally {
        await runtime.close();
      }
    });
}
