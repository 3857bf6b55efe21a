import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableEngines } from '../support/test-databases.ts';
import { createTestSystem, type TestSystem } from '../support/test-app.ts';
import { insertSearchAt, insertUser } from '../support/fixtures-activity.ts';

const RECORD_KEYS = ['created_at', 'id', 'search_query', 'user_id'];
const ITEM_KEYS = ['last_searched_at', 'search_count', 'search_query', 'user_id'];
const PAGE_KEYS = ['has_next', 'has_previous', 'page', 'page_size', 'total_count', 'total_pages'];

describe.each(availableEngines())('search history API on %s', (engine) => {
  let sys: TestSystem;
  const url = (userId: string, rest = '') => `/api/v1/users/${userId}/search-history${rest}`;
  beforeAll(async () => {
    sys = await createTestSystem(engine);
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('records a search (trimmed) with 201 and the record shape', async () => {
    const user = await insertUser(sys.runtime.db);
    const res = await sys.app.inject({ method: 'POST', url: url(user), payload: { search_query: '  neon city  ' } });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(RECORD_KEYS);
    expect(body).toMatchObject({ user_id: user, search_query: 'neon city' });
    expect(body.id).toBeTypeOf('number');
    expect(body.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/);
  });

  it('§7.18: unknown user → 404, whitespace query → 400 with a plain detail', async () => {
    const missing = randomUUID();
    const unknown = await sys.app.inject({ method: 'POST', url: url(missing), payload: { search_query: 'cats' } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ detail: `User with id ${missing} not found` });

    const user = await insertUser(sys.runtime.db);
    const blank = await sys.app.inject({ method: 'POST', url: url(user), payload: { search_query: '   ' } });
    expect(blank.statusCode).toBe(400);
    expect(blank.json()).toEqual({ detail: 'Search query cannot be empty' });

    const empty = await sys.app.inject({ method: 'POST', url: url(user), payload: { search_query: '' } });
    expect(empty.statusCode).toBe(422);
    const long = await sys.app.inject({ method: 'POST', url: url(user), payload: { search_query: 'x'.repeat(501) } });
    expect(long.statusCode).toBe(422);
  });

  it('service record() is what other modules call', async () => {
    const user = await insertUser(sys.runtime.db);
    const rec = await sys.services.searchHistory.record(user, ' dragons ');
    expect(rec.search_query).toBe('dragons');
    await expect(sys.services.searchHistory.record(randomUUID(), 'x')).rejects.toMatchObject({ statusCode: 404 });
    await expect(sys.services.searchHistory.record(user, '\t ')).rejects.toMatchObject({ statusCode: 400 });
  });

  it('lists recent raw rows newest first, bounded by limit', async () => {
    const user = await insertUser(sys.runtime.db);
    await insertSearchAt(sys.runtime.db, user, 'a', '2025-01-01 10:00:00');
    await insertSearchAt(sys.runtime.db, user, 'b', '2025-01-01 11:00:00');
    await insertSearchAt(sys.runtime.db, user, 'a', '2025-01-01 12:00:00');
    await insertSearchAt(sys.runtime.db, user, 'c', '2025-01-01 13:00:00');
    const res = await sys.app.inject({ url: url(user, '/recent') });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body)).toEqual(['items']);
    expect(body.items.map((i: { search_query: string }) => i.search_query)).toEqual(['c', 'a', 'b']);
    expect(Object.keys(body.items[0]).sort()).toEqual(RECORD_KEYS);
    expect(body.items[0].created_at).toBe('2025-01-01T13:00:00');
    const two = await sys.app.inject({ url: url(user, '/recent?limit=2') });
    expect(two.json().items).toHaveLength(2);
    expect((await sys.app.inject({ url: url(user, '/recent?limit=0') })).statusCode).toBe(422);
    expect((await sys.app.inject({ url: url(user, '/recent?limit=101') })).statusCode).toBe(422);
  });

  it('aggregates per distinct query, most recent use first, with paging', async () => {
    const user = await insertUser(sys.runtime.db);
    await insertSearchAt(sys.runtime.db, user, 'cats', '2025-02-01 10:00:00');
    await insertSearchAt(sys.runtime.db, user, 'dogs', '2025-02-01 11:00:00');
    await insertSearchAt(sys.runtime.db, user, 'cats', '2025-02-01 12:00:00');
    await insertSearchAt(sys.runtime.db, user, 'Cats', '2025-02-01 09:00:00');
    await insertSearchAt(sys.runtime.db, user, 'owls', '2025-02-01 08:00:00');
    const res = await sys.app.inject({ url: url(user, '?page=1&page_size=2') });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['items', 'pagination']);
    expect(Object.keys(body.pagination).sort()).toEqual(PAGE_KEYS);
    expect(Object.keys(body.items[0]).sort()).toEqual(ITEM_KEYS);
    expect(body.items).toEqual([
      { search_query: 'cats', search_count: 2, last_searched_at: '2025-02-01T12:00:00', user_id: user },
      { search_query: 'dogs', search_count: 1, last_searched_at: '2025-02-01T11:00:00', user_id: user },
    ]);
    expect(body.pagination).toEqual({ page: 1, page_size: 2, total_count: 4, total_pages: 2, has_next: true, has_previous: false });
    const p2 = (await sys.app.inject({ url: url(user, '?page=2&page_size=2') })).json();
    expect(p2.items.map((i: { search_query: string }) => i.search_query)).toEqual(['Cats', 'owls']);
    expect(p2.pagination).toMatchObject({ has_next: false, has_previous: true });
    const empty = (await sys.app.inject({ url: url(randomUUID()) })).json();
    expect(empty).toEqual({ items: [], pagination: { page: 1, page_size: 20, total_count: 0, total_pages: 0, has_next: false, has_previous: false } });
  });

  it('deletes by exact query with a JSON body on DELETE; 404 when nothing matched', async () => {
    const user = await insertUser(sys.runtime.db);
    await insertSearchAt(sys.runtime.db, user, 'cats', '2025-03-01 10:00:00');
    await insertSearchAt(sys.runtime.db, user, 'cats', '2025-03-01 11:00:00');
    await insertSearchAt(sys.runtime.db, user, 'dogs', '2025-03-01 12:00:00');
    const wrongCase = await sys.app.inject({ method: 'DELETE', url: url(user, '/by-query'), payload: { search_query: 'CATS' } });
    expect(wrongCase.statusCode).toBe(404);
    expect(wrongCase.json()).toEqual({ detail: 'Search history item not found or unauthorized' });
    const res = await sys.app.inject({ method: 'DELETE', url: url(user, '/by-query'), payload: { search_query: 'cats' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ success: true, message: 'Search history deleted successfully' });
    const left = (await sys.app.inject({ url: url(user) })).json();
    expect(left.items.map((i: { search_query: string }) => i.search_query)).toEqual(['dogs']);
    const noBody = await sys.app.inject({ method: 'DELETE', url: url(user, '/by-query') });
    expect(noBody.statusCode).toBe(422);
  });

  it('clears everything and reports the count (200 even when 0)', async () => {
    const user = await insertUser(sys.runtime.db);
    const other = await insertUser(sys.runtime.db);
    await insertSearchAt(sys.runtime.db, user, 'a', '2025-04-01 10:00:00');
    await insertSearchAt(sys.runtime.db, user, 'b', '2025-04-01 10:00:01');
    await insertSearchAt(sys.runtime.db, other, 'c', '2025-04-01 10:00:02');
    const res = await sys.app.inject({ method: 'DELETE', url: url(user, '/clear') });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ success: true, deleted_count: 2, message: 'Cleared 2 search history item(s)' });
    const again = await sys.app.inject({ method: 'DELETE', url: url(user, '/clear/') });
    expect(again.json()).toEqual({ success: true, deleted_count: 0, message: 'Cleared 0 search history item(s)' });
    expect((await sys.app.inject({ url: url(other) })).json().pagination.total_count).toBe(1);
  });

  it('non-finite or huge paging numbers are 422, never 500', async () => {
    const user = randomUUID();
    for (const q of ['?page=1e309', '?page_size=1e309', '?page=99999999999999999999999', '/recent?limit=1e309']) {
      expect((await sys.app.inject({ url: url(user, q) })).statusCode, q).toBe(422);
    }
  });

  it('rejects a non-uuid user id with 422', async () => {
    const res = await sys.app.inject({ url: url('not-a-uuid') });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0]).toMatchObject({ type: 'uuid_parsing', loc: ['path', 'user_id'] });
  });
});
