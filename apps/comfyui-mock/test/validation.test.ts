import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTextToImageWorkflow } from '../src/index.ts';
import { getJson, postJson, startHarness, waitForHistory, type Harness } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ checkpoints: ['only_this.safetensors'], loras: ['style_a.safetensors'] });
});
afterAll(async () => {
  await h.stop();
});

const good = (): ReturnType<typeof buildTextToImageWorkflow> =>
  buildTextToImageWorkflow({ prompt: 'ok', checkpoint: 'only_this.safetensors', steps: 2, width: 64, height: 64 });

describe('POST /prompt validation (ComfyUI error shape)', () => {
  it('accepts a valid graph', async () => {
    const r = await postJson(`${h.mock.url}/prompt`, { prompt: good() });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ prompt_id: expect.any(String), number: expect.any(Number), node_errors: {} });
  });

  it('missing prompt → 400 no_prompt', async () => {
    const r = await postJson(`${h.mock.url}/prompt`, { client_id: 'x' });
    expect(r.status).toBe(400);
    expect(r.json.error.type).toBe('no_prompt');
  });

  it('malformed JSON → 400', async () => {
    const res = await fetch(`${h.mock.url}/prompt`, { method: 'POST', body: '{"prompt":' });
    expect(res.status).toBe(400);
  });

  it('unknown class_type → 400 invalid_prompt naming the node', async () => {
    const g = good();
    g['99'] = { class_type: 'UpscaleWithMagic', inputs: {} };
    const r = await postJson(`${h.mock.url}/prompt`, { prompt: g });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ type: 'invalid_prompt', message: expect.stringContaining('UpscaleWithMagic'), details: "Node ID '#99'" });
    expect(r.json).toHaveProperty('node_errors');
  });

  it('no output node → 400 prompt_no_outputs', async () => {
    const g = good();
    delete g['7'];
    const r = await postJson(`${h.mock.url}/prompt`, { prompt: g });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ type: 'prompt_no_outputs', message: 'Prompt has no outputs' });
  });

  it('unknown checkpoint → 400 with value_not_in_list in node_errors', async () => {
    const g = good();
    g['1'].inputs.ckpt_name = 'missing.safetensors';
    const r = await postJson(`${h.mock.url}/prompt`, { prompt: g });
    expect(r.status).toBe(400);
    expect(r.json.error.type).toBe('prompt_outputs_failed_validation');
    expect(r.json.node_errors['1']).toMatchObject({
      class_type: 'CheckpointLoaderSimple',
      dependent_outputs: ['7'],
      errors: [{ type: 'value_not_in_list', details: expect.stringContaining('missing.safetensors'), extra_info: { input_name: 'ckpt_name' } }],
    });
  });

  it('unknown LoRA → 400', async () => {
    const g = buildTextToImageWorkflow({ prompt: 'x', checkpoint: 'only_this.safetensors', loras: [{ name: 'nope.safetensors' }] });
    const r = await postJson(`${h.mock.url}/prompt`, { prompt: g });
    expect(r.status).toBe(400);
    expect(r.json.node_errors['2'].errors[0]).toMatchObject({ type: 'value_not_in_list', extra_info: { input_name: 'lora_name' } });
    const ok = buildTextToImageWorkflow({ prompt: 'x', checkpoint: 'only_this.safetensors', loras: [{ name: 'style_a.safetensors' }], steps: 1, width: 64, height: 64 });
    expect((await postJson(`${h.mock.url}/prompt`, { prompt: ok })).status).toBe(200);
  });

  it('missing required input, out-of-range numbers, bad sampler, wrong link type', async () => {
    const g = good();
    delete g['2'].inputs.text;
    g['5'].inputs.steps = 0;
    g['5'].inputs.sampler_name = 'warp_drive';
    g['4'].inputs.width = 100000;
    g['6'].inputs.vae = ['1', 0]; // MODEL into a VAE socket
    const r = await postJson(`${h.mock.url}/prompt`, { prompt: g });
    expect(r.status).toBe(400);
    const types = (id: string): string[] => r.json.node_errors[id].errors.map((e: { type: string }) => e.type);
    expect(types('2')).toEqual(['required_input_missing']);
    expect(types('5')).toEqual(expect.arrayContaining(['value_smaller_than_min', 'value_not_in_list']));
    expect(types('4')).toEqual(['value_bigger_than_max']);
    expect(types('6')).toEqual(['return_type_mismatch']);
  });

  it('links to missing nodes and non-numeric values are refused', async () => {
    const g = good();
    g['5'].inputs.positive = ['42', 0];
    g['5'].inputs.cfg = 'lots';
    const r = await postJson(`${h.mock.url}/prompt`, { prompt: g });
    expect(r.status).toBe(400);
    const types = r.json.node_errors['5'].errors.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['bad_linked_input', 'invalid_input_type']));
  });

  it('acceptAnyModel lets any checkpoint / LoRA name through', async () => {
    const any = await startHarness({ acceptAnyModel: true });
    try {
      const g = buildTextToImageWorkflow({ prompt: 'x', checkpoint: 'checkpoints/whatever.safetensors', loras: [{ name: 'foo.pt' }], steps: 1, width: 64, height: 64 });
      const r = await postJson(`${any.mock.url}/prompt`, { prompt: g });
      expect(r.status).toBe(200);
      expect((await waitForHistory(any.mock.url, r.json.prompt_id)).status.status_str).toBe('success');
    } finally {
      await any.stop();
    }
  });
});

