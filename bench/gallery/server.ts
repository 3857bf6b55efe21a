import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { GENONAUT_CLI, REPO_ROOT } from './database.ts';

export interface StartedApi {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (asked from the kernel, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

/**
 * `genonaut api` on a free loopback port against `databaseUrl`, as deployed (distributed mode,
 * default pool and timeouts) but with the per-client rate limit off and quiet logs. Resolves once
 * /api/v1/health answers 200.
 */
export async function startApi(databaseUrl: string, log: (l: string) => void, extraEnv: NodeJS.ProcessEnv = {}): Promise<StartedApi> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [GENONAUT_CLI, 'api'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      API_HOST: '127.0.0.1',
      API_PORT: String(port),
      REDIS_URL: process.env.BENCH_REDIS_URL ?? '',
      RATE_LIMIT_PER_MINUTE: '0',
      AUTH_MODE: 'open',
      LOG_LEVEL: 'warn',
      LOG_PRETTY: 'false',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited(child);
    clearTimeout(timer);
  };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`genonaut api exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) {
        log(`genonaut api (pid ${child.pid}) listening on ${url}`);
        return { url, pid: child.pid ?? 0, stop };
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  await stop();
  throw new Error(`genonaut api did not answer /api/v1/health within 90 s:\n${output}`);
}
