import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { pino } from 'pino';
import { configFromOptions, type GlobalOptions } from '../main.ts';
import { PgliteDatabase } from '../db/pglite-database.ts';
import { createRuntime } from '../platform/runtime.ts';
import { createServices } from '../modules/services.ts';
import { buildHttpApp } from '../roles.ts';

export function registerOpenApiCommand(program: Command): void {
  program
    .command('openapi')
    .description('print the OpenAPI document (the web client generates its types from it)')
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .action(async (opts: { out?: string }, cmd: Command) => {
      const config = configFromOptions(cmd.optsWithGlobals<GlobalOptions>());
      // Building the app needs a database handle but never queries it: an in-memory one suffices.
      const db = await PgliteDatabase.open();
      const runtime = await createRuntime(config, { db, logger: pino({ level: 'silent' }) });
      try {
        const app = await buildHttpApp(runtime, createServices(runtime));
        await app.ready();
        const doc = `${JSON.stringify(app.swagger(), null, 2)}\n`;
        await app.close();
        if (opts.out) writeFileSync(opts.out, doc);
        else process.stdout.write(doc);
      } finally {
        await runtime.close();
      }
    });
}
