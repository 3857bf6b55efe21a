import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableEngines } from '../support/test-databases.ts';
import { createTestSystem, type TestSystem } from '../support/test-app.ts';
import { insertUser } from '../support/fixtures-activity.ts';
import { insertContent, insertInteractionRow } from '../support/fixtures-interactions.ts';
import { bookmark, category, fileIn } from '../support/fixtures-bookmarks.ts';

const CATEGORY_KEYS = [
  'color', 'cover_content_id', 'cover_content_source_type', 'created_at', 'description', 'icon', 'id', 'is_public', 'name',
  'parent_id', 'share_token', 'sort_index', 'updated_at', 'user_id',
];
const NODE_KEYS = ['children', 'color', 'description', 'icon', 'id', 'name', 'parent_id', 'sort_index'];
const TZ = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$/;

describe.each(availableEngines())('bookmark categories API on %s', (engine) => {
  let sys: TestSystem;
  const base = '/api/v1/bookmark-categories';
  beforeAll(async () => {
    sys = await createTestSystem(engine);
  });
  afterAll(async () => {
    await sys?.close();
  });
  const db = () => sys.runtime.db;
  const inject = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    sys.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
  const names = (items: Array<{ name: string }>) => items.map((c) => c.name);

  it('POST / creates (201) with every field; §7.13 colour is returned; public gets a share token; rule violations 422/404', async () => {
    const user = await insertUser(db());
    const item = await insertContent(db(), user);
    const res = await inject('POST', `${base}/?user_id=${user}`, {
      name: 'Landscapes', description: 'wide views', color: '#1A2b3C', icon: 'mountain', cover_content_id: item,
      cover_content_source_type: 'items', sort_index: 3, is_public: true,
    });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(Object.keys(c).sort()).toEqual(CATEGORY_KEYS);
    expect(c).toMatchObject({ user_id: user, name: 'Landscapes', description: 'wide views', color: '#1A2b3C', icon: 'mountain', cover_content_id: item, cover_content_source_type: 'items', sort_index: 3, is_public: true, parent_id: null });
    expect(c.share_token).toMatch(/^[0-9a-f-]{36}$/);
    expect(c.created_at).toMatch(TZ);
    expect((await inject('GET', `${base}/${c.id}`)).json().color).toBe('#1A2b3C');

    const priv = await category(sys, user, { name: 'Private' });
    expect(priv.share_token).toBeNull();
    expect(priv.color).toBeNull();

    const child = await category(sys, user, { name: 'Mountains', parent_id: c.id });
    expect(child.parent_id).toBe(c.id);
    const dup = await inject('POST', `${base}/?user_id=${user}`, { name: 'Landscapes' });
    expect(dup.statusCode).toBe(422);
    expect(dup.json()).toEqual({ detail: "Category 'Landscapes' already exists at this level" });
    // Same name under another parent is fine.
    await category(sys, user, { name: 'Landscapes', parent_id: priv.id });

    const stranger = await insertUser(db());
    const cross = await inject('POST', `${base}/?user_id=${stranger}`, { name: 'Mine', parent_id: c.id });
    expect(cross.statusCode).toBe(422);
    expect(cross.json()).toEqual({ detail: 'Parent category must belong to the same user' });
    const ghostParent = randomUUID();
    const noParent = await inject('POST', `${base}/?user_id=${user}`, { name: 'Orphan', parent_id: ghostParent });
    expect(noParent.statusCode).toBe(404);
    expect(noParent.json()).toEqual({ detail: `BookmarkCategory with id ${ghostParent} not found` });
    const ghost = randomUUID();
    expect((await inject('POST', `${base}/?user_id=${ghost}`, { name: 'x' })).json()).toEqual({ detail: `User with id ${ghost} not found` });
    const noCover = await inject('POST', `${base}/?user_id=${user}`, { name: 'Cover', cover_content_id: 999999999 });
    expect(noCover.statusCode).toBe(422);
    for (const bad of [{ name: '' }, { name: 'x'.repeat(101) }, { name: 'c', color: 'red' }, { name: 'i', icon: 'x'.repeat(51) }, {}]) {
      const r = await inject('POST', `${base}/?user_id=${user}`, bad);
      expect(r.statusCode, JSON.stringify(bad)).toBe(422);
    }
  });

  it('GET / lists with filters and sorts; §7.14: updated_at really sorts by updated_at and total counts the auto-created "Uncategorized"', async () => {
    const fresh = await insertUser(db());
    const first = await inject('GET', `${base}/?user_id=${fresh}`);
    expect(first.statusCode).toBe(200);
    expect(Object.keys(first.json()).sort()).toEqual(['items', 'limit', 'skip', 'total']);
    expect(first.json().total).toBe(1);
    expect(names(first.json().items)).toEqual(['Uncategorized']);
    expect(Object.keys(first.json().items[0]).sort()).toEqual(CATEGORY_KEYS);

    const user = await insertUser(db());
    const a = await category(sys, user, { name: 'Alpha', sort_index: 2 });
    const b = await category(sys, user, { name: 'Beta', sort_index: 1, is_public: true });
    const c = await category(sys, user, { name: 'Gamma' });
    const d = await category(sys, user, { name: 'Delta', parent_id: a.id });
    // Make updated_at order differ from created_at order.
    await db().query("UPDATE bookmark_categories SET created_at = now() - interval '4 hours', updated_at = now() - interval '1 hour' WHERE id = $1", [a.id]);
    await db().query("UPDATE bookmark_categories SET created_at = now() - interval '3 hours', updated_at = now() - interval '3 hours' WHERE id = $1", [b.id]);
    await db().query("UPDATE bookmark_categories SET created_at = now() - interval '2 hours', updated_at = now() - interval '2 hours' WHERE id = $1", [c.id]);
    await db().query("UPDATE bookmark_categories SET created_at = now() - interval '1 hour', updated_at = now() - interval '4 hours' WHERE id = $1", [d.id]);

    const list = async (qs: string) => (await inject('GET', `${base}/?user_id=${user}&${qs}`)).json();
    const all = await list('');
    expect(all.total).toBe(4); // a user who has categories gets no automatic "Uncategorized"
    expect(names(all.items)).toEqual(['Beta', 'Alpha', 'Delta', 'Gamma']); // sort_index asc nulls last, then newest
    expect(names((await list('sort_field=sort_index&sort_order=desc')).items)).toEqual(['Delta', 'Gamma', 'Alpha', 'Beta']);
    expect(names((await list('sort_field=updated_at&sort_order=asc')).items)).toEqual(['Delta', 'Beta', 'Gamma', 'Alpha']);
    expect(names((await list('sort_field=updated_at&sort_order=desc')).items)).toEqual(['Alpha', 'Gamma', 'Beta', 'Delta']);
    expect(names((await list('sort_field=created_at&sort_order=asc')).items)).toEqual(['Alpha', 'Beta', 'Gamma', 'Delta']);
    expect(names((await list('sort_field=name&sort_order=asc')).items)).toEqual(['Alpha', 'Beta', 'Delta', 'Gamma']);
    expect(names((await list('sort_field=whatever')).items)).toEqual(['Alpha', 'Gamma', 'Beta', 'Delta']);
    expect(names((await list(`parent_id=${a.id}`)).items)).toEqual(['Delta']);
    const roots = await list('parent_id=null');
    expect(roots.total).toBe(3);
    expect(names((await list('is_public=true')).items)).toEqual(['Beta']);
    const page = await list('skip=1&limit=2');
    expect(page).toMatchObject({ total: 4, skip: 1, limit: 2 });
    expect(names(page.items)).toEqual(['Alpha', 'Delta']);

    expect((await inject('GET', `${base}/?user_id=${randomUUID()}`)).statusCode).toBe(404);
    expect((await inject('GET', `${base}/?user_id=${user}&parent_id=nope`)).statusCode).toBe(422);
    expect((await inject('GET', `${base}/?user_id=${user}&limit=0`)).statusCode).toBe(422);
  });

  it('GET /tree nests real children (not always empty) with colours; GET /{id}/children pages direct children', async () => {
    const user = await insertUser(db());
    const root = await category(sys, user, { name: 'Root', color: '#ff0000', sort_index: 0 });
    const kid1 = await category(sys, user, { name: 'Kid1', parent_id: root.id, sort_index: 1 });
    const kid2 = await category(sys, user, { name: 'Kid2', parent_id: root.id, sort_index: 0 });
    const grandkid = await category(sys, user, { name: 'Grandkid', parent_id: kid1.id, color: '#00ff00' });
    const other = await category(sys, user, { name: 'Other', sort_index: 5 });

    const res = await inject('GET', `${base}/tree?user_id=${user}`);
    expect(res.statusCode).toBe(200);
    const tree = res.json();
    expect(tree.map((n: { id: string }) => n.id)).toEqual([root.id, other.id]);
    expect(Object.keys(tree[0]).sort()).toEqual(NODE_KEYS);
    expect(tree[0].color).toBe('#ff0000');
    expect(tree[0].children.map((n: { id: string }) => n.id)).toEqual([kid2.id, kid1.id]);
    const k1 = tree[0].children[1];
    expect(k1.children).toHaveLength(1);
    expect(k1.children[0]).toMatchObject({ id: grandkid.id, parent_id: kid1.id, color: '#00ff00', children: [] });
    expect(Object.keys(k1.children[0]).sort()).toEqual(NODE_KEYS);
    expect((await inject('GET', `${base}/tree?user_id=${randomUUID()}`)).statusCode).toBe(404);

    const kids = await inject('GET', `${base}/${root.id}/children`);
    expect(kids.statusCode).toBe(200);
    expect(kids.json()).toMatchObject({ total: 2, skip: 0, limit: 100 });
    expect(names(kids.json().items)).toEqual(['Kid2', 'Kid1']);
    expect(Object.keys(kids.json().items[0]).sort()).toEqual(CATEGORY_KEYS);
    const kidsPage = await inject('GET', `${base}/${root.id}/children?skip=1&limit=1`);
    expect(kidsPage.json()).toMatchObject({ total: 2, skip: 1, limit: 1 });
    expect(names(kidsPage.json().items)).toEqual(['Kid1']);
    expect((await inject('GET', `${base}/${randomUUID()}/children`)).statusCode).toBe(404);
  });

  it('GET /{id} and GET /{id}/bookmarks (content, ratings, sorts, include_content=false); 404s', async () => {
    const user = await insertUser(db());
    const cat = await category(sys, user, { name: 'Faves' });
    const got = await inject('GET', `${base}/${cat.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(cat);
    const missing = randomUUID();
    expect((await inject('GET', `${base}/${missing}`)).json()).toEqual({ detail: `BookmarkCategory with id ${missing} not found` });

    const i1 = await insertContent(db(), user, { title: 'Zeta' });
    const i2 = await insertContent(db(), user, { title: 'Eta', source: 'auto' });
    const b1 = await bookmark(sys, user, i1);
    const b2 = await bookmark(sys, user, i2, { content_source_type: 'auto' });
    await fileIn(sys, b1.id, cat.id);
    await fileIn(sys, b2.id, cat.id);
    await insertInteractionRow(db(), user, i2, 'rate', { rating: 3 });
    await insertInteractionRow(db(), user, i2, 'view');

    const res = await inject('GET', `${base}/${cat.id}/bookmarks?user_id=${user}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['bookmarks', 'category', 'total']);
    expect(body.total).toBe(2);
    expect(body.category.id).toBe(cat.id);
    expect(body.bookmarks.map((b: { id: string }) => b.id)).toEqual([b2.id, b1.id]);
    expect(body.bookmarks[0]).toMatchObject({ user_rating: 3, content: { id: i2, title: 'Eta' } });
    expect(Object.keys(body.bookmarks[0])).toContain('content');
    const alpha = await inject('GET', `${base}/${cat.id}/bookmarks?user_id=${user}&sort_field=alphabetical&sort_order=asc`);
    expect(alpha.json().bookmarks.map((b: { id: string }) => b.id)).toEqual([b2.id, b1.id]);
    const byPos = await inject('GET', `${base}/${cat.id}/bookmarks?user_id=${user}&sort_field=position&sort_order=asc`);
    expect(byPos.json().bookmarks.map((b: { id: string }) => b.id)).toEqual([b1.id, b2.id]);
    const plain = await inject('GET', `${base}/${cat.id}/bookmarks?user_id=${user}&include_content=false`);
    expect(plain.json().bookmarks.map((b: { id: string }) => b.id)).toEqual([b1.id, b2.id]);
    expect(Object.keys(plain.json().bookmarks[0])).not.toContain('content');
    const paged = await inject('GET', `${base}/${cat.id}/bookmarks?user_id=${user}&limit=1&skip=1`);
    expect(paged.json()).toMatchObject({ total: 2 });
    expect(paged.json().bookmarks).toHaveLength(1);
    expect((await inject('GET', `${base}/${missing}/bookmarks?user_id=${user}`)).statusCode).toBe(404);
    expect((await inject('GET', `${base}/${cat.id}/bookmarks`)).statusCode).toBe(422);
  });

  it('PUT /{id} updates (null keeps), colour round-trips, share token follows is_public, no self/descendant parent', async () => {
    const user = await insertUser(db());
    const a = await category(sys, user, { name: 'A', description: 'keep me' });
    const b = await category(sys, user, { name: 'B', parent_id: a.id });
    const c = await category(sys, user, { name: 'C' });

    const res = await inject('PUT', `${base}/${a.id}?user_id=${user}`, { color: '#abcdef', is_public: true, description: null });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json()).sort()).toEqual(CATEGORY_KEYS);
    expect(res.json()).toMatchObject({ name: 'A', description: 'keep me', color: '#abcdef', is_public: true });
    const token = res.json().share_token;
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
    expect((await inject('PUT', `${base}/${a.id}`, { name: 'A2' })).json()).toMatchObject({ name: 'A2', share_token: token, color: '#abcdef' });

    const shared = await inject('GET', `${base}/share/${token}`);
    expect(shared.statusCode).toBe(200);
    expect(shared.json().id).toBe(a.id);
    const priv = await inject('PUT', `${base}/${a.id}`, { is_public: false });
    expect(priv.json()).toMatchObject({ is_public: false, share_token: null });
    const gone = await inject('GET', `${base}/share/${token}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toEqual({ detail: `BookmarkCategory with id ${token} not found` });
    expect((await inject('GET', `${base}/share/not-a-token`)).statusCode).toBe(422);

    const self = await inject('PUT', `${base}/${a.id}`, { parent_id: a.id });
    expect(self.statusCode).toBe(422);
    expect(self.json()).toEqual({ detail: 'Category cannot be its own parent' });
    const cycle = await inject('PUT', `${base}/${a.id}`, { parent_id: b.id });
    expect(cycle.statusCode).toBe(422);
    const moved = await inject('PUT', `${base}/${c.id}`, { parent_id: a.id });
    expect(moved.json().parent_id).toBe(a.id);
    const clash = await inject('PUT', `${base}/${c.id}`, { name: 'B' });
    expect(clash.statusCode).toBe(422);
    expect(clash.json()).toEqual({ detail: "Category 'B' already exists at this level" });
    const stranger = await insertUser(db());
    const theirs = await category(sys, stranger, { name: 'T' });
    expect((await inject('PUT', `${base}/${c.id}`, { parent_id: theirs.id })).json()).toEqual({ detail: 'Parent category must belong to the same user' });
    const missing = randomUUID();
    expect((await inject('PUT', `${base}/${missing}`, { name: 'x' })).statusCode).toBe(404);
    expect((await inject('PUT', `${base}/${c.id}`, { color: '#12345' })).statusCode).toBe(422);
  });

  it('DELETE /{id}: moves bookmarks to Uncategorized or a target; §7.30 delete_all deletes its bookmarks; children become roots; Uncategorized is protected', async () => {
    const user = await insertUser(db());
    const stranger = await insertUser(db());
    const cat = await category(sys, user, { name: 'Doomed' });
    const target = await category(sys, user, { name: 'Target' });
    const child = await category(sys, user, { name: 'Target', parent_id: cat.id }); // clashes with a root once orphaned
    const b1 = await bookmark(sys, user, await insertContent(db(), user));
    const b2 = await bookmark(sys, user, await insertContent(db(), user));
    await fileIn(sys, b1.id, cat.id);
    await fileIn(sys, b2.id, cat.id);
    await fileIn(sys, b2.id, target.id);

    const foreign = await category(sys, stranger, { name: 'F' });
    const cross = await inject('DELETE', `${base}/${cat.id}?target_category_id=${foreign.id}`);
    expect(cross.statusCode).toBe(422);
    expect(cross.json()).toEqual({ detail: 'Target category must belong to the same user' });

    const res = await inject('DELETE', `${base}/${cat.id}?target_category_id=${target.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ success: true, message: `Category ${cat.id} deleted successfully` });
    const inTarget = (await inject('GET', `${base}/${target.id}/bookmarks?user_id=${user}`)).json();
    expect(inTarget.bookmarks.map((b: { id: string }) => b.id).sort()).toEqual([b1.id, b2.id].sort());
    const orphan = (await inject('GET', `${base}/${child.id}`)).json();
    expect(orphan.parent_id).toBeNull();
    expect(orphan.name).toBe('Target (2)');
    expect((await inject('GET', `${base}/${cat.id}`)).statusCode).toBe(404);

    // Default target: Uncategorized.
    const cat2 = await category(sys, user, { name: 'Second' });
    const b3 = await bookmark(sys, user, await insertContent(db(), user));
    await inject('PUT', `/api/v1/bookmarks/${b3.id}/categories/sync?user_id=${user}`, { category_ids: [cat2.id] });
    expect((await inject('DELETE', `${base}/${cat2.id}`)).statusCode).toBe(200);
    const memberships = (await inject('GET', `/api/v1/bookmarks/${b3.id}/categories`)).json();
    expect(memberships.total).toBe(1);
    expect((await inject('GET', `${base}/${memberships.items[0].category_id}`)).json().name).toBe('Uncategorized');

    // delete_all: the category's bookmarks are deleted; others survive.
    const cat3 = await category(sys, user, { name: 'Third' });
    const b4 = await bookmark(sys, user, await insertContent(db(), user));
    await fileIn(sys, b4.id, cat3.id);
    const all = await inject('DELETE', `${base}/${cat3.id}?delete_all=true`);
    expect(all.statusCode).toBe(200);
    expect((await inject('GET', `/api/v1/bookmarks/${b4.id}`)).statusCode).toBe(404);
    expect((await inject('GET', `/api/v1/bookmarks/${b1.id}`)).statusCode).toBe(200);

    const uncategorizedId = memberships.items[0].category_id;
    const protectedRes = await inject('DELETE', `${base}/${uncategorizedId}`);
    expect(protectedRes.statusCode).toBe(422);
    expect(protectedRes.json()).toEqual({ detail: "Cannot delete the 'Uncategorized' category" });
    expect((await inject('PUT', `${base}/${uncategorizedId}`, { name: 'Renamed' })).statusCode).toBe(422);
    const missing = randomUUID();
    expect((await inject('DELETE', `${base}/${missing}`)).json()).toEqual({ detail: `BookmarkCategory with id ${missing} not found` });
    expect((await inject('DELETE', `${base}/${target.id}?target_category_id=${missing}`)).statusCode).toBe(404);
  });
});
