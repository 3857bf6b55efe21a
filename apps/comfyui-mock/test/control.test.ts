import { readdir } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTextToImageWorkflow } from '../src/index.ts';
import { getJson, postJson, startHarness, waitForHistory, WsRecorder, type Harness } from './helpers.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ stepDelayMs: 20 });
});
afterEach(async () => {
  await h.stop();
});

const wf = (prompt: string, steps = 4, prefix = 'job'): ReturnType<typeof buildTextToImageWorkflow> =>
  buildTextToImageWorkflow({ prompt, steps, width: 64, height: 64, filenamePrefix: prefix });

async function submit(body: Record<string, unknown>): Promise<string> {
  const r = await postJson(`${h.mock.url}/prompt`, body);
  expect(r.status, r.text).toBe(200);
  return r.json.prompt_id;
}

describe('queue', () => {
  it('runs one prompt at a time in FIFO order and lets pending ones be deleted', async () => {
    const ws = await WsRecorder.connect(h.mock.wsUrl, 'q');
    const a = await submit({ prompt: wf('a', 10), client_id: 'q' });
    const b = await submit({ prompt: wf('b', 2), client_id: 'q' });
    const c = await submit({ prompt: wf('c', 2), client_id: 'q' });
    const d = await submit({ prompt: wf('d', 2), client_id: 'q' });
    await ws.waitFor((m) => m.type === 'progress' && m.data.prompt_id === a);

    const q = (await getJson(`${h.mock.url}/queue`)).json;
    expect(q.queue_running.map((t: unknown[]) => t[1])).toEqual([a]);
    expect(q.queue_pending.map((t: unknown[]) => t[1])).toEqual([b, c, d]);
    expect(q.queue_running[0][2]).toMatchObject({ '1': { class_type: 'CheckpointLoaderSimple' } });
    expect((await getJson(`${h.mock.url}/prompt`)).json).toEqual({ exec_info: { queue_remaining: 4 } });

    const del = await postJson(`${h.mock.url}/queue`, { delete: [c] });
    expect(del.status).toBe(200);
    expect((await getJson(`${h.mock.url}/queue`)).json.queue_pending.map((t: unknown[]) => t[1])).toEqual([b, d]);

    await ws.finished(d);
    const starts = ws.messages.filter((m) => m.type === 'execution_start').map((m) => m.data.prompt_id);
    expect(starts).toEqual([a, b, d]);
    // never overlapping: each prompt's last message comes before the next one's start
    const idx = (pid: unknown, type: string, node?: null): number =>
      ws.messages.findIndex((m) => m.type === type && m.data.prompt_id === pid && (node === undefined || m.data.node === node));
    expect(idx(a, 'executing', null)).toBeLessThan(idx(b, 'execution_start'));
    expect(idx(b, 'executing', null)).toBeLessThan(idx(d, 'execution_start'));
    expect((await getJson(`${h.mock.url}/history/${c}`)).json).toEqual({});
    expect((await getJson(`${h.mock.url}/queue`)).json).toEqual({ queue_running: [], queue_pending: [] });
    ws.close();
  });

  it('POST /queue {clear:true} empties the pending list only', async () => {
    const a = await submit({ prompt: wf('a', 20) });
    await submit({ prompt: wf('b') });
    await submit({ prompt: wf('c') });
    await postJson(`${h.mock.url}/queue`, { clear: true });
    const q = (await getJson(`${h.mock.url}/queue`)).json;
    expect(q.queue_pending).toEqual([]);
    expect(q.queue_running.map((t: unknown[]) => t[1])).toEqual([a]);
    expect((await waitForHistory(h.mock.url, a)).status.status_str).toBe('success');
  });

  it('shows a pending prompt as pending and returns {} history until it is done', async () => {
    h.mock.setStepDelayMs(50);
    const a = await submit({ prompt: wf('a', 6) });
    const b = await submit({ prompt: wf('b', 1) });
    expect((await getJson(`${h.mock.url}/history/${b}`)).json).toEqual({});
    expect((await getJson(`${h.mock.url}/queue`)).json.queue_pending.map((t: unknown[]) => t[1])).toContain(b);
    await waitForHistory(h.mock.url, a);
    expect((await waitForHistory(h.mock.url, b)).status.completed).toBe(true);
  });
});

