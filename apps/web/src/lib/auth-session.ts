import type { components, paths } from '../api/schema';

export type Account = components['schemas']['Account'];
/** The answer of login, register, refresh and password change. */
export type SessionResponse = paths['/api/v1/auth/login']['post']['responses'][200]['content']['application/json'];
export type AuthMode = 'open' | 'required';

/** The readable double-submit cookie the server sets beside the httpOnly session cookies. */
const CSRF_COOKIE = 'gn_csrf';
const REFRESH_PATH = '/api/v1/auth/refresh';
const LOGOUT_PATH = '/api/v1/auth/logout';
/** Answers 401 for a wrong password or a dead refresh cookie: never worth a refresh-and-retry. */
const NO_RETRY = new Set(['/api/v1/auth/login', '/api/v1/auth/register', REFRESH_PATH, LOGOUT_PATH, '/api/v1/auth/config']);
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function readCookie(name: string, cookies: string = typeof document === 'undefined' ? '' : document.cookie): string | undefined {
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

interface Options {
  /** The network; the browser's fetch by default (looked up per call). */
  send?: (request: Request) => Promise<Response>;
  readCsrf?: () => string | undefined;
  /** Origin that relative URLs resolve against; the page's by default. */
  origin?: string;
  /** Refresh this share of the access token's lifetime early, so <img> and WebSocket cookies stay valid. */
  renewAt?: number;
}

/**
 * The browser session of required auth mode. The access token lives in memory only; the refresh
 * token is an httpOnly cookie the server scopes to /api/v1/auth, used with the gn_csrf header.
 * `fetch` is what the API client sends through: it adds the bearer token, and on a 401 refreshes
 * the session once (one refresh shared by every request that failed meanwhile) and retries.
 * In open mode it passes requests through untouched.
 */
export class AuthSession {
  mode: AuthMode = 'open';
  private token: string | null = null;
  private account: Account | null = null;
  private refreshing: Promise<boolean> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly send: (request: Request) => Promise<Response>;
  private readonly readCsrf: () => string | undefined;
  private readonly origin: string | undefined;
  private readonly renewAt: number;

  constructor(options: Options = {}) {
    this.send = options.send ?? ((request) => globalThis.fetch(request));
    this.readCsrf = options.readCsrf ?? (() => readCookie(CSRF_COOKIE));
    this.origin = options.origin;
    this.renewAt = options.renewAt ?? 0.8;
  }

  get user(): Account | null {
    return this.account;
  }

  get accessToken(): string | null {
    return this.token;
  }

  setMode(mode: AuthMode): void {
    this.mode = mode;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Adopts a session answer of login, register, refresh or password change. */
  start(session: SessionResponse): void {
    this.token = session.access_token;
    this.account = session.user;
    this.schedule(session.expires_in);
    this.emit();
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const had = this.token !== null || this.account !== null;
    this.token = null;
    this.account = null;
    if (had) this.emit();
  }

  /**
   * Asks for a new access token with the refresh cookie. Concurrent callers share one request,
   * and tabs take turns (Web Locks) so that two never present the same rotating cookie, which
   * the server would treat as a replay and answer by revoking the whole login.
   */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.exclusive(() => this.doRefresh()).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  async logout(): Promise<void> {
    try {
      const response = await this.send(this.authorize(new Request(this.url(LOGOUT_PATH), { method: 'POST', credentials: 'same-origin' })));
      await response.body?.cancel();
    } catch {
      // The local session ends either way.
    } finally {
      this.clear();
    }
  }

  fetch = async (request: Request): Promise<Response> => {
    const retryable = this.mode === 'required' && !NO_RETRY.has(new URL(request.url).pathname);
    const spare = retryable ? request.clone() : null;
    const tokenSent = this.token;
    const response = await this.send(this.authorize(request));
    if (response.status !== 401 || !spare) return response;
    // Another request may have renewed the session while this one was in flight.
    const renewed = this.token !== null && this.token !== tokenSent ? true : await this.refresh();
    if (!renewed) return response;
    await response.body?.cancel();
    return this.send(this.authorize(spare));
  };

  private authorize(request: Request): Request {
    if (this.token) request.headers.set('Authorization', `Bearer ${this.token}`);
    const csrf = UNSAFE.has(request.method) ? this.readCsrf() : undefined;
    if (csrf && !request.headers.has('X-CSRF-Token')) request.headers.set('X-CSRF-Token', csrf);
    return request;
  }

  private async doRefresh(): Promise<boolean> {
    const csrf = this.readCsrf();
    let response: Response;
    try {
      response = await this.send(
        new Request(this.url(REFRESH_PATH), { method: 'POST', credentials: 'same-origin', headers: csrf ? { 'X-CSRF-Token': csrf } : {} }),
      );
    } catch {
      return false;
    }
    if (!response.ok) {
      await response.body?.cancel();
      this.clear();
      return false;
    }
    this.start((await response.json()) as SessionResponse);
    return true;
  }

  private async exclusive<T>(run: () => Promise<T>): Promise<T> {
    const locks = typeof navigator === 'undefined' ? undefined : (navigator as Navigator & { locks?: LockManager }).locks;
    return locks ? locks.request('genonaut-auth-refresh', run) : run();
  }

  private schedule(expiresIn: number): void {
    if (this.timer) clearTimeout(this.timer);
    const ms = Math.max(10, expiresIn * this.renewAt) * 1000;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, ms);
  }

  private url(path: string): string {
    return new URL(path, this.origin ?? globalThis.location?.origin ?? 'http://localhost').toString();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

/** The app's one session; the API client sends every request through it. */
export const session = new AuthSession();
