import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableEngines } from '../support/test-databases.ts';
import { createTestSystem, type TestSystem } from '../support/test-app.ts';
import { insertUser } from '../support/fixtures-activity.ts';
import { deactivateUser, insertContent, insertInteractionRow, insertTag, tagContent } from '../support/fixtures-interactions.ts';
import { RECOMMENDER_VERSION } from '../../src/modules/recommendations/recommendations.scoring.ts';

const REC_KEYS = ['algorithm_version', 'content_item_id', 'created_at', 'id', 'is_served', 'rec_metadata', 'recommendation_score', 'user_id'];
const LIST_KEYS = ['items', 'limit', 'skip', 'total'];
const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/;

type Rec = { id: number; content_item_id: number; recommendation_score: number; is_served: boolean; rec_metadata: Record<string, unknown>; algorithm_version: string };

describe.each(availableEngines())('recommendations API on %s', (engine) => {
  let sys: TestSystem;
  const base = '/api/v1/recommendations';
  beforeAll(async () => {
    sys = await createTestSystem(engine);
  });
  afterAll(async () => {
    await sys?.close();
  });

  const db = () => sys.runtime.db;
  const get = (url: string) => sys.app.inject({ url });
  const post = (url: string, payload: unknown) => sys.app.inject({ method: 'POST', url, payload: payload as object });
  const create = async (userId: string, contentId: number, score: number, algorithm = 'test-v1', metadata?: object) =>
    (await post(`${base}/`, { user_id: userId, content_item_id: contentId, recommendation_score: score, algorithm_version: algorithm, metadata })).json() as Rec;
  const setCreatedAt = (id: number, at: string) => db().query('UPDATE recommendations SET created_at = $2 WHERE id = $1', [id, at]);

  it('creates a recommendation (201): metadata in → rec_metadata out (§7.26)', async () => {
    const user = await insertUser(db());
    const item = await insertContent(db(), user, { source: 'auto' });
    const res = await post(`${base}/`, { user_id: user, content_item_id: item, recommendation_score: 0.75, algorithm_version: 'cf-v2', metadata: { why: 'test' } });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(REC_KEYS);
    expect(body).toMatchObject({ user_id: user, content_item_id: item, recommendation_score: 0.75, algorithm_version: 'cf-v2', is_served: false, rec_metadata: { why: 'test' } });
    expect(body.created_at).toMatch(TS);
    const plain = await post(`${base}`, { user_id: user, content_item_id: item, recommendation_score: 0, algorithm_version: 'cf-v2', metadata: null });
    expect(plain.statusCode).toBe(201);
    expect(plain.json().rec_metadata).toEqual({});
  });

  it('§7.27: unknown user/content → 404; inactive user and blank algorithm → 422; bad values → 422', async () => {
    const user = await insertUser(db());
    const item = await insertContent(db(), user);
    const ghost = randomUUID();
    const noUser = await post(`${base}/`, { user_id: ghost, content_item_id: item, recommendation_score: 0.5, algorithm_version: 'v' });
    expect(noUser.statusCode).toBe(404);
    expect(noUser.json()).toEqual({ detail: `User with id ${ghost} not found` });
    const noContent = await post(`${base}/`, { user_id: user, content_item_id: 919191919, recommendation_score: 0.5, algorithm_version: 'v' });
    expect(noContent.statusCode).toBe(404);
    expect(noContent.json()).toEqual({ detail: 'ContentItem with id 919191919 not found' });
    const sleeper = await insertUser(db());
    await deactivateUser(db(), sleeper);
    const inactive = await post(`${base}/`, { user_id: sleeper, content_item_id: item, recommendation_score: 0.5, algorithm_version: 'v' });
    expect(inactive.statusCode).toBe(422);
    expect(inactive.json()).toEqual({ detail: 'Cannot create recommendations for inactive users' });
    const blank = await post(`${base}/`, { user_id: user, content_item_id: item, recommendation_score: 0.5, algorithm_version: '   ' });
    expect(blank.statusCode).toBe(422);
    expect(blank.json()).toEqual({ detail: 'Algorithm version cannot be empty' });
    for (const bad of [
      { user_id: user, content_item_id: item, recommendation_score: 1.5, algorithm_version: 'v' },
      { user_id: user, content_item_id: item, recommendation_score: -0.1, algorithm_version: 'v' },
      { user_id: user, content_item_id: item, recommendation_score: 0.5, algorithm_version: '' },
      { user_id: user, content_item_id: item, recommendation_score: 0.5, algorithm_version: 'x'.repeat(51) },
      { user_id: user, content_item_id: item, algorithm_version: 'v' },
    ]) {
      const res = await post(`${base}/`, bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(422);
      expect(Array.isArray(res.json().detail)).toBe(true);
    }
  });

  it('bulk create: 201 envelope in request order; all-or-nothing with per-item messages; at most 1000', async () => {
    const user = await insertUser(db());
    const a = await insertContent(db(), user);
    const b = await insertContent(db(), user, { source: 'auto' });
    const ok = await post(`${base}/bulk`, {
      recommendations: [
        { user_id: user, content_item_id: a, recommendation_score: 0.2, algorithm_version: 'bulk-v1' },
        { user_id: user, content_item_id: b, recommendation_score: 0.9, algorithm_version: 'bulk-v1', metadata: { n: 2 } },
      ],
    });
    expect(ok.statusCode).toBe(201);
    const body = ok.json();
    expect(Object.keys(body).sort()).toEqual(LIST_KEYS);
    expect(body).toMatchObject({ total: 2, skip: 0, limit: 2 });
    expect(body.items.map((r: Rec) => r.content_item_id)).toEqual([a, b]);
    expect(body.items[1].rec_metadata).toEqual({ n: 2 });
    expect(Object.keys(body.items[0]).sort()).toEqual(REC_KEYS);

    const ghost = randomUUID();
    const sleeper = await insertUser(db());
    await deactivateUser(db(), sleeper);
    const before = (await get(`${base}/?algorithm_version=bulk-v1`)).json().total;
    const bad = await post(`${base}/bulk`, {
      recommendations: [
        { user_id: user, content_item_id: a, recommendation_score: 0.5, algorithm_version: 'bulk-v1' },
        { user_id: ghost, content_item_id: a, recommendation_score: 0.5, algorithm_version: 'bulk-v1' },
        { user_id: sleeper, content_item_id: 818181818, recommendation_score: 0.5, algorithm_version: 'bulk-v1' },
        { user_id: user, content_item_id: b, recommendation_score: 0.5, algorithm_version: '  ' },
      ],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toEqual({
      detail:
        `Validation failed for recommendation 1: User ${ghost} not found; ` +
        `recommendation 2: User ${sleeper} is inactive, Content 818181818 not found; ` +
        'recommendation 3: Algorithm version cannot be empty',
    });
    expect((await get(`${base}/?algorithm_version=bulk-v1`)).json().total).toBe(before);

    const schemaBad = await post(`${base}/bulk`, { recommendations: [{ user_id: user, content_item_id: a, recommendation_score: 2, algorithm_version: 'v' }] });
    expect(schemaBad.statusCode).toBe(422);
    expect(schemaBad.json().detail[0].loc).toEqual(['body', 'recommendations', 0, 'recommendation_score']);
    expect((await post(`${base}/bulk`, { recommendations: [] })).statusCode).toBe(422);
    const one = { user_id: user, content_item_id: a, recommendation_score: 0.1, algorithm_version: 'bulk-max' };
    expect((await post(`${base}/bulk`, { recommendations: Array(1001).fill(one) })).statusCode).toBe(422);
    const max = await post(`${base}/bulk`, { recommendations: Array(1000).fill(one) });
    expect(max.statusCode).toBe(201);
    expect(max.json().total).toBe(1000);
  });

  it('gets, updates (null keeps, metadata replaces) and deletes by id; 404 for missing ids', async () => {
    const user = await insertUser(db());
    const item = await insertContent(db(), user);
    const rec = await create(user, item, 0.4, 'crud', { a: 1 });
    const one = await get(`${base}/${rec.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(rec);
    const upd = await sys.app.inject({ method: 'PUT', url: `${base}/${rec.id}`, payload: { recommendation_score: 0.8, metadata: { b: 2 } } });
    expect(upd.statusCode).toBe(200);
    expect(upd.json()).toMatchObject({ recommendation_score: 0.8, rec_metadata: { b: 2 } });
    const keep = await sys.app.inject({ method: 'PUT', url: `${base}/${rec.id}`, payload: { recommendation_score: null } });
    expect(keep.json()).toMatchObject({ recommendation_score: 0.8, rec_metadata: { b: 2 } });
    expect((await sys.app.inject({ method: 'PUT', url: `${base}/${rec.id}`, payload: { recommendation_score: 1.1 } })).statusCode).toBe(422);
    const del = await sys.app.inject({ method: 'DELETE', url: `${base}/${rec.id}/` });
    expect(del.statusCode).toBe(200);
    expect(del.json()).toEqual({ success: true, message: `Recommendation ${rec.id} deleted successfully` });
    for (const [method, payload] of [['GET'], ['PUT', { recommendation_score: 0.1 }], ['DELETE']] as const) {
      const res = await sys.app.inject({ method, url: `${base}/${rec.id}`, ...(payload ? { payload } : {}) });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ detail: `Recommendation with id ${rec.id} not found` });
    }
    expect((await get(`${base}/3000000000`)).statusCode).toBe(422);
  });

  it('lists: precedence user > content > algorithm, unserved_only and min_score narrow the user list', async () => {
    const user = await insertUser(db());
    const other = await insertUser(db());
    const x = await insertContent(db(), other);
    const y = await insertContent(db(), other);
    const algo = `list-${randomUUID().slice(0, 6)}`;
    const low = await create(user, x, 0.2, algo);
    const high = await create(user, y, 0.9, algo);
    const mid = await create(user, x, 0.6, algo);
    await create(other, y, 0.7, algo);
    await post(`${base}/served`, { recommendation_ids: [high.id] });

    const byUser = await get(`${base}/?user_id=${user}&content_item_id=${y}&algorithm_version=nope`);
    expect(byUser.statusCode).toBe(200);
    expect(Object.keys(byUser.json()).sort()).toEqual(LIST_KEYS);
    expect(byUser.json().items.map((r: Rec) => r.id)).toEqual([high.id, mid.id, low.id]);
    expect(byUser.json().total).toBe(3);
    const unserved = (await get(`${base}/?user_id=${user}&unserved_only=true`)).json();
    expect(unserved.items.map((r: Rec) => r.id)).toEqual([mid.id, low.id]);
    expect(unserved.total).toBe(2);
    const atLeast = (await get(`${base}/?user_id=${user}&min_score=0.5&skip=1`)).json();
    expect(atLeast).toMatchObject({ total: 2, skip: 1 });
    expect(atLeast.items.map((r: Rec) => r.id)).toEqual([mid.id]);

    const byContent = (await get(`${base}/?content_item_id=${y}&algorithm_version=nope`)).json();
    expect(byContent.items.map((r: Rec) => r.recommendation_score)).toEqual([0.9, 0.7]);
    await setCreatedAt(low.id, '2020-01-01 00:00:00');
    const byAlgo = (await get(`${base}/?algorithm_version=${algo}`)).json();
    expect(byAlgo.total).toBe(4);
    expect(byAlgo.items.at(-1).id).toBe(low.id);
    const all = (await get(`${base}/?limit=2`)).json();
    expect(all.items).toHaveLength(2);
    expect(all.total).toBeGreaterThanOrEqual(4);

    const ghost = randomUUID();
    expect((await get(`${base}/?user_id=${ghost}`)).json()).toEqual({ detail: `User with id ${ghost} not found` });
    const sleeper = await insertUser(db());
    await deactivateUser(db(), sleeper);
    expect((await get(`${base}/?user_id=${sleeper}`)).json()).toEqual({ detail: 'Cannot get recommendations for inactive users' });
    expect((await get(`${base}/?content_item_id=727272727`)).statusCode).toBe(404);
    expect((await get(`${base}/?min_score=2`)).statusCode).toBe(422);
    expect((await get(`${base}/?limit=0`)).statusCode).toBe(422);
    for (const url of [`${base}/?skip=1e309`, `${base}/1e309`, `${base}/user/${user}/top?min_score=1e309`]) expect((await get(url)).statusCode, url).toBe(422);
  });

  it('per-user routes: recommendations, top, unserved, recent, stats; per-content and per-algorithm lists', async () => {
    const user = await insertUser(db());
    const creator = await insertUser(db());
    const item = await insertContent(db(), creator);
    const algo = `user-${randomUUID().slice(0, 6)}`;
    const r1 = await create(user, item, 0.3, algo);
    const r2 = await create(user, item, 0.8, algo);
    const r3 = await create(user, item, 0.55, 'other-algo');
    await setCreatedAt(r1.id, '2020-05-05 00:00:00');
    await post(`${base}/served`, { recommendation_ids: [r2.id] });

    const mine = (await get(`${base}/user/${user}/recommendations?unserved_only=true`)).json();
    expect(mine.items.map((r: Rec) => r.id)).toEqual([r3.id, r1.id]);
    const minScore = (await get(`${base}/user/${user}/recommendations?min_score=0.5&limit=1`)).json();
    expect(minScore).toMatchObject({ total: 2, skip: 0, limit: 1 });

    const top = await get(`${base}/user/${user}/top`);
    expect(top.statusCode).toBe(200);
    expect(top.json()).toMatchObject({ total: 2, skip: 0, limit: 10 });
    expect(top.json().items.map((r: Rec) => r.id)).toEqual([r2.id, r3.id]);
    expect((await get(`${base}/user/${user}/top?min_score=0.9`)).json().items).toEqual([]);

    const unserved = (await get(`${base}/user/${user}/unserved`)).json();
    expect(unserved).toMatchObject({ total: 2, skip: 0, limit: 20 });
    expect(unserved.items.every((r: Rec) => !r.is_served)).toBe(true);

    const recent = (await get(`${base}/user/${user}/recent`)).json();
    expect(recent).toMatchObject({ total: 2, skip: 0, limit: 50 });
    expect(recent.items.map((r: Rec) => r.id).sort()).toEqual([r2.id, r3.id].sort());
    expect((await get(`${base}/user/${user}/recent?days=3650`)).json().total).toBe(3);

    const stats = await get(`${base}/user/${user}/stats`);
    expect(stats.statusCode).toBe(200);
    const s = stats.json();
    expect(Object.keys(s).sort()).toEqual(['algorithm_breakdown', 'average_score', 'served_recommendations', 'total_recommendations', 'unserved_recommendations', 'user_id']);
    expect(s).toMatchObject({ user_id: user, total_recommendations: 3, served_recommendations: 1, unserved_recommendations: 2 });
    expect(s.average_score).toBeCloseTo((0.3 + 0.8 + 0.55) / 3, 10);
    expect(s.algorithm_breakdown[algo].count).toBe(2);
    expect(s.algorithm_breakdown[algo].avg_score).toBeCloseTo(0.55, 10);
    expect(s.algorithm_breakdown['other-algo']).toEqual({ count: 1, avg_score: 0.55 });
    const fresh = await insertUser(db());
    expect((await get(`${base}/user/${fresh}/stats`)).json()).toEqual({
      user_id: fresh,
      total_recommendations: 0,
      served_recommendations: 0,
      unserved_recommendations: 0,
      average_score: 0,
      algorithm_breakdown: {},
    });

    const onItem = (await get(`${base}/content/${item}/recommendations`)).json();
    expect(onItem.items.map((r: Rec) => r.id)).toEqual([r2.id, r3.id, r1.id]);
    expect((await get(`${base}/content/636363636/recommendations`)).json()).toEqual({ detail: 'ContentItem with id 636363636 not found' });
    const byAlgo = (await get(`${base}/algorithm/${algo}/recommendations`)).json();
    expect(byAlgo.items.map((r: Rec) => r.id)).toEqual([r2.id, r1.id]);
    expect((await get(`${base}/algorithm/never-used/recommendations`)).json()).toEqual({ items: [], total: 0, skip: 0, limit: 100 });

    const ghost = randomUUID();
    for (const path of ['recommendations', 'top', 'unserved', 'recent', 'stats']) {
      const res = await get(`${base}/user/${ghost}/${path}`);
      expect(res.statusCode, path).toBe(404);
      expect(res.json()).toEqual({ detail: `User with id ${ghost} not found` });
    }
  });

  it('include_content=true embeds each item (partition-aware, null once deleted) in one page; the default keeps the plain keys', async () => {
    const user = await insertUser(db());
    const creator = await insertUser(db());
    const creatorName = (await db().query<{ username: string }>('SELECT username FROM users WHERE id = $1', [creator])).rows[0].username;
    const regular = await insertContent(db(), creator, { title: 'A regular pick', quality: 0.9 });
    // An auto item with the same numeric id space: the join must follow the stored partition.
    const auto = await insertContent(db(), creator, { source: 'auto', title: 'An auto pick' });
    const doomed = await insertContent(db(), creator, { title: 'Soon deleted' });
    const privateOne = await insertContent(db(), creator, { title: 'Private pick', isPrivate: true });
    const rAuto = await create(user, auto, 0.9, 'v', { reason: 'tags' });
    const rRegular = await create(user, regular, 0.7);
    const rDoomed = await create(user, doomed, 0.5);
    const rPrivate = await create(user, privateOne, 0.3);
    await db().query('DELETE FROM content_items_all WHERE id = $1', [doomed]);
    await post(`${base}/served`, { recommendation_ids: [rRegular.id] });

    const plain = (await get(`${base}/user/${user}/recommendations`)).json();
    for (const r of plain.items) expect(Object.keys(r).sort()).toEqual(REC_KEYS);

    const res = await get(`${base}/user/${user}/recommendations?include_content=true`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ total: 4, skip: 0, limit: 100 });
    expect(body.items.map((r: Rec) => r.id)).toEqual([rAuto.id, rRegular.id, rDoomed.id, rPrivate.id]);
    for (const r of body.items) expect(Object.keys(r).sort()).toEqual([...REC_KEYS, 'content', 'content_source_type'].sort());
    const [a, b, c, d] = body.items;
    expect(a).toMatchObject({ content_item_id: auto, content_source_type: 'auto', rec_metadata: { reason: 'tags' } });
    expect(a.content).toMatchObject({ id: auto, title: 'An auto pick', creator_id: creator, creator_username: creatorName, is_private: false });
    expect(b).toMatchObject({ content_item_id: regular, content_source_type: 'items', is_served: true });
    expect(b.content).toMatchObject({ id: regular, title: 'A regular pick', quality_score: 0.9 });
    // The item is gone: the id is nulled by the foreign key and nothing is embedded.
    expect(c).toMatchObject({ content_item_id: null, content: null });
    // Open mode reads every item, private ones included (as GET /content/{id} does).
    expect(d.content).toMatchObject({ id: privateOne, is_private: true });
    // Same keys as the content routes give for the item.
    const direct = (await get(`/api/v1/content/${regular}`)).json();
    expect(b.content).toEqual(direct);

    const page = (await get(`${base}/user/${user}/recommendations?include_content=true&unserved_only=true&skip=1&limit=1`)).json();
    expect(page).toMatchObject({ total: 3, skip: 1, limit: 1 });
    expect(page.items.map((r: Rec) => r.id)).toEqual([rDoomed.id]);
    expect((await get(`${base}/user/${randomUUID()}/recommendations?include_content=true`)).statusCode).toBe(404);
    expect((await get(`${base}/user/${user}/recommendations?include_content=maybe`)).statusCode).toBe(422);
  });

  it('§7.8: served marking returns the count; duplicates count once; a missing id → 404 and nothing marked', async () => {
    const user = await insertUser(db());
    const item = await insertContent(db(), user);
    const a = await create(user, item, 0.1);
    const b = await create(user, item, 0.2);
    const res = await post(`${base}/served`, { recommendation_ids: [a.id, b.id, a.id] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ marked_as_served: 2 });
    expect((await get(`${base}/${a.id}`)).json().is_served).toBe(true);
    const servedAt = await db().query<{ served_at: string | null }>('SELECT served_at FROM recommendations WHERE id = $1', [a.id]);
    expect(servedAt.rows[0].served_at).not.toBeNull();

    const c = await create(user, item, 0.3);
    const missing = await post(`${base}/served`, { recommendation_ids: [c.id, 2_000_000_000] });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ detail: 'Recommendation with id 2000000000 not found' });
    expect((await get(`${base}/${c.id}`)).json().is_served).toBe(false);

    expect((await post(`${base}/served`, { recommendation_id: c.id })).statusCode).toBe(422);
    expect((await post(`${base}/served`, { recommendation_ids: [] })).statusCode).toBe(422);
  });

  it('overview counts all, served and unserved', async () => {
    const before = (await get(`${base}/stats/overview`)).json();
    expect(Object.keys(before).sort()).toEqual(['served_recommendations', 'total_recommendations', 'unserved_recommendations']);
    const user = await insertUser(db());
    const item = await insertContent(db(), user);
    const a = await create(user, item, 0.5);
    await create(user, item, 0.5);
    await post(`${base}/served`, { recommendation_ids: [a.id] });
    const after = (await get(`${base}/stats/overview`)).json();
    expect(after.total_recommendations).toBe(before.total_recommendations + 2);
    expect(after.served_recommendations).toBe(before.served_recommendations + 1);
    expect(after.unserved_recommendations).toBe(after.total_recommendations - after.served_recommendations);
  });

  describe('generate (the recommender)', () => {
    let target: string;
    const items: Record<string, number> = {};

    /**
     * Cats vs dogs: the target likes two cat pictures and hates a dog one; two other users like the
     * target's cat favourite together with another cat picture; one user likes both dog pictures.
     */
    beforeAll(async () => {
      const creator = await insertUser(db());
      target = await insertUser(db());
      const [cats, dogs, space] = [await insertTag(db()), await insertTag(db()), await insertTag(db())];
      const add = async (name: string, tags: string[], quality: number, opts: { isPrivate?: boolean; owner?: string; source?: 'items' | 'auto' } = {}) => {
        items[name] = await insertContent(db(), opts.owner ?? creator, { quality, isPrivate: opts.isPrivate, source: opts.source, title: name });
        await tagContent(db(), items[name], tags);
      };
      await add('catA', [cats], 0.5);
      await add('catB', [cats], 0.5);
      await add('catC', [cats], 0.4, { source: 'auto' });
      await add('catD', [cats], 0.3);
      await add('catPrivate', [cats], 0.9, { isPrivate: true });
      await add('catOwn', [cats], 0.9, { owner: target });
      await add('dogA', [dogs], 0.5);
      await add('dogB', [dogs], 0.6);
      await add('spaceA', [space], 0.95);

      await insertInteractionRow(db(), target, items.catA, 'like');
      await insertInteractionRow(db(), target, items.catB, 'rate', { rating: 5 });
      await insertInteractionRow(db(), target, items.dogA, 'rate', { rating: 1 });
      for (let i = 0; i < 2; i++) {
        const fan = await insertUser(db());
        await insertInteractionRow(db(), fan, items.catA, 'like');
        await insertInteractionRow(db(), fan, items.catC, 'like');
        await insertInteractionRow(db(), fan, items.catPrivate, 'like');
      }
      const dogFan = await insertUser(db());
      await insertInteractionRow(db(), dogFan, items.dogA, 'like');
      await insertInteractionRow(db(), dogFan, items.dogB, 'like');
    });

    const generate = (userId: string, limit = 10, algorithm = 'whatever-v0') => post(`${base}/generate`, { user_id: userId, algorithm_version: algorithm, limit });
    const nameOf = (id: number) => Object.entries(items).find(([, v]) => v === id)?.[0];

    it('ranks content similar to what the user liked above unrelated content, and excludes seen, private and own items', async () => {
      const res = await generate(target);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(Object.keys(body).sort()).toEqual(['algorithm_version', 'recommendations']);
      expect(body.algorithm_version).toBe(RECOMMENDER_VERSION);
      const recs = body.recommendations as Rec[];
      const names = recs.map((r) => nameOf(r.content_item_id)).filter(Boolean);
      expect(names[0]).toBe('catC');
      expect(names[1]).toBe('catD');
      expect(names.indexOf('spaceA')).toBeGreaterThan(names.indexOf('catD'));
      const dogB = recs.find((r) => r.content_item_id === items.dogB);
      const spaceA = recs.find((r) => r.content_item_id === items.spaceA)!;
      expect(dogB === undefined || dogB.recommendation_score < spaceA.recommendation_score).toBe(true);
      for (const excluded of ['catA', 'catB', 'dogA', 'catPrivate', 'catOwn']) expect(names).not.toContain(excluded);

      const scores = recs.map((r) => r.recommendation_score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(scores.every((s) => s >= 0 && s <= 1)).toBe(true);
      expect(Object.keys(recs[0]).sort()).toEqual(REC_KEYS);
      expect(recs[0]).toMatchObject({ algorithm_version: RECOMMENDER_VERSION, is_served: false, user_id: target });
      expect(recs[0].rec_metadata).toMatchObject({ algorithm: RECOMMENDER_VERSION, requested_algorithm_version: 'whatever-v0', reason: 'similar_users' });
      expect(recs[1].rec_metadata).toMatchObject({ reason: 'similar_tags' });
    });

    it('learns from new interactions: liking a dog picture lifts the other dog picture', async () => {
      const before = (await generate(target)).json().recommendations as Rec[];
      const dogBefore = before.find((r) => r.content_item_id === items.dogB)?.recommendation_score ?? 0;
      const learner = await insertUser(db());
      await insertInteractionRow(db(), learner, items.dogA, 'like');
      const fresh = (await generate(learner)).json().recommendations as Rec[];
      expect(nameOf(fresh[0].content_item_id)).toBe('dogB');
      expect(fresh[0].recommendation_score).toBeGreaterThan(dogBefore);
    });

    it('refresh replaces unserved recommendations, keeps served ones and does not recommend them again', async () => {
      const first = (await generate(target, 3)).json().recommendations as Rec[];
      expect(first).toHaveLength(3);
      const stored = (await get(`${base}/user/${target}/recommendations`)).json();
      expect(stored.total).toBe(3);
      await post(`${base}/served`, { recommendation_ids: [first[0].id] });
      const second = (await generate(target, 3)).json().recommendations as Rec[];
      expect(second.map((r) => r.content_item_id)).not.toContain(first[0].content_item_id);
      const after = (await get(`${base}/user/${target}/recommendations?limit=100`)).json();
      expect(after.total).toBe(4);
      expect(after.items.filter((r: Rec) => r.is_served).map((r: Rec) => r.id)).toEqual([first[0].id]);
    });

    it('cold start: a user without signals gets the most liked visible items', async () => {
      const newcomer = await insertUser(db());
      const recs = (await generate(newcomer, 2)).json().recommendations as Rec[];
      expect(recs).toHaveLength(2);
      expect(nameOf(recs[0].content_item_id)).toBe('catA');
      expect(recs[0].rec_metadata.reason).toBe('popular');
    });

    it('unknown user → 404, inactive user → 422, bad limit → 422', async () => {
      const ghost = randomUUID();
      expect((await generate(ghost)).json()).toEqual({ detail: `User with id ${ghost} not found` });
      const sleeper = await insertUser(db());
      await deactivateUser(db(), sleeper);
      const inactive = await generate(sleeper);
      expect(inactive.statusCode).toBe(422);
      expect(inactive.json()).toEqual({ detail: 'Cannot generate recommendations for inactive users' });
      expect((await generate(target, 0)).statusCode).toBe(422);
      expect((await generate(target, 101)).statusCode).toBe(422);
      expect((await post(`${base}/generate`, { user_id: target, algorithm_version: '' })).statusCode).toBe(422);
    });
  });
});

describe.each(availableEngines())('recommendations with content in required mode on %s', (engine) => {
  let sys: TestSystem;
  beforeAll(async () => {
    sys = await createTestSystem(engine, { overrides: { 'auth.mode': 'required', 'auth.login-rate-limit-per-minute': '0' } });
  });
  afterAll(async () => {
    await sys?.close();
  });

  async function register(username: string): Promise<{ id: string; auth: { authorization: string } }> {
    const res = await sys.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { username, email: `${username}@example.test`, password: 'correct horse battery' } });
    expect(res.statusCode, res.body).toBe(201);
    return { id: res.json().user.id, auth: { authorization: `Bearer ${res.json().access_token}` } };
  }

  it("embeds another user's private item as null, the caller's own private item and public items in full", async () => {
    const db = sys.runtime.db;
    const alice = await register('rec_alice');
    const bob = await register('rec_bob');
    // Alice's item is public when Bob gets it recommended and made private afterwards (a private
    // item of another user cannot be recommended: it reads as missing, authorization.test.ts).
    const alicePrivate = await insertContent(db, alice.id, { title: 'zq7 alice private' });
    const alicePublic = await insertContent(db, alice.id, { title: 'alice public' });
    const bobPrivate = await insertContent(db, bob.id, { isPrivate: true, title: 'bob private' });
    for (const [item, score] of [[alicePrivate, 0.9], [alicePublic, 0.8], [bobPrivate, 0.7]] as const) {
      const res = await sys.app.inject({
        method: 'POST',
        url: '/api/v1/recommendations/',
        headers: bob.auth,
        payload: { user_id: bob.id, content_item_id: item, recommendation_score: score, algorithm_version: 'v' },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    await db.query('UPDATE content_items_all SET is_private = true WHERE id = $1', [alicePrivate]);
    const res = await sys.app.inject({ url: `/api/v1/recommendations/user/${bob.id}/recommendations?include_content=true`, headers: bob.auth });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).not.toContain('zq7');
    const items = res.json().items as Array<{ id: number; content_item_id: number; content: { id: number; title: string } | null }>;
    expect(items.map((r) => [r.content_item_id, r.content?.title ?? null])).toEqual([
      [alicePrivate, null],
      [alicePublic, 'alice public'],
      [bobPrivate, 'bob private'],
    ]);
    // Alice cannot read Bob's list at all.
    const other = await sys.app.inject({ url: `/api/v1/recommendations/user/${bob.id}/recommendations?include_content=true`, headers: alice.auth });
    expect([403, 404]).toContain(other.statusCode);
  });
});
