import type { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableEngines } from '../support/test-databases.ts';
import { createTestSystem, type TestSystem } from '../support/test-app.ts';
import { collect } from '../support/fixtures-generation.ts';

/**
 * Issue 7 "Done when": for every route that reads or changes user-owned data, in required mode —
 * no session → 401; user B on user A's resource → 403/404; an administrator → allowed — plus, for
 * every GET route, user B's answer never contains text of A's private rows. GENERATED FROM THE
 * ROUTE TABLE (the OpenAPI document): each route is classified by the small explicit tables below,
 * and a route (or path parameter) the tables do not know fails the test, so new routes must be
 * classified when they land. docs/security.md describes the rules tested here.
 */

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  minItems?: number;
  pattern?: string;
  $ref?: string;
};
type Parameter = { name: string; in: 'path' | 'query' | 'header' | 'cookie'; schema?: Schema; required?: boolean };
type Operation = { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } };
type Doc = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

/** Text put into every private row of user A: user B must never receive it. */
const MARKER = 'zq7-private-of-alice';
const USER_FIELDS = new Set(['user_id', 'creator_id']);

/** Reachable without a session. */
const PUBLIC = new Set([
  'GET /api/v1/health',
  'GET /health',
  'GET /api/v1/auth/config',
  'POST /api/v1/auth/register',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/logout',
]);

/** Administrators only: a user gets 403. */
const ADMIN_ONLY: RegExp[] = [
  /^\S+ \/api\/v1\/admin\//,
  /^\S+ \/api\/v1\/analytics\//,
  /^POST \/api\/v1\/users\/\{user_id\}\/(activate|deactivate)$/,
  /^(GET|POST) \/api\/v1\/users\/$/,
  /^(GET|POST) \/api\/v1\/users\/search$/,
  /^GET \/api\/v1\/users\/(username|email)\//,
  /^POST \/api\/v1\/generation-jobs\/queue\/(process|pause|resume)$/,
  /^GET \/api\/v1\/generation-jobs\/queue\/state$/,
  /^POST \/api\/v1\/generation-jobs\/\{job_id\}\/move-to-front$/,
  /^PUT \/api\/v1\/generation-jobs\/\{job_id\}\/(status|result)$/,
  /^POST \/api\/v1\/comfyui\/models\/refresh$/,
  /^DELETE \/api\/v1\/images\/thumbnails\//,
];

/** Path parameters naming one user-owned row: B on A's row → 403/404. */
const OWNED_PARAMS = new Set(['bookmark_id', 'category_id', 'notification_id', 'interaction_id', 'recommendation_id', 'job_id', 'generation_id', 'token_id', 'content_id', '*']);
/** Path parameters that name shared things (or a user, handled as a named user). */
const SHARED_PARAMS = new Set(['user_id', 'creator_id', 'tag_id', 'parent_id', 'tag_identifier', 'content_type', 'status', 'job_type', 'interaction_type', 'algorithm_version', 'share_token', 'id', 'content_item_id', 'username', 'email', 'flagged_content_id']);

/** Routes that act on ids in the body: B naming A's rows → 403/404. */
const OWNED_BODY = new Set(['POST /api/v1/recommendations/served', 'POST /api/v1/recommendations/bulk']);

/**
 * Routes without a user-owned id or a named user: shared data (tags, models, aggregate counts),
 * the caller's own account, creation for oneself, or lists that show a non-admin only public rows
 * and their own. Any signed-in user may call them; the GET ones are part of the leak check.
 */