/** Raw GET so that the path reaches the server exactly as written (fetch would normalise it). */
function rawGet(url: string, pathAndQuery: string): Promise<number> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path: pathAndQuery, method: 'GET' }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('GET /view', () => {
  let secretDir: string;
  beforeAll(async () => {
    // a file next to the output dir that must never be reachable, and a symlink pointing at it
    secretDir = path.join(os.tmpdir(), `comfyui-mock-secret-${process.pid}`);
    await mkdir(secretDir, { recursive: true });
    await writeFile(path.join(secretDir, 'secret.png'), 'top secret');
    await writeFile(path.join(path.dirname(h.dir), 'outside.png'), 'outside');
    await symlink(secretDir, path.join(h.dir, 'link'));
    await mkdir(path.join(h.dir, 'sub'), { recursive: true });
    await writeFile(path.join(h.dir, 'sub', 'inside.png'), 'inside');
  });
  afterAll(async () => {
    await rm(secretDir, { recursive: true, force: true });
    await rm(path.join(path.dirname(h.dir), 'outside.png'), { force: true });
  });

  it('serves a file inside the output dir, 404 when missing', async () => {
    const ok = await fetch(`${h.mock.url}/view?filename=inside.png&subfolder=sub&type=output`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('inside');
    expect((await fetch(`${h.mock.url}/view?filename=nope.png&type=output`)).status).toBe(404);
    expect((await fetch(`${h.mock.url}/view?filename=inside.png&subfolder=sub&type=input`)).status).toBe(404);
    expect((await fetch(`${h.mock.url}/view?filename=sub&type=output`)).status).toBe(404); // a directory
  });

  it.each([
    ['filename=..%2Foutside.png'],
    ['filename=outside.png&subfolder=..'],
    ['filename=outside.png&subfolder=sub%2F..%2F..'],
    ['filename=..%5Coutside.png'],
    ['filename=%252e%252e%252foutside.png'],
    ['filename=outside.png&subfolder=%252e%252e'],
    ['filename=C%3A%5Cwindows%5Cwin.ini'],
    ['filename=%2Fetc%2Fpasswd'],
    ['filename=passwd&subfolder=%2Fetc'],
    ['filename=secret.png&subfolder=link'],
    ['filename=inside.png%00.png&subfolder=sub'],
    ['filename='],
  ])('refuses %s', async (query) => {
    const status = await rawGet(h.mock.url, `/view?${query}&type=output`);
    expect([400, 403, 404]).toContain(status);
    expect(status).not.toBe(200);
  });

  it('refuses dot segments in the request path itself', async () => {
    expect(await rawGet(h.mock.url, '/view/../../etc/passwd')).not.toBe(200);
    expect(await rawGet(h.mock.url, '/%2e%2e/%2e%2e/etc/passwd')).not.toBe(200);
  });

  it('the symlink escape is refused with 403 specifically', async () => {
    expect(await rawGet(h.mock.url, '/view?filename=secret.png&subfolder=link&type=output')).toBe(403);
  });
});

describe('ws endpoint', () => {
  it('unknown upgrade path is refused', async () => {
    const { default: WebSocket } = await import('ws');
    const ws = new WebSocket(`${h.mock.wsUrl.replace('/ws', '/nope')}`);
    const code = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(-1));
    });
    expect(code).toBe(404);
  });

  it('history endpoint is also reachable under /api', async () => {
    expect((await getJson(`${h.mock.url}/api/history/none`)).json).toEqual({});
  });
});
