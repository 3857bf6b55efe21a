import { Command, Option } from 'commander';
import type { AppConfig } from './config/config.schema.ts';
import { ConfigError, loadConfig } from './config/load-config.ts';
import { registerDbCommands } from './cli/db.commands.ts';
import { registerServeCommands } from './cli/serve.commands.ts';
import { registerOpenApiCommand } from './cli/openapi.commands.ts';
import { registerJobsCommands } from './cli/jobs.commands.ts';

export interface GlobalOptions {
  envTarget?: string;
  config?: string[];
  host?: string;
  port?: string;
  dataDir?: string;
}

/** Loads config with the CLI's global flags as the highest-precedence layer. */
export function configFromOptions(opts: GlobalOptions): AppConfig {
  const overrides: Record<string, string> = {};
  for (const pair of opts.config ?? []) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new ConfigError(`--config ${pair}: expected key=value (e.g. api.port=9000)`);
    overrides[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  if (opts.host) overrides['api.host'] = opts.host;
  if (opts.port) overrides['api.port'] = opts.port;
  if (opts.dataDir) overrides['data-dir'] = opts.dataDir;
  const env = opts.envTarget ? { ...process.env, ENV_TARGET: opts.envTarget } : process.env;
  return loadConfig({ env, overrides });
}

export function buildProgram(): Command {
  const program = new Command()
    .name('genonaut')
    .description('Genonaut: generative-art catalogue, generation queue and workers')
    .addOption(new Option('-e, --env-target <target>', 'config target (local-dev, local-demo, cloud-prod, …); env ENV_TARGET'))
    .option('-c, --config <key=value...>', 'override a config key, e.g. -c api.port=9000 -c log.level=debug')
    .option('--host <host>', 'API host (config api.host, env API_HOST)')
    .option('--port <port>', 'API port (config api.port, env API_PORT)')
    .option('--data-dir <dir>', 'data directory for the embedded database and images (env DATA_DIR)')
    .showHelpAfterError();
  registerServeCommands(program);
  registerDbCommands(program);
  registerOpenApiCommand(program);
  registerJobsCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`genonaut: configuration error: ${err.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`genonaut: ${(err as Error).message}\n`);
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.env.GENONAUT_CLI === '1') {
  await main(process.argv);
}