const SESSION_ONLY = new Set([
  'GET /api/v1/auth/me',
  'POST /api/v1/auth/password',
  'POST /api/v1/auth/tokens',
  'GET /api/v1/auth/tokens',
  'GET /api/v1/databases',
  'GET /api/v1/stats/global',
  'GET /api/v1/bookmark-categories/share/{share_token}',
  'GET /api/v1/interactions/stats/overview',
  'GET /api/v1/interactions/content/{content_item_id}/interactions',
  'GET /api/v1/interactions/content/{content_item_id}/stats',
  'GET /api/v1/interactions/type/{interaction_type}/interactions',
  'GET /api/v1/recommendations/stats/overview',
  'GET /api/v1/recommendations/content/{content_item_id}/recommendations',
  'GET /api/v1/recommendations/algorithm/{algorithm_version}/recommendations',
  'GET /api/v1/checkpoint-models/',
  'GET /api/v1/checkpoint-models/{id}',
  'GET /api/v1/lora-models/',
  'GET /api/v1/lora-models/{id}',
  'GET /api/v1/tags/hierarchy',
  'POST /api/v1/tags/hierarchy/refresh',
  'GET /api/v1/tags/statistics',
  'GET /api/v1/tags/popular',
  'GET /api/v1/tags/roots',
  'GET /api/v1/tags/',
  'POST /api/v1/tags/',
  'GET /api/v1/tags/search',
  'GET /api/v1/tags/{tag_id}/children',
  'GET /api/v1/tags/{tag_id}/parents',
  'POST /api/v1/tags/{tag_id}/parents',
  'DELETE /api/v1/tags/{tag_id}/parents/{parent_id}',
  'GET /api/v1/tags/{tag_id}/ancestors',
  'GET /api/v1/tags/{tag_id}/descendants',
  'GET /api/v1/users/stats/overview',
  'GET /api/v1/content/stats/overview',
  'GET /api/v1/content-auto/stats/overview',
  'GET /api/v1/content/top-rated/all',
  'GET /api/v1/content-auto/top-rated/all',
  'GET /api/v1/content/recent/all',
  'GET /api/v1/content-auto/recent/all',
  'GET /api/v1/content/type/{content_type}',
  'GET /api/v1/content-auto/type/{content_type}',
  'GET /api/v1/content/public/all',
  'GET /api/v1/content-auto/public/all',
  'GET /api/v1/generation-jobs/pending/all',
  'GET /api/v1/generation-jobs/running/all',
  'GET /api/v1/generation-jobs/cancelled/all',
  'GET /api/v1/generation-jobs/status/{status}/jobs',
  'GET /api/v1/generation-jobs/type/{job_type}/jobs',
  'GET /api/v1/generation-jobs/queue/stats',
  'GET /api/v1/comfyui/models',
]);

type Kind = 'public' | 'admin' | 'owned' | 'named-user' | 'owned-body' | 'session';

interface Fixtures {
  alice: string;
  bob: string;
  admin: string;
  privateItem: number;
  publicItem: number;
  privateAuto: number;
  bookmark: string;
  category: string;
  publicCategoryToken: string;
  notification: number;
  interaction: number;
  recommendation: number;
  job: number;
  token: string;
  tag: string;
  parentTag: string;
}

function resolve(doc: Doc, schema: Schema | undefined): Schema | undefined {
  if (schema?.$ref) return resolve(doc, doc.components?.schemas?.[schema.$ref.split('/').pop() ?? '']);
  return schema;
}

function bodySchemaOf(doc: Doc, op: Operation): Schema | undefined {
  return resolve(doc, op.requestBody?.content?.['application/json']?.schema);
}

function namesUser(doc: Doc, op: Operation): boolean {
  if ((op.parameters ?? []).some((p) => USER_FIELDS.has(p.name))) return true;
  const body = bodySchemaOf(doc, op);
  return Object.keys(body?.properties ?? {}).some((k) => USER_FIELDS.has(k));
}

function classify(doc: Doc, key: string, op: Operation): Kind | null {
  if (PUBLIC.has(key)) return 'public';
  if (ADMIN_ONLY.some((re) => re.test(key))) return 'admin';
  const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
  if (pathParams.some((p) => OWNED_PARAMS.has(p))) return 'owned';
  if (OWNED_BODY.has(key)) return 'owned-body';
  if (namesUser(doc, op)) return 'named-user';
  if (SESSION_ONLY.has(key)) return 'session';
  return null;
}

