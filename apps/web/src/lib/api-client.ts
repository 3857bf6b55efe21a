import createClient from 'openapi-fetch';
import type { paths } from '../api/schema';
import { session } from './auth-session';

/** Every route the app calls, as generated from the server's OpenAPI document (`npm run gen:api`). */
export type ApiPaths = paths;

/** The JSON body type of a path's 200 (or 201) answer. */
export type ResponseOf<P extends keyof ApiPaths, M extends keyof ApiPaths[P]> = ApiPaths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: { content: { 'application/json': infer J } } }
    ? J
    : R extends { 201: { content: { 'application/json': infer J } } }
      ? J
      : never
  : never;

/** The JSON request body type of a path's method. */
export type RequestBodyOf<P extends keyof ApiPaths, M extends keyof ApiPaths[P]> = ApiPaths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

/** The body of a database statement timeout (504), which gets its own toast. */
export interface StatementTimeoutBody {
  error_type: 'statement_timeout';
  message: string;
  timeout_duration?: string;
  details?: { context?: Record<string, unknown> };
}

export function isStatementTimeout(body: unknown): body is StatementTimeoutBody {
  return typeof body === 'object' && body !== null && (body as { error_type?: unknown }).error_type === 'statement_timeout';
}

/** A failed API call with the contract's error text pulled out of whichever body shape it had. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: unknown;
  readonly path: string;
  constructor(status: number, body: unknown, path: string) {
    super(describeError(status, body));
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
    this.path = path;
  }
  get isStatementTimeout(): boolean {
    return isStatementTimeout(this.body);
  }
  /** Field errors of a request-validation 422, keyed by the field name. */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    const detail = (this.body as { detail?: unknown } | null)?.detail;
    if (Array.isArray(detail)) {
      for (const entry of detail as { loc?: unknown[]; msg?: string }[]) {
        const field = entry.loc?.[entry.loc.length - 1];
        if (typeof field === 'string' && entry.msg) out[field] = entry.msg;
      }
    }
    return out;
  }
}

export function describeError(status: number, body: unknown): string {
  if (isStatementTimeout(body)) return body.message;
  if (typeof body === 'string' && body.trim()) return body;
  if (body && typeof body === 'object') {
    const detail = (body as { detail?: unknown }).detail;
    if (typeof detail === 'string') return detail;
    if (Array.isArray(detail)) {
      return detail.map((d: { loc?: unknown[]; msg?: string }) => `${(d.loc ?? []).slice(1).join('.')}: ${d.msg ?? 'invalid'}`).join('; ');
    }
    if (detail && typeof detail === 'object') {
      const msg = (detail as { error?: { message?: unknown } }).error?.message;
      if (typeof msg === 'string') return msg;
    }
    const message = (body as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  if (status === 0) return 'The server could not be reached';
  return `Request failed (${status})`;
}

/** Every call goes through the session: bearer token in required mode, one refresh-and-retry on a 401. */
export const api = createClient<ApiPaths>({ baseUrl: '', fetch: (request: Request) => session.fetch(request) });

type Result<T> = { data?: T; error?: unknown; response: Response };

/** Turns openapi-fetch's `{data, error}` into a value or a thrown ApiError. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  let res: Result<T>;
  try {
    res = await call;
  } catch (err) {
    throw new ApiError(0, { detail: err instanceof Error ? err.message : 'Network error' }, '');
  }
  if (!res.response.ok || res.error !== undefined) {
    throw new ApiError(res.response.status, res.error, new URL(res.response.url || 'http://x/').pathname);
  }
  return res.data as T;
}

/** Image URL for a content id (`/api/v1/images/{id}`), optionally a server-side thumbnail size. */
export function imageUrl(contentId: number | string, thumbnail?: 'small' | 'medium' | 'large'): string {
  return `/api/v1/images/${encodeURIComponent(String(contentId))}${thumbnail ? `?thumbnail=${thumbnail}` : ''}`;
}

/** URL of a stored file path (batch outputs); each segment is encoded so no path can escape. */
export function imagePathUrl(filePath: string, thumbnail?: 'small' | 'medium' | 'large'): string {
  const clean = filePath.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/');
  return `/api/v1/images/${clean}${thumbnail ? `?thumbnail=${thumbnail}` : ''}`;
}

/** WebSocket URL on the page's own origin: Vite proxies /ws in dev, the API serves it otherwise. */
export function wsUrl(path: string): string {
  const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${window.location.host}${path}`;
}