describe('interrupt', () => {
  it('stops a hanging prompt: execution_interrupted, error status, no images; the queue moves on', async () => {
    h.mock.setFailure('hang');
    const ws = await WsRecorder.connect(h.mock.wsUrl, 'i');
    const a = await submit({ prompt: wf('hangs', 8, 'hung'), client_id: 'i' });
    await ws.waitFor((m) => m.type === 'progress' && m.data.prompt_id === a && m.data.value === 4);
    h.mock.setFailure('none');
    const b = await submit({ prompt: wf('next', 2, 'after'), client_id: 'i' });
    await new Promise((r) => setTimeout(r, 200));
    // still hanging, still running
    expect(ws.messages.filter((m) => m.type === 'progress' && m.data.prompt_id === a)).toHaveLength(4);
    expect((await getJson(`${h.mock.url}/queue`)).json.queue_running.map((t: unknown[]) => t[1])).toEqual([a]);

    // an interrupt aimed at another prompt does nothing
    await postJson(`${h.mock.url}/interrupt`, { prompt_id: b });
    await new Promise((r) => setTimeout(r, 100));
    expect((await getJson(`${h.mock.url}/history/${a}`)).json).toEqual({});

    const r = await postJson(`${h.mock.url}/interrupt`, undefined);
    expect(r.status).toBe(200);
    const msgs = await ws.finished(a);
    const types = msgs.map((m) => m.type);
    expect(types.slice(-2)).toEqual(['execution_interrupted', 'executing']);
    expect(types).not.toContain('executed');
    expect(types).not.toContain('execution_success');
    expect(msgs.find((m) => m.type === 'execution_interrupted')!.data).toMatchObject({ prompt_id: a, node_type: 'KSampler' });

    const entry = (await getJson(`${h.mock.url}/history/${a}`)).json[a];
    expect(entry.status.status_str).toBe('error');
    expect(entry.status.completed).toBe(false);
    expect(entry.status.messages.map((m: [string]) => m[0])).toContain('execution_interrupted');
    expect(entry.outputs).toEqual({});

    expect((await waitForHistory(h.mock.url, b)).status.status_str).toBe('success');
    const files = await readdir(h.dir);
    expect(files.some((f) => f.startsWith('hung'))).toBe(false);
    expect(files).toContain('after_00001_.png');
    ws.close();
  });

  it('close() ends even while a prompt hangs', async () => {
    h.mock.setFailure('hang');
    await submit({ prompt: wf('hangs') });
    await new Promise((r) => setTimeout(r, 150));
    expect(h.mock.state.running).not.toBeNull();
    // afterEach closes; bound it here so a hang fails the test instead of timing out the hook
    await Promise.race([h.mock.close(), new Promise((_, rej) => setTimeout(() => rej(new Error('close hung')), 3000))]);
  });
});

