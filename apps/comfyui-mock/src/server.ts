/**
 * A ComfyUI-compatible HTTP + WebSocket server that "generates" real PNG images.
 *
 * Speaks the parts of ComfyUI's API that clients use: POST /prompt (validated like ComfyUI),
 * /queue, /interrupt, /history, /view, /object_info, /system_stats, /models and the /ws progress
 * socket. Prompts run one at a time in FIFO order; a KSampler node reports one `progress` message
 * per step, spaced by `stepDelayMs`, and SaveImage writes deterministic pictures (see image.ts).
 * Failures can be injected at start-up, at run time (`setFailure`) or over HTTP (/mock/failure).
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, realpath, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { renderPng } from './image.ts';
import { executionOrder, isLink, nodeDefinitions, validatePrompt, type NodeDef, type NodeErrors, type PromptGraph } from './nodes.ts';

export const FAILURE_MODES = ['none', 'reject', 'reject-once', 'fail', 'fail-once', 'hang', 'unavailable'] as const;
export type FailureMode = (typeof FAILURE_MODES)[number];

export function isFailureMode(v: unknown): v is FailureMode {
  return typeof v === 'string' && (FAILURE_MODES as readonly string[]).includes(v);
}

export const DEFAULT_CHECKPOINTS = [
  'base_model.safetensors',
  'test_checkpoint.safetensors',
  'mock_model_v1.ckpt',
  'illustriousXL_v01.safetensors',
  'sd_xl_base_1.0.safetensors',
];
export const DEFAULT_LORAS = ['test_lora.safetensors', 'mock_lora_v1.safetensors', 'add_detail.safetensors', 'watercolor_style.safetensors'];

export interface ComfyMockOptions {
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** Port; 0 picks a free one. Default 8189. */
  port?: number;
  /** Delay between two sampler steps, in ms (0 = as fast as possible). Default 40. */
  stepDelayMs?: number;
  /** Where SaveImage writes (created if missing). */
  outputDir: string;
  /** Checkpoint names listed by /object_info and accepted by CheckpointLoaderSimple. */
  checkpoints?: string[];
  /** LoRA names listed by /object_info and accepted by LoraLoader. */
  loras?: string[];
  /** Accept any non-empty checkpoint/LoRA name instead of only the listed ones. Default false. */
  acceptAnyModel?: boolean;
  /** Failure mode at start. Default 'none'. */
  failure?: FailureMode;
  /** Print the prompt as a small caption on each picture. Default false. */
  caption?: boolean;
  /** Log sink (one line per event). Default: silent. */
  log?: (line: string) => void;
}

export interface ImageRef {
  filename: string;
  subfolder: string;
  type: 'output';
}

export type StatusMessage = [string, Record<string, unknown>];

export interface HistoryEntry {
  prompt: [number, string, PromptGraph, Record<string, unknown>, string[]];
  outputs: Record<string, { images: ImageRef[] }>;
  status: { status_str: 'success' | 'error'; completed: boolean; messages: StatusMessage[] };
  meta: Record<string, { node_id: string; display_node: string; parent_node: null; real_node_id: string }>;
}

export interface WsMessage {
  type: string;
  data: Record<string, unknown>;
}

export interface ComfyMockState {
  failure: FailureMode;
  stepDelayMs: number;
  running: string | null;
  pending: string[];
  history: string[];
  checkpoints: string[];
  loras: string[];
  clients: number;
}

