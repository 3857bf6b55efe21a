import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableEngines } from '../support/test-databases.ts';
import { createTestSystem, type TestSystem } from '../support/test-app.ts';
import { insertUser } from '../support/fixtures-activity.ts';
import { insertContent, insertInteractionRow } from '../support/fixtures-interactions.ts';
import { bookmark, category, fileIn, setBookmarkCreatedAt } from '../support/fixtures-bookmarks.ts';

const BOOKMARK_KEYS = ['content_id', 'content_source_type', 'created_at', 'id', 'is_public', 'note', 'pinned', 'updated_at', 'user_id'];
const WITH_CONTENT_KEYS = [...BOOKMARK_KEYS, 'content', 'user_rating'].sort();
const CONTENT_KEYS = [
  'content_data', 'content_type', 'created_at', 'creator_id', 'creator_username', 'id', 'is_private', 'item_metadata',
  'path_thumb', 'path_thumbs_alt_res', 'prompt', 'quality_score', 'title',
];
const MEMBERSHIP_KEYS = ['added_at', 'bookmark_id', 'category_id', 'position', 'user_id'];
const TZ = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$/;

describe.each(availableEngines())('bookmarks API on %s', (engine) => {
  let sys: TestSystem;
  const base = '/api/v1/bookmarks';
  beforeAll(async () => {
    sys = await createTestSystem(engine);
  });
  afterAll(async () => {
    await sys?.close();
  });
  const db = () => sys.runtime.db;
  const inject = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    sys.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });

  it('POST / creates (201, tz timestamps) and files the bookmark in "Uncategorized"; duplicates and bad refs are 422, unknown user 404', async () => {
    const user = await insertUser(db());
    const item = await insertContent(db(), user);
    const res = await inject('POST', `${base}/?user_id=${user}`, { content_id: item, content_source_type: 'items', note: 'nice', pinned: true });
    expect(res.statusCode).toBe(201);
    const b = res.json();
    expect(Object.keys(b).sort()).toEqual(BOOKMARK_KEYS);
    expect(b).toMatchObject({ user_id: user, content_id: item, content_source_type: 'items', note: 'nice', pinned: true, is_public: false });
    expect(b.created_at).toMatch(TZ);
    expect(b.updated_at).toMatch(TZ);

    const cats = await inject('GET', `${base}/${b.id}/categories`);
    expect(cats.statusCode).toBe(200);
    expect(cats.json().total).toBe(1);
    const uncategorized = await inject('GET', `/api/v1/bookmark-categories/${cats.json().items[0].category_id}`);
    expect(uncategorized.json()).toMatchObject({ name: 'Uncategorized', parent_id: null, user_id: user });

    const dup = await inject('POST', `${base}/?user_id=${user}`, { content_id: item, content_source_type: 'items' });
    expect(dup.statusCode).toBe(422);
    expect(dup.json()).toEqual({ detail: 'Bookmark already exists for this content item' });

    const wrongSource = await inject('POST', `${base}/?user_id=${user}`, { content_id: item, content_source_type: 'auto' });
    expect(wrongSource.statusCode).toBe(422);
    expect(wrongSource.json()).toEqual({ detail: 'Referenced content does not exist' });

    const ghost = randomUUID();
    const noUser = await inject('POST', `${base}/?user_id=${ghost}`, { content_id: item, content_source_type: 'items' });
    expect(noUser.statusCode).toBe(404);
    expect(noUser.json()).toEqual({ detail: `User with id ${ghost} not found` });

    for (const bad of [
      { content_id: 0, content_source_type: 'items' },
      { content_id: item, content_source_type: 'regular' },
      { content_id: item, content_source_type: 'items', note: 'x'.repeat(5001) },
      { content_source_type: 'items' },
    ]) {
      const r = await inject('POST', `${base}/?user_id=${user}`, bad);
      expect(r.statusCode, JSON.stringify(bad).slice(0, 80)).toBe(422);
      expect(Array.isArray(r.json().detail)).toBe(true);
    }
    // Only one "Uncategorized" however many bookmarks.
    const other = await insertContent(db(), user, { source: 'auto' });
    await bookmark(sys, user, other, { content_source_type: 'auto' });
    const list = await inject('GET', `/api/v1/bookmark-categories/?user_id=${user}`);
    expect(list.json().items.filter((c: { name: string }) => c.name === 'Uncategorized')).toHaveLength(1);
  });

  it('GET /check and POST /check-batch report bookmark state (check never 404s; batch keys every pair)', async () => {
    const user = await insertUser(db());
    const a = await insertContent(db(), user);
    const b = await insertContent(db(), user, { source: 'auto' });
    const c = await insertContent(db(), user);
    const bm = await bookmark(sys, user, a);
    const bmAuto = await bookmark(sys, user, b, { content_source_type: 'auto' });

    const yes = await inject('GET', `${base}/check?user_id=${user}&content_id=${a}`);
    expect(yes.statusCode).toBe(200);
    expect(Object.keys(yes.json()).sort()).toEqual(['bookmark', 'bookmarked']);
    expect(yes.json().bookmarked).toBe(true);
    expect(Object.keys(yes.json().bookmark).sort()).toEqual(BOOKMARK_KEYS);
    expect(yes.json().bookmark.id).toBe(bm.id);
    const no = await inject('GET', `${base}/check?user_id=${user}&content_id=${b}&content_source_type=items`);
    expect(no.json()).toEqual({ bookmarked: false, bookmark: null });
    const ghost = await inject('GET', `${base}/check?user_id=${randomUUID()}&content_id=${a}`);
    expect(ghost.json()).toEqual({ bookmarked: false, bookmark: null });

    const batch = await inject('POST', `${base}/check-batch?user_id=${user}`, {
      content_items: [
        { content_id: a, content_source_type: 'items' },
        { content_id: b, content_source_type: 'auto' },
        { content_id: c, content_source_type: 'items' },
        { content_id: a, content_source_type: 'auto' },
      ],
    });
    expect(batch.statusCode).toBe(200);
    const map = batch.json().bookmarks;
    expect(Object.keys(map).sort()).toEqual([`${a}-auto`, `${a}-items`, `${b}-auto`, `${c}-items`].sort());
    expect(map[`${a}-items`].id).toBe(bm.id);
    expect(Object.keys(map[`${a}-items`]).sort()).toEqual(BOOKMARK_KEYS);
    expect(map[`${b}-auto`].id).toBe(bmAuto.id);
    expect(map[`${c}-items`]).toBeNull();
    expect(map[`${a}-auto`]).toBeNull();

    const tooMany = await inject('POST', `${base}/check-batch?user_id=${user}`, {
      content_items: Array.from({ length: 101 }, (_, i) => ({ content_id: i + 1, content_source_type: 'items' })),
    });
    expect(tooMany.statusCode).toBe(422);
    const empty = await inject('POST', `${base}/check-batch?user_id=${user}`, { content_items: [] });
    expect(empty.statusCode).toBe(422);
    const noUser = await inject('POST', `${base}/check-batch?user_id=${randomUUID()}`, { content_items: [{ content_id: a, content_source_type: 'items' }] });
    expect(noUser.statusCode).toBe(404);
  });

  it('GET / lists with content and the user rating; filters; sorts; include_content=false gives plain bookmarks', async () => {
    const user = await insertUser(db());
    const other = await insertUser(db());
    const low = await insertContent(db(), other, { title: 'Banana', quality: 0.9 });
    const high = await insertContent(db(), other, { title: 'apple', quality: 0.1 });
    const none = await insertContent(db(), other, { title: 'Cherry', quality: 0.5, source: 'auto' });
    // Distinct creation times: PGlite's clock can give rows inserted within a millisecond the same one.
    for (const [id, at] of [[low, '2024-01-01'], [high, '2024-01-02'], [none, '2024-01-03']] as const) {
      await db().query('UPDATE content_items_all SET created_at = $2 WHERE id = $1', [id, at]);
    }
    const b1 = await bookmark(sys, user, low, { pinned: true });
    const b2 = await bookmark(sys, user, high, { is_public: true });
    const b3 = await bookmark(sys, user, none, { content_source_type: 'auto' });
    await setBookmarkCreatedAt(db(), b1.id, '2025-01-01T00:00:00Z');
    await setBookmarkCreatedAt(db(), b2.id, '2025-01-02T00:00:00Z');
    await setBookmarkCreatedAt(db(), b3.id, '2025-01-03T00:00:00Z');
    await insertInteractionRow(db(), user, low, 'rate', { rating: 2 });
    await insertInteractionRow(db(), user, high, 'rate', { rating: 5 });
    await insertInteractionRow(db(), other, none, 'rate', { rating: 1 }); // someone else's rating: ignored

    const res = await inject('GET', `${base}/?user_id=${user}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['items', 'limit', 'skip', 'total']);
    expect(body).toMatchObject({ total: 3, skip: 0, limit: 100 });
    expect(Object.keys(body.items[0]).sort()).toEqual(WITH_CONTENT_KEYS);
    expect(Object.keys(body.items[0].content).sort()).toEqual(CONTENT_KEYS);
    // user_rating_then_created desc: rated high first, unrated last.
    expect(body.items.map((b: { id: string }) => b.id)).toEqual([b2.id, b1.id, b3.id]);
    expect(body.items.map((b: { user_rating: number | null }) => b.user_rating)).toEqual([5, 2, null]);
    expect(body.items[0].content).toMatchObject({ id: high, title: 'apple', creator_id: other });

    const ids = async (qs: string) => (await inject('GET', `${base}/?user_id=${user}&${qs}`)).json().items.map((b: { id: string }) => b.id);
    expect(await ids('sort_field=user_rating_then_created&sort_order=asc')).toEqual([b3.id, b1.id, b2.id]);
    expect(await ids('sort_field=quality_score&sort_order=desc')).toEqual([b1.id, b3.id, b2.id]);
    expect(await ids('sort_field=datetime_added&sort_order=asc')).toEqual([b1.id, b2.id, b3.id]);
    expect(await ids('sort_field=datetime_created&sort_order=desc')).toEqual([b3.id, b2.id, b1.id]);
    expect(await ids('sort_field=alphabetical&sort_order=asc')).toEqual([b1.id, b3.id, b2.id]);
    expect(await ids('sort_field=bogus;drop')).toEqual([b3.id, b2.id, b1.id]);
    expect(await ids('pinned=true')).toEqual([b1.id]);
    expect(await ids('is_public=true')).toEqual([b2.id]);
    expect(await ids('skip=1&limit=1')).toEqual([b1.id]);

    const filed = await category(sys, user, { name: 'Fruit' });
    await fileIn(sys, b3.id, filed.id);
    const inCat = await inject('GET', `${base}/?user_id=${user}&category_id=${filed.id}`);
    expect(inCat.json()).toMatchObject({ total: 1 });
    expect(inCat.json().items[0].id).toBe(b3.id);

    const plain = await inject('GET', `${base}/?user_id=${user}&include_content=false`);
    expect(plain.statusCode).toBe(200);
    expect(Object.keys(plain.json().items[0]).sort()).toEqual(BOOKMARK_KEYS);
    expect(plain.json().items.map((b: { id: string }) => b.id)).toEqual([b3.id, b2.id, b1.id]);

    const ghost = randomUUID();
    const noUser = await inject('GET', `${base}/?user_id=${ghost}`);
    expect(noUser.statusCode).toBe(404);
    expect(noUser.json()).toEqual({ detail: `User with id ${ghost} not found` });
    expect((await inject('GET', `${base}/?user_id=${user}&limit=1001`)).statusCode).toBe(422);
    expect((await inject('GET', `${base}/?user_id=${user}&sort_order=DESC`)).statusCode).toBe(422);
  });

  it('§7.29: several interactions on one item do not duplicate the bookmark; the latest rating wins', async () => {
    const user = await insertUser(db());
    const item = await insertContent(db(), user);
    await bookmark(sys, user, item);
    await insertInteractionRow(db(), user, item, 'view');
    await insertInteractionRow(db(), user, item, 'like');
    await insertInteractionRow(db(), user, item, 'rate', { rating: 1, createdAt: '2025-01-01T00:00:00' });
    await insertInteractionRow(db(), user, item, 'rate', { rating: 4, createdAt: '2025-02-01T00:00:00' });
    const res = await inject('GET', `${base}/?user_id=${user}`);
    expect(res.json().total).toBe(1);
    expect(res.json().items).toHaveLength(1);
    expect(res.json().items[0].user_rating).toBe(4);
  });

  it('GET/PUT/DELETE /{id}: read, update (null keeps), delete (memberships go); 404s', async () => {
    const user = await insertUser(db());
    const item = await insertContent(db(), user);
    const b = await bookmark(sys, user, item, { note: 'first' });
    const got = await inject('GET', `${base}/${b.id}`);
    expect(got.statusCode).toBe(200);
    expect(Object.keys(got.json()).sort()).toEqual(BOOKMARK_KEYS);
    expect(got.json()).toEqual(b);

    const upd = await inject('PUT', `${base}/${b.id}`, { pinned: true, note: null });
    expect(upd.statusCode).toBe(200);
    expect(upd.json()).toMatchObject({ pinned: true, note: 'first', is_public: false });
    const upd2 = await inject('PUT', `${base}/${b.id}`, { note: 'second', is_public: true });
    expect(upd2.json()).toMatchObject({ pinned: true, note: 'second', is_public: true });
    expect(Date.parse(upd2.json().updated_at)).toBeGreaterThanOrEqual(Date.parse(b.updated_at));
    expect((await inject('PUT', `${base}/${b.id}`, { note: 'x'.repeat(5001) })).statusCode).toBe(422);

    const del = await inject('DELETE', `${base}/${b.id}?user_id=${user}`);
    expect(del.statusCode).toBe(200);
    expect(del.json()).toEqual({ success: true, message: `Bookmark ${b.id} deleted successfully` });
    const members = await db().query('SELECT 1 FROM bookmark_category_members WHERE bookmark_id = $1', [b.id]);
    expect(members.rowCount).toBe(0);

    for (const [method, url] of [['GET', `${base}/${b.id}`], ['PUT', `${base}/${b.id}`], ['DELETE', `${base}/${b.id}`]] as const) {
      const r = await inject(method, url, method === 'PUT' ? { pinned: false } : undefined);
      expect(r.statusCode, `${method} ${url}`).toBe(404);
      expect(r.json()).toEqual({ detail: `Bookmark with id ${b.id} not found` });
    }
    expect((await inject('GET', `${base}/not-a-uuid`)).statusCode).toBe(422);
  });

  it('memberships: add (201, same owner, no duplicates), list, remove (404 when not a member)', async () => {
    const user = await insertUser(db());
    const stranger = await insertUser(db());
    const item = await insertContent(db(), user);
    const b = await bookmark(sys, user, item);
    const cat = await category(sys, user, { name: 'Art' });
    const foreign = await category(sys, stranger, { name: 'Theirs' });

    const before = cat.updated_at;
    const add = await inject('POST', `${base}/${b.id}/categories`, { category_id: cat.id });
    expect(add.statusCode).toBe(201);
    expect(Object.keys(add.json()).sort()).toEqual(MEMBERSHIP_KEYS);
    expect(add.json()).toMatchObject({ bookmark_id: b.id, category_id: cat.id, user_id: user, position: 0 });
    expect(add.json().added_at).toMatch(TZ);
    const touched = (await inject('GET', `/api/v1/bookmark-categories/${cat.id}`)).json();
    expect(Date.parse(touched.updated_at)).toBeGreaterThanOrEqual(Date.parse(before));

    const again = await inject('POST', `${base}/${b.id}/categories`, { category_id: cat.id });
    expect(again.statusCode).toBe(422);
    expect(again.json()).toEqual({ detail: 'Bookmark is already in this category' });
    const cross = await inject('POST', `${base}/${b.id}/categories`, { category_id: foreign.id });
    expect(cross.statusCode).toBe(422);
    expect(cross.json()).toEqual({ detail: 'Bookmark and category must belong to the same user' });
    const missingCat = randomUUID();
    const noCat = await inject('POST', `${base}/${b.id}/categories`, { category_id: missingCat });
    expect(noCat.statusCode).toBe(404);
    expect(noCat.json()).toEqual({ detail: `BookmarkCategory with id ${missingCat} not found` });
    const missingB = randomUUID();
    expect((await inject('POST', `${base}/${missingB}/categories`, { category_id: cat.id })).json()).toEqual({ detail: `Bookmark with id ${missingB} not found` });

    const list = await inject('GET', `${base}/${b.id}/categories`);
    expect(list.statusCode).toBe(200);
    expect(Object.keys(list.json()).sort()).toEqual(['items', 'total']);
    expect(list.json().total).toBe(2);
    expect(Object.keys(list.json().items[0]).sort()).toEqual(MEMBERSHIP_KEYS);
    expect((await inject('GET', `${base}/${missingB}/categories`)).statusCode).toBe(404);

    const rm = await inject('DELETE', `${base}/${b.id}/categories/${cat.id}`);
    expect(rm.statusCode).toBe(200);
    expect(rm.json()).toEqual({ success: true, message: `Bookmark ${b.id} removed from category ${cat.id}` });
    const rm2 = await inject('DELETE', `${base}/${b.id}/categories/${cat.id}`);
    expect(rm2.statusCode).toBe(404);
    expect(rm2.json()).toEqual({ detail: 'Bookmark is not in this category' });
    expect((await inject('DELETE', `${base}/${b.id}/categories/${missingCat}`)).statusCode).toBe(404);
  });

  it('§7.12: position moves a bookmark within its category (others shift, 0..n-1); a missing membership is 404, not 500', async () => {
    const user = await insertUser(db());
    const cat = await category(sys, user, { name: 'Ordered' });
    const bms = [];
    for (let i = 0; i < 4; i++) {
      const b = await bookmark(sys, user, await insertContent(db(), user));
      await fileIn(sys, b.id, cat.id);
      bms.push(b.id as string);
    }
    const order = async () =>
      (await inject('GET', `/api/v1/bookmark-categories/${cat.id}/bookmarks?user_id=${user}&sort_field=position&sort_order=asc`)).json().bookmarks.map((b: { id: string }) => b.id);
    expect(await order()).toEqual(bms);

    const mv = await inject('PUT', `${base}/${bms[3]}/categories/${cat.id}/position`, { position: 0 });
    expect(mv.statusCode).toBe(200);
    expect(Object.keys(mv.json()).sort()).toEqual(MEMBERSHIP_KEYS);
    expect(mv.json().position).toBe(0);
    expect(await order()).toEqual([bms[3], bms[0], bms[1], bms[2]]);
    const end = await inject('PUT', `${base}/${bms[3]}/categories/${cat.id}/position`, { position: 99 });
    expect(end.json().position).toBe(3);
    expect(await order()).toEqual([bms[0], bms[1], bms[2], bms[3]]);
    const positions = await db().query<{ position: number }>('SELECT position FROM bookmark_category_members WHERE category_id = $1 ORDER BY position', [cat.id]);
    expect(positions.rows.map((r) => r.position)).toEqual([0, 1, 2, 3]);

    const otherCat = await category(sys, user, { name: 'Empty' });
    const missing = await inject('PUT', `${base}/${bms[0]}/categories/${otherCat.id}/position`, { position: 1 });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ detail: `Membership not found for bookmark ${bms[0]}, category ${otherCat.id}` });
    expect((await inject('PUT', `${base}/${bms[0]}/categories/${cat.id}/position`, { position: -1 })).statusCode).toBe(422);

    // Adding at an explicit position inserts there.
    const extra = await bookmark(sys, user, await insertContent(db(), user));
    const at1 = await fileIn(sys, extra.id, cat.id, 1);
    expect(at1.position).toBe(1);
    expect(await order()).toEqual([bms[0], extra.id, bms[1], bms[2], bms[3]]);
  });

  it('PUT /{id}/categories/sync sets exactly the given categories ([] = Uncategorized); owner checks', async () => {
    const user = await insertUser(db());
    const stranger = await insertUser(db());
    const b = await bookmark(sys, user, await insertContent(db(), user));
    const x = await category(sys, user, { name: 'X' });
    const y = await category(sys, user, { name: 'Y' });
    const foreign = await category(sys, stranger, { name: 'Z' });

    const res = await inject('PUT', `${base}/${b.id}/categories/sync?user_id=${user}`, { category_ids: [x.id, y.id, x.id] });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json()).sort()).toEqual(['items', 'total']);
    expect(res.json().items.map((m: { category_id: string }) => m.category_id).sort()).toEqual([x.id, y.id].sort());
    expect(res.json().total).toBe(2);

    const none = await inject('PUT', `${base}/${b.id}/categories/sync?user_id=${user}`, { category_ids: [] });
    expect(none.json().total).toBe(1);
    const only = (await inject('GET', `/api/v1/bookmark-categories/${none.json().items[0].category_id}`)).json();
    expect(only.name).toBe('Uncategorized');

    const notOwner = await inject('PUT', `${base}/${b.id}/categories/sync?user_id=${stranger}`, { category_ids: [foreign.id] });
    expect(notOwner.statusCode).toBe(422);
    expect(notOwner.json()).toEqual({ detail: 'Bookmark does not belong to the specified user' });
    const foreignCat = await inject('PUT', `${base}/${b.id}/categories/sync?user_id=${user}`, { category_ids: [x.id, foreign.id] });
    expect(foreignCat.statusCode).toBe(422);
    expect(foreignCat.json()).toEqual({ detail: `Category ${foreign.id} does not belong to the specified user` });
    // All-or-nothing: the failed sync left the membership alone.
    expect((await inject('GET', `${base}/${b.id}/categories`)).json().total).toBe(1);
    const ghostCat = randomUUID();
    const noCat = await inject('PUT', `${base}/${b.id}/categories/sync?user_id=${user}`, { category_ids: [ghostCat] });
    expect(noCat.statusCode).toBe(404);
    expect((await inject('PUT', `${base}/${randomUUID()}/categories/sync?user_id=${user}`, { category_ids: [] })).statusCode).toBe(404);
    expect((await inject('PUT', `${base}/${b.id}/categories/sync?user_id=${user}`, {})).statusCode).toBe(422);
  });
});
