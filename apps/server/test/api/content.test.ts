import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableEngines } from '../support/test-databases.ts';
import { createTestSystem, type TestSystem } from '../support/test-app.ts';
import { makeItem, makeTag, makeUser } from '../support/fixtures-content.ts';

const CONTENT_KEYS = [
  'content_data', 'content_type', 'created_at', 'creator_id', 'creator_username', 'id', 'is_private', 'item_metadata', 'path_thumb',
  'path_thumbs_alt_res', 'prompt', 'quality_score', 'title',
].sort();
const LIST_KEYS = ['items', 'limit', 'skip', 'total'];

const PARTITIONS = [
  { base: '/api/v1/content', source: 'items' as const, entity: 'ContentItem', deleted: 'Content' },
  { base: '/api/v1/content-auto', source: 'auto' as const, entity: 'ContentItemAuto', deleted: 'Auto content' },
];

describe.each(availableEngines())('content API on %s', (engine) => {
  let sys: TestSystem;
  let creator: string;
  let other: string;
  const inject = (method: string, url: string, payload?: object) => sys.app.inject({ method: method as 'GET', url, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    sys = await createTestSystem(engine);
    creator = await makeUser(sys.runtime.db, 'content_creator');
    other = await makeUser(sys.runtime.db, 'content_other');
  });
  afterAll(async () => {
    await sys?.close();
  });

  describe.each(PARTITIONS)('$base', ({ base, source, entity, deleted }) => {
    it(`POST creates in the ${source} partition (§7.4 for auto), trims, quality 0.5, tags linked`, async () => {
      const existing = await makeTag(sys.runtime.db, `Neon City ${source}`);
      const res = await inject('POST', `${base}/`, {
        title: '  Sunset  ',
        content_type: 'image',
        content_data: 'generations/a.png',
        prompt: '  a sunset over hills ',
        creator_id: creator,
        item_metadata: { tags: ['x', 'x', 3, 'y'] },
        tags: [`neon-city-${source}`, 'brand_new_tag', existing, ' ', 'brand_new_tag'],
      });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(Object.keys(body).sort()).toEqual(CONTENT_KEYS);
      expect(body).toMatchObject({ title: 'Sunset', prompt: 'a sunset over hills', quality_score: 0.5, is_private: false, creator_username: 'content_creator' });
      expect(body.item_metadata.tags).toEqual(['x', 'y']);
      const row = await sys.runtime.db.query<{ source_type: string; tag_ids: string[] }>('SELECT source_type, tag_ids FROM content_items_all WHERE id = $1', [body.id]);
      expect(row.rows[0].source_type).toBe(source);
      expect(row.rows[0].tag_ids).toHaveLength(2);
      expect(row.rows[0].tag_ids).toContain(existing);
      const created = await sys.runtime.db.query<{ tag_metadata: Record<string, unknown> }>("SELECT tag_metadata FROM tags WHERE name = 'Brand New Tag'");
      expect(created.rows[0].tag_metadata).toEqual({ auto_created: true, slug: 'brand-new-tag' });
    });

    it('POST validation: blank fields, unknown creator, >20 tags, unknown tag id → 422', async () => {
      const good = { title: 't', content_type: 'image', content_data: 'd', prompt: 'p', creator_id: creator };
      const cases: Array<[object, string]> = [
        [{ ...good, title: '   ' }, 'Title cannot be empty'],
        [{ ...good, content_data: ' ' }, 'Content data cannot be empty'],
        [{ ...good, prompt: ' ' }, 'Prompt cannot be empty'],
        [{ ...good, creator_id: '00000000-0000-4000-8000-000000000000' }, 'Creator not found'],
        [{ ...good, tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'Cannot have more than 20 tags'],
        [{ ...good, tags: ['00000000-0000-4000-8000-00000000abcd'] }, 'Unknown tag id: 00000000-0000-4000-8000-00000000abcd'],
      ];
      for (const [payload, detail] of cases) {
        const res = await inject('POST', `${base}/`, payload);
        expect(res.statusCode, detail).toBe(422);
        expect(res.json().detail).toBe(detail);
      }
      expect((await inject('POST', `${base}/`, { ...good, content_type: 'hologram' })).statusCode).toBe(422);
    });

    it('GET / PUT / quality / DELETE one item; 404 names the entity', async () => {
      const id = (await inject('POST', `${base}/`, { title: 'one', content_type: 'text', content_data: 'd', prompt: 'fixed prompt', creator_id: creator })).json().id;
      expect((await inject('GET', `${base}/${id}`)).json().title).toBe('one');
      const put = await inject('PUT', `${base}/${id}`, { title: 'two', is_private: true, item_metadata: { a: 1 }, tags: ['fresh'] });
      expect(put.statusCode).toBe(200);
      expect(put.json()).toMatchObject({ title: 'two', is_private: true, item_metadata: { a: 1 }, prompt: 'fixed prompt' });
      const cleared = await inject('PUT', `${base}/${id}`, { tags: [] });
      expect(cleared.statusCode).toBe(200);
      expect((await sys.runtime.db.query<{ tag_ids: string[] }>('SELECT tag_ids FROM content_items_all WHERE id = $1', [id])).rows[0].tag_ids).toEqual([]);
      expect((await inject('PUT', `${base}/${id}/quality`, { quality_score: 0.9 })).json().quality_score).toBe(0.9);
      expect((await inject('PUT', `${base}/${id}/quality`, { quality_score: 1.5 })).statusCode).toBe(422);
      expect((await inject('PUT', `${base}/${id}`, { title: ' ' })).json().detail).toBe('Title cannot be empty');
      const del = await inject('DELETE', `${base}/${id}`);
      expect(del.json()).toEqual({ success: true, message: `${deleted} ${id} deleted successfully` });
      const gone = await inject('GET', `${base}/${id}`);
      expect(gone.statusCode).toBe(404);
      expect(gone.json().detail).toBe(`${entity} with id ${id} not found`);
      expect((await inject('DELETE', `${base}/${id}`)).statusCode).toBe(404);
    });

    it('GET /{id}/tags: the item\'s tags by name with average ratings; 404 like the item itself', async () => {
      const rated = await makeTag(sys.runtime.db, `zebra stripes ${source}`);
      const res0 = await inject('POST', `${base}/`, {
        title: 'tagged', content_type: 'image', content_data: 'd', prompt: 'p', creator_id: creator,
        tags: [rated, `mango-${source}`, `apple-${source}`],
      });
      expect(res0.statusCode).toBe(201);
      const id = res0.json().id;
      expect((await inject('POST', `/api/v1/tags/${rated}/rate?user_id=${creator}&rating=4`)).statusCode).toBeLessThan(300);
      expect((await inject('POST', `/api/v1/tags/${rated}/rate?user_id=${other}&rating=2.5`)).statusCode).toBeLessThan(300);
      const res = await inject('GET', `${base}/${id}/tags`);
      expect(res.statusCode).toBe(200);
      const body = res.json() as Array<Record<string, unknown>>;
      for (const t of body) expect(Object.keys(t).sort()).toEqual(['average_rating', 'id', 'name', 'rating_count']);
      expect(body.map((t) => t.name)).toEqual([`Apple ${source[0].toUpperCase()}${source.slice(1)}`, `Mango ${source[0].toUpperCase()}${source.slice(1)}`, `zebra stripes ${source}`]);
      expect(body[2]).toEqual({ id: rated, name: `zebra stripes ${source}`, average_rating: 3.25, rating_count: 2 });
      expect(body[0]).toMatchObject({ average_rating: null, rating_count: 0 });
      // The trailing-slash form and the tag list after an update that clears it.
      expect((await inject('GET', `${base}/${id}/tags/`)).statusCode).toBe(200);
      expect((await inject('PUT', `${base}/${id}`, { tags: [] })).statusCode).toBe(200);
      expect((await inject('GET', `${base}/${id}/tags`)).json()).toEqual([]);
      // Missing, and an item of the other partition: the item's own 404.
      const missing = await inject('GET', `${base}/999999999/tags`);
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toEqual({ detail: `${entity} with id 999999999 not found` });
      const foreign = await makeItem(sys.runtime.db, { creator, source: source === 'items' ? 'auto' : 'items', tagIds: [rated] });
      expect((await inject('GET', `${base}/${foreign}/tags`)).statusCode).toBe(404);
      expect((await inject('GET', `${base}/0/tags`)).statusCode).toBe(422);
    });

    it('the prompt is immutable: the DB trigger answers as a 422 with a clear detail', async () => {
      const id = (await inject('POST', `${base}/`, { title: 't', content_type: 'image', content_data: 'd', prompt: 'original', creator_id: creator })).json().id;
      const res = await inject('PUT', `${base}/${id}`, { prompt: 'rewritten' });
      expect(res.statusCode).toBe(422);
      expect(res.json().detail).toMatch(/Prompt cannot be changed/);
      expect((await inject('PUT', `${base}/${id}`, { prompt: 'original', title: 'same prompt is fine' })).statusCode).toBe(200);
      expect((await inject('GET', `${base}/${id}`)).json().prompt).toBe('original');
    });

    it('an item of the other partition is not found here', async () => {
      const foreign = await makeItem(sys.runtime.db, { creator, source: source === 'items' ? 'auto' : 'items' });
      expect((await inject('GET', `${base}/${foreign}`)).statusCode).toBe(404);
    });

    it('§7.24: list and search apply every filter; totals agree with items', async () => {
      const db = sys.runtime.db;
      await makeItem(db, { creator: other, source, title: 'Filter Target A', contentType: 'video' });
      await makeItem(db, { creator: other, source, title: 'filter target b', contentType: 'video', isPrivate: true });
      await makeItem(db, { creator, source, title: 'Filter target c', contentType: 'video' });
      const list = (await inject('GET', `${base}/?content_type=video&creator_id=${other}&public_only=true&search_term=target`)).json();
      expect(Object.keys(list).sort()).toEqual(LIST_KEYS);
      expect(list.items.map((i: { title: string }) => i.title)).toEqual(['Filter Target A']);
      expect(list.total).toBe(1);
      const search = (await inject('POST', `${base}/search`, { search_term: 'TARGET', content_type: 'video', creator_id: other, limit: 1 })).json();
      expect(search.items).toHaveLength(1);
      expect(search.total).toBe(2);
      expect(search.items[0].title).toBe('filter target b');
      const byMeta = (await inject('POST', `${base}/search`, { metadata_filter: { nothing: 'matches' } })).json();
      expect(byMeta.total).toBe(0);
    });

    it('top-rated, recent and stats', async () => {
      const db = sys.runtime.db;
      const best = await makeItem(db, { creator, source, quality: 1 });
      await makeItem(db, { creator, source, quality: 0 });
      await makeItem(db, { creator, source, createdAt: '2001-01-01 00:00:00', title: 'ancient' });
      const top = (await inject('GET', `${base}/top-rated/all?limit=1`)).json();
      expect(top.items.map((i: { id: number }) => i.id)).toEqual([best]);
      expect(top.total).toBe(1);
      const recent = (await inject('GET', `${base}/recent/all?days=7&limit=1000`)).json();
      expect(recent.items.some((i: { title: string }) => i.title === 'ancient')).toBe(false);
      expect(recent.items.every((i: { quality_score: number }) => i.quality_score >= 0)).toBe(true);
      const stats = (await inject('GET', `${base}/stats/overview`)).json();
      const count = await db.query<{ n: number; p: number }>(
        'SELECT count(*)::int AS n, count(*) FILTER (WHERE is_private)::int AS p FROM content_items_all WHERE source_type = $1',
        [source],
      );
      expect(stats.total_content).toBe(count.rows[0].n);
      expect(stats.private_content).toBe(count.rows[0].p);
      expect(Object.keys(stats.type_breakdown).sort()).toEqual(['audio', 'image', 'text', 'video']);
    });
  });

  it('§7.6: creator/type/public pages serialise Content items and page by keyset', async () => {
    const db = sys.runtime.db;
    const pager = await makeUser(db, 'pager');
    for (let i = 0; i < 7; i++) await makeItem(db, { creator: pager, createdAt: '2024-05-05 00:00:00', title: `p${i}` });
    const seen: number[] = [];
    let body = (await inject('GET', `/api/v1/content/creator/${pager}?page_size=3`)).json();
    expect(Object.keys(body.items[0]).sort()).toEqual(CONTENT_KEYS);
    expect(body.pagination.total_count).toBe(7);
    seen.push(...body.items.map((i: { id: number }) => i.id));
    while (body.pagination.next_cursor) {
      body = (await inject('GET', `/api/v1/content/creator/${pager}?page_size=3&cursor=${encodeURIComponent(body.pagination.next_cursor)}`)).json();
      seen.push(...body.items.map((i: { id: number }) => i.id));
    }
    expect(new Set(seen).size).toBe(7);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    const byType = await inject('GET', '/api/v1/content/type/image?page_size=2&sort_field=title&sort_order=asc');
    expect(byType.statusCode).toBe(200);
    const pub = (await inject('GET', '/api/v1/content/public/all?page_size=1000')).json();
    expect(pub.items.every((i: { is_private: boolean }) => !i.is_private)).toBe(true);
    expect((await inject('GET', `/api/v1/content/creator/${pager}?cursor=nonsense`)).statusCode).toBe(400);
  });

  it('§7.5: /content-auto/creator/{id} takes a UUID creator', async () => {
    const db = sys.runtime.db;
    const owner = await makeUser(db, 'auto_owner');
    await makeItem(db, { creator: owner, source: 'auto' });
    await makeItem(db, { creator: owner, source: 'items' });
    const res = await inject('GET', `/api/v1/content-auto/creator/${owner}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBe(1);
    expect((await inject('GET', '/api/v1/content-auto/type/image?limit=1')).json().items).toHaveLength(1);
    expect((await inject('GET', '/api/v1/content-auto/public/all')).statusCode).toBe(200);
  });

  it('answers with and without the trailing slash', async () => {
    expect((await inject('GET', '/api/v1/content?limit=1')).statusCode).toBe(200);
    expect((await inject('GET', '/api/v1/content-auto?limit=1')).statusCode).toBe(200);
  });
});
