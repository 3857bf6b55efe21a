/**
 * Standalone mock ComfyUI:
 *   node --import tsx apps/comfyui-mock/src/main.ts --port 8189 --step-delay-ms 50 --output-dir ./data/comfyui-mock
 * Stops cleanly on SIGTERM / SIGINT.
 */
import { parseArgs } from 'node:util';
import { FAILURE_MODES, isFailureMode, startComfyMock } from './server.ts';

const usage = `Usage: comfyui-mock [options]
  --host <addr>           interface to bind (default 127.0.0.1; env COMFYUI_MOCK_HOST)
  --port <n>              port, 0 = random (default 8189; env COMFYUI_MOCK_PORT)
  --step-delay-ms <n>     delay per sampler step (default 40; env COMFYUI_MOCK_STEP_DELAY_MS)
  --output-dir <dir>      where images are written (default ./data/comfyui-mock; env COMFYUI_MOCK_OUTPUT_DIR)
  --checkpoints <a,b>     checkpoint names to offer (default: built-in list)
  --loras <a,b>           LoRA names to offer (default: built-in list)
  --accept-any-model      accept any checkpoint / LoRA name
  --failure <mode>        ${FAILURE_MODES.join(' | ')} (default none)
  --caption               print the prompt on each picture
  --quiet                 no request log
  --help`;

function fail(msg: string): never {
  process.stderr.write(`${msg}\n\n${usage}\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'step-delay-ms': { type: 'string' },
      'output-dir': { type: 'string' },
      checkpoints: { type: 'string' },
      loras: { type: 'string' },
      'accept-any-model': { type: 'boolean' },
      failure: { type: 'string' },
      caption: { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean' },
      // Accepted for compatibility with the original mock; images are always generated.
      'disable-static-return': { type: 'boolean' },
    },
    strict: true,
  }));
} catch (e) {
  fail((e as Error).message);
}
if (values.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}

const int = (name: string, raw: string | undefined, fallback: number): number => {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) fail(`${name} must be a non-negative integer, got "${raw}"`);
  return Number(raw);
};
const list = (raw: string | undefined): string[] | undefined =>
  raw === undefined ? undefined : raw.split(',').map((s) => s.trim()).filter(Boolean);

const port = int('--port', values.port ?? process.env.COMFYUI_MOCK_PORT, 8189);
if (port > 65535) fail('--port must be <= 65535');
const failure = values.failure ?? 'none';
if (!isFailureMode(failure)) fail(`--failure must be one of ${FAILURE_MODES.join(', ')}`);

const log = values.quiet ? undefined : (line: string): void => void process.stdout.write(`[comfyui-mock] ${new Date().toISOString()} ${line}\n`);

try {
  const mock = await startComfyMock({
    host: values.host ?? process.env.COMFYUI_MOCK_HOST ?? '127.0.0.1',
    port,
    stepDelayMs: int('--step-delay-ms', values['step-delay-ms'] ?? process.env.COMFYUI_MOCK_STEP_DELAY_MS, 40),
    outputDir: values['output-dir'] ?? process.env.COMFYUI_MOCK_OUTPUT_DIR ?? './data/comfyui-mock',
    checkpoints: list(values.checkpoints),
    loras: list(values.loras),
    acceptAnyModel: values['accept-any-model'] ?? false,
    failure,
    caption: values.caption ?? false,
    log: log ?? ((line) => {
      if (line.startsWith('mock ComfyUI')) process.stdout.write(`[comfyui-mock] ${line}\n`);
    }),
  });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`[comfyui-mock] ${signal} received, stopping\n`);
    const force = setTimeout(() => process.exit(1), 5000);
    force.unref();
    mock.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (e) {
  const err = e as NodeJS.ErrnoException;
  process.stderr.write(`[comfyui-mock] failed to start: ${err.code === 'EADDRINUSE' ? `port ${port} is already in use` : err.message}\n`);
  process.exit(1);
}
