import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTextToImageWorkflow, renderPng } from '../src/index.ts';
import { getJson, postJson, startHarness, waitForHistory, WsRecorder, type Harness } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ stepDelayMs: 5 });
});
afterAll(async () => {
  await h.stop();
});

async function submit(body: unknown): Promise<string> {
  const r = await postJson(`${h.mock.url}/prompt`, body);
  expect(r.status, r.text).toBe(200);
  return r.json.prompt_id as string;
}

async function viewBytes(img: { filename: string; subfolder: string; type: string }): Promise<Buffer> {
  const q = new URLSearchParams({ filename: img.filename, subfolder: img.subfolder, type: img.type });
  const res = await fetch(`${h.mock.url}/view?${q}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/png');
  return Buffer.from(await res.arrayBuffer());
}

describe('a prompt from submission to image', () => {
  it('streams ComfyUI messages in order, records history and serves real PNGs', async () => {
    const ws = await WsRecorder.connect(h.mock.wsUrl, 'client-a');
    const other = await WsRecorder.connect(h.mock.wsUrl, 'client-b');
    const first = await ws.waitFor((m) => m.type === 'status');
    expect(first.data).toEqual({ status: { exec_info: { queue_remaining: 0 } }, sid: 'client-a' });

    const wf = buildTextToImageWorkflow({
      prompt: 'a lighthouse on a cliff at sunset',
      steps: 6,
      width: 320,
      height: 256,
      batchSize: 3,
      filenamePrefix: 'gen_job_1',
      loras: [{ name: 'test_lora.safetensors' }],
    });
    const saveId = Object.keys(wf).find((k) => wf[k].class_type === 'SaveImage')!;
    const samplerId = Object.keys(wf).find((k) => wf[k].class_type === 'KSampler')!;
    const res = await postJson(`${h.mock.url}/prompt`, { prompt: wf, client_id: 'client-a' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ number: expect.any(Number), node_errors: {} });
    const id = res.json.prompt_id as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    const msgs = await ws.finished(id);
    const types = msgs.map((m) => m.type);
    expect(types[0]).toBe('execution_start');
    expect(types[1]).toBe('execution_cached');
    expect(types.slice(-2)).toEqual(['execution_success', 'executing']);
    const progress = msgs.filter((m) => m.type === 'progress').map((m) => m.data);
    expect(progress).toEqual([1, 2, 3, 4, 5, 6].map((value) => ({ value, max: 6, prompt_id: id, node: samplerId })));
    // every node is announced once, in dependency order, before its progress / output
    const executing = msgs.filter((m) => m.type === 'executing' && m.data.node !== null).map((m) => m.data.node);
    expect(executing).toHaveLength(Object.keys(wf).length);
    expect(executing.indexOf(samplerId)).toBeLessThan(executing.indexOf(saveId));
    expect(types.indexOf('progress')).toBeGreaterThan(msgs.findIndex((m) => m.type === 'executing' && m.data.node === samplerId));
    const executed = msgs.find((m) => m.type === 'executed')!;
    expect(executed.data.node).toBe(saveId);
    const images = (executed.data.output as { images: { filename: string; subfolder: string; type: string }[] }).images;
    expect(images.map((i) => i.filename)).toEqual(['gen_job_1_00001_.png', 'gen_job_1_00002_.png', 'gen_job_1_00003_.png']);
    expect(images.every((i) => i.subfolder === '' && i.type === 'output')).toBe(true);

    // Another client sees the queue status broadcasts but none of this prompt's progress.
    expect(other.messages.some((m) => m.type === 'status')).toBe(true);
    expect(other.messages.some((m) => m.data.prompt_id === id)).toBe(false);

    const { json: hist } = await getJson(`${h.mock.url}/history/${id}`);
    const entry = hist[id];
    expect(entry.status).toMatchObject({ status_str: 'success', completed: true });
    expect(entry.status.messages.map((m: [string, unknown]) => m[0])).toEqual(['execution_start', 'execution_cached', 'execution_success']);
    expect(entry.outputs[saveId].images).toEqual(images);
    expect(entry.prompt[1]).toBe(id);
    expect(entry.prompt[2]).toEqual(wf);
    expect(entry.prompt[3]).toMatchObject({ client_id: 'client-a' });
    expect(entry.prompt[4]).toEqual([saveId]);
    expect(entry.meta[saveId]).toMatchObject({ node_id: saveId });

    const buffers = await Promise.all(images.map(viewBytes));
    for (const b of buffers) {
      const meta = await sharp(b).metadata();
      expect(meta).toMatchObject({ format: 'png', width: 320, height: 256 });
      // real picture, not a flat fill
      const stats = await sharp(b).stats();
      expect(stats.channels.some((c) => c.stdev > 10)).toBe(true);
    }
    // batch items are variations, and the bytes on disk are what /view served
    expect(buffers[0].equals(buffers[1])).toBe(false);
    expect((await readFile(path.join(h.dir, images[0].filename))).equals(buffers[0])).toBe(true);

    // the counter continues per prefix, like ComfyUI's SaveImage
    const id2 = await submit({ prompt: buildTextToImageWorkflow({ prompt: 'x', steps: 1, width: 64, height: 64, filenamePrefix: 'gen_job_1' }) });
    const e2 = await waitForHistory(h.mock.url, id2);
    expect(e2.outputs['7'].images[0].filename).toBe('gen_job_1_00004_.png');
    const id3 = await submit({ prompt: buildTextToImageWorkflow({ prompt: 'x', steps: 1, width: 64, height: 64, filenamePrefix: 'other' }) });
    expect((await waitForHistory(h.mock.url, id3)).outputs['7'].images[0].filename).toBe('other_00001_.png');
    ws.close();
    other.close();
  });

  it('broadcasts to every socket when the prompt has no client_id', async () => {
    const ws = await WsRecorder.connect(h.mock.wsUrl);
    const hello = await ws.waitFor((m) => m.type === 'status');
    expect(typeof hello.data.sid).toBe('string');
    const id = await submit({ prompt: buildTextToImageWorkflow({ prompt: 'broadcast', steps: 2, width: 64, height: 64 }) });
    const msgs = await ws.finished(id);
    expect(msgs.filter((m) => m.type === 'progress')).toHaveLength(2);
    ws.close();
  });

  it('puts subfolders from filename_prefix into the image reference and /view', async () => {
    const id = await submit({ prompt: buildTextToImageWorkflow({ prompt: 'sub', steps: 1, width: 64, height: 48, filenamePrefix: 'users/u1/gen' }) });
    const entry = await waitForHistory(h.mock.url, id);
    const img = entry.outputs['7'].images[0];
    expect(img).toEqual({ filename: 'gen_00001_.png', subfolder: 'users/u1', type: 'output' });
    const meta = await sharp(await viewBytes(img)).metadata();
    expect([meta.width, meta.height]).toEqual([64, 48]);
  });

  it('refuses to save outside the output folder (execution_error, no file)', async () => {
    const ws = await WsRecorder.connect(h.mock.wsUrl, 'esc');
    const id = await submit({
      prompt: buildTextToImageWorkflow({ prompt: 'escape', steps: 1, width: 64, height: 64, filenamePrefix: '../escape' }),
      client_id: 'esc',
    });
    const msgs = await ws.finished(id);
    const err = msgs.find((m) => m.type === 'execution_error')!;
    expect(err.data).toMatchObject({ node_type: 'SaveImage', exception_message: expect.stringContaining('outside the output folder') });
    const entry = await waitForHistory(h.mock.url, id);
    expect(entry.status).toMatchObject({ status_str: 'error', completed: false });
    expect(await readdir(path.dirname(h.dir))).not.toContain('escape_00001_.png');
    ws.close();
  });
});

describe('deterministic pictures', () => {
  const run = async (prompt: string, seed: number, prefix: string): Promise<Buffer> => {
    const id = await submit({ prompt: buildTextToImageWorkflow({ prompt, seed, steps: 1, width: 256, height: 192, filenamePrefix: prefix }) });
    const entry = await waitForHistory(h.mock.url, id);
    return viewBytes(entry.outputs['7'].images[0]);
  };

  it('same prompt + seed gives identical bytes; another prompt or seed gives different ones', async () => {
    const a1 = await run('a red fox in the snow', 42, 'det_a');
    const a2 = await run('a red fox in the snow', 42, 'det_b');
    const b = await run('a blue whale in deep water', 42, 'det_c');
    const c = await run('a red fox in the snow', 43, 'det_d');
    expect(a1.equals(a2)).toBe(true);
    expect(a1.equals(b)).toBe(false);
    expect(a1.equals(c)).toBe(false);
    // visibly different, not just a few bytes: compare mean colours
    const mean = async (buf: Buffer): Promise<number[]> => (await sharp(buf).stats()).channels.slice(0, 3).map((ch) => ch.mean);
    const [ma, mb] = [await mean(a1), await mean(b)];
    const dist = Math.hypot(ma[0] - mb[0], ma[1] - mb[1], ma[2] - mb[2]);
    expect(dist).toBeGreaterThan(5);
  });

  it('renders 512×512 fast enough for interactive use', async () => {
    await renderPng({ prompt: 'warm-up', seed: 1, width: 512, height: 512 });
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await renderPng({ prompt: `timing ${i}`, seed: i, width: 512, height: 512 });
      times.push(performance.now() - t);
    }
    times.sort((x, y) => x - y);
    // ~50–70 ms on an idle core; the bound is loose because the test machine is shared.
    expect(times[1]).toBeLessThan(400);
  });
});

describe('read-only endpoints', () => {
  it('GET /history honours max_items and returns the newest entries', async () => {
    const all = (await getJson(`${h.mock.url}/history`)).json;
    const ids = Object.keys(all);
    expect(ids.length).toBeGreaterThan(2);
    const last = (await getJson(`${h.mock.url}/history?max_items=2`)).json;
    expect(Object.keys(last)).toEqual(ids.slice(-2));
    expect((await getJson(`${h.mock.url}/history/does-not-exist`)).json).toEqual({});
  });

  it('GET /object_info lists models, samplers and schedulers the ComfyUI way', async () => {
    const { status, json } = await getJson(`${h.mock.url}/object_info`);
    expect(status).toBe(200);
    expect(json.CheckpointLoaderSimple.input.required.ckpt_name[0]).toEqual(h.mock.state.checkpoints);
    expect(json.LoraLoader.input.required.lora_name[0]).toEqual(h.mock.state.loras);
    expect(json.KSampler.input.required.sampler_name[0]).toContain('euler');
    expect(json.KSampler.input.required.scheduler[0]).toContain('karras');
    expect(json.SaveImage.output_node).toBe(true);
    const one = (await getJson(`${h.mock.url}/object_info/KSampler`)).json;
    expect(Object.keys(one)).toEqual(['KSampler']);
    expect((await getJson(`${h.mock.url}/api/object_info/Nope`)).json).toEqual({});
  });

  it('GET /system_stats has system and devices', async () => {
    const { status, json } = await getJson(`${h.mock.url}/system_stats`);
    expect(status).toBe(200);
    expect(json.system).toMatchObject({ os: expect.any(String), comfyui_version: expect.any(String), ram_total: expect.any(Number) });
    expect(json.devices[0]).toMatchObject({ name: expect.any(String), type: expect.any(String), vram_total: expect.any(Number) });
    expect((await getJson(`${h.mock.url}/nope`)).status).toBe(404);
  });
});