describe('failure injection', () => {
  it('reject: POST /prompt answers 500 with a ComfyUI error body, nothing is queued', async () => {
    h.mock.setFailure('reject');
    const r = await postJson(`${h.mock.url}/prompt`, { prompt: wf('x') });
    expect(r.status).toBe(500);
    expect(r.json.error).toMatchObject({ type: expect.any(String), message: expect.stringContaining('reject') });
    expect(h.mock.state.pending).toEqual([]);
    expect(h.mock.state.running).toBeNull();
    expect(h.mock.getFailure()).toBe('reject');
  });

  it('reject-once: one refusal, then normal', async () => {
    h.mock.setFailure('reject-once');
    expect((await postJson(`${h.mock.url}/prompt`, { prompt: wf('x') })).status).toBe(500);
    expect((await postJson(`${h.mock.url}/prompt`, { prompt: wf('x') })).status).toBe(200);
    expect(h.mock.getFailure()).toBe('none');
  });

  it('fail: the run stops mid-sampling with execution_error and an error history entry', async () => {
    h.mock.setFailure('fail');
    const ws = await WsRecorder.connect(h.mock.wsUrl, 'f');
    const id = await submit({ prompt: wf('boom', 6, 'failed'), client_id: 'f' });
    const msgs = await ws.finished(id);
    const progress = msgs.filter((m) => m.type === 'progress').map((m) => m.data.value);
    expect(progress).toEqual([1, 2]);
    const err = msgs.find((m) => m.type === 'execution_error')!;
    expect(err.data).toMatchObject({ prompt_id: id, node_type: 'KSampler', exception_message: expect.stringContaining('injected'), traceback: [] });
    expect(msgs.map((m) => m.type)).not.toContain('execution_success');
    const entry = await waitForHistory(h.mock.url, id);
    expect(entry.status).toMatchObject({ status_str: 'error', completed: false });
    expect(entry.status.messages.at(-1)[0]).toBe('execution_error');
    expect(entry.outputs).toEqual({});
    expect((await readdir(h.dir)).some((f) => f.startsWith('failed'))).toBe(false);
    ws.close();
  });

  it('fail-once: the next prompt fails, the one after succeeds', async () => {
    h.mock.setStepDelayMs(0);
    h.mock.setFailure('fail-once');
    const a = await submit({ prompt: wf('a') });
    const b = await submit({ prompt: wf('b') });
    expect((await waitForHistory(h.mock.url, a)).status.status_str).toBe('error');
    expect((await waitForHistory(h.mock.url, b)).status.status_str).toBe('success');
    expect(h.mock.getFailure()).toBe('none');
  });

  it('hang: never finishes on its own', async () => {
    h.mock.setStepDelayMs(0);
    h.mock.setFailure('hang');
    const a = await submit({ prompt: wf('a', 4) });
    await new Promise((r) => setTimeout(r, 400));
    expect((await getJson(`${h.mock.url}/history/${a}`)).json).toEqual({});
    expect(h.mock.state.running).toBe(a);
    await postJson(`${h.mock.url}/interrupt`, {});
    expect((await waitForHistory(h.mock.url, a)).status.status_str).toBe('error');
  });

  it('unavailable: the ComfyUI API answers 503 and refuses sockets; /mock/* still works; recovery is immediate', async () => {
    const r1 = await postJson(`${h.mock.url}/mock/failure`, { mode: 'unavailable' });
    expect(r1).toMatchObject({ status: 200, json: { mode: 'unavailable' } });
    expect((await fetch(`${h.mock.url}/system_stats`)).status).toBe(503);
    expect((await postJson(`${h.mock.url}/prompt`, { prompt: wf('x') })).status).toBe(503);
    await expect(WsRecorder.connect(h.mock.wsUrl, 'u')).rejects.toThrow(/503/);
    expect((await getJson(`${h.mock.url}/mock/state`)).json.failure).toBe('unavailable');
    expect((await postJson(`${h.mock.url}/mock/failure`, { mode: 'none' })).status).toBe(200);
    expect((await fetch(`${h.mock.url}/system_stats`)).status).toBe(200);
  });

  it('per-prompt failure through extra_data.mock_failure, and bad modes refused', async () => {
    h.mock.setStepDelayMs(0);
    const a = await submit({ prompt: wf('a'), extra_data: { mock_failure: 'fail' } });
    const b = await submit({ prompt: wf('b') });
    expect((await waitForHistory(h.mock.url, a)).status.status_str).toBe('error');
    expect((await waitForHistory(h.mock.url, b)).status.status_str).toBe('success');
    expect((await postJson(`${h.mock.url}/mock/failure`, { mode: 'explode' })).status).toBe(400);
    expect(() => h.mock.setFailure('explode' as never)).toThrow();
  });

  it('the start-up option sets the initial mode, and /mock/config changes the step delay', async () => {
    const other = await startHarness({ failure: 'reject' });
    try {
      expect((await postJson(`${other.mock.url}/prompt`, { prompt: wf('x') })).status).toBe(500);
      const cfg = await postJson(`${other.mock.url}/mock/config`, { stepDelayMs: 7 });
      expect(cfg.json).toMatchObject({ stepDelayMs: 7, failure: 'reject' });
      expect(other.mock.state.stepDelayMs).toBe(7);
    } finally {
      await other.stop();
    }
  });

  it('POST /reset drops queue and history', async () => {
    h.mock.setStepDelayMs(0);
    const a = await submit({ prompt: wf('a') });
    await waitForHistory(h.mock.url, a);
    const r = await postJson(`${h.mock.url}/reset`, {});
    expect(r.status).toBe(200);
    expect((await getJson(`${h.mock.url}/history`)).json).toEqual({});
  });
});
