import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableEngines } from '../support/test-databases.ts';
import { createTestSystem, type TestSystem } from '../support/test-app.ts';
import { makeItem, makeTag, makeUser } from '../support/fixtures-content.ts';

const ITEM_KEYS = [
  'content_data', 'content_type', 'created_at', 'creator_id', 'creator_username', 'id', 'is_private', 'item_metadata', 'path_thumb',
  'path_thumbs_alt_res', 'prompt', 'quality_score', 'source_type', 'title', 'updated_at',
].sort();
const PAGINATION_KEYS = ['has_next', 'has_previous', 'next_cursor', 'page', 'page_size', 'prev_cursor', 'total_count', 'total_is_estimate', 'total_pages'].sort();
const COMBOS = ['user-regular', 'user-auto', 'community-regular', 'community-auto'] as const;
const N = 300;

interface Row {
  id: number;
  source_type: 'items' | 'auto';
  creator_id: string;
  is_private: boolean;
  tag_ids: string[];
}

describe.each(availableEngines())('unified gallery on %s', (engine) => {
  let sys: TestSystem;
  let me: string;
  let other: string;
  let tagA: string;
  let tagB: string;
  let tagC: string;
  let rows: Row[];
  const url = '/api/v1/content/unified';
  const get = (qs: string) => sys.app.inject({ url: `${url}?${qs}` });
  const ids = (body: { items: Array<{ id: number }> }) => body.items.map((i) => i.id);

  beforeAll(async () => {
    sys = await createTestSystem(engine);
    const db = sys.runtime.db;
    me = await makeUser(db, 'gallery_me');
    other = await makeUser(db, 'gallery_other');
    tagA = await makeTag(db, 'Alpha Tag');
    tagB = await makeTag(db, 'beta');
    tagC = await makeTag(db, 'gamma');
    // Few distinct titles, qualities and timestamps: many ties under every sort.
    await db.query(
      `INSERT INTO content_items_all (title, content_type, content_data, creator_id, prompt, source_type, quality_score, is_private, created_at)
       SELECT (ARRAY['alpha', 'Beta', 'gamma', 'delta'])[1 + i % 4] || CASE WHEN i % 7 = 0 THEN ' seven' ELSE '' END,
              'image', 'd.png', CASE WHEN i % 3 = 0 THEN $1::uuid ELSE $2::uuid END, 'prompt number ' || i,
              CASE WHEN i % 2 = 0 THEN 'items' ELSE 'auto' END, (i % 5) / 4.0, i % 11 = 0,
              timestamp '2025-01-01 00:00:00' + (i % 17) * interval '1 hour' + CASE WHEN i % 13 = 0 THEN interval '0.123456 second' ELSE interval '0' END
         FROM generate_series(1, ${N}) AS i`,
      [me, other],
    );
    await db.query(`INSERT INTO content_tags (content_id, source_type, tag_id) SELECT id, source_type, $1 FROM content_items_all WHERE id % 2 = 0`, [tagA]);
    await db.query(`INSERT INTO content_tags (content_id, source_type, tag_id) SELECT id, source_type, $1 FROM content_items_all WHERE id % 3 = 0`, [tagB]);
    await db.query(`INSERT INTO content_tags (content_id, source_type, tag_id) SELECT id, source_type, $1 FROM content_items_all WHERE id % 5 = 0`, [tagC]);
    const res = await db.query<Row>('SELECT id, source_type, creator_id, is_private, tag_ids FROM content_items_all ORDER BY id');
    rows = res.rows.map((r) => ({ ...r, id: Number(r.id) }));
  });
  afterAll(async () => {
    await sys?.close();
  });

  /** The expected order, computed by the database with a plain ORDER BY over the visible rows. */
  async function expectedOrder(sort: string, dir: 'asc' | 'desc', visible: (r: Row) => boolean): Promise<number[]> {
    const allowed = rows.filter(visible).map((r) => r.id);
    const res = await sys.runtime.db.query<{ id: number }>(
      `SELECT id FROM content_items_all WHERE id = ANY($1::bigint[]) ORDER BY ${sort} ${dir}, id ${dir}`,
      [allowed],
    );
    return res.rows.map((r) => Number(r.id));
  }
  const visibleToMe = (r: Row) => r.creator_id === me || !r.is_private;

  it('answers the contract shape (all keys present)', async () => {
    const res = await get(`user_id=${me}&page_size=5&include_stats=true`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['items', 'pagination', 'stats']);
    expect(Object.keys(body.pagination).sort()).toEqual(PAGINATION_KEYS);
    expect(Object.keys(body.items[0]).sort()).toEqual(ITEM_KEYS);
    expect(body.items[0].created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
    expect(Object.keys(body.stats).sort()).toEqual(['community_auto_count', 'community_regular_count', 'user_auto_count', 'user_regular_count']);
    expect(body.pagination.total_count).toBe(rows.filter(visibleToMe).length);
    expect(body.pagination.total_pages).toBe(Math.ceil(rows.filter(visibleToMe).length / 5));
  });

  for (const sort of ['created_at', 'quality_score', 'title'] as const) {
    for (const dir of ['desc', 'asc'] as const) {
      it(`walks every page by cursor forward then backward under ${sort} ${dir} with no gap or duplicate`, async () => {
        const expected = await expectedOrder(sort, dir, visibleToMe);
        const base = `user_id=${me}&sort_field=${sort}&sort_order=${dir.toUpperCase()}&page_size=23`;
        const forward: number[][] = [];
        let body = (await get(base)).json();
        forward.push(ids(body));
        let guard = 0;
        while (body.pagination.next_cursor && guard++ < 100) {
          const res = await get(`${base}&cursor=${encodeURIComponent(body.pagination.next_cursor)}`);
          expect(res.statusCode).toBe(200);
          body = res.json();
          forward.push(ids(body));
        }
        expect(forward.flat()).toEqual(expected);
        expect(body.pagination.has_next).toBe(false);
        // Backward from the last page to the first.
        const backward: number[][] = [ids(body)];
        guard = 0;
        while (body.pagination.prev_cursor && guard++ < 100) {
          const res = await get(`${base}&backward=true&cursor=${encodeURIComponent(body.pagination.prev_cursor)}`);
          expect(res.statusCode).toBe(200);
          body = res.json();
          backward.unshift(ids(body));
        }
        expect(backward.flat()).toEqual(expected);
        expect(body.pagination.has_previous).toBe(false);
      });

      it(`offset pages under ${sort} ${dir} cover the same order`, async () => {
        const expected = await expectedOrder(sort, dir, visibleToMe);
        const pages = Math.ceil(expected.length / 40);
        const seen: number[] = [];
        for (let p = 1; p <= pages; p++) {
          const body = (await get(`user_id=${me}&sort_field=${sort}&sort_order=${dir}&page_size=40&page=${p}`)).json();
          expect(body.pagination.has_next).toBe(p < pages);
          expect(body.pagination.has_previous).toBe(p > 1);
          seen.push(...ids(body));
        }
        expect(seen).toEqual(expected);
      });
    }
  }

  it('a next_cursor from an offset page continues by keyset', async () => {
    const expected = await expectedOrder('quality_score', 'desc', visibleToMe);
    const p2 = (await get(`user_id=${me}&sort_field=quality_score&page_size=30&page=2`)).json();
    const next = (await get(`user_id=${me}&sort_field=quality_score&page_size=30&cursor=${encodeURIComponent(p2.pagination.next_cursor)}`)).json();
    expect(ids(next)).toEqual(expected.slice(60, 90));
  });

  it('keeps the original cursor format under created_at (sorted keys, spaced JSON, url-safe base64)', async () => {
    const body = (await get(`user_id=${me}&page_size=3`)).json();
    const json = Buffer.from(body.pagination.next_cursor, 'base64url').toString('utf8');
    expect(json).toMatch(/^\{"id": \d+, "src": "(items|auto)", "ts": "\d{4}-\d{2}-\d{2}T[\d:.]+"\}$/);
    const last = body.items[2];
    expect(JSON.parse(json)).toEqual({ id: last.id, src: last.source_type, ts: last.created_at });
  });

  it('§7.22: an invalid cursor or one of another sort is a 400, not page 1', async () => {
    const bad = await get(`user_id=${me}&cursor=not-a-cursor`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toMatch(/Invalid cursor/);
    const created = (await get(`user_id=${me}&page_size=3`)).json().pagination.next_cursor;
    const mismatch = await get(`user_id=${me}&sort_field=title&cursor=${encodeURIComponent(created)}`);
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().detail).toMatch(/sort_field=title/);
  });

  it('§7.21: sort_field is whitelisted (422) and sort_order is case-insensitive', async () => {
    const injected = await get(`sort_field=${encodeURIComponent('id; DROP TABLE users')}`);
    expect(injected.statusCode).toBe(422);
    expect((await get('sort_field=updated_at')).statusCode).toBe(422);
    expect((await get('sort_order=sideways')).statusCode).toBe(422);
    const upper = ids((await get(`user_id=${me}&sort_order=DESC&page_size=50`)).json());
    const lower = ids((await get(`user_id=${me}&sort_order=desc&page_size=50`)).json());
    expect(upper).toEqual(lower);
    expect(upper).toEqual((await expectedOrder('created_at', 'desc', visibleToMe)).slice(0, 50));
  });

  it('every combination of content_source_types selects exactly its items (§2.3, §7.20)', async () => {
    for (let mask = 1; mask < 16; mask++) {
      const chosen = COMBOS.filter((_, i) => mask & (1 << i));
      const qs = chosen.map((c) => `content_source_types=${c}`).join('&');
      const body = (await get(`${qs}&user_id=${me}&page_size=1000`)).json();
      const want = rows
        .filter((r) =>
          chosen.some((c) => {
            const [who, kind] = c.split('-');
            if ((kind === 'regular') !== (r.source_type === 'items')) return false;
            return who === 'user' ? r.creator_id === me : r.creator_id !== me && !r.is_private;
          }),
        )
        .map((r) => r.id)
        .sort((a, b) => a - b);
      expect([...ids(body)].sort((a, b) => a - b), chosen.join(',')).toEqual(want);
      expect(body.pagination.total_count, chosen.join(',')).toBe(want.length);
    }
  });

  it('§7.20: community-* without user_id means every public item; user-* without user_id nothing', async () => {
    const body = (await get('content_source_types=community-regular&page_size=1000')).json();
    const want = rows.filter((r) => r.source_type === 'items' && !r.is_private).map((r) => r.id);
    expect(ids(body).sort((a, b) => a - b)).toEqual(want);
    const none = (await get('content_source_types=user-regular&content_source_types=user-auto')).json();
    expect(none.items).toEqual([]);
    expect(none.pagination.total_count).toBe(0);
  });

  it('private items show only to their creator', async () => {
    const mine = (await get(`user_id=${me}&page_size=1000`)).json().items as Array<{ is_private: boolean; creator_id: string }>;
    expect(mine.filter((i) => i.is_private).every((i) => i.creator_id === me)).toBe(true);
    expect(mine.some((i) => i.is_private)).toBe(true);
    const anonymous = (await get('page_size=1000')).json().items as Array<{ is_private: boolean }>;
    expect(anonymous.some((i) => i.is_private)).toBe(false);
  });

  it('the empty sentinel content_source_types= selects nothing and still reports stats', async () => {
    const res = await get(`content_source_types=&user_id=${me}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items).toEqual([]);
    expect(body.pagination.total_count).toBe(0);
    expect(body.stats.user_regular_count).toBe(rows.filter((r) => r.creator_id === me && r.source_type === 'items').length);
  });

  it('rejects unknown source values with 400 and the contract message', async () => {
    const res = await get('content_source_types=user-regular&content_source_types=martian');
    expect(res.statusCode).toBe(400);
    expect(res.json().detail).toBe('Invalid content_source_type: martian. Must be one of: community-auto, community-regular, user-auto, user-regular');
  });

  it('legacy content_types × creator_filter', async () => {
    const autoMine = (await get(`content_types=auto&creator_filter=user&user_id=${me}&page_size=1000`)).json();
    expect(ids(autoMine).sort((a, b) => a - b)).toEqual(rows.filter((r) => r.source_type === 'auto' && r.creator_id === me).map((r) => r.id));
    const community = (await get(`content_types=regular,auto&creator_filter=community&user_id=${me}&page_size=1000`)).json();
    expect(community.pagination.total_count).toBe(rows.filter((r) => r.creator_id !== me && !r.is_private).length);
    expect((await get('content_types=')).json().items).toEqual([]);
    const badType = await get('content_types=regular,weird');
    expect(badType.statusCode).toBe(400);
    expect(badType.json().detail).toBe('Invalid content type: weird. Must be one of: auto, regular');
    const badCreator = await get('creator_filter=friends');
    expect(badCreator.statusCode).toBe(400);
    expect(badCreator.json().detail).toBe('creator_filter must be one of: all, user, community');
  });

  it('tag filters: any (&&) and all (@>) by id, name or slug, through tag, tags and tag_names', async () => {
    const visible = rows.filter(visibleToMe);
    const any = (await get(`user_id=${me}&page_size=1000&tag=${tagB}&tag_names=gamma`)).json();
    expect(ids(any).sort((a, b) => a - b)).toEqual(visible.filter((r) => r.tag_ids.includes(tagB) || r.tag_ids.includes(tagC)).map((r) => r.id));
    expect(any.pagination.total_count).toBe(visible.filter((r) => r.tag_ids.includes(tagB) || r.tag_ids.includes(tagC)).length);
    const all = (await get(`user_id=${me}&page_size=1000&tag=alpha-tag&tags=beta&tag_match=ALL`)).json();
    const wantAll = visible.filter((r) => r.tag_ids.includes(tagA) && r.tag_ids.includes(tagB)).map((r) => r.id);
    expect(ids(all).sort((a, b) => a - b)).toEqual(wantAll);
    expect(all.pagination.total_count).toBe(wantAll.length);
    const unknownAll = (await get(`user_id=${me}&tag=${tagA}&tag=no-such-tag&tag_match=all`)).json();
    expect(unknownAll.items).toEqual([]);
    const unknownAny = (await get(`user_id=${me}&page_size=1000&tag=${tagC}&tag=no-such-tag`)).json();
    expect(unknownAny.pagination.total_count).toBe(visible.filter((r) => r.tag_ids.includes(tagC)).length);
    const bad = await get('tag_match=most');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toBe("tag_match must be either 'any' or 'all'");
  });

  it('§7.19: regular items match tag filters on the content_source_types path', async () => {
    const body = (await get(`content_source_types=community-regular&content_source_types=user-regular&user_id=${me}&tag=${tagA}&page_size=1000`)).json();
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.every((i: { source_type: string }) => i.source_type === 'items')).toBe(true);
  });

  it('rarest-tag-first planning (tag_cardinality_stats) returns the same rows', async () => {
    const db = sys.runtime.db;
    for (const [tag, n] of [
      [tagA, 150],
      [tagB, 100],
      [tagC, 60],
    ] as const) {
      await db.query(`INSERT INTO tag_cardinality_stats (tag_id, source_type, cardinality) VALUES ($1, 'items', $2), ($1, 'auto', $2)`, [tag, n / 2]);
    }
    const visible = rows.filter(visibleToMe);
    const want = visible.filter((r) => [tagA, tagB, tagC].every((t) => r.tag_ids.includes(t))).map((r) => r.id);
    const body = (await get(`user_id=${me}&page_size=1000&tag=${tagA}&tag=${tagB}&tag=${tagC}&tag_match=all`)).json();
    expect(ids(body).sort((a, b) => a - b)).toEqual(want);
    await db.query('DELETE FROM tag_cardinality_stats');
  });

  it('search: words and quoted phrases must all occur in title or prompt; % and _ are literal', async () => {
    const db = sys.runtime.db;
    const a = await makeItem(db, { creator: other, title: 'Night walk', prompt: 'a black cat on a red mat' });
    const b = await makeItem(db, { creator: other, title: 'Black hat', prompt: 'a cat in a black hat' });
    const c = await makeItem(db, { creator: other, title: '100% cat', prompt: 'percent' });
    try {
      const phrase = (await get(`search_term=${encodeURIComponent('"black cat"')}&page_size=100`)).json();
      expect(ids(phrase)).toEqual([a]);
      const words = (await get(`search_term=${encodeURIComponent('black cat')}&page_size=100`)).json();
      expect(ids(words).sort()).toEqual([a, b].sort());
      const mixed = (await get(`search_term=${encodeURIComponent('"black hat" CAT')}&page_size=100`)).json();
      expect(ids(mixed)).toEqual([b]);
      const pct = (await get(`search_term=${encodeURIComponent('100%')}&page_size=100`)).json();
      expect(ids(pct)).toEqual([c]);
      const wildcard = (await get(`search_term=${encodeURIComponent('b_ack')}&page_size=100`)).json();
      expect(ids(wildcard)).toEqual([]);
    } finally {
      await db.query('DELETE FROM content_items_all WHERE id = ANY($1::bigint[])', [[a, b, c]]);
      await sys.runtime.cache.deletePrefix('content:');
    }
  });

  it('records the search in the history only when asked and a user is given', async () => {
    const db = sys.runtime.db;
    await get(`search_term=prompt&user_id=${me}`);
    expect((await db.query('SELECT 1 FROM user_search_history WHERE user_id = $1', [me])).rowCount).toBe(0);
    await get(`search_term=${encodeURIComponent(' "prompt number" ')}&user_id=${me}&record_search=true`);
    const saved = await db.query<{ search_query: string }>('SELECT search_query FROM user_search_history WHERE user_id = $1', [me]);
    expect(saved.rows.map((r) => r.search_query)).toEqual(['"prompt number"']);
  });

  it('totals above the count cap are estimated and flagged; short pages are exact', async () => {
    const svc = sys.services.gallery;
    const before = svc.countCap;
    svc.countCap = 20;
    try {
      const body = (await get(`user_id=${me}&page_size=10`)).json();
      expect(body.pagination.total_is_estimate).toBe(true);
      expect(body.pagination.total_count).toBeGreaterThan(20);
      const small = (await get(`user_id=${me}&tag=${tagA}&tag=${tagB}&tag=${tagC}&tag_match=all&page_size=100`)).json();
      expect(small.pagination.total_is_estimate).toBe(false);
      expect(small.pagination.total_count).toBe(small.items.length);
      // Page 2 of the same filter has to ask the database; fewer than the cap (20) are counted exactly.
      const counted = (await get(`user_id=${me}&tag=${tagA}&tag=${tagB}&tag=${tagC}&tag_match=all&page_size=2&page=2`)).json();
      expect(counted.pagination.total_count).toBe(small.items.length);
      expect(counted.pagination.total_is_estimate).toBe(false);
    } finally {
      svc.countCap = before;
    }
  });

  it('stats: own items per source and other users\' public items (§7.31)', async () => {
    const res = await sys.app.inject({ url: `/api/v1/content/stats/unified?user_id=${me}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      user_regular_count: rows.filter((r) => r.creator_id === me && r.source_type === 'items').length,
      user_auto_count: rows.filter((r) => r.creator_id === me && r.source_type === 'auto').length,
      community_regular_count: rows.filter((r) => r.creator_id !== me && !r.is_private && r.source_type === 'items').length,
      community_auto_count: rows.filter((r) => r.creator_id !== me && !r.is_private && r.source_type === 'auto').length,
    });
    const anon = (await sys.app.inject({ url: '/api/v1/content/stats/unified' })).json();
    expect(anon.user_regular_count).toBe(0);
    expect(anon.community_regular_count).toBe(rows.filter((r) => !r.is_private && r.source_type === 'items').length);
  });

  it('GET /content/enhanced is reachable (§7.1) and pages regular content', async () => {
    const res = await sys.app.inject({ url: `/api/v1/content/enhanced?page_size=7&creator_id=${me}&tag=beta` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const want = rows.filter((r) => r.source_type === 'items' && r.creator_id === me && r.tag_ids.includes(tagB));
    expect(body.pagination.total_count).toBe(want.length);
    expect(body.items).toHaveLength(7);
    expect(Object.keys(body.items[0]).sort()).toEqual(
      ['content_data', 'content_type', 'created_at', 'creator_id', 'creator_username', 'id', 'is_private', 'item_metadata', 'path_thumb', 'path_thumbs_alt_res', 'prompt', 'quality_score', 'title'].sort(),
    );
  });
});
