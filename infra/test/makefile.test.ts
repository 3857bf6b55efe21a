/**
 * The Makefile: deployment targets read env/.env.shared, refuse to run without their settings;
 * server targets refuse a taken port and name its holder; flower-dev points at /admin/queues.
 */
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, run } from './support/terraform.ts';

const makefile = path.join(repoRoot, 'Makefile');
const portFree = path.join(repoRoot, 'scripts/port-free.sh');
const cleanEnv = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('DEPLOY_') || k === 'MAKEFLAGS' || k === 'MFLAGS') delete env[k];
  return env;
};

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
}

describe('Makefile', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'genonaut-make-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('has every required target', async () => {
    const text = await readFile(makefile, 'utf8');
    const targets = [
      'aws-login', 'tf-bootstrap-init', 'tf-bootstrap-apply', 'tf-bootstrap-destroy', 'tf-init', 'tf-plan', 'tf-apply',
      'tf-destroy', 'tf-fmt', 'tf-validate', 'tf-console', 'redis-dev', 'api-dev', 'api-demo', 'api-test', 'worker-dev',
      'flower-dev', 'comfyui-mock-dev', 'frontend-dev', 'frontend-build', 'test', 'install', 'start', 'check',
    ];
    for (const t of targets) expect(text, t).toMatch(new RegExp(`^${t}:`, 'm'));
    const res = await run('make', ['-f', makefile, 'help'], repoRoot, cleanEnv());
    expect(res.code).toBe(0);
    for (const t of targets) expect(res.stdout, `help lists ${t}`).toContain(t);
  });

  it('reads the DEPLOY_* settings from env/.env.shared', async () => {
    await mkdir(path.join(dir, 'env'), { recursive: true });
    await writeFile(
      path.join(dir, 'env/.env.shared'),
      'DEPLOY_AWS_REGION=eu-west-3\nDEPLOY_AWS_PROFILE=team-sso\nDEPLOY_TF_STATE_BUCKET_NAME=acme-genonaut-state\nDEPLOY_TF_DYNAMO_DB_TABLE=acme-locks\n',
    );
    const init = await run('make', ['-f', makefile, '-n', 'tf-init', 'ENV=prod'], dir, cleanEnv());
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('-backend-config=bucket=acme-genonaut-state');
    expect(init.stdout).toContain('-backend-config=key=envs/prod/terraform.tfstate');
    expect(init.stdout).toContain('-backend-config=region=eu-west-3');
    expect(init.stdout).toContain('-backend-config=dynamodb_table=acme-locks');

    const boot = await run('make', ['-f', makefile, '-n', 'tf-bootstrap-apply', 'AUTO_APPROVE=1'], dir, cleanEnv());
    expect(boot.stdout).toMatch(/apply -var region=eu-west-3 -var state_bucket_name=acme-genonaut-state -var dynamodb_table_name=acme-locks -auto-approve/);

    const plan = await run('make', ['-f', makefile, '-n', 'tf-plan', 'ENV=demo'], dir, cleanEnv());
    expect(plan.stdout).toContain('-var env=demo -var region=eu-west-3');

    const login = await run('make', ['-f', makefile, '-n', 'aws-login'], dir, cleanEnv());
    expect(login.stdout).toContain('aws sso login --profile team-sso');
  });

  it('refuses deployment targets when settings are missing, naming them', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'genonaut-make-empty-'));
    try {
      const res = await run('make', ['-f', makefile, 'tf-init'], empty, cleanEnv());
      expect(res.code).not.toBe(0);
      expect(res.stderr).toContain('DEPLOY_TF_STATE_BUCKET_NAME');
      expect(res.stderr).toContain('env/.env.shared');
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('env/.env.shared.example names every setting the Makefile reads', async () => {
    const example = await readFile(path.join(repoRoot, 'env/.env.shared.example'), 'utf8');
    for (const key of ['DEPLOY_AWS_REGION', 'DEPLOY_AWS_PROFILE', 'DEPLOY_TF_STATE_BUCKET_NAME', 'DEPLOY_TF_DYNAMO_DB_TABLE']) {
      expect(example).toMatch(new RegExp(`^${key}=`, 'm'));
    }
  });

  it('a server target refuses a taken port and says which process holds it', async () => {
    const blocker = net.createServer();
    const port = await listen(blocker);
    try {
      const res = await run('make', ['-f', makefile, 'comfyui-mock-dev', `COMFYUI_MOCK_PORT=${port}`], repoRoot, cleanEnv());
      expect(res.code).not.toBe(0);
      expect(res.stderr).toContain(`Cannot start comfyui-mock-dev: port ${port} is already in use by node (pid ${process.pid})`);
      const api = await run('make', ['-f', makefile, 'api-dev', `API_PORT=${port}`], repoRoot, cleanEnv());
      expect(api.code).not.toBe(0);
      expect(api.stderr).toContain(`Cannot start api-dev: port ${port} is already in use by node`);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it('port-free.sh passes a free port and rejects bad arguments', async () => {
    const probe = net.createServer();
    const port = await listen(probe);
    await new Promise((r) => probe.close(r));
    expect((await run(portFree, [String(port), 'x'], repoRoot, process.env)).code).toBe(0);
    expect((await run(portFree, ['eighty', 'x'], repoRoot, process.env)).code).toBe(2);
  });

  it('flower-dev points at the queue dashboard of the API', async () => {
    const paths: string[] = [];
    const api = http.createServer((req, res) => {
      paths.push(req.url ?? '');
      res.writeHead(req.url === '/admin/queues' ? 200 : 404).end('ok');
    });
    const port = await listen(api);
    try {
      const up = await run('make', ['-f', makefile, 'flower-dev', `API_PORT=${port}`], repoRoot, { ...cleanEnv(), DISPLAY: '' });
      expect(up.code, up.stderr).toBe(0);
      expect(up.stdout).toContain(`http://127.0.0.1:${port}/admin/queues`);
      expect(paths).toContain('/admin/queues');
    } finally {
      await new Promise((r) => api.close(r));
    }
    const down = await run('make', ['-f', makefile, 'flower-dev', `API_PORT=${port}`], repoRoot, cleanEnv());
    expect(down.code).not.toBe(0);
    expect(down.stderr).toContain('make api-dev');
  });
});
