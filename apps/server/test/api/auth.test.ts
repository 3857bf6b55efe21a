import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableEngines } from '../support/test-databases.ts';
import { createTestSystem, type TestSystem } from '../support/test-app.ts';

type Inject = TestSystem['app']['inject'];

function cookiesOf(res: Awaited<ReturnType<Inject>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of res.cookies as Array<{ name: string; value: string }>) out[c.name] = c.value;
  return out;
}

async function register(sys: TestSystem, username: string, password = 'correct horse battery') {
  const res = await sys.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { username, email: `${username}@example.test`, password } });
  expect(res.statusCode, res.body).toBe(201);
  return { body: res.json(), cookies: cookiesOf(res) };
}

describe.each(availableEngines())('auth in required mode on %s', (engine) => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await createTestSystem(engine, { overrides: { 'auth.mode': 'required', 'auth.lockout-threshold': '3', 'auth.login-rate-limit-per-minute': '0' } });
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('registers, logs in by username or e-mail, and answers /auth/me with the bearer token', async () => {
    const { body, cookies } = await register(sys, 'alice');
    expect(body).toMatchObject({ token_type: 'bearer', user: { username: 'alice', role: 'user' } });
    expect(body.expires_in).toBeGreaterThan(0);
    expect(cookies.gn_refresh).toBeTruthy();
    expect(cookies.gn_csrf).toBeTruthy();
    for (const login of ['alice', 'ALICE@example.test']) {
      const res = await sys.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: login, password: 'correct horse battery' } });
      expect(res.statusCode, login).toBe(200);
      const me = await sys.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${res.json().access_token}` } });
      expect(me.json().username).toBe('alice');
    }
  });

  it('gives one message for an unknown user and a wrong password', async () => {
    await register(sys, 'bob');
    const wrong = await sys.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'bob', password: 'nope-nope-nope' } });
    const unknown = await sys.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'nobody', password: 'nope-nope-nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('refuses a taken username or e-mail without saying which', async () => {
    await register(sys, 'carol');
    const again = await sys.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { username: 'carol', email: 'other@example.test', password: 'long enough pw' } });
    const sameMail = await sys.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { username: 'carol2', email: 'carol@example.test', password: 'long enough pw' } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toEqual(sameMail.json());
  });

  it('locks an account out after repeated failures with 429 and Retry-After', async () => {
    await register(sys, 'dave');
    for (let i = 0; i < 3; i++) {
      const res = await sys.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'dave', password: 'wrong password' } });
      expect(res.statusCode).toBe(401);
    }
    const locked = await sys.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'dave', password: 'correct horse battery' } });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.json().detail).toMatch(/try again/);
  });

  it('rotates refresh tokens and revokes the family when a rotated token is reused', async () => {
    const { cookies } = await register(sys, 'erin');
    const refresh = (token: string, csrf = cookies.gn_csrf) =>
      sys.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', cookies: { gn_refresh: token, gn_csrf: csrf }, headers: { 'x-csrf-token': csrf } });
    const first = await refresh(cookies.gn_refresh);
    expect(first.statusCode, first.body).toBe(200);
    const second = cookiesOf(first).gn_refresh;
    expect(second).not.toBe(cookies.gn_refresh);
    // Replaying the first token: the family is revoked, so the second one dies too.
    const replay = await refresh(cookies.gn_refresh);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().detail).toMatch(/already used/);
    const afterRevoke = await refresh(second);
    expect(afterRevoke.statusCode).toBe(401);
  });

  it('requires the CSRF header with the refresh cookie', async () => {
    const { cookies } = await register(sys, 'frank');
    const res = await sys.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', cookies: { gn_refresh: cookies.gn_refresh, gn_csrf: cookies.gn_csrf } });
    expect(res.statusCode).toBe(403);
  });

  it('needs a session on API routes but not on health, docs or login', async () => {
    expect((await sys.app.inject({ url: '/api/v1/stats/global' })).statusCode).toBe(401);
    expect((await sys.app.inject({ url: '/api/v1/auth/me' })).statusCode).toBe(401);
    expect((await sys.app.inject({ url: '/api/v1/health' })).statusCode).toBe(200);
    expect((await sys.app.inject({ url: '/openapi.json' })).statusCode).toBe(200);
    const bad = await sys.app.inject({ url: '/api/v1/auth/me', headers: { authorization: 'Bearer not-a-token' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.headers['www-authenticate']).toContain('Bearer');
  });

  it('accepts the access cookie for reads and demands CSRF for cookie-authenticated writes', async () => {
    const { body, cookies } = await register(sys, 'gina');
    const read = await sys.app.inject({ url: '/api/v1/auth/me', cookies: { gn_access: body.access_token } });
    expect(read.statusCode).toBe(200);
    const write = await sys.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', cookies: { gn_access: body.access_token }, payload: { name: 'x' } });
    expect(write.statusCode).toBe(403);
    const ok = await sys.app.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      cookies: { gn_access: body.access_token, gn_csrf: cookies.gn_csrf },
      headers: { 'x-csrf-token': cookies.gn_csrf },
      payload: { name: 'x' },
    });
    expect(ok.statusCode).toBe(201);
  });

  it('refuses naming another user unless admin, and admin-only areas to users', async () => {
    const { body } = await register(sys, 'henry');
    const auth = { authorization: `Bearer ${body.access_token}` };
    const other = '00000000-0000-4000-8000-000000000001';
    const res = await sys.app.inject({ url: `/api/v1/health?user_id=${other}`, headers: auth });
    // health is public, but naming another user is still refused for a logged-in non-admin
    expect(res.statusCode).toBe(403);
    const admin = await sys.app.inject({ url: '/api/v1/admin/audit-log', headers: auth });
    expect(admin.statusCode).toBe(403);
  });

  it('creates, uses, lists and revokes API tokens; the secret is shown once', async () => {
    const { body } = await register(sys, 'iris');
    const auth = { authorization: `Bearer ${body.access_token}` };
    const created = await sys.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: auth, payload: { name: 'script', expires_in_days: 30 } });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^gnt_/);
    const viaToken = await sys.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(viaToken.json().username).toBe('iris');
    const list = await sys.app.inject({ url: '/api/v1/auth/tokens', headers: auth });
    expect(list.json()).toHaveLength(1);
    expect(JSON.stringify(list.json())).not.toContain(token);
    expect((await sys.app.inject({ method: 'DELETE', url: `/api/v1/auth/tokens/${id}`, headers: auth })).statusCode).toBe(200);
    expect((await sys.app.inject({ url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
  });

  it('ends other sessions on password change', async () => {
    const { cookies } = await register(sys, 'jack');
    const login = await sys.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'jack', password: 'correct horse battery' } });
    const change = await sys.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password',
      headers: { authorization: `Bearer ${login.json().access_token}` },
      payload: { current_password: 'correct horse battery', new_password: 'an even better one' },
    });
    expect(change.statusCode).toBe(200);
    const oldRefresh = await sys.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      cookies: { gn_refresh: cookies.gn_refresh, gn_csrf: cookies.gn_csrf },
      headers: { 'x-csrf-token': cookies.gn_csrf },
    });
    expect(oldRefresh.statusCode).toBe(401);
    const relog = await sys.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'jack', password: 'an even better one' } });
    expect(relog.statusCode).toBe(200);
  });
});

describe.each(availableEngines())('auth in open mode on %s', (engine) => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await createTestSystem(engine);
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('needs no session, as the original API', async () => {
    expect((await sys.app.inject({ url: '/api/v1/stats/global' })).statusCode).toBe(200);
    const config = (await sys.app.inject({ url: '/api/v1/auth/config' })).json();
    expect(config).toEqual({ mode: 'open', demo_user_id: sys.config.values.demo['admin-user-id'] });
  });
});
