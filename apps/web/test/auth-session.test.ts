import { afterEach, describe, expect, it } from 'vitest';
import { AuthSession, readCookie, type SessionResponse } from '../src/lib/auth-session';

const ORIGIN = 'http://app.test';

function account(id: string, role: 'user' | 'admin' = 'user') {
  return { id, username: `u-${id}`, email: `${id}@x.test`, created_at: '2025-01-01T00:00:00', updated_at: '2025-01-01T00:00:00', preferences: {}, is_active: true, role };
}

function sessionBody(token: string, role: 'user' | 'admin' = 'user'): SessionResponse {
  return { access_token: token, token_type: 'bearer', expires_in: 900, user: account('u1', role) };
}

/**
 * A stand-in for the API's auth contract: access tokens are accepted while in `valid`, the
 * refresh route wants the CSRF header and a live refresh cookie, and hands out a new token.
 */
function fakeApi(opts: { refreshWorks?: boolean; refreshDelayMs?: number } = {}) {
  const state = { valid: new Set<string>(), next: 1, refreshes: 0, log: [] as string[], bodies: [] as string[], csrfSeen: [] as (string | null)[] };
  const send = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    const auth = request.headers.get('authorization');
    state.log.push(`${request.method} ${path} ${auth ?? '-'}`);
    if (path === '/api/v1/auth/refresh') {
      state.refreshes += 1;
      state.csrfSeen.push(request.headers.get('x-csrf-token'));
      if (opts.refreshDelayMs) await new Promise((r) => setTimeout(r, opts.refreshDelayMs));
      if (!opts.refreshWorks || request.headers.get('x-csrf-token') !== 'csrf-1') return Response.json({ detail: 'no session' }, { status: 401 });
      const token = `t${state.next++}`;
      state.valid.add(token);
      return Response.json(sessionBody(token));
    }
    if (path === '/api/v1/auth/login') return Response.json({ detail: 'Invalid username or password' }, { status: 401 });
    const token = auth?.replace(/^Bearer /, '');
    if (!token || !state.valid.has(token)) return Response.json({ detail: 'Not authenticated' }, { status: 401 });
    if (request.method !== 'GET') state.bodies.push(await request.text());
    return Response.json({ ok: true, path });
  };
  return { state, send };
}

function required(api: ReturnType<typeof fakeApi>) {
  const s = new AuthSession({ send: api.send, readCsrf: () => 'csrf-1', origin: ORIGIN });
  s.setMode('required');
  return s;
}

const sessions: AuthSession[] = [];
function track(s: AuthSession) {
  sessions.push(s);
  return s;
}
afterEach(() => {
  for (const s of sessions.splice(0)) s.clear();
});

