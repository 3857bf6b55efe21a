/**
 * Helpers for the infra tests: run Terraform offline against the provider mirror, in
 * throwaway copies of the stacks (state and .terraform never land in the repo), and run the
 * moto AWS emulator on a free loopback port.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const infraDir = path.join(repoRoot, 'infra');
export const pluginMirror = process.env.TF_PLUGIN_MIRROR ?? '/opt/tf-plugins';

/** True when a `terraform` binary answers on PATH. */
export function terraformAvailable(): boolean {
  const res = spawnSync('terraform', ['version'], { stdio: 'ignore' });
  return res.status === 0;
}

export interface Workspace {
  dir: string;
  env: NodeJS.ProcessEnv;
  cleanup(): Promise<void>;
}

/** A temp dir with a CLI config that installs providers only from the local mirror. */
export async function makeWorkspace(prefix: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<Workspace> {
  if (!existsSync(pluginMirror)) {
    throw new Error(`Terraform provider mirror ${pluginMirror} is missing (set TF_PLUGIN_MIRROR); the tests never download providers.`);
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), `genonaut-${prefix}-`));
  const cliConfig = path.join(dir, 'cli.tfrc');
  await writeFile(
    cliConfig,
    `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(pluginMirror)}\n  }\n}\n`,
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    ...extraEnv,
  };
  // Never a real account, never another working directory.
  for (const key of ['TF_DATA_DIR', 'TF_WORKSPACE', 'AWS_PROFILE', 'AWS_SESSION_TOKEN']) delete env[key];
  return { dir, env, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Copies infra/<stack> into the workspace, leaving out any local Terraform working files. */
export async function copyStack(stack: 'bootstrap' | 'main', ws: Workspace): Promise<string> {
  const target = path.join(ws.dir, stack);
  await cp(path.join(infraDir, stack), target, {
    recursive: true,
    filter: (src) => {
      const base = path.basename(src);
      return base !== '.terraform' && base !== '.terraform.lock.hcl' && !base.endsWith('.tfstate') && !base.endsWith('.tfplan');
    },
  });
  return target;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, env, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout: stdout.toString(), stderr: stderr.toString() });
    });
  });
}

/** Runs terraform and throws with its output when it fails. */
export async function tf(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  const res = await run('terraform', args, cwd, env);
  if (res.code !== 0) {
    throw new Error(`terraform ${args.join(' ')} exited ${res.code}\n${res.stdout.slice(-4000)}\n${res.stderr.slice(-4000)}`);
  }
  return res;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

// moto serves TLS with a self-signed certificate; only these loopback test calls skip verification.
const insecureAgent = new https.Agent({ rejectUnauthorized: false });

export interface HttpReply {
  status: number;
  body: string;
}

export function httpsRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: init.method ?? 'GET', headers: init.headers, agent: insecureAgent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`timeout: ${url}`)));
    if (init.body) req.write(init.body);
    req.end();
  });
}

export interface Moto {
  endpoint: string;
  stop(): Promise<void>;
  /** A call to one AWS JSON-protocol API; moto routes by the service named in the (unverified) credential scope. */
  jsonApi(service: string, target: string, body: unknown): Promise<HttpReply>;
}

/** Starts `python3 -m moto.server` with TLS on a free loopback port and waits until it answers. */
export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  const endpoint = `https://127.0.0.1:${port}`;
  const child: ChildProcess = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port), '-s'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto exited with ${child.exitCode}: ${stderr}`);
    try {
      const res = await httpsRequest(`${endpoint}/moto-api/data.json`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto did not start on ${endpoint}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    endpoint,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    },
    jsonApi(service, target, body) {
      return httpsRequest(`${endpoint}/`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.0',
          'X-Amz-Target': target,
          Authorization: `AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`,
        },
        body: JSON.stringify(body),
      });
    },
  };
}

/** Credentials and settings that keep the AWS provider and backend away from any real account. */
export const fakeAwsEnv: NodeJS.ProcessEnv = {
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
};
