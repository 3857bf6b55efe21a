import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableEngines } from '../support/test-databases.ts';
import { createTestSystem, type TestSystem } from '../support/test-app.ts';

describe.each(availableEngines())('HTTP platform on %s', (engine) => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await createTestSystem(engine);
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('reports database, cache and queue health', async () => {
    const res = await sys.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('healthy');
    expect(body.database.status).toBe('connected');
    expect(body.database.kind).toBe(engine);
    expect(body.cache.status).toBe('ok');
    expect(body.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
  });

  it('answers with and without a trailing slash', async () => {
    for (const url of ['/api/v1/health', '/api/v1/health/']) {
      const res = await sys.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
    }
  });

  it('answers 404 with the contract error body for an unknown path', async () => {
    const res = await sys.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ detail: 'Not Found' });
  });

  it('answers 405 with Allow for a known path and a wrong method', async () => {
    const res = await sys.app.inject({ method: 'DELETE', url: '/api/v1/health' });
    expect(res.statusCode).toBe(405);
    expect(res.json()).toEqual({ detail: 'Method Not Allowed' });
    expect(res.headers.allow).toContain('GET');
  });

  it('serves an OpenAPI 3 document and local docs without external assets', async () => {
    const doc = await sys.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(doc.statusCode).toBe(200);
    const spec = doc.json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(spec.info.title).toBe('Genonaut API');
    expect(Object.keys(spec.paths)).toContain('/api/v1/health');

    const html = await sys.app.inject({ method: 'GET', url: '/docs/' });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    const srcs = [...html.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(srcs.length).toBeGreaterThan(0);
    for (const src of srcs) expect(src, src).not.toMatch(/^(https?:)?\/\//);
    for (const src of srcs.filter((s) => s.endsWith('.js') || s.endsWith('.css'))) {
      const asset = await sys.app.inject({ method: 'GET', url: new URL(src, 'http://x/docs/').pathname });
      expect(asset.statusCode, src).toBe(200);
    }
  });

  it('returns the legacy health and database info payloads', async () => {
    expect((await sys.app.inject({ url: '/health' })).json()).toEqual({
      status: 'healthy',
      message: 'Use /api/v1/health for detailed health check',
    });
    const dbs = (await sys.app.inject({ url: '/api/v1/databases' })).json();
    expect(dbs.current_database).toBe('test');
    expect(dbs.available_databases).toContain('test');
  });

  it('answers the root with the welcome payload for API clients', async () => {
    const res = await sys.app.inject({ url: '/', headers: { accept: 'application/json' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ message: 'Welcome to Genonaut API', docs: '/docs', health: '/api/v1/health' });
    // The whole payload, the database named as PostgreSQL names it (read through the system service).
    const name = (await sys.runtime.db.query<{ name: string }>('SELECT current_database() AS name')).rows[0]?.name;
    expect(name).toBeTruthy();
    expect(res.json()).toEqual({
      message: 'Welcome to Genonaut API',
      version: '1.0.0',
      database: name,
      docs: '/docs',
      redoc: '/docs',
      health: '/api/v1/health',
      database_info: '/api/v1/databases',
      global_stats: '/api/v1/stats/global',
      tag_hierarchy: '/api/v1/tags/hierarchy',
    });
  });

  it("names the database 'unknown' in the root payload when it cannot be read", async () => {
    const failing = { ...sys.runtime, db: { ...sys.runtime.db, query: async () => Promise.reject(new Error('connection lost')) } } as typeof sys.runtime;
    const { SystemService } = await import('../../src/modules/system/system.service.ts');
    expect((await new SystemService(failing).rootPayload()).database).toBe('unknown');
  });

  it('echoes a request id and sets security headers', async () => {
    const res = await sys.app.inject({ url: '/api/v1/health', headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers['x-request-id']).toBe('abc-123');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('allows the dev origin by CORS and refuses others', async () => {
    const ok = await sys.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/health',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' },
    });
    expect(ok.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    const bad = await sys.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/health',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(bad.headers['access-control-allow-origin']).toBeUndefined();
  });
});
