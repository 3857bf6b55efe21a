import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableEngines } from '../support/test-databases.ts';
import { createTestSystem, type TestSystem } from '../support/test-app.ts';
import { makeItem, makeTag, makeUser } from '../support/fixtures-content.ts';

const URL = '/api/v1/content/unified';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Asks until `check` passes; the change feed reaches the cache a moment after the writer's commit. */
async function eventually<T>(fn: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (check(v) || Date.now() > deadline) return v;
    await sleep(25);
  }
}

describe.each(availableEngines())('gallery page cache on %s', (engine) => {
  let sys: TestSystem;
  let me: string;
  let tag: string;
  const get = (qs = 'page_size=5') => sys.app.inject({ url: `${URL}?${qs}` });
  const titles = (res: { json(): { items: Array<{ title: string }> } }) => res.json().items.map((i) => i.title);

  beforeAll(async () => {
    sys = await createTestSystem(engine);
    me = await makeUser(sys.runtime.db, 'cache_me');
    tag = await makeTag(sys.runtime.db, 'cached-tag');
    for (let i = 0; i < 8; i++) await makeItem(sys.runtime.db, { creator: me, title: `seed ${i}`, createdAt: `2025-01-0${i + 1} 00:00:00`, tagIds: [tag] });
    // Fixture writes above reach the cache through the feed too; start from an empty cache.
    await sleep(50);
    sys.runtime.pages.invalidate();
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('answers a repeated request from memory with the same bytes, and keeps requests apart by their parameters', async () => {
    const first = await get();
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-cache']).toBe('miss');
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    const second = await get();
    expect(second.headers['x-cache']).toBe('hit');
    expect(second.body).toBe(first.body);
    // Same parameters in another order and spelled with their defaults: the same page.
    const reordered = await get('sort_order=desc&page_size=5&sort_field=created_at');
    expect(reordered.headers['x-cache']).toBe('hit');
    const other = await get('page_size=3');
    expect(other.headers['x-cache']).toBe('miss');
    expect(other.json().items).toHaveLength(3);
  });

  it('serves exactly what the route serialises without the cache', async () => {
    const cachedBody = (await get('page_size=4&sort_field=title&sort_order=asc')).body;
    sys.runtime.pages.invalidate();
    const fresh = await get('page_size=4&sort_field=title&sort_order=asc');
    expect(fresh.headers['x-cache']).toBe('miss');
    expect(fresh.body).toBe(cachedBody);
  });

  it('drops pages at once when this process writes through the API', async () => {
    await get();
    expect((await get()).headers['x-cache']).toBe('hit');
    const created = await sys.app.inject({
      method: 'POST',
      url: '/api/v1/content/',
      payload: { title: 'written through the api', content_type: 'image', content_data: 'x.png', creator_id: me, prompt: 'p', tags: [] },
    });
    expect(created.statusCode).toBe(201);
    const after = await get();
    expect(after.headers['x-cache']).toBe('miss');
    expect(titles(after)[0]).toBe('written through the api');
  });

  it('drops pages when another writer changes the catalogue behind its back (content, tags, usernames)', async () => {
    await get();
    expect((await get()).headers['x-cache']).toBe('hit');
    // A plain SQL insert, as the seeder, a worker in another process or psql would do.
    await makeItem(sys.runtime.db, { creator: me, title: 'inserted by sql' });
    const afterInsert = await eventually(get, (r) => titles(r)[0] === 'inserted by sql');
    expect(titles(afterInsert)[0]).toBe('inserted by sql');

    await get();
    await sys.runtime.db.query('UPDATE users SET username = $2 WHERE id = $1', [me, 'cache_renamed']);
    const afterRename = await eventually(get, (r) => r.json().items[0].creator_username === 'cache_renamed');
    expect(afterRename.json().items[0].creator_username).toBe('cache_renamed');

    const byTag = () => get('page_size=50&tag_names=cached-tag');
    const tagged = (await byTag()).json().items.length;
    expect(tagged).toBe(8);
    await sys.runtime.db.query('UPDATE tags SET name = $2 WHERE id = $1', [tag, 'renamed-tag']);
    const afterTagRename = await eventually(byTag, (r) => r.json().items.length === 0);
    expect(afterTagRename.json().items).toHaveLength(0);
  });

  it('rebuilds totals and per-source stats with the page after another writer changes the catalogue', async () => {
    const qs = 'page_size=2&include_stats=true';
    const before = (await get(qs)).json();
    expect((await get(qs)).headers['x-cache']).toBe('hit');
    await makeItem(sys.runtime.db, { creator: me, title: 'counted after sql' });
    const after = await eventually(
      () => get(qs),
      (r) => r.json().items[0].title === 'counted after sql',
    );
    const body = after.json();
    expect(body.items[0].title).toBe('counted after sql');
    expect(body.pagination.total_count).toBe(before.pagination.total_count + 1);
    expect(body.stats.community_regular_count).toBe(before.stats.community_regular_count + 1);
  });

  it('does not drop pages for writes the gallery does not show', async () => {
    await get();
    await sys.runtime.db.query(`UPDATE users SET preferences = preferences || '{"theme": "dark"}'::jsonb WHERE id = $1`, [me]);
    await sleep(100);
    expect((await get()).headers['x-cache']).toBe('hit');
  });

  it('never caches a request that records the search, so every one is recorded', async () => {
    const qs = `page_size=5&search_term=seed&record_search=true&user_id=${me}`;
    for (let i = 0; i < 2; i++) {
      const res = await get(qs);
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-cache']).toBeUndefined();
    }
    const history = await sys.runtime.db.query<{ n: number }>('SELECT count(*)::int AS n FROM user_search_history WHERE user_id = $1', [me]);
    expect(history.rows[0].n).toBe(2);
  });

  it('does not cache errors', async () => {
    const bad = await get('page_size=5&content_source_types=bogus');
    expect(bad.statusCode).toBe(400);
    const again = await get('page_size=5&content_source_types=bogus');
    expect(again.statusCode).toBe(400);
    expect(again.headers['x-cache']).toBeUndefined();
  });

  it.runIf(engine === 'pg')('serves nothing from memory while the change feed is down, and resumes once it is back', async () => {
    await get();
    expect((await get()).headers['x-cache']).toBe('hit');
    // Cut the listening connection, as a database restart or network fault would.
    const cut = await sys.runtime.db.query<{ ok: boolean }>(
      "SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name LIKE '%-listen' AND query ILIKE 'LISTEN%' AND datname = current_database()",
    );
    expect(cut.rows.length).toBeGreaterThan(0);
    await eventually(async () => sys.runtime.pages.active, (live) => !live, 3000);
    expect(sys.runtime.pages.active).toBe(false);
    // A write while nobody listens: its notification is lost, yet no stale page is served.
    await makeItem(sys.runtime.db, { creator: me, title: 'written while deaf' });
    const during = await get();
    expect(during.headers['x-cache']).toBe('miss');
    expect(titles(during)[0]).toBe('written while deaf');
    // The feed reconnects (1 s backoff) and caching resumes from an empty cache.
    await eventually(async () => sys.runtime.pages.active, (live) => live, 10_000);
    expect(sys.runtime.pages.active).toBe(true);
    expect(titles(await get())[0]).toBe('written while deaf');
    expect((await get()).headers['x-cache']).toBe('hit');
  });
});
