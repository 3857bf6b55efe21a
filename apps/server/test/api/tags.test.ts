import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableEngines } from '../support/test-databases.ts';
import { createTestSystem, type TestSystem } from '../support/test-app.ts';
import { insertUser } from '../support/fixtures-activity.ts';
import { TREE_EDGES, TREE_NAMES, insertTagTree, setCardinality } from '../support/fixtures-tags.ts';

const TAG_KEYS = ['average_rating', 'created_at', 'id', 'is_favorite', 'metadata', 'name', 'rating_count', 'updated_at'];
const DETAIL_KEYS = [
  'ancestors', 'average_rating', 'cardinality_auto', 'cardinality_regular', 'children', 'descendants', 'is_favorite', 'parents',
  'rating_count', 'tag', 'user_rating',
];
const PAGINATION_KEYS = ['has_next', 'has_previous', 'next_cursor', 'page', 'page_size', 'prev_cursor', 'total_count', 'total_pages'];

type Named = { name: string };
const names = (items: Named[]) => items.map((t) => t.name);

describe.each(availableEngines())('tags API on %s', (engine) => {
  let sys: TestSystem;
  let ids: Record<string, string>;
  const base = '/api/v1/tags';
  const get = (url: string) => sys.app.inject({ url });
  beforeAll(async () => {
    sys = await createTestSystem(engine);
    ids = await insertTagTree(sys.runtime.db);
  });
  afterAll(async () => {
    await sys?.close();
  });

  describe('hierarchy', () => {
    it('serves the flat hierarchy with metadata (lastUpdated with +00:00) and one parent per node', async () => {
      const res = await get(`${base}/hierarchy`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(Object.keys(body).sort()).toEqual(['metadata', 'nodes']);
      expect(body.metadata).toMatchObject({
        totalNodes: TREE_NAMES.length,
        totalRelationships: TREE_EDGES.length,
        rootCategories: 4,
        format: 'flat_array',
        version: '2.0',
      });
      expect(body.metadata.lastUpdated).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+\+00:00$/);
      expect(body.nodes).toHaveLength(TREE_NAMES.length);
      const byName = Object.fromEntries(body.nodes.map((n: { name: string }) => [n.name, n]));
      expect(Object.keys(byName.cat).sort()).toEqual(['average_rating', 'id', 'name', 'parent', 'rating_count']);
      expect(byName.cat).toEqual({ id: ids.cat, name: 'cat', parent: ids.animals, average_rating: null, rating_count: null });
      expect(byName.art.parent).toBeNull();
      // Several parents: the alphabetically first one (animals < fox < myth).
      expect(byName.kitsune.parent).toBe(ids.animals);
    });

    it('is cached and invalidated by tag writes and refresh', async () => {
      const first = (await get(`${base}/hierarchy`)).json();
      const second = (await get(`${base}/hierarchy?no_cache=true`)).json();
      expect(second.metadata.lastUpdated).toBe(first.metadata.lastUpdated);
      const created = await sys.app.inject({ method: 'POST', url: `${base}/`, payload: { name: 'watercolour', parent_ids: [ids.painting] } });
      expect(created.statusCode).toBe(201);
      expect(Object.keys(created.json()).sort()).toEqual(TAG_KEYS);
      const after = (await get(`${base}/hierarchy`)).json();
      expect(after.metadata.totalNodes).toBe(first.metadata.totalNodes + 1);
      expect(after.nodes.find((n: Named) => n.name === 'watercolour').parent).toBe(ids.painting);
      const refresh = await sys.app.inject({ method: 'POST', url: `${base}/hierarchy/refresh` });
      expect(refresh.statusCode).toBe(200);
      expect(refresh.json()).toEqual({ success: true, message: 'Tag hierarchy refreshed' });
      const stats = (await get(`${base}/statistics`)).json();
      expect(stats).toEqual({ totalNodes: TREE_NAMES.length + 1, totalRelationships: TREE_EDGES.length + 1, rootCategories: 4 });
      await sys.runtime.db.query('DELETE FROM tags WHERE name = $1', ['watercolour']);
      await sys.services.tags.invalidateCaches();
    });

    it('lists roots, children and parents by name; unknown tag → 404', async () => {
      const roots = await get(`${base}/roots`);
      expect(roots.statusCode).toBe(200);
      expect(roots.json().map((t: Named) => t.name).sort()).toEqual(['Science Fiction', 'art', 'myth', 'subject'].sort());
      expect(Object.keys(roots.json()[0]).sort()).toEqual(['id', 'name']);
      expect(names((await get(`${base}/${ids.animals}/children`)).json())).toEqual(['cat', 'fox', 'kitsune']);
      expect(names((await get(`${base}/${ids.kitsune}/parents`)).json())).toEqual(['animals', 'fox', 'myth']);
      expect((await get(`${base}/${ids.oil}/children`)).json()).toEqual([]);
      const missing = randomUUID();
      const nf = await get(`${base}/${missing}/children`);
      expect(nf.statusCode).toBe(404);
      expect(nf.json()).toEqual({ detail: `Tag with id ${missing} not found` });
      expect((await get(`${base}/${missing}/parents`)).statusCode).toBe(404);
      expect((await get(`${base}/not-a-uuid/children`)).statusCode).toBe(422);
    });

    it('walks ancestors and descendants with depth, each tag once at its shortest distance, bounded by max_depth', async () => {
      const anc = await get(`${base}/${ids.kitsune}/ancestors`);
      expect(anc.statusCode).toBe(200);
      expect(anc.json()).toEqual([
        { id: ids.animals, name: 'animals', depth: 1 },
        { id: ids.fox, name: 'fox', depth: 1 },
        { id: ids.myth, name: 'myth', depth: 1 },
        { id: ids.subject, name: 'subject', depth: 2 },
      ]);
      const desc = (await get(`${base}/${ids.subject}/descendants`)).json();
      expect(desc.map((t: { name: string; depth: number }) => `${t.name}:${t.depth}`)).toEqual(['animals:1', 'cat:2', 'fox:2', 'kitsune:2']);
      const shallow = (await get(`${base}/${ids.art}/descendants?max_depth=1`)).json();
      expect(names(shallow)).toEqual(['digital', 'painting']);
      expect(names((await get(`${base}/${ids.art}/descendants?max_depth=2`)).json())).toEqual(['digital', 'painting', 'oil']);
      expect((await get(`${base}/${ids.art}/ancestors`)).json()).toEqual([]);
      expect((await get(`${base}/${ids.art}/ancestors?max_depth=0`)).statusCode).toBe(422);
      expect((await get(`${base}/${ids.art}/ancestors?max_depth=51`)).statusCode).toBe(422);
      expect((await get(`${base}/${randomUUID()}/descendants`)).statusCode).toBe(404);
    });

    it('refuses cycles and self-parents with 422; adds and removes valid parents', async () => {
      const self = await sys.app.inject({ method: 'POST', url: `${base}/${ids.cat}/parents`, payload: { parent_id: ids.cat } });
      expect(self.statusCode).toBe(422);
      expect(self.json().detail).toMatch(/own parent/);
      const cycle = await sys.app.inject({ method: 'POST', url: `${base}/${ids.subject}/parents`, payload: { parent_id: ids.kitsune } });
      expect(cycle.statusCode).toBe(422);
      expect(cycle.json().detail).toMatch(/cycle/);
      const indirect = await sys.app.inject({ method: 'POST', url: `${base}/${ids.art}/parents`, payload: { parent_id: ids.oil } });
      expect(indirect.statusCode).toBe(422);
      const added = await sys.app.inject({ method: 'POST', url: `${base}/${ids.oil}/parents`, payload: { parent_id: ids.digital } });
      expect(added.statusCode).toBe(201);
      expect(names(added.json())).toEqual(['digital', 'painting']);
      const again = await sys.app.inject({ method: 'POST', url: `${base}/${ids.oil}/parents`, payload: { parent_id: ids.digital } });
      expect(again.statusCode).toBe(201);
      expect((await get(`${base}/statistics`)).json().totalRelationships).toBe(TREE_EDGES.length + 1);
      const removed = await sys.app.inject({ method: 'DELETE', url: `${base}/${ids.oil}/parents/${ids.digital}` });
      expect(removed.statusCode).toBe(200);
      expect(removed.json()).toEqual({ success: true, message: 'Parent removed from tag' });
      expect((await sys.app.inject({ method: 'DELETE', url: `${base}/${ids.oil}/parents/${ids.digital}` })).statusCode).toBe(404);
      expect((await get(`${base}/statistics`)).json().totalRelationships).toBe(TREE_EDGES.length);
      const unknown = await sys.app.inject({ method: 'POST', url: `${base}/${ids.oil}/parents`, payload: { parent_id: randomUUID() } });
      expect(unknown.statusCode).toBe(404);
    });

    it('the database refuses a cycle even when the service is bypassed', async () => {
      await expect(
        sys.runtime.db.query('INSERT INTO tag_parents (tag_id, parent_id) VALUES ($1, $2)', [ids.subject, ids.cat]),
      ).rejects.toMatchObject({ code: '23514' });
    });
  });

  describe('popular', () => {
    it('orders by cardinality (summed over sources) then name, filters by source and minimum', async () => {
      await setCardinality(sys.runtime.db, ids.cat, 'items', 5);
      await setCardinality(sys.runtime.db, ids.cat, 'auto', 20);
      await setCardinality(sys.runtime.db, ids.fox, 'items', 30);
      await setCardinality(sys.runtime.db, ids.oil, 'auto', 25);
      await setCardinality(sys.runtime.db, ids.digital, 'auto', 1);
      await sys.services.tags.invalidateCaches();
      const res = await get(`${base}/popular`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual([
        { id: ids.fox, name: 'fox', cardinality: 30 },
        { id: ids.cat, name: 'cat', cardinality: 25 },
        { id: ids.oil, name: 'oil', cardinality: 25 },
        { id: ids.digital, name: 'digital', cardinality: 1 },
      ]);
      expect(names((await get(`${base}/popular?limit=2`)).json())).toEqual(['fox', 'cat']);
      expect(names((await get(`${base}/popular?min_cardinality=2`)).json())).toEqual(['fox', 'cat', 'oil']);
      expect((await get(`${base}/popular?content_source=auto`)).json().map((t: { name: string; cardinality: number }) => [t.name, t.cardinality])).toEqual([
        ['oil', 25],
        ['cat', 20],
        ['digital', 1],
      ]);
      const regular = (await get(`${base}/popular?content_source=regular`)).json();
      expect(names(regular)).toEqual(['fox', 'cat']);
      expect((await get(`${base}/popular?content_source=items`)).json()).toEqual(regular);
      expect((await get(`${base}/popular?content_source=nonsense`)).json()).toEqual([]);
      expect((await get(`${base}/popular?limit=0`)).statusCode).toBe(422);
      expect((await get(`${base}/popular?limit=10001`)).statusCode).toBe(422);
    });
  });

  describe('list and search', () => {
    it('pages tags by name with the full Tag and pagination shapes', async () => {
      const res = await get(`${base}/?page=1&page_size=3`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(Object.keys(body).sort()).toEqual(['items', 'pagination']);
      expect(Object.keys(body.pagination).sort()).toEqual(PAGINATION_KEYS);
      expect(body.pagination).toMatchObject({ page: 1, page_size: 3, total_count: TREE_NAMES.length, has_next: true, has_previous: false, total_pages: 4, next_cursor: null, prev_cursor: null });
      expect(Object.keys(body.items[0]).sort()).toEqual(TAG_KEYS);
      expect(body.items[0]).toMatchObject({ metadata: { origin: 'fixture' }, is_favorite: null, average_rating: null, rating_count: null });
      expect(body.items[0].created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
      const all = (await get(`${base}?page_size=100`)).json();
      const sorted = [...TREE_NAMES].sort((a, b) => (a < b ? -1 : 1));
      // Collation may place 'Science Fiction' differently; compare the lower-case names' order.
      expect(names(all.items).filter((n) => n !== 'Science Fiction')).toEqual(sorted.filter((n) => n !== 'Science Fiction'));
      const desc = (await get(`${base}/?page_size=100&sort=name-desc`)).json();
      expect(names(desc.items)).toEqual([...names(all.items)].reverse());
    });

    it('sorts by created/updated with whitelisted values; unknown sorts fall back to name', async () => {
      const created = (await get(`${base}/?page_size=100&sort=created-asc`)).json();
      expect(names(created.items)).toEqual(TREE_NAMES);
      expect(names((await get(`${base}/?page_size=100&sort=CREATED-DESC`)).json().items)).toEqual([...TREE_NAMES].reverse());
      expect(names((await get(`${base}/?page_size=100&sort=created_at`)).json().items)).toEqual([...TREE_NAMES].reverse());
      const byName = names((await get(`${base}/?page_size=100`)).json().items);
      expect(names((await get(`${base}/?page_size=100&sort=${encodeURIComponent('name; DROP TABLE tags')}`)).json().items)).toEqual(byName);
      expect((await get(`${base}/?page_size=101`)).statusCode).toBe(422);
      expect((await get(`${base}/?page=0`)).statusCode).toBe(422);
    });

    it('§5.2 search: tokens split on spaces/commas are OR-ed; a quoted query is one substring; case-insensitive', async () => {
      expect(names((await get(`${base}/?search=cat,fox`)).json().items)).toEqual(['cat', 'fox']);
      expect(names((await get(`${base}/?search=${encodeURIComponent('CAT  myth')}`)).json().items)).toEqual(['cat', 'myth']);
      expect(names((await get(`${base}/?search=${encodeURIComponent('"nce fic"')}`)).json().items)).toEqual(['Science Fiction']);
      expect(names((await get(`${base}/?search=${encodeURIComponent('nce fic')}`)).json().items)).toEqual(['Science Fiction']);
      expect((await get(`${base}/?search=${encodeURIComponent('"zz yy"')}`)).json().items).toEqual([]);
      // LIKE wildcards typed by the user are literal characters.
      expect((await get(`${base}/?search=${encodeURIComponent('%')}`)).json().pagination.total_count).toBe(0);
      const viaSearch = await get(`${base}/search?q=it`);
      expect(viaSearch.statusCode).toBe(200);
      expect(names(viaSearch.json().items)).toEqual(['digital', 'kitsune']);
      expect(viaSearch.json().pagination.total_count).toBe(2);
      expect((await get(`${base}/search`)).statusCode).toBe(422);
      expect((await get(`${base}/search?q=`)).statusCode).toBe(422);
      expect(names((await get(`${base}/search?q=a&sort=name-desc&page_size=2`)).json().items)).toEqual(['painting', 'digital']);
    });
  });

  describe('detail', () => {
    it('finds a tag by id with parents, children, ratings and cardinalities', async () => {
      const res = await get(`${base}/${ids.fox}`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(Object.keys(body).sort()).toEqual(DETAIL_KEYS);
      expect(Object.keys(body.tag).sort()).toEqual(TAG_KEYS);
      expect(body.tag).toMatchObject({ id: ids.fox, name: 'fox', rating_count: 0, average_rating: null, is_favorite: null });
      expect(names(body.parents)).toEqual(['animals']);
      expect(names(body.children)).toEqual(['kitsune']);
      expect(body).toMatchObject({ ancestors: null, descendants: null, user_rating: null, is_favorite: null, rating_count: 0, average_rating: null });
      expect(body.cardinality_regular).toBe(30);
      expect(body.cardinality_auto).toBe(0);
    });

    it('§7.32: finds a tag by name case-insensitively and by slug; unknown → 404', async () => {
      expect((await get(`${base}/KITSUNE`)).json().tag.id).toBe(ids.kitsune);
      expect((await get(`${base}/${encodeURIComponent('Science Fiction')}`)).json().tag.id).toBe(ids['Science Fiction']);
      expect((await get(`${base}/science-fiction`)).json().tag.id).toBe(ids['Science Fiction']);
      expect((await get(`${base}/science_fiction`)).json().tag.id).toBe(ids['Science Fiction']);
      expect((await get(`${base}/${ids.cat.toUpperCase()}`)).json().tag.name).toBe('cat');
      const nf = await get(`${base}/no-such-tag`);
      expect(nf.statusCode).toBe(404);
      expect(nf.json()).toEqual({ detail: 'Tag with id no-such-tag not found' });
      expect((await get(`${base}/${randomUUID()}`)).statusCode).toBe(404);
    });

    it('resolveIdentifiers() maps ids, names in any case and slugs to tags (for tag_names filters)', async () => {
      const resolved = await sys.services.tags.resolveIdentifiers(['science_fiction', ids.cat, 'FOX', 'fox', 'unknown-tag', ' ']);
      expect(resolved).toEqual([
        { id: ids['Science Fiction'], name: 'Science Fiction' },
        { id: ids.cat, name: 'cat' },
        { id: ids.fox, name: 'fox' },
      ]);
    });

    it('with user_id fills the user rating and favourite flag; unknown user → 404', async () => {
      const user = await insertUser(sys.runtime.db);
      await sys.app.inject({ method: 'POST', url: `${base}/${ids.myth}/rate?user_id=${user}&rating=4` });
      await sys.app.inject({ method: 'POST', url: `${base}/${ids.myth}/favorite?user_id=${user}` });
      const body = (await get(`${base}/myth?user_id=${user}`)).json();
      expect(body).toMatchObject({ user_rating: 4, is_favorite: true, average_rating: 4, rating_count: 1 });
      expect(body.tag).toMatchObject({ average_rating: 4, rating_count: 1, is_favorite: true });
      const other = await insertUser(sys.runtime.db);
      expect((await get(`${base}/myth?user_id=${other}`)).json()).toMatchObject({ user_rating: null, is_favorite: false });
      const missing = randomUUID();
      const nf = await get(`${base}/myth?user_id=${missing}`);
      expect(nf.statusCode).toBe(404);
      expect(nf.json()).toEqual({ detail: `User with id ${missing} not found` });
    });
  });

  describe('ratings', () => {
    it('upserts ratings in half steps and averages them to 2 dp everywhere', async () => {
      const [u1, u2, u3] = [await insertUser(sys.runtime.db), await insertUser(sys.runtime.db), await insertUser(sys.runtime.db)];
      const rate = (u: string, r: number | string) => sys.app.inject({ method: 'POST', url: `${base}/${ids.cat}/rate?user_id=${u}&rating=${r}` });
      const first = await rate(u1, 4.5);
      expect(first.statusCode).toBe(200);
      expect(Object.keys(first.json()).sort()).toEqual(['created_at', 'id', 'rating', 'tag_id', 'updated_at', 'user_id']);
      expect(first.json()).toMatchObject({ user_id: u1, tag_id: ids.cat, rating: 4.5 });
      await rate(u2, 3);
      await rate(u3, 3.5);
      let detail = (await get(`${base}/cat`)).json();
      expect(detail).toMatchObject({ average_rating: 3.67, rating_count: 3 });
      const again = await rate(u1, 5);
      expect(again.json().id).toBe(first.json().id);
      expect(again.json().rating).toBe(5);
      detail = (await get(`${base}/cat`)).json();
      expect(detail).toMatchObject({ average_rating: 3.83, rating_count: 3 });
      const hierarchy = (await get(`${base}/hierarchy?include_ratings=true`)).json();
      const node = hierarchy.nodes.find((n: Named) => n.name === 'cat');
      expect(node).toMatchObject({ average_rating: 3.83, rating_count: 3 });
      expect(hierarchy.nodes.find((n: Named) => n.name === 'oil')).toMatchObject({ average_rating: null, rating_count: 0 });
      expect((await get(`${base}/${ids.cat}/rating?user_id=${u2}`)).json()).toEqual({ rating: 3 });
      const map = (await get(`${base}/ratings?user_id=${u1}&tag_ids=${ids.cat}&tag_ids=${ids.fox}`)).json();
      expect(map).toEqual({ ratings: { [ids.cat]: 5 } });
      expect((await get(`${base}/ratings?user_id=${randomUUID()}`)).json()).toEqual({ ratings: {} });
      expect((await get(`${base}/ratings?user_id=${randomUUID()}&tag_ids=${ids.cat}`)).statusCode).toBe(404);
    });

    it('rejects ratings outside 1–5 (422) and between half steps (400); unknown user/tag → 404', async () => {
      const user = await insertUser(sys.runtime.db);
      const rate = (tag: string, u: string, r: string) => sys.app.inject({ method: 'POST', url: `${base}/${tag}/rate?user_id=${u}&rating=${r}` });
      expect((await rate(ids.fox, user, '0.5')).statusCode).toBe(422);
      expect((await rate(ids.fox, user, '5.5')).statusCode).toBe(422);
      const between = await rate(ids.fox, user, '3.3');
      expect(between.statusCode).toBe(400);
      expect(between.json()).toEqual({ detail: 'Rating must be between 1.0 and 5.0 in steps of 0.5' });
      expect((await rate(randomUUID(), user, '3')).statusCode).toBe(404);
      const nouser = await rate(ids.fox, randomUUID(), '3');
      expect(nouser.statusCode).toBe(404);
      expect(nouser.json().detail).toMatch(/^User with id .* not found$/);
    });

    it('§7.11: deleting a missing rating is a 404 "Rating not found", not a 500', async () => {
      const user = await insertUser(sys.runtime.db);
      const missing = await sys.app.inject({ method: 'DELETE', url: `${base}/${ids.oil}/rate?user_id=${user}` });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toEqual({ detail: 'Rating not found' });
      await sys.app.inject({ method: 'POST', url: `${base}/${ids.oil}/rate?user_id=${user}&rating=2` });
      const del = await sys.app.inject({ method: 'DELETE', url: `${base}/${ids.oil}/rate?user_id=${user}` });
      expect(del.statusCode).toBe(200);
      expect(del.json()).toEqual({ success: true, message: 'Rating deleted successfully' });
      expect((await get(`${base}/${ids.oil}/rating?user_id=${user}`)).json()).toEqual({ rating: null });
    });

    it('sorts by rating: rated first by average, then unrated; min_ratings drops thinly rated tags', async () => {
      const [u1, u2] = [await insertUser(sys.runtime.db), await insertUser(sys.runtime.db)];
      await sys.runtime.db.query('DELETE FROM tag_ratings');
      const rate = (tag: string, u: string, r: number) => sys.app.inject({ method: 'POST', url: `${base}/${tag}/rate?user_id=${u}&rating=${r}` });
      await rate(ids.fox, u1, 5);
      await rate(ids.fox, u2, 4);
      await rate(ids.cat, u1, 2);
      await rate(ids.cat, u2, 2);
      await rate(ids.oil, u1, 5);
      const desc = (await get(`${base}/?sort=rating-desc&page_size=100`)).json();
      expect(names(desc.items).slice(0, 3)).toEqual(['oil', 'fox', 'cat']);
      expect(desc.items[1]).toMatchObject({ average_rating: 4.5, rating_count: 2 });
      expect(desc.items[3]).toMatchObject({ rating_count: null, average_rating: null });
      expect(desc.pagination.total_count).toBe(TREE_NAMES.length);
      const asc = (await get(`${base}/?sort=rating-asc&page_size=3`)).json();
      expect(names(asc.items)).toEqual(['cat', 'fox', 'oil']);
      const min2 = (await get(`${base}/?sort=rating-desc&min_ratings=2&page_size=100`)).json();
      expect(names(min2.items).slice(0, 2)).toEqual(['fox', 'cat']);
      expect(names(min2.items)).not.toContain('oil');
      expect(min2.pagination.total_count).toBe(TREE_NAMES.length - 1);
      const searched = (await get(`${base}/search?q=o&sort=rating-desc`)).json();
      expect(names(searched.items)).toEqual(['oil', 'fox', 'Science Fiction']);
    });
  });

  describe('favourites', () => {
    it('adds idempotently, lists by name via both routes, removes idempotently', async () => {
      const user = await insertUser(sys.runtime.db);
      for (const tag of [ids.fox, ids.art, ids.fox]) {
        const res = await sys.app.inject({ method: 'POST', url: `${base}/${tag}/favorite?user_id=${user}` });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual({ success: true, message: 'Tag added to favorites' });
      }
      const list = await get(`${base}/favorites?user_id=${user}`);
      expect(list.statusCode).toBe(200);
      expect(list.json()).toEqual([
        { id: ids.art, name: 'art' },
        { id: ids.fox, name: 'fox' },
      ]);
      expect((await get(`${base}/favorites/${user}`)).json()).toEqual(list.json());
      const del = await sys.app.inject({ method: 'DELETE', url: `${base}/${ids.art}/favorite?user_id=${user}` });
      expect(del.json()).toEqual({ success: true, message: 'Tag removed from favorites' });
      expect((await sys.app.inject({ method: 'DELETE', url: `${base}/${ids.art}/favorite?user_id=${user}` })).statusCode).toBe(200);
      expect(names((await get(`${base}/favorites?user_id=${user}`)).json())).toEqual(['fox']);
    });

    it('unknown user → 404 everywhere; unknown tag → 404 on add only', async () => {
      const missing = randomUUID();
      expect((await get(`${base}/favorites?user_id=${missing}`)).statusCode).toBe(404);
      expect((await get(`${base}/favorites/${missing}`)).statusCode).toBe(404);
      expect((await sys.app.inject({ method: 'POST', url: `${base}/${ids.fox}/favorite?user_id=${missing}` })).statusCode).toBe(404);
      expect((await sys.app.inject({ method: 'DELETE', url: `${base}/${ids.fox}/favorite?user_id=${missing}` })).statusCode).toBe(404);
      const user = await insertUser(sys.runtime.db);
      const tag = randomUUID();
      const nf = await sys.app.inject({ method: 'POST', url: `${base}/${tag}/favorite?user_id=${user}` });
      expect(nf.statusCode).toBe(404);
      expect(nf.json()).toEqual({ detail: `Tag with id ${tag} not found` });
      expect((await sys.app.inject({ method: 'DELETE', url: `${base}/${tag}/favorite?user_id=${user}` })).statusCode).toBe(200);
    });
  });

  describe('create', () => {
    it('creates a tag; a name taken in any case is a 409; unknown parent → 404; blank → 422', async () => {
      const res = await sys.app.inject({ method: 'POST', url: `${base}/`, payload: { name: ' Ukiyo-e ', metadata: { era: 'edo' } } });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ name: 'Ukiyo-e', metadata: { era: 'edo' } });
      expect((await sys.app.inject({ method: 'POST', url: `${base}/`, payload: { name: 'UKIYO-E' } })).statusCode).toBe(409);
      expect((await sys.app.inject({ method: 'POST', url: `${base}/`, payload: { name: 'x1', parent_ids: [randomUUID()] } })).statusCode).toBe(404);
      expect((await sys.app.inject({ method: 'POST', url: `${base}/`, payload: { name: '   ' } })).statusCode).toBe(422);
      expect((await get(`${base}/ukiyo-e`)).json().tag.name).toBe('Ukiyo-e');
      await sys.runtime.db.query('DELETE FROM tags WHERE id = $1', [res.json().id]);
      await sys.services.tags.invalidateCaches();
    });
  });

  it('non-finite and huge numbers are 422, never 500', async () => {
    for (const url of [`${base}/?page=1e309`, `${base}/popular?limit=-1e309`, `${base}/${ids.cat}/ancestors?max_depth=1e309`, `${base}/?page=99999999999999999999999`]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(422);
    }
    const inf = (await get(`${base}/?page_size=1e309`)).json();
    expect(inf.detail[0]).toMatchObject({ type: 'finite_number', loc: ['query', 'page_size'] });
    const user = await insertUser(sys.runtime.db);
    expect((await sys.app.inject({ method: 'POST', url: `${base}/${ids.cat}/rate?user_id=${user}&rating=1e309` })).statusCode).toBe(422);
  });

  it('every literal /tags/<word> route is reachable beside /tags/{identifier}', async () => {
    const user = await insertUser(sys.runtime.db);
    const literal: Array<[string, (b: unknown) => void]> = [
      ['hierarchy', (b) => expect(b).toHaveProperty('nodes')],
      ['statistics', (b) => expect(b).toHaveProperty('totalNodes')],
      ['popular', (b) => expect(Array.isArray(b)).toBe(true)],
      ['roots', (b) => expect(Array.isArray(b)).toBe(true)],
      ['search?q=cat', (b) => expect(b).toHaveProperty('pagination')],
      [`ratings?user_id=${user}`, (b) => expect(b).toEqual({ ratings: {} })],
      [`favorites?user_id=${user}`, (b) => expect(b).toEqual([])],
      [`favorites/${user}`, (b) => expect(b).toEqual([])],
    ];
    for (const [path, check] of literal) {
      for (const url of [`${base}/${path}`, `${base}/${path.replace(/(\?|$)/, '/$1')}`]) {
        const res = await get(url);
        expect(res.statusCode, url).toBe(200);
        check(res.json());
      }
    }
  });
});