describe('AuthSession (required mode)', () => {
  it('sends the in-memory access token as a bearer header', async () => {
    const api = fakeApi();
    const s = track(required(api));
    api.state.valid.add('t0');
    s.start(sessionBody('t0'));
    const res = await s.fetch(new Request(`${ORIGIN}/api/v1/content/unified`));
    expect(res.status).toBe(200);
    expect(api.state.log).toEqual(['GET /api/v1/content/unified Bearer t0']);
    expect(api.state.refreshes).toBe(0);
  });

  it('on a 401 refreshes once with the CSRF header and retries with the new token', async () => {
    const api = fakeApi({ refreshWorks: true });
    const s = track(required(api));
    s.start(sessionBody('expired'));
    const res = await s.fetch(new Request(`${ORIGIN}/api/v1/bookmarks/`, { method: 'POST', body: JSON.stringify({ content_id: 7 }), headers: { 'content-type': 'application/json' } }));
    expect(res.status).toBe(200);
    expect(api.state.log).toEqual(['POST /api/v1/bookmarks/ Bearer expired', 'POST /api/v1/auth/refresh -', 'POST /api/v1/bookmarks/ Bearer t1']);
    expect(api.state.csrfSeen).toEqual(['csrf-1']);
    // The retried write carried its body again.
    expect(api.state.bodies).toEqual(['{"content_id":7}']);
    expect(s.accessToken).toBe('t1');
    expect(s.user?.id).toBe('u1');
  });

  it('shares one refresh between requests that fail at the same time', async () => {
    const api = fakeApi({ refreshWorks: true, refreshDelayMs: 20 });
    const s = track(required(api));
    s.start(sessionBody('expired'));
    const results = await Promise.all([1, 2, 3].map((i) => s.fetch(new Request(`${ORIGIN}/api/v1/tags/${i}`))));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(api.state.refreshes).toBe(1);
    expect(api.state.log.filter((l) => l.endsWith('Bearer t1'))).toHaveLength(3);
  });

  it('retries without refreshing when another request already renewed the token', async () => {
    const api = fakeApi({ refreshWorks: true });
    let releaseSlow!: () => void;
    const slowGate = new Promise<void>((r) => (releaseSlow = r));
    const s = track(
      new AuthSession({
        // The answer to /slow (a 401 for the expired token) arrives only after /fast has renewed the session.
        send: async (r) => {
          const res = await api.send(r);
          if (new URL(r.url).pathname === '/api/v1/slow' && r.headers.get('authorization') === 'Bearer expired') await slowGate;
          return res;
        },
        readCsrf: () => 'csrf-1',
        origin: ORIGIN,
      }),
    );
    s.setMode('required');
    s.start(sessionBody('expired'));
    const slow = s.fetch(new Request(`${ORIGIN}/api/v1/slow`));
    expect((await s.fetch(new Request(`${ORIGIN}/api/v1/fast`))).status).toBe(200);
    expect(api.state.refreshes).toBe(1);
    releaseSlow();
    expect((await slow).status).toBe(200);
    expect(api.state.refreshes).toBe(1);
    expect(api.state.log.at(-1)).toBe('GET /api/v1/slow Bearer t1');
  });

  it('when the refresh fails: hands back the 401, ends the session and tells its listeners', async () => {
    const api = fakeApi({ refreshWorks: false });
    const s = track(required(api));
    s.start(sessionBody('expired'));
    let notified = 0;
    s.subscribe(() => (notified += 1));
    const res = await s.fetch(new Request(`${ORIGIN}/api/v1/notifications/`));
    expect(res.status).toBe(401);
    expect(api.state.refreshes).toBe(1);
    expect(api.state.log).toHaveLength(2); // the call and the refresh, no retry
    expect(s.user).toBeNull();
    expect(s.accessToken).toBeNull();
    expect(notified).toBe(1);
  });

  it('does not refresh again when the retried request is refused too', async () => {
    const api = fakeApi({ refreshWorks: true });
    // A send that refuses every non-auth call, even with a fresh token.
    const strict = new AuthSession({
      send: async (r) => (new URL(r.url).pathname === '/api/v1/auth/refresh' ? api.send(r) : Response.json({ detail: 'no' }, { status: 401 })),
      readCsrf: () => 'csrf-1',
      origin: ORIGIN,
    });
    track(strict).setMode('required');
    const res = await strict.fetch(new Request(`${ORIGIN}/api/v1/x`));
    expect(res.status).toBe(401);
    expect(api.state.refreshes).toBe(1);
    expect(strict.accessToken).toBe('t1');
  });

  it('never refreshes for the login call itself (a wrong password is a 401 too)', async () => {
    const api = fakeApi({ refreshWorks: true });
    const s = track(required(api));
    const res = await s.fetch(new Request(`${ORIGIN}/api/v1/auth/login`, { method: 'POST', body: '{}' }));
    expect(res.status).toBe(401);
    expect(api.state.refreshes).toBe(0);
  });

  it('adds the CSRF header to writes only', async () => {
    const api = fakeApi();
    const s = track(required(api));
    api.state.valid.add('t0');
    s.start(sessionBody('t0'));
    const seen: (string | null)[] = [];
    const spy = new AuthSession({
      send: async (r) => {
        seen.push(r.headers.get('x-csrf-token'));
        return api.send(r);
      },
      readCsrf: () => 'csrf-1',
      origin: ORIGIN,
    });
    track(spy).setMode('required');
    spy.start(sessionBody('t0'));
    await spy.fetch(new Request(`${ORIGIN}/api/v1/a`));
    await spy.fetch(new Request(`${ORIGIN}/api/v1/a`, { method: 'DELETE' }));
    expect(seen).toEqual([null, 'csrf-1']);
  });

  it('logout posts with the CSRF header and clears the session even if the call fails', async () => {
    const api = fakeApi();
    const seen: string[] = [];
    const s = track(
      new AuthSession({
        send: async (r) => {
          seen.push(`${r.method} ${new URL(r.url).pathname} ${r.headers.get('x-csrf-token')}`);
          throw new TypeError('offline');
        },
        readCsrf: () => 'csrf-1',
        origin: ORIGIN,
      }),
    );
    s.setMode('required');
    api.state.valid.add('t0');
    s.start(sessionBody('t0'));
    await s.logout();
    expect(seen).toEqual(['POST /api/v1/auth/logout csrf-1']);
    expect(s.user).toBeNull();
  });
});

describe('AuthSession (open mode)', () => {
  it('passes requests through and never refreshes', async () => {
    const api = fakeApi({ refreshWorks: true });
    const s = track(new AuthSession({ send: api.send, readCsrf: () => 'csrf-1', origin: ORIGIN }));
    const res = await s.fetch(new Request(`${ORIGIN}/api/v1/content/unified`));
    expect(res.status).toBe(401);
    expect(api.state.refreshes).toBe(0);
    expect(api.state.log).toEqual(['GET /api/v1/content/unified -']);
  });
});

describe('readCookie', () => {
  it('finds one cookie among several and decodes it', () => {
    expect(readCookie('gn_csrf', 'a=1; gn_csrf=x%2By; b=2')).toBe('x+y');
    expect(readCookie('gn_csrf', 'xgn_csrf=1')).toBeUndefined();
  });
});
