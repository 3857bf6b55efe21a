import http from 'node:http';
import https from 'node:https';
import autocannon from 'autocannon';

export interface Sample {
  status: number;
  bytes: number;
  ms: number;
}

const REQUEST_TIMEOUT_MS = 30_000;

/** One GET on a keep-alive agent, timed from the call to the last body byte. */
export function timedGet(agent: http.Agent, url: string): Promise<Sample> {
  const lib = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = lib.get(url, { agent, headers: { accept: 'application/json' }, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
  });
}

/** One GET returning the parsed JSON body; anything but 200 is an error naming the status and body start. */
export async function getJson<T>(url: string, timeoutMs = 120_000): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} → ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

export interface SeriesOptions {
  warmup: number;
  requests: number;
  maxSeconds: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SeriesResult {
  samples: number[];
  bytes: number;
  /** Set when the series stopped on a non-200 answer or a transport error. */
  error: string | null;
  /** True when maxSeconds cut the series short. */
  truncated: boolean;
}

/** Sequential requests on one connection (concurrency 1): warm-up first, then `requests` timed ones. */
export async function latencySeries(url: string, o: SeriesOptions): Promise<SeriesResult> {
  const agent = new (url.startsWith('https:') ? https.Agent : http.Agent)({ keepAlive: true, maxSockets: 1 });
  const samples: number[] = [];
  let bytes = 0;
  const deadline = Date.now() + o.maxSeconds * 1000;
  try {
    for (let i = 0; i < o.warmup + o.requests; i++) {
      if (Date.now() > deadline) return { samples, bytes, error: null, truncated: true };
      let s: Sample;
      try {
        s = await timedGet(agent, url);
      } catch (err) {
        return { samples, bytes, error: (err as Error).message, truncated: false };
      }
      if (s.status !== 200) return { samples, bytes, error: `HTTP ${s.status}`, truncated: false };
      if (i >= o.warmup) {
        samples.push(s.ms);
        bytes = s.bytes;
        o.onProgress?.(samples.length, o.requests);
      }
    }
    return { samples, bytes, error: null, truncated: false };
  } finally {
    agent.destroy();
  }
}

export interface ThroughputResult {
  /** 2xx answers per second over the run. */
  rps: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** autocannon's latency percentiles under load (ms). */
  p50: number;
  p99: number;
}

/** `connections` keep-alive connections hammering one URL for `seconds` (autocannon). */
export async function throughput(url: string, connections: number, seconds: number): Promise<ThroughputResult> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    pipelining: 1,
    timeout: 30,
    headers: { accept: 'application/json' },
  });
  const ok = result['2xx'];
  return {
    rps: ok / result.duration,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}