/** A schema-valid sample: defaults first, then the smallest valid value; named fields from the fixtures. */
function sample(doc: Doc, raw: Schema | undefined, name: string, ctx: { user: string; f: Fixtures }, requiredOnly = true): unknown {
  const schema = resolve(doc, raw);
  if (!schema) return 'x';
  if (USER_FIELDS.has(name)) return ctx.user;
  const byName: Record<string, unknown> = {
    content_id: ctx.f.publicItem,
    content_item_id: ctx.f.publicItem,
    category_id: ctx.f.category,
    category_ids: [ctx.f.category],
    recommendation_ids: [ctx.f.recommendation],
    parent_id: ctx.f.parentTag,
    ids: [1],
  };
  if (name in byName) return byName[name];
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return sample(doc, variants.find((v) => resolve(doc, v)?.type !== 'null') ?? variants[0], name, ctx, requiredOnly);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'integer':
    case 'number':
      return schema.minimum !== undefined ? Math.max(schema.minimum, 1) : 1;
    case 'boolean':
      return false;
    case 'array':
      return [sample(doc, schema.items, name.replace(/s$/, ''), ctx, requiredOnly)];
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(schema.properties ?? {})) {
        if (!requiredOnly || schema.required?.includes(k) || USER_FIELDS.has(k)) out[k] = sample(doc, v, k, ctx, requiredOnly);
      }
      return out;
    }
    default:
      if (schema.format === 'uuid') return ctx.f.tag;
      if (schema.format === 'date-time') return new Date().toISOString();
      return `${MARKER.slice(0, 3)}-${'x'.repeat(Math.max(0, (schema.minLength ?? 1) - 4))}`;
  }
}

function pathValue(name: string, path: string, f: Fixtures, user: string): string {
  const auto = path.startsWith('/api/v1/content-auto');
  const values: Record<string, string | number> = {
    bookmark_id: f.bookmark,
    category_id: f.category,
    notification_id: f.notification,
    interaction_id: f.interaction,
    recommendation_id: f.recommendation,
    job_id: f.job,
    generation_id: f.job,
    token_id: f.token,
    content_id: auto ? f.privateAuto : f.privateItem,
    '*': f.privateItem,
    user_id: user,
    creator_id: user,
    tag_id: f.tag,
    tag_identifier: f.tag,
    parent_id: f.parentTag,
    content_type: 'image',
    status: 'pending',
    job_type: 'image',
    interaction_type: 'view',
    algorithm_version: 'v1',
    share_token: f.publicCategoryToken,
    id: '1',
    content_item_id: f.privateItem,
    username: 'alice_authz',
    email: 'alice_authz@example.test',
    flagged_content_id: 1,
  };
  if (!(name in values)) throw new Error(`no fixture value for path parameter ${name}`);
  return encodeURIComponent(String(values[name]));
}

interface Built {
  method: Method;
  url: string;
  payload?: unknown;
}

/** The request of one route: A's resources in the path, `user` wherever a user is named. */
function build(doc: Doc, method: Method, path: string, op: Operation, f: Fixtures, user: string): Built {
  const params = op.parameters ?? [];
  const url = path.replace(/\{([^}]+)\}/g, (_m, name: string) => pathValue(name, path, f, user));
  const query = new URLSearchParams();
  for (const p of params.filter((x) => x.in === 'query')) {
    if (!p.required && !USER_FIELDS.has(p.name)) continue;
    const v = sample(doc, p.schema, p.name, { user, f });
    for (const item of Array.isArray(v) ? v : [v]) query.append(p.name, String(item));
  }
  const body = bodySchemaOf(doc, op);
  const qs = query.toString();
  return { method, url: qs ? `${url}?${qs}` : url, payload: body ? sample(doc, body, '', { user, f }) : undefined };
}

