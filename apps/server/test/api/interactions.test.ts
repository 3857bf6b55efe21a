import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableEngines } from '../support/test-databases.ts';
import { createTestSystem, type TestSystem } from '../support/test-app.ts';
import { insertUser } from '../support/fixtures-activity.ts';
import { deactivateUser, insertContent, insertInteractionRow } from '../support/fixtures-interactions.ts';

const INTERACTION_KEYS = ['content_item_id', 'created_at', 'duration', 'id', 'interaction_metadata', 'interaction_type', 'rating', 'user_id'];
const LIST_KEYS = ['items', 'limit', 'skip', 'total'];
const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/;

describe.each(availableEngines())('interactions API on %s', (engine) => {
  let sys: TestSystem;
  const base = '/api/v1/interactions';
  beforeAll(async () => {
    sys = await createTestSystem(engine);
  });
  afterAll(async () => {
    await sys?.close();
  });

  const db = () => sys.runtime.db;
  const get = (url: string) => sys.app.inject({ url });

  it('creates an interaction (201): metadata in → interaction_metadata out (§7.26), auto content allowed', async () => {
    const user = await insertUser(db());
    const item = await insertContent(db(), user);
    const auto = await insertContent(db(), user, { source: 'auto' });
    const res = await sys.app.inject({
      method: 'POST',
      url: `${base}/`,
      payload: { user_id: user, content_item_id: item, interaction_type: 'rate', rating: 4, duration: 12, metadata: { source: 'gallery' } },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(INTERACTION_KEYS);
    expect(body).toMatchObject({ user_id: user, content_item_id: item, interaction_type: 'rate', rating: 4, duration: 12, interaction_metadata: { source: 'gallery' } });
    expect(body.created_at).toMatch(TS);
    expect(body).not.toHaveProperty('metadata');

    const onAuto = await sys.app.inject({ method: 'POST', url: base, payload: { user_id: user, content_item_id: auto, interaction_type: 'view' } });
    expect(onAuto.statusCode).toBe(201);
    expect(onAuto.json()).toMatchObject({ content_item_id: auto, rating: null, duration: null, interaction_metadata: {} });
    const stored = await db().query<{ content_source_type: string }>('SELECT content_source_type FROM user_interactions WHERE id = $1', [onAuto.json().id]);
    expect(stored.rows[0].content_source_type).toBe('auto');
  });

  it('§7.27: unknown user or content → 404 (not 422); inactive user → 422; bad values → 422', async () => {
    const user = await insertUser(db());
    const item = await insertContent(db(), user);
    const ghost = randomUUID();
    const noUser = await sys.app.inject({ method: 'POST', url: base, payload: { user_id: ghost, content_item_id: item, interaction_type: 'like' } });
    expect(noUser.statusCode).toBe(404);
    expect(noUser.json()).toEqual({ detail: `User with id ${ghost} not found` });
    const noContent = await sys.app.inject({ method: 'POST', url: base, payload: { user_id: user, content_item_id: 987654321, interaction_type: 'like' } });
    expect(noContent.statusCode).toBe(404);
    expect(noContent.json()).toEqual({ detail: 'ContentItem with id 987654321 not found' });

    const sleeper = await insertUser(db());
    await deactivateUser(db(), sleeper);
    const inactive = await sys.app.inject({ method: 'POST', url: base, payload: { user_id: sleeper, content_item_id: item, interaction_type: 'like' } });
    expect(inactive.statusCode).toBe(422);
    expect(inactive.json()).toEqual({ detail: 'Cannot record interactions for inactive users' });

    for (const bad of [
      { user_id: user, content_item_id: item, interaction_type: 'poke' },
      { user_id: user, content_item_id: item, interaction_type: 'rate', rating: 6 },
      { user_id: user, content_item_id: 0, interaction_type: 'like' },
      { user_id: user, content_item_id: item, interaction_type: 'view', duration: -1 },
      { content_item_id: item, interaction_type: 'like' },
    ]) {
      const res = await sys.app.inject({ method: 'POST', url: base, payload: bad });
      expect(res.statusCode, JSON.stringify(bad)).toBe(422);
      expect(Array.isArray(res.json().detail)).toBe(true);
    }
    const nul = await sys.app.inject({ method: 'POST', url: base, payload: { user_id: user, content_item_id: item, interaction_type: 'like', metadata: { x: 'a\u0000b' } } });
    expect(nul.statusCode).toBe(422);
  });

  it('gets, updates (null keeps, metadata replaces) and deletes by id; 404 for missing ids', async () => {
    const user = await insertUser(db());
    const item = await insertContent(db(), user);
    const created = (
      await sys.app.inject({ method: 'POST', url: base, payload: { user_id: user, content_item_id: item, interaction_type: 'view', duration: 5, metadata: { a: 1 } } })
    ).json();
    const one = await get(`${base}/${created.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(created);

    const upd = await sys.app.inject({ method: 'PUT', url: `${base}/${created.id}`, payload: { rating: 3, duration: null, metadata: { b: 2 } } });
    expect(upd.statusCode).toBe(200);
    expect(Object.keys(upd.json()).sort()).toEqual(INTERACTION_KEYS);
    expect(upd.json()).toMatchObject({ rating: 3, duration: 5, interaction_metadata: { b: 2 } });
    const keep = await sys.app.inject({ method: 'PUT', url: `${base}/${created.id}/`, payload: {} });
    expect(keep.json()).toMatchObject({ rating: 3, duration: 5, interaction_metadata: { b: 2 } });

    const del = await sys.app.inject({ method: 'DELETE', url: `${base}/${created.id}` });
    expect(del.statusCode).toBe(200);
    expect(del.json()).toEqual({ success: true, message: `Interaction ${created.id} deleted successfully` });
    for (const [method, payload] of [['GET'], ['PUT', { rating: 2 }], ['DELETE']] as const) {
      const res = await sys.app.inject({ method, url: `${base}/${created.id}`, ...(payload ? { payload } : {}) });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ detail: `UserInteraction with id ${created.id} not found` });
    }
    expect((await get(`${base}/0`)).statusCode).toBe(422);
    expect((await get(`${base}/99999999999`)).statusCode).toBe(422);
  });

  it('collection list: precedence user > content > type, days window, paging and 404s', async () => {
    const alice = await insertUser(db());
    const bob = await insertUser(db());
    const a = await insertContent(db(), alice);
    const b = await insertContent(db(), alice);
    await insertInteractionRow(db(), alice, a, 'view', { createdAt: '2020-01-01 10:00:00' });
    const recentLike = await insertInteractionRow(db(), alice, b, 'like');
    const recentView = await insertInteractionRow(db(), alice, a, 'view');
    await insertInteractionRow(db(), bob, a, 'like');

    const byUser = await get(`${base}/?user_id=${alice}&content_item_id=${b}&interaction_type=share`);
    expect(byUser.statusCode).toBe(200);
    const ub = byUser.json();
    expect(Object.keys(ub).sort()).toEqual(LIST_KEYS);
    expect(ub.total).toBe(3);
    expect(ub.items.map((i: { id: number }) => i.id)).toEqual([recentView, recentLike, ub.items[2].id]);
    expect(Object.keys(ub.items[0]).sort()).toEqual(INTERACTION_KEYS);

    const windowed = (await get(`${base}?user_id=${alice}&days=30`)).json();
    expect(windowed.total).toBe(2);
    expect(windowed.items).toHaveLength(2);

    const paged = (await get(`${base}?user_id=${alice}&skip=1&limit=1`)).json();
    expect(paged).toMatchObject({ total: 3, skip: 1, limit: 1 });
    expect(paged.items.map((i: { id: number }) => i.id)).toEqual([recentLike]);

    const byContent = (await get(`${base}?content_item_id=${a}&interaction_type=like`)).json();
    expect(byContent.total).toBe(3);
    const byType = (await get(`${base}?interaction_type=like`)).json();
    expect(byType.items.every((i: { interaction_type: string }) => i.interaction_type === 'like')).toBe(true);
    expect(byType.total).toBeGreaterThanOrEqual(2);
    const all = (await get(`${base}/`)).json();
    expect(all.total).toBeGreaterThanOrEqual(4);

    const ghost = randomUUID();
    expect((await get(`${base}?user_id=${ghost}`)).json()).toEqual({ detail: `User with id ${ghost} not found` });
    expect((await get(`${base}?content_item_id=555555555`)).statusCode).toBe(404);
    expect((await get(`${base}?interaction_type=poke`)).statusCode).toBe(422);
    expect((await get(`${base}?limit=1001`)).statusCode).toBe(422);
    expect((await get(`${base}?days=0`)).statusCode).toBe(422);
    for (const url of [`${base}?limit=1e309`, `${base}/1e309`, `${base}/content/1e309/stats`]) expect((await get(url)).statusCode, url).toBe(422);
  });

  it('per-user, recent, per-content and per-type lists', async () => {
    const user = await insertUser(db());
    const other = await insertUser(db());
    const item = await insertContent(db(), user);
    await insertInteractionRow(db(), user, item, 'share', { createdAt: '2021-06-01 00:00:00' });
    await insertInteractionRow(db(), user, item, 'comment');
    await insertInteractionRow(db(), other, item, 'comment');

    const mine = await get(`${base}/user/${user}/interactions?limit=1`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({ total: 2, skip: 0, limit: 1 });
    expect(mine.json().items[0].interaction_type).toBe('comment');

    const recent = (await get(`${base}/user/${user}/recent`)).json();
    expect(Object.keys(recent).sort()).toEqual(LIST_KEYS);
    expect(recent).toMatchObject({ total: 1, skip: 0, limit: 100 });
    const wide = (await get(`${base}/user/${user}/recent?days=3650`)).json();
    expect(wide.total).toBe(2);

    const onItem = (await get(`${base}/content/${item}/interactions`)).json();
    expect(onItem.total).toBe(3);
    expect(onItem.items).toHaveLength(3);

    const comments = (await get(`${base}/type/comment/interactions?limit=1000`)).json();
    expect(comments.items.filter((i: { content_item_id: number }) => i.content_item_id === item)).toHaveLength(2);
    const unknownType = await get(`${base}/type/poke/interactions`);
    expect(unknownType.statusCode).toBe(200);
    expect(unknownType.json()).toEqual({ items: [], total: 0, skip: 0, limit: 100 });

    const ghost = randomUUID();
    expect((await get(`${base}/user/${ghost}/interactions`)).statusCode).toBe(404);
    expect((await get(`${base}/user/${ghost}/recent`)).statusCode).toBe(404);
    expect((await get(`${base}/content/777777777/interactions`)).json()).toEqual({ detail: 'ContentItem with id 777777777 not found' });
  });

  it('user summary and behaviour analytics: counts, average rating, top content types', async () => {
    const user = await insertUser(db());
    const img = await insertContent(db(), user, { contentType: 'image' });
    const txt = await insertContent(db(), user, { contentType: 'text' });
    await insertInteractionRow(db(), user, img, 'rate', { rating: 5 });
    await insertInteractionRow(db(), user, img, 'rate', { rating: 2 });
    await insertInteractionRow(db(), user, txt, 'view');
    await insertInteractionRow(db(), user, img, 'view');
    await insertInteractionRow(db(), user, img, 'like');

    const summary = await get(`${base}/user/${user}/summary`);
    expect(summary.statusCode).toBe(200);
    expect(summary.json()).toEqual({
      user_id: user,
      summary: { like: { count: 1, avg_rating: null }, rate: { count: 2, avg_rating: 3.5 }, view: { count: 2, avg_rating: null }, total_interactions: 5 },
    });

    const behavior = await get(`${base}/analytics/user-behavior/${user}`);
    expect(behavior.statusCode).toBe(200);
    expect(behavior.json()).toEqual({
      total_interactions: 5,
      interaction_types: { like: { count: 1, avg_rating: null }, rate: { count: 2, avg_rating: 3.5 }, view: { count: 2, avg_rating: null } },
      favorite_content_types: ['image', 'text'],
    });

    const fresh = await insertUser(db());
    expect((await get(`${base}/user/${fresh}/summary`)).json()).toEqual({ user_id: fresh, summary: { total_interactions: 0 } });
    const ghost = randomUUID();
    expect((await get(`${base}/user/${ghost}/summary`)).statusCode).toBe(404);
    expect((await get(`${base}/analytics/user-behavior/${ghost}`)).statusCode).toBe(404);
  });

  it('content stats: count, average rating and average duration per type', async () => {
    const user = await insertUser(db());
    const other = await insertUser(db());
    const item = await insertContent(db(), user);
    await insertInteractionRow(db(), user, item, 'view', { duration: 10 });
    await insertInteractionRow(db(), other, item, 'view', { duration: 25 });
    await insertInteractionRow(db(), other, item, 'view');
    await insertInteractionRow(db(), other, item, 'rate', { rating: 1 });
    const res = await get(`${base}/content/${item}/stats`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      content_item_id: item,
      stats: { rate: { count: 1, avg_rating: 1, avg_duration: null }, view: { count: 3, avg_rating: null, avg_duration: 17.5 } },
    });
    expect((await get(`${base}/content/424242424/stats`)).statusCode).toBe(404);
  });

  it('finds the latest interaction between a user and an item by type', async () => {
    const user = await insertUser(db());
    const item = await insertContent(db(), user);
    await insertInteractionRow(db(), user, item, 'rate', { rating: 2, createdAt: '2024-01-01 00:00:00' });
    const latest = await insertInteractionRow(db(), user, item, 'rate', { rating: 5, createdAt: '2024-06-01 00:00:00' });
    const res = await get(`${base}/user/${user}/content/${item}/rate`);
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json()).sort()).toEqual(INTERACTION_KEYS);
    expect(res.json()).toMatchObject({ id: latest, rating: 5, created_at: '2024-06-01T00:00:00' });
    const none = await get(`${base}/user/${user}/content/${item}/like`);
    expect(none.statusCode).toBe(404);
    expect(none.json()).toEqual({ detail: `No like interaction found between user ${user} and content ${item}` });
    expect((await get(`${base}/user/${randomUUID()}/content/${item}/rate`)).statusCode).toBe(404);
    expect((await get(`${base}/user/${user}/content/313131313/rate`)).json()).toEqual({ detail: 'ContentItem with id 313131313 not found' });
  });

  it('overview: total and every type in the breakdown', async () => {
    const before = (await get(`${base}/stats/overview`)).json();
    expect(Object.keys(before).sort()).toEqual(['total_interactions', 'type_breakdown']);
    expect(Object.keys(before.type_breakdown).sort()).toEqual(['bookmark', 'comment', 'download', 'like', 'rate', 'share', 'view']);
    const user = await insertUser(db());
    const item = await insertContent(db(), user);
    await insertInteractionRow(db(), user, item, 'download');
    await insertInteractionRow(db(), user, item, 'download');
    const after = (await get(`${base}/stats/overview/`)).json();
    expect(after.total_interactions).toBe(before.total_interactions + 2);
    expect(after.type_breakdown.download).toBe(before.type_breakdown.download + 2);
    const sum = Object.values(after.type_breakdown as Record<string, number>).reduce((s, n) => s + n, 0);
    expect(sum).toBe(after.total_interactions);
  });

  it('keeps the event when its content is deleted (content_item_id becomes null)', async () => {
    const user = await insertUser(db());
    const item = await insertContent(db(), user);
    const id = await insertInteractionRow(db(), user, item, 'like');
    await db().query('DELETE FROM content_items_all WHERE id = $1', [item]);
    const res = await get(`${base}/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().content_item_id).toBeNull();
  });
});

describe.each(availableEngines())('interactions with private content in required mode on %s', (engine) => {
  let sys: TestSystem;
  const base = '/api/v1/interactions';
  const tokens: Record<'alice' | 'bob' | 'admin', string> = { alice: '', bob: '', admin: '' };
  const ids: Record<'alice' | 'bob' | 'admin', string> = { alice: '', bob: '', admin: '' };
  const MISSING = 2_000_000_001;

  beforeAll(async () => {
    sys = await createTestSystem(engine, { overrides: { 'auth.mode': 'required', 'auth.login-rate-limit-per-minute': '0', 'rate-limit.per-minute': '0' } });
    for (const who of ['alice', 'bob', 'admin'] as const) {
      const res = await sys.app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        payload: { username: `${who}_ia`, email: `${who}_ia@example.test`, password: 'correct horse battery' },
      });
      expect(res.statusCode, res.body).toBe(201);
      ids[who] = res.json().user.id;
      tokens[who] = res.json().access_token;
    }
    await sys.services.auth.ensureAdminRole(ids.admin);
    const login = await sys.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin_ia', password: 'correct horse battery' } });
    expect(login.json().user.role).toBe('admin');
    tokens.admin = login.json().access_token;
  }, 60_000);
  afterAll(async () => {
    await sys?.close();
  });

  const call = (who: keyof typeof tokens, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    sys.app.inject({ method, url, payload: payload as never, headers: { authorization: `Bearer ${tokens[who]}` } });
  /** Status and detail with the item id replaced, so a hidden item and a missing one can be compared. */
  const shape = (res: { statusCode: number; json(): unknown }, id: number) => ({
    status: res.statusCode,
    body: JSON.stringify(res.json()).split(String(id)).join('<id>'),
  });

  it("recording an interaction on another user's private item answers exactly like a missing item (both partitions)", async () => {
    const db = sys.runtime.db;
    for (const source of ['items', 'auto'] as const) {
      const hidden = await insertContent(db, ids.alice, { source, isPrivate: true });
      const open = await insertContent(db, ids.alice, { source });
      const post = (who: keyof typeof tokens, userId: string, contentId: number) =>
        call(who, 'POST', `${base}/`, { user_id: userId, content_item_id: contentId, interaction_type: 'like' });

      const missing = await post('bob', ids.bob, MISSING);
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toEqual({ detail: `ContentItem with id ${MISSING} not found` });
      const sneaky = await post('bob', ids.bob, hidden);
      expect(shape(sneaky, hidden), source).toEqual(shape(missing, MISSING));
      expect((await db.query('SELECT 1 FROM user_interactions WHERE user_id = $1 AND content_item_id = $2', [ids.bob, hidden])).rowCount).toBe(0);

      // Public items of others, one's own private items, and administrators are unaffected.
      expect((await post('bob', ids.bob, open)).statusCode, source).toBe(201);
      expect((await post('alice', ids.alice, hidden)).statusCode, source).toBe(201);
      expect((await post('admin', ids.admin, hidden)).statusCode, source).toBe(201);
    }
  });

  it("reads scoped to one content item treat another user's private item as missing", async () => {
    const db = sys.runtime.db;
    const hidden = await insertContent(db, ids.alice, { isPrivate: true });
    await insertInteractionRow(db, ids.alice, hidden, 'view', { duration: 5 });
    const urls = (id: number) => [
      `${base}/content/${id}/stats`,
      `${base}/content/${id}/interactions`,
      `${base}/?content_item_id=${id}`,
      `${base}/user/${ids.bob}/content/${id}/view`,
    ];
    const hiddenUrls = urls(hidden);
    const missingUrls = urls(MISSING);
    for (const [i, url] of hiddenUrls.entries()) {
      const missing = await call('bob', 'GET', missingUrls[i] as string);
      expect(missing.statusCode, url).toBe(404);
      expect(shape(await call('bob', 'GET', url), hidden), url).toEqual(shape(missing, MISSING));
    }
    // The owner and an administrator still see the item.
    for (const who of ['alice', 'admin'] as const) {
      const res = await call(who, 'GET', `${base}/content/${hidden}/stats`);
      expect(res.statusCode, who).toBe(200);
      expect(res.json().stats.view.count, who).toBe(1);
      expect((await call(who, 'GET', `${base}/content/${hidden}/interactions`)).statusCode, who).toBe(200);
      expect((await call(who, 'GET', `${base}/?content_item_id=${hidden}`)).statusCode, who).toBe(200);
    }
    const own = await call('alice', 'GET', `${base}/user/${ids.alice}/content/${hidden}/view`);
    expect(own.statusCode).toBe(200);
    expect(own.json().content_item_id).toBe(hidden);
  });
});
