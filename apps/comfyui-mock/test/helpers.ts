 
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { startComfyMock, type ComfyMock, type ComfyMockOptions, type WsMessage } from '../src/index.ts';

export interface Harness {
  mock: ComfyMock;
  dir: string;
  stop(): Promise<void>;
}

export async function startHarness(opts: Partial<ComfyMockOptions> = {}): Promise<Harness> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'comfyui-mock-test-'));
  const mock = await startComfyMock({ port: 0, stepDelayMs: 0, outputDir: dir, ...opts });
  return {
    mock,
    dir,
    async stop() {
      await mock.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A /ws client that records every message and can wait for one. */
export class WsRecorder {
  readonly messages: WsMessage[] = [];
  private waiters: { pred: (m: WsMessage) => boolean; resolve: (m: WsMessage) => void }[] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      const msg = JSON.parse(raw.toString()) as WsMessage;
      this.messages.push(msg);
      this.waiters = this.waiters.filter((w) => {
        if (!w.pred(msg)) return true;
        w.resolve(msg);
        return false;
      });
    });
  }

  static async connect(wsUrl: string, clientId?: string): Promise<WsRecorder> {
    const ws = new WebSocket(clientId ? `${wsUrl}?clientId=${encodeURIComponent(clientId)}` : wsUrl);
    const rec = new WsRecorder(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`ws upgrade refused: ${res.statusCode}`)));
    });
    return rec;
  }

  waitFor(pred: (m: WsMessage) => boolean, timeoutMs = 10_000): Promise<WsMessage> {
    const found = this.messages.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a ws message')), timeoutMs);
      this.waiters.push({
        pred,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  /** Wait for the final `executing {node:null}` of a prompt, then return that prompt's messages. */
  async finished(promptId: string, timeoutMs = 10_000): Promise<WsMessage[]> {
    await this.waitFor((m) => m.type === 'executing' && m.data.node === null && m.data.prompt_id === promptId, timeoutMs);
    return this.messages.filter((m) => m.data.prompt_id === promptId);
  }

  close(): void {
    this.ws.terminate();
  }
}

export async function postJson(url: string, body: unknown): Promise<{ status: number; json: any; text: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

export async function getJson(url: string): Promise<{ status: number; json: any }> {
  const res = await fetch(url);
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

export async function waitForHistory(base: string, id: string, timeoutMs = 10_000): Promise<any> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const { json } = await getJson(`${base}/history/${id}`);
    if (json[id]) return json[id];
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no history for ${id}`);
}
