import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableEngines } from '../support/test-databases.ts';
import { createTestSystem, type TestSystem } from '../support/test-app.ts';
import { makeItem } from '../support/fixtures-content.ts';

const USER_KEYS = ['created_at', 'email', 'id', 'is_active', 'preferences', 'updated_at', 'username'];
const PAGINATION_KEYS = ['has_next', 'has_previous', 'next_cursor', 'page', 'page_size', 'prev_cursor', 'total_count', 'total_pages'];

describe.each(availableEngines())('users API on %s', (engine) => {
  let sys: TestSystem;
  const base = '/api/v1/users';
  const inject = (method: string, url: string, payload?: object) => sys.app.inject({ method: method as 'GET', url, ...(payload ? { payload } : {}) });
  const create = async (username: string, preferences: object = {}) => {
    const res = await inject('POST', `${base}/`, { username, email: `${username}@example.test`, preferences });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; username: string };
  };
  let alice: { id: string };
  let bob: { id: string };

  beforeAll(async () => {
    sys = await createTestSystem(engine);
    alice = await create('alice', { theme: 'dark', lang: 'en' });
    bob = await create('bob_2', { theme: 'light' });
    await create('carol-3', { theme: 'dark' });
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('POST creates an active user with every key; duplicates and bad names are 422', async () => {
    const res = await inject('POST', `${base}/`, { username: 'dave', email: 'dave@example.test' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(USER_KEYS);
    expect(body).toMatchObject({ username: 'dave', is_active: true, preferences: {} });
    expect(body.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/);
    const dupName = await inject('POST', `${base}/`, { username: 'dave', email: 'other@example.test' });
    expect(dupName.statusCode).toBe(422);
    expect(dupName.json().detail).toBe('Username already exists');
    const dupMail = await inject('POST', `${base}/`, { username: 'dave2', email: 'dave@example.test' });
    expect(dupMail.json().detail).toBe('Email already exists');
    expect((await inject('POST', `${base}/`, { username: 'bad name!', email: 'x@example.test' })).statusCode).toBe(422);
    expect((await inject('POST', `${base}/`, { username: 'ok_name', email: 'not-an-email' })).statusCode).toBe(422);
    expect((await inject('POST', `${base}/`, { username: 'ab', email: 'ab@example.test' })).statusCode).toBe(422);
  });

  it('GET by id, username and e-mail; 404 messages', async () => {
    expect((await inject('GET', `${base}/${alice.id}`)).json().username).toBe('alice');
    expect((await inject('GET', `${base}/username/alice`)).json().id).toBe(alice.id);
    expect((await inject('GET', `${base}/email/alice@example.test`)).json().id).toBe(alice.id);
    const missing = randomUUID();
    const r = await inject('GET', `${base}/${missing}`);
    expect(r.statusCode).toBe(404);
    expect(r.json().detail).toBe(`User with id ${missing} not found`);
    expect((await inject('GET', `${base}/username/nobody`)).json().detail).toBe("User with username 'nobody' not found");
    expect((await inject('GET', `${base}/email/no@example.test`)).json().detail).toBe("User with email 'no@example.test' not found");
    // A literal segment, not /{user_id}/stats (§3.2).
    expect((await inject('GET', `${base}/username/stats`)).statusCode).toBe(404);
  });

  it('PUT updates fields; conflicts name the value', async () => {
    const r = await inject('PUT', `${base}/${bob.id}`, { email: 'bob.new@example.test' });
    expect(r.statusCode).toBe(200);
    expect(r.json().email).toBe('bob.new@example.test');
    const clash = await inject('PUT', `${base}/${bob.id}`, { username: 'alice' });
    expect(clash.statusCode).toBe(422);
    expect(clash.json().detail).toBe("Username 'alice' already exists");
    const mail = await inject('PUT', `${base}/${bob.id}`, { email: 'alice@example.test' });
    expect(mail.json().detail).toBe("Email 'alice@example.test' already exists");
    expect((await inject('PUT', `${base}/${randomUUID()}`, { is_active: true })).statusCode).toBe(404);
  });

  it('preferences merge shallowly', async () => {
    const r = await inject('PUT', `${base}/${alice.id}/preferences`, { preferences: { lang: 'fr', notifications_enabled: true } });
    expect(r.json().preferences).toEqual({ theme: 'dark', lang: 'fr', notifications_enabled: true });
  });

  it('DELETE is a soft delete; activate/deactivate flip is_active', async () => {
    const u = await create('eve');
    const del = await inject('DELETE', `${base}/${u.id}`);
    expect(del.json()).toEqual({ success: true, message: `User ${u.id} deleted successfully` });
    const after = await inject('GET', `${base}/${u.id}`);
    expect(after.statusCode).toBe(200);
    expect(after.json().is_active).toBe(false);
    expect((await inject('POST', `${base}/${u.id}/activate`)).json().is_active).toBe(true);
    expect((await inject('POST', `${base}/${u.id}/deactivate`)).json().is_active).toBe(false);
    expect((await inject('POST', `${base}/${randomUUID()}/activate`)).statusCode).toBe(404);
  });

  it('search (GET and POST) with active_only and a preferences filter; total counts all matches', async () => {
    const all = (await inject('GET', `${base}/search?limit=2`)).json();
    expect(Object.keys(all).sort()).toEqual(['items', 'limit', 'skip', 'total']);
    expect(all.items).toHaveLength(2);
    const dark = (await inject('POST', `${base}/search`, { preferences_filter: { theme: 'dark' }, limit: 1 })).json();
    expect(dark.total).toBe(2);
    expect(dark.items).toHaveLength(1);
    const active = (await inject('GET', `${base}/search?active_only=true&limit=1000`)).json();
    expect(active.items.every((u: { is_active: boolean }) => u.is_active)).toBe(true);
  });

  it('§7.6: GET /users/ serialises User items, pages by keyset in both directions', async () => {
    const first = await inject('GET', `${base}/?page_size=2&sort_field=username&sort_order=asc`);
    expect(first.statusCode).toBe(200);
    const body = first.json();
    expect(Object.keys(body.pagination).sort()).toEqual(PAGINATION_KEYS);
    expect(Object.keys(body.items[0]).sort()).toEqual(USER_KEYS);
    const names: string[] = body.items.map((u: { username: string }) => u.username);
    let page = body;
    while (page.pagination.next_cursor) {
      page = (await inject('GET', `${base}/?page_size=2&sort_field=username&sort_order=asc&cursor=${encodeURIComponent(page.pagination.next_cursor)}`)).json();
      names.push(...page.items.map((u: { username: string }) => u.username));
    }
    const total = body.pagination.total_count;
    expect(names).toHaveLength(total);
    expect(new Set(names).size).toBe(total);
    const back = (await inject('GET', `${base}/?page_size=2&sort_field=username&sort_order=asc&cursor=${encodeURIComponent(page.pagination.prev_cursor)}`)).json();
    expect(back.items.map((u: { username: string }) => u.username)).toEqual(names.slice(-2 - page.items.length, -page.items.length));
    const bad = await inject('GET', `${base}/?preferences_filter=${encodeURIComponent('{oops')}`);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail).toBe('Invalid JSON in preferences_filter');
    const filtered = (await inject('GET', `${base}/?preferences_filter=${encodeURIComponent('{"theme":"light"}')}`)).json();
    expect(filtered.items.map((u: { id: string }) => u.id)).toEqual([bob.id]);
    expect((await inject('GET', `${base}/?cursor=garbage`)).statusCode).toBe(400);
  });

  it('interactions, per-user stats and the overview', async () => {
    const db = sys.runtime.db;
    const item = await makeItem(db, { creator: alice.id });
    await makeItem(db, { creator: alice.id, source: 'auto' });
    await db.query(
      `INSERT INTO user_interactions (user_id, content_item_id, content_source_type, interaction_type, rating) VALUES ($1, $2, 'items', 'rate', 4), ($1, $2, 'items', 'view', NULL)`,
      [alice.id, item],
    );
    const list = (await inject('GET', `${base}/${alice.id}/interactions`)).json();
    expect(list.total).toBe(2);
    expect(list.items[0]).toHaveProperty('interaction_metadata');
    expect((await inject('GET', `${base}/${randomUUID()}/interactions`)).statusCode).toBe(404);
    const stats = (await inject('GET', `${base}/${alice.id}/stats`)).json();
    expect(stats).toEqual({ total_interactions: 2, content_created: 1, avg_rating_given: 4 });
    expect((await inject('GET', `${base}/${bob.id}/stats`)).json().avg_rating_given).toBe(0);
    const overview = (await inject('GET', `${base}/stats/overview`)).json();
    expect(overview.total_users).toBe(overview.active_users + overview.inactive_users);
    expect(overview.inactive_users).toBeGreaterThanOrEqual(1);
  });
});
