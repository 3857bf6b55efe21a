import WebSocket from 'ws';
import type { Workflow } from './workflow-builder.ts';

/**
 * HTTP + websocket client for ComfyUI (and the mock). Errors come in two kinds the queue relies
 * on: transient (ComfyUI unreachable, 5xx, a timeout of one call) — worth a retry — and
 * permanent (the workflow was rejected, the prompt failed inside ComfyUI).
 */

export class ComfyUIError extends Error {
  override name = 'ComfyUIError';
  constructor(
    message: string,
    readonly transient: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Connection refused, reset, DNS, a call timing out, or a 5xx answer. */
export class ComfyUIUnavailableError extends ComfyUIError {
  override name = 'ComfyUIUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, true, options);
  }
}

/** ComfyUI refused the workflow (4xx) or the prompt ended in an error. */
export class ComfyUIWorkflowError extends ComfyUIError {
  override name = 'ComfyUIWorkflowError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, false, options);
  }
}

/** The prompt was interrupted because the job was cancelled. */
export class ComfyUICancelledError extends ComfyUIError {
  override name = 'ComfyUICancelledError';
  constructor() {
    super('Cancelled', false);
  }
}

export interface ImageRef {
  filename: string;
  subfolder: string;
  type: string;
}

export type PromptState =
  | { state: 'queued' | 'running' | 'unknown' }
  | { state: 'completed'; images: ImageRef[]; history: Record<string, unknown> }
  | { state: 'failed'; error: string; history: Record<string, unknown> };

export interface ComfyUIClientOptions {
  baseUrl: string;
  requestTimeoutMs?: number;
  pollIntervalMs?: number;
  maxWaitMs?: number;
}

export interface RunOptions {
  clientId: string;
  signal?: AbortSignal;
  /** A prompt submitted by an earlier attempt: followed instead of resubmitting while ComfyUI still knows it. */
  existingPromptId?: string | null;
  onSubmitted?: (promptId: string, reused: boolean) => Promise<void> | void;
  /** Sampling progress, 0–100. */
  onProgress?: (percent: number) => void;
  /** Whether aborting `signal` should stop the prompt in ComfyUI (false when the worker only shuts down). */
  interruptOnAbort?: () => boolean;
}

export interface RunResult {
  promptId: string;
  images: ImageRef[];
  history: Record<string, unknown>;
  reused: boolean;
}

export interface ComfyModels {
  checkpoints: string[];
  loras: string[];
}

function describeNetworkError(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'request timed out';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}

function extractError(body: unknown): string {
  if (!body || typeof body !== 'object') return String(body ?? '');
  const b = body as { error?: unknown; node_errors?: Record<string, { errors?: Array<{ message?: string; details?: string }> }> };
  const parts: string[] = [];
  if (b.error && typeof b.error === 'object') {
    const e = b.error as { message?: string; details?: string };
    parts.push([e.message, e.details].filter(Boolean).join(': '));
  } else if (typeof b.error === 'string') parts.push(b.error);
  for (const [node, info] of Object.entries(b.node_errors ?? {})) {
    for (const err of info.errors ?? []) parts.push(`node ${node}: ${[err.message, err.details].filter(Boolean).join(': ')}`);
  }
  return parts.filter(Boolean).join('; ') || JSON.stringify(body).slice(0, 500);
}

export class ComfyUIClient {
  readonly baseUrl: string;
  private readonly requestTimeoutMs: number;
  private readonly pollIntervalMs: number;
  private readonly maxWaitMs: number;

  constructor(options: ComfyUIClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 2000;
    this.maxWaitMs = options.maxWaitMs ?? 900_000;
  }