describe.each(availableEngines())('authorization in required mode, generated from the route table (%s)', (engine) => {
  let sys: TestSystem;
  let doc: Doc;
  const tokens: Record<'alice' | 'bob' | 'admin', string> = { alice: '', bob: '', admin: '' };
  const ids: Record<'alice' | 'bob' | 'admin', string> = { alice: '', bob: '', admin: '' };

  const call = (who: keyof typeof tokens | null, method: Method, url: string, payload?: unknown) =>
    sys.app.inject({ method, url, payload: payload as never, headers: who ? { authorization: `Bearer ${tokens[who]}` } : {} });

  async function ok(who: keyof typeof tokens, method: Method, url: string, payload?: unknown) {
    const res = await call(who, method, url, payload);
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.json();
  }

  /** One of each owned resource for alice (private where the resource has a visibility flag). */
  async function seed(): Promise<Fixtures> {
    const a = ids.alice;
    // Administrator calls earlier in a walk may have deactivated (soft-deleted) the accounts.
    await sys.runtime.db.query('UPDATE users SET is_active = true WHERE id = ANY($1::uuid[])', [Object.values(ids)]);
    const content = (base: string, title: string, isPrivate: boolean) =>
      ok('alice', 'POST', `${base}/`, { title, content_type: 'image', content_data: `generations/${a}/x.png`, prompt: `prompt ${title}`, creator_id: a, is_private: isPrivate });
    const privateItem = (await content('/api/v1/content', `${MARKER} item`, true)).id;
    const publicItem = (await content('/api/v1/content', 'alice public item', false)).id;
    const privateAuto = (await content('/api/v1/content-auto', `${MARKER} auto`, true)).id;
    const bookmark = (await ok('alice', 'POST', `/api/v1/bookmarks/?user_id=${a}`, { content_id: publicItem, content_source_type: 'items', note: MARKER })).id;
    const category = (await ok('alice', 'POST', `/api/v1/bookmark-categories/?user_id=${a}`, { name: `${MARKER} ${Math.random()}` })).id;
    const shared = await ok('alice', 'POST', `/api/v1/bookmark-categories/?user_id=${a}`, { name: `shared ${Math.random()}`, is_public: true });
    const notification = (await ok('alice', 'POST', '/api/v1/notifications/', { user_id: a, title: MARKER, message: MARKER, notification_type: 'system' })).id;
    const interaction = (await ok('alice', 'POST', '/api/v1/interactions/', { user_id: a, content_item_id: publicItem, interaction_type: 'view', metadata: { note: MARKER } })).id;
    const recommendation = (await ok('alice', 'POST', '/api/v1/recommendations/', { user_id: a, content_item_id: publicItem, recommendation_score: 0.5, algorithm_version: 'v1', metadata: { note: MARKER } })).id;
    const job = (await ok('alice', 'POST', '/api/v1/generation-jobs', { user_id: a, job_type: 'image', prompt: MARKER, checkpoint_model: 'base_model.safetensors' })).id;
    await ok('alice', 'POST', `/api/v1/users/${a}/search-history`, { search_query: MARKER });
    const token = (await ok('alice', 'POST', '/api/v1/auth/tokens', { name: MARKER })).id;
    const tag = (await ok('alice', 'POST', '/api/v1/tags/', { name: `authz tag ${Math.random().toString(36).slice(2, 8)}` })).id;
    const parentTag = (await ok('alice', 'POST', '/api/v1/tags/', { name: `authz parent ${Math.random().toString(36).slice(2, 8)}` })).id;
    await ok('alice', 'POST', `/api/v1/tags/${tag}/rate?user_id=${a}&rating=4`);
    return {
      alice: a,
      bob: ids.bob,
      admin: ids.admin,
      privateItem,
      publicItem,
      privateAuto,
      bookmark,
      category,
      publicCategoryToken: shared.share_token,
      notification,
      interaction,
      recommendation,
      job,
      token,
      tag,
      parentTag,
    };
  }

  beforeAll(async () => {
    sys = await createTestSystem(engine, { overrides: { 'auth.mode': 'required', 'auth.login-rate-limit-per-minute': '0', 'rate-limit.per-minute': '0' } });
    doc = sys.app.swagger() as unknown as Doc;
    for (const who of ['alice', 'bob', 'admin'] as const) {
      const res = await sys.app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: { username: `${who}_authz`, email: `${who}_authz@example.test`, password: 'correct horse battery' },
      });
      expect(res.statusCode, res.body).toBe(201);
      ids[who] = res.json().user.id;
      tokens[who] = res.json().access_token;
    }
    await sys.services.auth.ensureAdminRole(ids.admin);
    const login = await sys.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin_authz', password: 'correct horse battery' } });
    tokens.admin = login.json().access_token;
    expect(login.json().user.role).toBe('admin');
  }, 120_000);
  afterAll(async () => {
    await sys?.close();
  });

  function routes(): Array<{ key: string; method: Method; path: string; op: Operation }> {
    const out: Array<{ key: string; method: Method; path: string; op: Operation }> = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [m, op] of Object.entries(ops)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(m)) continue;
        out.push({ key: `${m.toUpperCase()} ${path}`, method: m.toUpperCase() as Method, path, op });
      }
    }
    // Changes last, deletions at the very end: they may consume fixtures (which are then re-seeded).
    const rank = (m: Method) => (m === 'GET' ? 0 : m === 'DELETE' ? 2 : 1);
    return out.sort((a, b) => rank(a.method) - rank(b.method));
  }

  it('knows every route and path parameter (a new route must be classified here)', () => {
    const unknown: string[] = [];
    for (const { key, op } of routes()) {
      if (!classify(doc, key, op)) unknown.push(key);
      for (const p of (op.parameters ?? []).filter((x) => x.in === 'path')) {
        if (!OWNED_PARAMS.has(p.name) && !SHARED_PARAMS.has(p.name)) unknown.push(`${key}: path parameter ${p.name}`);
      }
    }
    expect(unknown).toEqual([]);
    // The tables name real routes only (a renamed route must not leave a stale entry behind).
    const keys = new Set(routes().map((r) => r.key));
    expect([...SESSION_ONLY, ...OWNED_BODY].filter((k) => !keys.has(k))).toEqual([]);
  });

  it('401 without a session, 403/404 for another user, allowed for an administrator — on every route', async () => {
    let f = await seed();
    const failures: string[] = [];
    const counts: Record<Kind, number> = { public: 0, admin: 0, owned: 0, 'named-user': 0, 'owned-body': 0, session: 0 };
    for (const { key, method, path, op } of routes()) {
      const kind = classify(doc, key, op);
      if (!kind) continue;
      counts[kind]++;
      const expectStatus = (label: string, status: number, body: string, accept: (s: number) => boolean, want: string) => {
        if (!accept(status)) failures.push(`${key} [${label}] → ${status} (want ${want}) ${body.slice(0, 160)}`);
      };

      // Without a session.
      const anon = build(doc, method, path, op, f, f.alice);
      const anonRes = await call(null, anon.method, anon.url, anon.payload);
      if (kind === 'public') {
        // Login and refresh answer 401 for bad credentials; what must not happen is the session check.
        const sessionRequired = anonRes.statusCode === 401 && anonRes.body.includes('Not authenticated');
        expectStatus('anonymous', anonRes.statusCode, anonRes.body, (s) => !sessionRequired && s < 500, 'no session needed');
        continue;
      }
      expectStatus('anonymous', anonRes.statusCode, anonRes.body, (s) => s === 401, '401');

      // User B on A's resource (A's ids in the path, B's own id where a user is named) and B naming A.
      if (kind === 'admin') {
        const r = build(doc, method, path, op, f, f.bob);
        const res = await call('bob', r.method, r.url, r.payload);
        expectStatus('user on admin route', res.statusCode, res.body, (s) => s === 403, '403');
      }
      if (kind === 'owned' || kind === 'owned-body') {
        // Owned ids in the path are A's, a named user is B; ids and users nested in a body are A's.
        const r = build(doc, method, path, op, f, kind === 'owned' ? f.bob : f.alice);
        const res = await call('bob', r.method, r.url, r.payload);
        expectStatus("B on A's resource", res.statusCode, res.body, (s) => s === 403 || s === 404, '403/404');
      }
      if (namesUser(doc, op)) {
        const r = build(doc, method, path, op, f, f.alice);
        const res = await call('bob', r.method, r.url, r.payload);
        expectStatus('B naming A', res.statusCode, res.body, (s) => s === 403, '403');
      }
      if (kind === 'session') {
        const r = build(doc, method, path, op, f, f.bob);
        const res = await call('bob', r.method, r.url, r.payload);
        expectStatus('signed-in user', res.statusCode, res.body, (s) => s !== 401 && s !== 403 && s < 500, 'allowed');
      }

      // An administrator on A's resource, naming A.
      const r = build(doc, method, path, op, f, f.alice);
      const res = await call('admin', r.method, r.url, r.payload);
      expectStatus('admin', res.statusCode, res.body, (s) => s !== 401 && s !== 403 && s < 500, 'allowed');
      if (method !== 'GET' && res.statusCode < 300) f = await seed();
    }
    expect(failures).toEqual([]);
    // The classification really covered the owned areas (guards against a table that matches nothing).
    expect(counts.owned, JSON.stringify(counts)).toBeGreaterThanOrEqual(35);
    expect(counts['named-user'], JSON.stringify(counts)).toBeGreaterThanOrEqual(30);
    expect(counts.admin, JSON.stringify(counts)).toBeGreaterThanOrEqual(20);
  }, 600_000);

  it("never shows user B text of A's private rows on any GET route", async () => {
    const f = await seed();
    const leaks: string[] = [];
    for (const { key, method, path, op } of routes()) {
      if (method !== 'GET' || path.startsWith('/api/v1/images')) continue;
      const kind = classify(doc, key, op);
      if (kind === 'public' || kind === 'admin') continue;
      const r = build(doc, method, path, op, f, f.bob);
      const res = await call('bob', r.method, r.url);
      if (res.body.includes(MARKER)) leaks.push(`${key} → ${res.statusCode} ${res.body.slice(0, 200)}`);
    }
    expect(leaks).toEqual([]);
    // The marker is really there for its owner (the check above can fail).
    const own = await call('alice', 'GET', `/api/v1/content/?creator_id=${f.alice}`);
    expect(own.body).toContain(MARKER);
    const admin = await call('admin', 'GET', '/api/v1/content/');
    expect(admin.body).toContain(MARKER);
  }, 600_000);

  it('content: lists show public + own; a public item of another user is readable but not changeable (403)', async () => {
    const f = await seed();
    const list = (await ok('bob', 'GET', '/api/v1/content/?limit=1000')) as { items: Array<{ id: number }> };
    const seen = new Set(list.items.map((i) => i.id));
    expect(seen.has(f.publicItem)).toBe(true);
    expect(seen.has(f.privateItem)).toBe(false);
    expect((await call('bob', 'GET', `/api/v1/content/${f.publicItem}`)).statusCode).toBe(200);
    expect((await call('bob', 'PUT', `/api/v1/content/${f.publicItem}`, { title: 'mine now' })).statusCode).toBe(403);
    expect((await call('bob', 'DELETE', `/api/v1/content/${f.publicItem}`)).statusCode).toBe(403);
    expect((await call('bob', 'GET', `/api/v1/content/${f.privateItem}`)).statusCode).toBe(404);
    expect((await call('alice', 'GET', `/api/v1/content/${f.privateItem}`)).statusCode).toBe(200);
    // The item's tags follow the item: another user's private item reads as missing, in both partitions.
    const hidden = await call('bob', 'GET', `/api/v1/content/${f.privateItem}/tags`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()).toEqual({ detail: `ContentItem with id ${f.privateItem} not found` });
    expect((await call('bob', 'GET', `/api/v1/content-auto/${f.privateAuto}/tags`)).statusCode).toBe(404);
    expect((await call('alice', 'GET', `/api/v1/content/${f.privateItem}/tags`)).statusCode).toBe(200);
    expect((await call('admin', 'GET', `/api/v1/content-auto/${f.privateAuto}/tags`)).statusCode).toBe(200);
    expect((await call('bob', 'GET', `/api/v1/content/${f.publicItem}/tags`)).statusCode).toBe(200);
    expect((await call(null, 'GET', `/api/v1/content/${f.publicItem}/tags`)).statusCode).toBe(401);
    // Another user's private item cannot be bookmarked (then shown through the bookmark list): it reads as missing.
    const sneaky = await call('bob', 'POST', `/api/v1/bookmarks/?user_id=${f.bob}`, { content_id: f.privateItem, content_source_type: 'items' });
    expect(sneaky.statusCode).toBe(422);
    expect(sneaky.json().detail).toBe('Referenced content does not exist');
    expect((await call('bob', 'POST', `/api/v1/bookmarks/?user_id=${f.bob}`, { content_id: f.publicItem, content_source_type: 'items' })).statusCode).toBe(201);
    // The public category is readable by another signed-in user through its share token only.
    expect((await call('bob', 'GET', `/api/v1/bookmark-categories/share/${f.publicCategoryToken}`)).statusCode).toBe(200);
  });

  it("bookmarks: another user's private item answers exactly like a missing one (bookmark, category cover)", async () => {
    const f = await seed();
    const missingId = 2_000_000_003;
    /** Status and body with the item id replaced, so a hidden item and a missing one can be compared. */
    const shape = (res: { statusCode: number; body: string }, id: number) => ({ status: res.statusCode, body: res.body.split(String(id)).join('<id>') });
    for (const [hidden, source] of [[f.privateItem, 'items'], [f.privateAuto, 'auto']] as const) {
      const bookmark = (id: number) => call('bob', 'POST', `/api/v1/bookmarks/?user_id=${f.bob}`, { content_id: id, content_source_type: source });
      const missing = await bookmark(missingId);
      expect(missing.statusCode).toBe(422);
      expect(shape(await bookmark(hidden), hidden), source).toEqual(shape(missing, missingId));

      const name = () => `cover ${Math.random().toString(36).slice(2, 8)}`;
      const cover = (id: number) => call('bob', 'POST', `/api/v1/bookmark-categories/?user_id=${f.bob}`, { name: name(), cover_content_id: id, cover_content_source_type: source });
      const noCover = await cover(missingId);
      expect(noCover.statusCode).toBe(422);
      expect(shape(await cover(hidden), hidden), source).toEqual(shape(noCover, missingId));
      const plain = await ok('bob', 'POST', `/api/v1/bookmark-categories/?user_id=${f.bob}`, { name: name() });
      const setCover = (id: number) => call('bob', 'PUT', `/api/v1/bookmark-categories/${plain.id}`, { cover_content_id: id, cover_content_source_type: source });
      const noSet = await setCover(missingId);
      expect(noSet.statusCode).toBe(422);
      expect(shape(await setCover(hidden), hidden), source).toEqual(shape(noSet, missingId));
      // The owner may use her own private item as a cover; anyone may use a public one.
      expect((await call('alice', 'POST', `/api/v1/bookmark-categories/?user_id=${f.alice}`, { name: name(), cover_content_id: hidden, cover_content_source_type: source })).statusCode).toBe(201);
    }
    expect((await call('bob', 'POST', `/api/v1/bookmark-categories/?user_id=${f.bob}`, { name: `public cover ${Math.random()}`, cover_content_id: f.publicItem })).statusCode).toBe(201);
  });

  it("recommendations and notifications: another user's private item (or job) answers exactly like a missing one", async () => {
    const f = await seed();
    const missingId = 2_000_000_005;
    const shape = (res: { statusCode: number; body: string }, id: number) => ({ status: res.statusCode, body: res.body.split(String(id)).join('<id>') });
    /** The answer for a hidden id must equal the answer for a missing id, and be the given refusal. */
    const sameAsMissing = async (label: string, send: (id: number) => Promise<{ statusCode: number; body: string }>, hidden: number, status: number) => {
      const missing = await send(missingId);
      expect(missing.statusCode, `${label}: ${missing.body}`).toBe(status);
      expect(shape(await send(hidden), hidden), label).toEqual(shape(missing, missingId));
    };
    const rec = (who: 'alice' | 'bob' | 'admin', user: string, id: number) =>
      call(who, 'POST', '/api/v1/recommendations/', { user_id: user, content_item_id: id, recommendation_score: 0.4, algorithm_version: 'v1' });
    const bulk = (who: 'alice' | 'bob' | 'admin', user: string, id: number) =>
      call(who, 'POST', '/api/v1/recommendations/bulk', { recommendations: [{ user_id: user, content_item_id: id, recommendation_score: 0.4, algorithm_version: 'v1' }] });
    const note = (who: 'alice' | 'bob' | 'admin', user: string, related: { related_content_id?: number; related_job_id?: number }) =>
      call(who, 'POST', '/api/v1/notifications/', { user_id: user, title: 'related', message: 'related', notification_type: 'system', ...related });

    for (const hidden of [f.privateItem, f.privateAuto]) {
      await sameAsMissing('POST /recommendations/', (id) => rec('bob', f.bob, id), hidden, 404);
      await sameAsMissing('POST /recommendations/bulk', (id) => bulk('bob', f.bob, id), hidden, 422);
      await sameAsMissing('GET /recommendations/?content_item_id=', (id) => call('bob', 'GET', `/api/v1/recommendations/?content_item_id=${id}`), hidden, 404);
      await sameAsMissing('GET /recommendations/content/{id}/recommendations', (id) => call('bob', 'GET', `/api/v1/recommendations/content/${id}/recommendations`), hidden, 404);
      await sameAsMissing('POST /notifications/ related_content_id', (id) => note('bob', f.bob, { related_content_id: id }), hidden, 404);
      // The owner and an administrator may still reference the item.
      for (const [who, user] of [['alice', f.alice], ['admin', f.admin]] as const) {
        expect((await rec(who, user, hidden)).statusCode, who).toBe(201);
        expect((await bulk(who, user, hidden)).statusCode, who).toBe(201);
        expect((await call(who, 'GET', `/api/v1/recommendations/content/${hidden}/recommendations`)).statusCode, who).toBe(200);
        expect((await note(who, user, { related_content_id: hidden })).statusCode, who).toBe(201);
      }
    }
    // Nothing was stored for bob about the hidden items.
    const stored = await sys.runtime.db.query(
      `SELECT (SELECT count(*)::int FROM recommendations WHERE user_id = $1 AND content_item_id = ANY($2::bigint[]))
            + (SELECT count(*)::int FROM user_notifications WHERE user_id = $1 AND related_content_id = ANY($2::bigint[])) AS n`,
      [f.bob, [f.privateItem, f.privateAuto]],
    );
    expect(stored.rows[0]).toEqual({ n: 0 });
    // A related job is owner-only like the job itself.
    await sameAsMissing('POST /notifications/ related_job_id', (id) => note('bob', f.bob, { related_job_id: id }), f.job, 404);
    expect((await note('alice', f.alice, { related_job_id: f.job })).statusCode).toBe(201);
    expect((await note('admin', f.admin, { related_job_id: f.job })).statusCode).toBe(201);
    // Public items are unaffected.
    expect((await rec('bob', f.bob, f.publicItem)).statusCode).toBe(201);
    expect((await note('bob', f.bob, { related_content_id: f.publicItem })).statusCode).toBe(201);
  });

  it('job and notification WebSockets deliver only the owner’s events', async () => {
    const f = await seed();
    const open = async (who: keyof typeof tokens, url: string) => {
      let c: ReturnType<typeof collect> | null = null;
      const ws = (await sys.app.injectWS(url, { headers: { authorization: `Bearer ${tokens[who]}` } }, { onInit: (s) => (c = collect(s as unknown as WebSocket)) })) as unknown as WebSocket;
      return { ws, ...(c as unknown as ReturnType<typeof collect>) };
    };
    const bob = await open('bob', `/ws/jobs/${f.job}`);
    await bob.until((m) => m.type === 'error');
    expect(bob.messages.some((m) => m.snapshot)).toBe(false);
    bob.ws.terminate();
    const multi = await open('bob', `/ws/jobs?job_ids=${f.job}`);
    await multi.until((m) => m.type === 'error');
    expect(multi.messages.some((m) => m.snapshot)).toBe(false);
    multi.ws.terminate();
    const alice = await open('alice', `/ws/jobs/${f.job}`);
    await alice.until((m) => m.snapshot === true && m.job_id === f.job);
    alice.ws.terminate();
    await expect(open('bob', `/ws/notifications?user_id=${f.alice}`)).rejects.toThrow(/403/);
    await expect(sys.app.injectWS(`/ws/jobs/${f.job}`)).rejects.toThrow(/401/);
  });

  it('audits administrator actions', async () => {
    const res = await call('admin', 'POST', `/api/v1/users/${ids.bob}/deactivate`);
    expect(res.statusCode).toBe(200);
    await call('admin', 'POST', `/api/v1/users/${ids.bob}/activate`);
    await call('admin', 'POST', '/api/v1/generation-jobs/queue/pause');
    await call('admin', 'POST', '/api/v1/generation-jobs/queue/resume');
    const log = (await ok('admin', 'GET', '/api/v1/admin/audit-log?page_size=200')) as { items: Array<{ action: string; actor_id: string }> };
    const actions = log.items.map((e) => e.action);
    for (const a of ['user.deactivate', 'user.activate', 'queue.pause', 'queue.resume']) expect(actions).toContain(a);
    expect(log.items.find((e) => e.action === 'user.deactivate')?.actor_id).toBe(ids.admin);
  });
});