export interface ComfyMock {
  /** Base URL, e.g. http://127.0.0.1:8189 */
  url: string;
  /** WebSocket URL without clientId, e.g. ws://127.0.0.1:8189/ws */
  wsUrl: string;
  host: string;
  port: number;
  outputDir: string;
  /** A snapshot of the queue, history ids and settings. */
  readonly state: ComfyMockState;
  setFailure(mode: FailureMode): void;
  getFailure(): FailureMode;
  setStepDelayMs(ms: number): void;
  /** The finished history entry for a prompt, or undefined while unknown/pending/running. */
  getHistory(promptId: string): HistoryEntry | undefined;
  /** Every WebSocket message the mock sends (clientId null = broadcast). Returns an unsubscribe function. */
  onMessage(listener: (msg: WsMessage, clientId: string | null) => void): () => void;
  /** Interrupt the running prompt, drop pending ones and forget the history (files stay). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

interface Job {
  id: string;
  number: number;
  graph: PromptGraph;
  extra: Record<string, unknown>;
  clientId: string | null;
  outputs: string[];
  failure: FailureMode | null;
  abort: AbortController;
}

class Interrupted extends Error {}
class NodeFailure extends Error {
  constructor(
    message: string,
    readonly exceptionType: string,
  ) {
    super(message);
  }
}

const JSON_LIMIT = 10 * 1024 * 1024;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Interrupted());
    const done = (): void => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    };
    const timer = ms > 0 ? setTimeout(done, ms) : setImmediate(done);
    const onAbort = (): void => {
      if (ms > 0) clearTimeout(timer as NodeJS.Timeout);
      else clearImmediate(timer as NodeJS.Immediate);
      reject(new Interrupted());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function waitForAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) return reject(new Interrupted());
    signal.addEventListener('abort', () => reject(new Interrupted()), { once: true });
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendEmpty(res: ServerResponse, status = 200): void {
  res.writeHead(status, { 'content-length': 0 });
  res.end();
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

class BadJson extends Error {}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > JSON_LIMIT) throw new BadJson('request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new BadJson('invalid JSON body');
  }
}

/** True for a name that is safe as a path segment list inside a base directory. */
function unsafePathPart(part: string, allowSlash: boolean): boolean {
  if (part.includes('\0') || part.includes('\\')) return true;
  if (/%(2e|2f|5c|00|25)/i.test(part)) return true; // still-encoded (double-encoded) separators or dots
  if (path.isAbsolute(part) || /^[a-zA-Z]:/.test(part)) return true;
  const segments = part.split('/');
  if (!allowSlash && segments.length > 1) return true;
  return segments.some((s) => s === '..' || s === '.');
}

function contentType(file: string): string {
  const ext = path.extname(file).toLowerCase();
  return (
    { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp', '.gif': 'image/gif' }[ext] ?? 'application/octet-stream'
  );
}

/** Generation parameters feeding one SaveImage node (follows the links back to the sampler). */
interface GenParams {
  text: string;
  seed: number;
  width: number;
  height: number;
  batch: number;
}

function traceParams(graph: PromptGraph, saveId: string): GenParams {
  const p: GenParams = { text: '', seed: 0, width: 512, height: 512, batch: 1 };
  const follow = (v: unknown): PromptGraph[string] | undefined => (isLink(v) ? graph[String(v[0])] : undefined);
  let node = follow(graph[saveId]?.inputs.images);
  for (let hops = 0; node && hops < 16 && node.class_type !== 'KSampler'; hops++) {
    node = follow(node.inputs.samples ?? node.inputs.images ?? node.inputs.latent_image);
  }
  if (!node) return p;
  p.seed = Number(node.inputs.seed ?? 0);
  const positive = follow(node.inputs.positive);
  if (positive && typeof positive.inputs.text === 'string') p.text = positive.inputs.text;
  else if (positive && typeof positive.inputs.text === 'number') p.text = String(positive.inputs.text);
  const latent = follow(node.inputs.latent_image);
  if (latent?.class_type === 'EmptyLatentImage') {
    p.width = Number(latent.inputs.width ?? 512);
    p.height = Number(latent.inputs.height ?? 512);
    p.batch = Number(latent.inputs.batch_size ?? 1);
  }
  return p;
}

export async function startComfyMock(options: ComfyMockOptions): Promise<ComfyMock> {
  const host = options.host ?? '127.0.0.1';
  const outputDir = path.resolve(options.outputDir);
  await mkdir(outputDir, { recursive: true });
  const realOutputDir = await realpath(outputDir);
  const checkpoints = [...(options.checkpoints ?? DEFAULT_CHECKPOINTS)];
  const loras = [...(options.loras ?? DEFAULT_LORAS)];
  const defs: Record<string, NodeDef> = nodeDefinitions(checkpoints, loras);
  const log = options.log ?? ((): void => {});
  let failure: FailureMode = options.failure ?? 'none';
  let stepDelayMs = Math.max(0, options.stepDelayMs ?? 40);
  if (!isFailureMode(failure)) throw new Error(`unknown failure mode: ${String(failure)}`);

  const pending: Job[] = [];
  let running: Job | null = null;
  let runPromise: Promise<void> | null = null;
  const history = new Map<string, HistoryEntry>();
  let nextNumber = 0;
  let closing = false;
  const events = new EventEmitter();
  const sockets = new Map<string, Set<WebSocket>>();

  // --- WebSocket ----------------------------------------------------------------------------
  const send = (type: string, data: Record<string, unknown>, clientId: string | null): void => {
    const msg: WsMessage = { type, data };
    events.emit('message', msg, clientId);
    const text = JSON.stringify(msg);
    const targets = clientId === null ? [...sockets.values()].flatMap((s) => [...s]) : [...(sockets.get(clientId) ?? [])];
    for (const ws of targets) if (ws.readyState === WebSocket.OPEN) ws.send(text);
  };
  const queueRemaining = (): number => pending.length + (running ? 1 : 0);
  const broadcastStatus = (): void => send('status', { status: { exec_info: { queue_remaining: queueRemaining() } } }, null);

  // --- Execution ------------------------------------------------------------------------------
  const consumeFailure = (job: Job): FailureMode => {
    if (job.failure) return job.failure;
    if (failure === 'fail-once') {
      failure = 'none';
      return 'fail';
    }
    return failure;
  };

  async function saveImages(job: Job, nodeId: string): Promise<ImageRef[]> {
    const node = job.graph[nodeId];
    const params = traceParams(job.graph, nodeId);
    const rawPrefix = typeof node.inputs.filename_prefix === 'string' && node.inputs.filename_prefix !== '' ? node.inputs.filename_prefix : 'ComfyUI';
    const prefix = rawPrefix.replace(/%batch_num%/g, '0');
    const subfolder = path.posix.dirname(prefix) === '.' ? '' : path.posix.dirname(prefix);
    const base = path.posix.basename(prefix);
    if (unsafePathPart(prefix, true) || base === '' || base === '..') {
      throw new NodeFailure(`Saving image outside the output folder is not allowed.\n full_output_folder: ${prefix}`, 'Exception');
    }
    const folder = path.join(outputDir, subfolder);
    if (path.relative(outputDir, folder).startsWith('..')) {
      throw new NodeFailure('Saving image outside the output folder is not allowed.', 'Exception');
    }
    await mkdir(folder, { recursive: true });
    const re = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}_(\\d{5,})_`);
    let counter = 1;
    for (const f of await readdir(folder)) {
      const m = re.exec(f);
      if (m) counter = Math.max(counter, Number(m[1]) + 1);
    }
    const images: ImageRef[] = [];
    for (let i = 0; i < params.batch; i++) {
      if (job.abort.signal.aborted) throw new Interrupted();
      const png = await renderPng({
        prompt: params.text,
        seed: params.seed,
        width: params.width,
        height: params.height,
        index: i,
        caption: options.caption ?? false,
      });
      for (;;) {
        const filename = `${base}_${String(counter).padStart(5, '0')}_.png`;
        counter++;
        try {
          await writeFile(path.join(folder, filename), png, { flag: 'wx' });
          images.push({ filename, subfolder, type: 'output' });
          break;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        }
      }
    }
    return images;
  }

  async function execute(job: Job): Promise<void> {
    const pid = job.id;
    const messages: StatusMessage[] = [];
    const outputs: HistoryEntry['outputs'] = {};
    const executed: string[] = [];
    const meta: HistoryEntry['meta'] = {};
    const emit = (type: string, data: Record<string, unknown>, record = false): void => {
      if (record) messages.push([type, data]);
      send(type, data, job.clientId);
    };
    const finish = (ok: boolean, completed: boolean): void => {
      history.set(pid, {
        prompt: [job.number, pid, job.graph, job.extra, job.outputs],
        outputs,
        status: { status_str: ok ? 'success' : 'error', completed, messages },
        meta,
      });
    };
    const mode = consumeFailure(job);
    let current = '';
    log(`prompt ${pid} started (${mode === 'none' ? 'normal' : `failure mode ${mode}`})`);
    emit('execution_start', { prompt_id: pid, timestamp: Date.now() }, true);
    emit('execution_cached', { nodes: [], prompt_id: pid, timestamp: Date.now() }, true);
    try {
      for (const id of executionOrder(job.graph, job.outputs)) {
        current = id;
        if (job.abort.signal.aborted) throw new Interrupted();
        const node = job.graph[id];
        emit('executing', { node: id, display_node: id, prompt_id: pid });
        if (node.class_type === 'KSampler') {
          const steps = Number(node.inputs.steps);
          const half = Math.max(1, Math.ceil(steps / 2));
          for (let step = 1; step <= steps; step++) {
            await sleep(stepDelayMs, job.abort.signal);
            if (mode === 'fail' && step === half) {
              throw new NodeFailure('Mock ComfyUI: injected sampler failure (failure mode "fail")', 'RuntimeError');
            }
            emit('progress', { value: step, max: steps, prompt_id: pid, node: id });
            if (mode === 'hang' && step === half) await waitForAbort(job.abort.signal);
          }
        } else if (node.class_type === 'SaveImage') {
          const images = await saveImages(job, id);
          outputs[id] = { images };
          meta[id] = { node_id: id, display_node: id, parent_node: null, real_node_id: id };
          emit('executed', { node: id, display_node: id, output: { images }, prompt_id: pid });
        } else {
          await sleep(0, job.abort.signal);
        }
        executed.push(id);
      }
      const data = { prompt_id: pid, timestamp: Date.now() };
      messages.push(['execution_success', data]);
      finish(true, true);
      send('execution_success', data, job.clientId);
      log(`prompt ${pid} succeeded`);
    } catch (e) {
      const nodeType = job.graph[current]?.class_type ?? '';
      if (e instanceof Interrupted) {
        const data = { prompt_id: pid, node_id: current, node_type: nodeType, executed, timestamp: Date.now() };
        messages.push(['execution_interrupted', data]);
        finish(false, false);
        send('execution_interrupted', data, job.clientId);
        log(`prompt ${pid} interrupted`);
      } else {
        const message = e instanceof Error ? e.message : String(e);
        const data = {
          prompt_id: pid,
          node_id: current,
          node_type: nodeType,
          executed,
          exception_message: message,
          exception_type: e instanceof NodeFailure ? e.exceptionType : 'Exception',
          traceback: [],
          current_inputs: job.graph[current]?.inputs ?? {},
          current_outputs: {},
          timestamp: Date.now(),
        };
        messages.push(['execution_error', data]);
        finish(false, false);
        send('execution_error', data, job.clientId);
        log(`prompt ${pid} failed: ${message}`);
      }
    }
    send('executing', { node: null, display_node: null, prompt_id: pid }, job.clientId);
  }

  const pump = (): void => {
    if (running || closing || pending.length === 0) return;
    pending.sort((a, b) => a.number - b.number);
    const job = pending.shift()!;
    running = job;
    runPromise = (async () => {
      try {
        await execute(job);
      } catch (e) {
        log(`prompt ${job.id} crashed: ${String(e)}`);
      } finally {
        running = null;
        runPromise = null;
        broadcastStatus();
        setImmediate(pump);
      }
    })();
  };

  // --- HTTP -----------------------------------------------------------------------------------
  const queueTuple = (j: Job): unknown[] => [j.number, j.id, j.graph, j.extra, j.outputs];

  const historySlice = (maxItems: number | null, offset: number): Record<string, HistoryEntry> => {
    const entries = [...history.entries()];
    let start = offset;
    if (start < 0 && maxItems !== null) start = entries.length - maxItems;
    start = Math.max(0, start);
    const end = maxItems === null ? entries.length : start + maxItems;
    return Object.fromEntries(entries.slice(start, end));
  };

  async function handlePrompt(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = (await readJson(req)) as Record<string, unknown> | undefined;
    if (failure === 'reject' || failure === 'reject-once') {
      if (failure === 'reject-once') failure = 'none';
      return sendJson(res, 500, {
        error: { type: 'server_error', message: 'Mock ComfyUI: prompt rejected (failure mode "reject")', details: '', extra_info: {} },
        node_errors: {},
      });
    }
    if (!body || typeof body !== 'object' || !('prompt' in body)) {
      return sendJson(res, 400, {
        error: { type: 'no_prompt', message: 'No prompt provided', details: 'No prompt provided', extra_info: {} },
        node_errors: [],
      });
    }
    const result = validatePrompt(body.prompt, defs, { acceptAnyModel: options.acceptAnyModel });
    if (!result.ok) {
      log(`prompt refused: ${result.body.error.type}`);
      return sendJson(res, result.status, result.body);
    }
    const extra: Record<string, unknown> =
      body.extra_data && typeof body.extra_data === 'object' && !Array.isArray(body.extra_data) ? { ...(body.extra_data as object) } : {};
    const clientId = typeof body.client_id === 'string' && body.client_id !== '' ? body.client_id : null;
    if (clientId) extra.client_id = clientId;
    const perPrompt = extra.mock_failure;
    if (perPrompt === 'reject') {
      return sendJson(res, 500, {
        error: { type: 'server_error', message: 'Mock ComfyUI: prompt rejected (extra_data.mock_failure)', details: '', extra_info: {} },
        node_errors: {},
      });
    }
    const id =
      typeof body.prompt_id === 'string' && /^[A-Za-z0-9_-]{1,128}$/.test(body.prompt_id) && !history.has(body.prompt_id) ? body.prompt_id : randomUUID();
    const number = body.front === true ? -nextNumber : typeof body.number === 'number' && Number.isFinite(body.number) ? body.number : nextNumber;
    nextNumber++;
    const job: Job = {
      id,
      number,
      graph: result.graph,
      extra,
      clientId,
      outputs: result.outputs,
      failure: perPrompt === 'fail' || perPrompt === 'hang' ? perPrompt : null,
      abort: new AbortController(),
    };
    pending.push(job);
    log(`prompt ${id} queued (#${number})`);
    sendJson(res, 200, { prompt_id: id, number, node_errors: result.nodeErrors as NodeErrors });
    broadcastStatus();
    setImmediate(pump);
  }

  async function handleView(url: URL, res: ServerResponse): Promise<void> {
    const filename = url.searchParams.get('filename') ?? '';
    const subfolder = url.searchParams.get('subfolder') ?? '';
    const type = url.searchParams.get('type') ?? 'output';
    if (filename === '' || unsafePathPart(filename, false) || unsafePathPart(subfolder, true)) return sendText(res, 400, 'Bad Request');
    if (type !== 'output') return sendText(res, 404, 'Not Found');
    const full = path.resolve(outputDir, subfolder, filename);
    const rel = path.relative(outputDir, full);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return sendText(res, 403, 'Forbidden');
    let real: string;
    try {
      real = await realpath(full);
      const relReal = path.relative(realOutputDir, real);
      if (relReal.startsWith('..') || path.isAbsolute(relReal)) return sendText(res, 403, 'Forbidden');
      const st = await stat(real);
      if (!st.isFile()) return sendText(res, 404, 'Not Found');
      res.writeHead(200, {
        'content-type': contentType(real),
        'content-length': st.size,
        'content-disposition': `filename="${filename.replace(/"/g, '')}"`,
        'cache-control': 'no-cache',
      });
    } catch {
      return sendText(res, 404, 'Not Found');
    }
    const stream = createReadStream(real);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  function systemStats(): unknown {
    return {
      system: {
        os: os.platform() === 'win32' ? 'nt' : 'posix',
        ram_total: os.totalmem(),
        ram_free: os.freemem(),
        comfyui_version: '0.3.0-genonaut-mock',
        python_version: `mock (node ${process.versions.node})`,
        pytorch_version: 'mock',
        embedded_python: false,
        argv: ['main.py', '--port', String(port)],
      },
      devices: [
        {
          name: 'cpu: Genonaut mock renderer',
          type: 'cpu',
          index: 0,
          vram_total: os.totalmem(),
          vram_free: os.freemem(),
          torch_vram_total: 0,
          torch_vram_free: 0,
        },
      ],
    };
  }

  const snapshot = (): ComfyMockState => ({
    failure,
    stepDelayMs,
    running: running?.id ?? null,
    pending: [...pending].sort((a, b) => a.number - b.number).map((j) => j.id),
    history: [...history.keys()],
    checkpoints: [...checkpoints],
    loras: [...loras],
    clients: [...sockets.values()].reduce((n, s) => n + s.size, 0),
  });

  async function reset(): Promise<void> {
    pending.length = 0;
    const r = runPromise;
    running?.abort.abort();
    if (r) await r;
    pending.length = 0;
    history.clear();
    failure = 'none';
    broadcastStatus();
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://mock.invalid');
    let p = url.pathname;
    if (p === '/api' || p.startsWith('/api/')) p = p.slice(4) || '/';
    const method = req.method ?? 'GET';

    // Control endpoints work in every failure mode.
    if (p.startsWith('/mock/')) {
      if (p === '/mock/state' && method === 'GET') return sendJson(res, 200, snapshot());
      if (p === '/mock/failure' && method === 'POST') {
        const body = (await readJson(req)) as { mode?: unknown } | undefined;
        if (!isFailureMode(body?.mode)) return sendJson(res, 400, { error: `mode must be one of ${FAILURE_MODES.join(', ')}` });
        failure = body.mode;
        log(`failure mode set to ${failure}`);
        return sendJson(res, 200, { mode: failure });
      }
      if (p === '/mock/config' && method === 'POST') {
        const body = (await readJson(req)) as { stepDelayMs?: unknown } | undefined;
        if (body?.stepDelayMs !== undefined) {
          if (typeof body.stepDelayMs !== 'number' || !(body.stepDelayMs >= 0)) return sendJson(res, 400, { error: 'stepDelayMs must be a number >= 0' });
          stepDelayMs = body.stepDelayMs;
        }
        return sendJson(res, 200, snapshot());
      }
      if (p === '/mock/reset' && method === 'POST') {
        await reset();
        return sendJson(res, 200, { status: 'reset' });
      }
      return sendJson(res, 404, { error: 'Not Found' });
    }
    if (failure === 'unavailable') return sendText(res, 503, 'Service Unavailable (mock failure mode "unavailable")');

    if (method === 'GET') {
      if (p === '/') return sendJson(res, 200, { status: 'ok', server: 'Genonaut mock ComfyUI', version: '0.1.0' });
      if (p === '/system_stats') return sendJson(res, 200, systemStats());
      if (p === '/object_info') return sendJson(res, 200, defs);
      if (p.startsWith('/object_info/')) {
        const cls = decodeURIComponent(p.slice('/object_info/'.length));
        return sendJson(res, 200, cls in defs ? { [cls]: defs[cls] } : {});
      }
      if (p === '/prompt') return sendJson(res, 200, { exec_info: { queue_remaining: queueRemaining() } });
      if (p === '/queue') {
        return sendJson(res, 200, {
          queue_running: running ? [queueTuple(running)] : [],
          queue_pending: [...pending].sort((a, b) => a.number - b.number).map(queueTuple),
        });
      }
      if (p === '/history') {
        const mi = url.searchParams.get('max_items');
        const off = url.searchParams.get('offset');
        const maxItems = mi !== null && /^\d+$/.test(mi) ? Number(mi) : null;
        const offset = off !== null && /^-?\d+$/.test(off) ? Number(off) : -1;
        return sendJson(res, 200, historySlice(maxItems, offset));
      }
      if (p.startsWith('/history/')) {
        const id = decodeURIComponent(p.slice('/history/'.length));
        const entry = history.get(id);
        return sendJson(res, 200, entry ? { [id]: entry } : {});
      }
      if (p === '/view') return handleView(url, res);
      if (p === '/models') return sendJson(res, 200, ['checkpoints', 'loras']);
      if (p === '/models/checkpoints') return sendJson(res, 200, checkpoints);
      if (p === '/models/loras') return sendJson(res, 200, loras);
      if (p === '/embeddings' || p === '/extensions') return sendJson(res, 200, []);
    }
    if (method === 'POST') {
      if (p === '/prompt') return handlePrompt(req, res);
      if (p === '/queue') {
        const body = (await readJson(req)) as { clear?: unknown; delete?: unknown } | undefined;
        let changed = false;
        if (body?.clear === true && pending.length) {
          pending.length = 0;
          changed = true;
        }
        if (Array.isArray(body?.delete)) {
          const ids = new Set(body.delete.map(String));
          for (let i = pending.length - 1; i >= 0; i--) {
            if (ids.has(pending[i].id)) {
              pending.splice(i, 1);
              changed = true;
            }
          }
        }
        if (changed) broadcastStatus();
        return sendEmpty(res);
      }
      if (p === '/interrupt') {
        const body = (await readJson(req)) as { prompt_id?: unknown } | undefined;
        const target = typeof body?.prompt_id === 'string' ? body.prompt_id : null;
        if (running && (target === null || target === running.id)) {
          log(`interrupting ${running.id}`);
          running.abort.abort();
        }
        return sendJson(res, 200, { status: 'interrupted' });
      }
      if (p === '/history') {
        const body = (await readJson(req)) as { clear?: unknown; delete?: unknown } | undefined;
        if (body?.clear === true) history.clear();
        if (Array.isArray(body?.delete)) for (const id of body.delete) history.delete(String(id));
        return sendEmpty(res);
      }
      if (p === '/reset') {
        await reset();
        return sendJson(res, 200, { status: 'reset', message: 'Server state has been reset' });
      }
    }
    return sendJson(res, 404, { detail: 'Not Found' });
  }

  const server: Server = createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      if (e instanceof BadJson) {
        if (!res.headersSent) sendJson(res, 400, { error: { type: 'invalid_json', message: e.message, details: '', extra_info: {} }, node_errors: [] });
        return;
      }
      log(`request failed: ${String(e)}`);
      if (!res.headersSent) sendJson(res, 500, { error: { type: 'server_error', message: 'Internal server error', details: '', extra_info: {} } });
      else res.destroy();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://mock.invalid');
    if ((url.pathname !== '/ws' && url.pathname !== '/api/ws') || failure === 'unavailable' || closing) {
      socket.end(`HTTP/1.1 ${failure === 'unavailable' ? '503 Service Unavailable' : '404 Not Found'}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
      return;
    }
    const requested = url.searchParams.get('clientId');
    const clientId = requested && requested.length <= 200 ? requested : randomUUID().replace(/-/g, '');
    wss.handleUpgrade(req, socket, head, (ws) => {
      let set = sockets.get(clientId);
      if (!set) sockets.set(clientId, (set = new Set()));
      set.add(ws);
      ws.on('close', () => {
        set.delete(ws);
        if (set.size === 0 && sockets.get(clientId) === set) sockets.delete(clientId);
      });
      ws.on('error', () => ws.terminate());
      ws.send(JSON.stringify({ type: 'status', data: { status: { exec_info: { queue_remaining: queueRemaining() } }, sid: clientId } }));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8189, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  log(`mock ComfyUI listening on http://${urlHost}:${port} (output ${outputDir}, step delay ${stepDelayMs} ms, failure ${failure})`);

  return {
    url: `http://${urlHost}:${port}`,
    wsUrl: `ws://${urlHost}:${port}/ws`,
    host,
    port,
    outputDir,
    get state() {
      return snapshot();
    },
    setFailure(mode: FailureMode) {
      if (!isFailureMode(mode)) throw new Error(`unknown failure mode: ${String(mode)}`);
      failure = mode;
    },
    getFailure: () => failure,
    setStepDelayMs(ms: number) {
      if (!(ms >= 0)) throw new Error('stepDelayMs must be >= 0');
      stepDelayMs = ms;
    },
    getHistory: (id: string) => history.get(id),
    onMessage(listener) {
      events.on('message', listener);
      return () => events.off('message', listener);
    },
    reset,
    async close() {
      if (closing) return;
      closing = true;
      pending.length = 0;
      const r = runPromise;
      running?.abort.abort();
      if (r) await r;
      for (const set of sockets.values()) for (const ws of set) ws.terminate();
      sockets.clear();
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      log('mock ComfyUI stopped');
    },
  };
}
