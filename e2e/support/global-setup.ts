/**
 * One Genonaut server for the whole browser-test run: embedded mode (PGlite, in-process queue and
 * ComfyUI mock) on a free loopback port, a throwaway data dir, a small seeded demo catalogue.
 * Stopped with SIGTERM when the run ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>` of the server this run started. */
    baseURL: string;
    /** The admin/demo user the open-auth web app acts as. */
    demoUserId: string;
  }
}

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SEED_ITEMS = process.env.E2E_SEED_ITEMS ?? '400';
const START_TIMEOUT_MS = Number(process.env.E2E_START_TIMEOUT_MS ?? 240_000);

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface StartedServer {
  baseURL: string;
  child: ChildProcess;
  logFile: string;
  stop: () => Promise<void>;
}

/** Starts `genonaut serve` embedded and resolves once /api/v1/health answers 200. */
export async function startServer(opts: { dataDir: string; seedItems: string; log: string }): Promise<StartedServer> {
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const logStream = createWriteStream(opts.log);
  const child = spawn(process.execPath, ['apps/server/bin/genonaut.mjs', 'serve', '--port', String(port), '--data-dir', opts.dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ENV_TARGET: 'local-test',
      // CI exports these for the server project; the browser run is embedded on purpose.
      DATABASE_URL: '',
      REDIS_URL: '',
      COMFYUI_URL: '',
      SEED_ON_FIRST_START: 'true',
      SEED_ITEMS: opts.seedItems,
      COMFYUI_MOCK_STEP_DELAY_MS: process.env.COMFYUI_MOCK_STEP_DELAY_MS ?? '15',
      RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'warn',
      AUTH_MODE: 'open',
    },
  });
  child.stdout?.pipe(logStream);
  child.stderr?.pipe(logStream);
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));

  const tail = () => (existsSync(opts.log) ? readFileSync(opts.log, 'utf8').split('\n').slice(-40).join('\n') : '');
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exited !== undefined) throw new Error(`e2e: the server exited (code ${exited}) before it was healthy. Log:\n${tail()}`);
    try {
      const res = await fetch(`${baseURL}/api/v1/health`, { signal: AbortSignal.timeout(5000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`e2e: the server was not healthy within ${START_TIMEOUT_MS} ms. Log:\n${tail()}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }

  const stop = async () => {
    if (exited !== undefined) return;
    const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await done;
    clearTimeout(timer);
    logStream.end();
  };
  return { baseURL, child, logFile: opts.log, stop };
}

export function requireWebBuild(): void {
  const index = path.join(ROOT, 'apps/web/dist/index.html');
  if (!existsSync(index)) {
    throw new Error(`e2e: ${index} is missing. Build the web app first: npm run build -w apps/web (npm test does this before the run).`);
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  requireWebBuild();
  const cfg = JSON.parse(readFileSync(path.join(ROOT, 'config/base.json'), 'utf8')) as { demo: { 'admin-user-id': string } };
  project.provide('demoUserId', cfg.demo['admin-user-id']);
  // For working on the tests: point at a server that is already running (embedded, seeded).
  if (process.env.E2E_BASE_URL) {
    project.provide('baseURL', process.env.E2E_BASE_URL.replace(/\/$/, ''));
    return async () => undefined;
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'genonaut-e2e-'));
  const started = Date.now();
  const server = await startServer({ dataDir: path.join(tmp, 'data'), seedItems: SEED_ITEMS, log: path.join(tmp, 'server.log') });
  process.stdout.write(`[e2e] server ${server.baseURL} ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${SEED_ITEMS} seeded items, log ${server.logFile})\n`);
  project.provide('baseURL', server.baseURL);
  return async () => {
    await server.stop();
    if (!process.env.E2E_KEEP_DATA) rmSync(tmp, { recursive: true, force: true });
  };
}
