import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTextToImageWorkflow } from '../src/index.ts';
import { postJson, waitForHistory } from './helpers.ts';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let child: ChildProcess | null = null;
let dir = '';

afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = null;
  if (dir) await rm(dir, { recursive: true, force: true });
});

function waitForLine(proc: ChildProcess, re: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`no line matching ${re} in: ${buf}`)), timeoutMs);
    proc.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const m = re.exec(buf);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    proc.once('exit', (code) => reject(new Error(`exited with ${code}: ${buf}`)));
  });
}

describe('standalone server (src/main.ts)', () => {
  it('starts the standard way, generates an image, and stops on SIGTERM with exit code 0', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'comfyui-mock-cli-'));
    const out = path.join(dir, 'out');
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--port', '0', '--step-delay-ms', '1', '--output-dir', out], {
      cwd: appDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [, url] = await waitForLine(child, /listening on (http:\/\/[^\s]+)/);
    const stats = await fetch(`${url}/system_stats`);
    expect(stats.status).toBe(200);
    const r = await postJson(`${url}/prompt`, { prompt: buildTextToImageWorkflow({ prompt: 'cli', steps: 2, width: 64, height: 64, filenamePrefix: 'cli' }) });
    expect(r.status).toBe(200);
    expect((await waitForHistory(url, r.json.prompt_id)).status.status_str).toBe('success');
    expect(await readdir(out)).toEqual(['cli_00001_.png']);

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    await expect(fetch(`${url}/system_stats`)).rejects.toThrow();
  });

  it('refuses bad options with exit code 2', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--failure', 'explode'], { cwd: appDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child!.once('exit', (c) => resolve(c)));
    expect(code).toBe(2);
    expect(err).toContain('--failure must be one of');
  });
});