  private async request(method: string, path: string, body?: unknown): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: body === undefined ? undefined : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.requestTimeoutMs),
      });
    } catch (err) {
      throw new ComfyUIUnavailableError(`ComfyUI is not reachable at ${this.baseUrl} (${describeNetworkError(err)})`, { cause: err });
    }
    if (res.status >= 500) {
      const text = await res.text().catch(() => '');
      let detail = text.slice(0, 300);
      try {
        detail = extractError(JSON.parse(text));
      } catch {
        // not JSON: keep the text
      }
      throw new ComfyUIUnavailableError(`ComfyUI answered ${res.status} on ${method} ${path}${detail ? `: ${detail}` : ''}`);
    }
    return res;
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.request(method, path, body);
    if (!res.ok) throw new ComfyUIWorkflowError(`ComfyUI answered ${res.status} on ${method} ${path}`);
    return (await res.json()) as T;
  }

  async health(): Promise<boolean> {
    try {
      const res = await this.request('GET', '/system_stats');
      await res.body?.cancel();
      return res.ok;
    } catch {
      return false;
    }
  }

  /** `POST /prompt`; returns the prompt id. A 4xx is a permanent rejection. */
  async submit(workflow: Workflow, clientId: string): Promise<string> {
    if (Object.keys(workflow).length === 0) throw new ComfyUIWorkflowError('Workflow is empty');
    const res = await this.request('POST', '/prompt', { prompt: workflow, client_id: clientId });
    const text = await res.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    if (!res.ok) {
      throw new ComfyUIWorkflowError(`ComfyUI rejected workflow: ${body ? extractError(body) : `HTTP ${res.status}`}`);
    }
    const promptId = (body as { prompt_id?: unknown } | null)?.prompt_id;
    if (typeof promptId !== 'string' || !promptId) throw new ComfyUIWorkflowError(`Invalid response from ComfyUI /prompt: ${text.slice(0, 200)}`);
    return promptId;
  }

  /** Where a prompt is: finished (history), running or queued (queue), or unknown to ComfyUI. */
  async status(promptId: string): Promise<PromptState> {
    const found = await this.historyState(promptId);
    if (found) return found;
    const queue = await this.json<{ queue_running?: unknown[][]; queue_pending?: unknown[][] }>('GET', '/queue');
    if ((queue.queue_running ?? []).some((q) => q[1] === promptId)) return { state: 'running' };
    if ((queue.queue_pending ?? []).some((q) => q[1] === promptId)) return { state: 'queued' };
    // It may have finished between the two reads: look at the history once more.
    return (await this.historyState(promptId)) ?? { state: 'unknown' };
  }

  private async historyState(promptId: string): Promise<PromptState | null> {
    const history = await this.json<Record<string, Record<string, unknown>>>('GET', `/history/${encodeURIComponent(promptId)}`);
    const entry = history[promptId];
    if (entry) {
      const status = (entry.status ?? {}) as { completed?: boolean; status_str?: string; messages?: Array<[string, Record<string, unknown>]> };
      if (status.completed && status.status_str !== 'error') {
        const images: ImageRef[] = [];
        for (const output of Object.values((entry.outputs ?? {}) as Record<string, { images?: ImageRef[] }>)) {
          for (const img of output.images ?? []) if (img && typeof img.filename === 'string') images.push({ filename: img.filename, subfolder: img.subfolder ?? '', type: img.type ?? 'output' });
        }
        return { state: 'completed', images, history: entry };
      }
      const messages = status.messages ?? [];
      const interrupted = messages.some(([type]) => type === 'execution_interrupted');
      const errorMsg = messages.find(([type]) => type === 'execution_error')?.[1] as { exception_message?: string; node_type?: string } | undefined;
      const error = interrupted
        ? 'ComfyUI interrupted the prompt'
        : errorMsg
          ? `ComfyUI execution error${errorMsg.node_type ? ` in ${errorMsg.node_type}` : ''}: ${errorMsg.exception_message ?? 'unknown error'}`
          : `ComfyUI workflow ended with status ${status.status_str ?? 'unknown'}`;
      return { state: 'failed', error, history: entry };
    }
    return null;
  }

  /** Stops the prompt: removes it from the queue if pending, interrupts it if running. Best effort. */
  async cancel(promptId: string): Promise<void> {
    await this.request('POST', '/queue', { delete: [promptId] }).then((r) => r.body?.cancel(), () => undefined);
    await this.request('POST', '/interrupt', { prompt_id: promptId }).then((r) => r.body?.cancel(), () => undefined);
  }

  /** Downloads one output over `/view` (no shared filesystem needed). */
  async download(image: ImageRef): Promise<Buffer> {
    const q = new URLSearchParams({ filename: image.filename, subfolder: image.subfolder, type: image.type || 'output' });
    const res = await this.request('GET', `/view?${q.toString()}`);
    if (!res.ok) throw new ComfyUIWorkflowError(`ComfyUI /view answered ${res.status} for ${image.filename}`);
    return Buffer.from(await res.arrayBuffer());
  }

  async models(): Promise<ComfyModels> {
    const info = await this.json<Record<string, { input?: { required?: Record<string, unknown[]> } }>>('GET', '/object_info');
    const list = (cls: string, input: string): string[] => {
      const v = info[cls]?.input?.required?.[input]?.[0];
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    };
    return { checkpoints: list('CheckpointLoaderSimple', 'ckpt_name'), loras: list('LoraLoader', 'lora_name') };
  }

  /**
   * Submits (or re-follows) a prompt and waits for its outputs. Progress comes from ComfyUI's
   * websocket; `/history` is polled as well, so a missing or dropped socket only loses progress.
   * Aborting `signal` interrupts the prompt in ComfyUI and throws ComfyUICancelledError.
   */
  async run(workflow: Workflow, options: RunOptions): Promise<RunResult> {
    const { signal } = options;
    if (signal?.aborted) throw new ComfyUICancelledError();
    const socket = await this.openSocket(options.clientId);
    let promptId: string | null = null;
    let wake: (() => void) | null = null;
    let finished = false;
    const nudge = () => {
      const w = wake;
      wake = null;
      w?.();
    };
    socket?.on('message', (data) => {
      let msg: { type?: string; data?: Record<string, unknown> };
      try {
        msg = JSON.parse(String(data)) as typeof msg;
      } catch {
        return;
      }
      const d = msg.data ?? {};
      if (promptId && d.prompt_id !== undefined && d.prompt_id !== promptId) return;
      if (msg.type === 'progress' && typeof d.value === 'number' && typeof d.max === 'number' && d.max > 0) {
        options.onProgress?.(Math.min(100, Math.round((d.value / d.max) * 100)));
      } else if (msg.type === 'execution_success' || msg.type === 'execution_error' || msg.type === 'execution_interrupted') {
        finished = true;
        nudge();
      }
    });
    const onAbort = () => nudge();
    signal?.addEventListener('abort', onAbort);
    try {
      let reused = false;
      if (options.existingPromptId) {
        const state = await this.status(options.existingPromptId);
        if (state.state !== 'unknown' && state.state !== 'failed') {
          promptId = options.existingPromptId;
          reused = true;
        }
      }
      if (!promptId) promptId = await this.submit(workflow, options.clientId);
      await options.onSubmitted?.(promptId, reused);
      const deadline = Date.now() + this.maxWaitMs;
      const interval = socket ? Math.max(this.pollIntervalMs, 1000) : this.pollIntervalMs;
      for (;;) {
        if (signal?.aborted) {
          if (options.interruptOnAbort?.() ?? true) await this.cancel(promptId);
          throw new ComfyUICancelledError();
        }
        const state = await this.status(promptId);
        if (state.state === 'completed') {
          if (state.images.length === 0) throw new ComfyUIWorkflowError(`ComfyUI prompt ${promptId} finished without images`);
          return { promptId, images: state.images, history: state.history, reused };
        }
        if (state.state === 'failed') {
          if (signal?.aborted) throw new ComfyUICancelledError();
          throw new ComfyUIWorkflowError(state.error);
        }
        if (state.state === 'unknown') throw new ComfyUIUnavailableError(`ComfyUI no longer knows prompt ${promptId} (restarted?)`);
        if (Date.now() > deadline) {
          await this.cancel(promptId);
          throw new ComfyUIWorkflowError(`Workflow ${promptId} timed out after ${Math.round(this.maxWaitMs / 1000)} seconds`);
        }
        const wait = finished ? 50 : interval;
        finished = false;
        {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, wait);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      socket?.removeAllListeners('message');
      socket?.terminate();
    }
  }

  /** Opens `/ws?clientId=`; null when the socket cannot be opened (polling then carries on alone). */
  private openSocket(clientId: string): Promise<WebSocket | null> {
    const url = `${this.baseUrl.replace(/^http/, 'ws')}/ws?clientId=${encodeURIComponent(clientId)}`;
    return new Promise((resolve) => {
      const ws = new WebSocket(url, { handshakeTimeout: Math.min(this.requestTimeoutMs, 5000) });
      const fail = () => {
        ws.removeAllListeners();
        ws.on('error', () => undefined);
        ws.terminate();
        resolve(null);
      };
      ws.once('open', () => {
        ws.removeListener('error', fail);
        ws.on('error', () => undefined);
        resolve(ws);
      });
      ws.once('error', fail);
      ws.once('unexpected-response', fail);
    });
  }
}
