import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { availableEngines } from '../support/test-databases.ts';
import { createTestSystem, type TestSystem } from '../support/test-app.ts';
import { insertUser } from '../support/fixtures-activity.ts';

const FLAG_KEYS = [
  'content_item_auto_id', 'content_item_id', 'content_source', 'creator_id', 'flagged_at', 'flagged_text', 'flagged_words', 'id', 'notes',
  'problem_percentage', 'reviewed', 'reviewed_at', 'reviewed_by', 'risk_score', 'total_problem_words', 'total_words',
];
const PAGINATION_KEYS = ['has_next', 'has_previous', 'next_cursor', 'page', 'page_size', 'prev_cursor', 'total_count', 'total_pages'];
const NAIVE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/;

describe.each(availableEngines())('admin flagged content API on %s', (engine) => {
  let sys: TestSystem;
  const base = '/api/v1/admin/flagged-content';
  beforeAll(async () => {
    sys = await createTestSystem(engine);
  });
  afterAll(async () => {
    await sys?.close();
  });
  const db = () => sys.runtime.db;
  const inject = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    sys.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });

  async function content(creator: string, prompt: string, source: 'items' | 'auto' = 'items'): Promise<number> {
    const res = await db().query<{ id: number }>(
      `INSERT INTO content_items_all (title, content_data, creator_id, prompt, source_type) VALUES ('t', '/x.png', $1, $2, $3) RETURNING id`,
      [creator, prompt, source],
    );
    return res.rows[0].id;
  }
  /** Flags through the service method the generation pipeline calls. */
  async function flagged(creator: string, prompt: string, source: 'items' | 'auto' = 'items') {
    const id = await content(creator, prompt, source);
    const flag = await sys.services.moderation.flagContentIfNeeded(id, source, prompt, creator);
    if (!flag) throw new Error('expected a flag');
    return { contentId: id, flag };
  }

  it('flagContentIfNeeded flags listed words (metrics + risk), ignores clean text, keeps one row per item', async () => {
    const user = await insertUser(db());
    const clean = await content(user, 'a quiet lake at dawn');
    expect(await sys.services.moderation.flagContentIfNeeded(clean, 'items', 'a quiet lake at dawn', user)).toBeNull();

    const { contentId, flag } = await flagged(user, 'violence hatred weapon combat destruction', 'auto');
    expect(Object.keys(flag).sort()).toEqual(FLAG_KEYS);
    expect(flag).toMatchObject({
      content_item_id: null, content_item_auto_id: contentId, content_source: 'auto', total_words: 5, total_problem_words: 5,
      problem_percentage: 100, risk_score: 85, flagged_words: ['combat', 'destruction', 'hatred', 'violence', 'weapon'], reviewed: false,
    });
    // Re-flagging the same item updates its row.
    const again = await sys.services.moderation.flagContentIfNeeded(contentId, 'auto', 'one weapon here', user);
    expect(again?.id).toBe(flag.id);
    expect(again?.flagged_words).toEqual(['weapon']);
    const rows = await db().query('SELECT 1 FROM flagged_content WHERE content_id = $1', [contentId]);
    expect(rows.rowCount).toBe(1);
  });

  it('POST /scan flags existing content, skips already-flagged unless forced, validates content_types', async () => {
    const user = await insertUser(db());
    await content(user, 'a bloody knife in the dark');
    await content(user, 'flowers in spring', 'auto');
    await content(user, 'gun smoke', 'auto');
    const before = (await inject('GET', `${base}/statistics/summary`)).json().total_flagged;
    const res = await inject('POST', `${base}/scan`, {});
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json()).sort()).toEqual(['items_flagged', 'items_scanned', 'processing_time_ms']);
    expect(res.json().items_scanned).toBeGreaterThanOrEqual(3);
    expect(res.json().items_flagged).toBeGreaterThanOrEqual(2);
    expect(typeof res.json().processing_time_ms).toBe('number');
    const after = (await inject('GET', `${base}/statistics/summary`)).json().total_flagged;
    expect(after - before).toBe(res.json().items_flagged);

    const second = await inject('POST', `${base}/scan`, { content_types: ['regular', 'auto'] });
    expect(second.json().items_flagged).toBe(0);
    const forced = await inject('POST', `${base}/scan`, { content_types: ['auto'], force_rescan: true });
    expect(forced.json().items_flagged).toBeGreaterThanOrEqual(1);
    const bad = await inject('POST', `${base}/scan`, { content_types: ['videos'] });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toEqual({ detail: "content_types may only contain 'regular' or 'auto'" });
  });

  it('GET / pages, filters and sorts; invalid sort/source values are 422 with the contract messages', async () => {
    const creator = await insertUser(db());
    const low = await flagged(creator, 'one knife among many many many many other words here today');
    const high = await flagged(creator, 'murder torture gore blood weapon', 'auto');
    const mid = await flagged(creator, 'gun gun gun and a sunset');

    const res = await inject('GET', `${base}/?creator_id=${creator}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['items', 'pagination']);
    expect(Object.keys(body.pagination).sort()).toEqual(PAGINATION_KEYS);
    expect(body.pagination).toMatchObject({ page: 1, page_size: 10, total_count: 3, total_pages: 1, has_next: false, has_previous: false });
    expect(Object.keys(body.items[0]).sort()).toEqual(FLAG_KEYS);
    expect(body.items[0].flagged_at).toMatch(NAIVE);
    expect(body.items.map((f: { id: number }) => f.id)).toEqual([mid.flag.id, high.flag.id, low.flag.id]); // flagged_at desc

    const ids = async (qs: string) => (await inject('GET', `${base}/?creator_id=${creator}&${qs}`)).json().items.map((f: { id: number }) => f.id);
    expect(await ids('sort_by=risk_score&sort_order=desc')).toEqual([high.flag.id, mid.flag.id, low.flag.id]);
    expect(await ids('sort_by=problem_count&sort_order=asc')).toEqual([low.flag.id, mid.flag.id, high.flag.id]);
    expect(await ids('content_source=auto')).toEqual([high.flag.id]);
    expect(await ids('content_source=regular&sort_by=risk_score')).toEqual([mid.flag.id, low.flag.id]);
    expect(await ids(`min_risk_score=${high.flag.risk_score}`)).toEqual([high.flag.id]);
    expect(await ids(`max_risk_score=${low.flag.risk_score}`)).toEqual([low.flag.id]);
    expect(await ids('reviewed=true')).toEqual([]);
    const page2 = (await inject('GET', `${base}/?creator_id=${creator}&page=2&page_size=2`)).json();
    expect(page2.pagination).toMatchObject({ page: 2, page_size: 2, total_count: 3, total_pages: 2, has_next: false, has_previous: true });
    expect(page2.items).toHaveLength(1);

    const sortBy = await inject('GET', `${base}/?sort_by=title`);
    expect(sortBy.statusCode).toBe(422);
    expect(sortBy.json().detail).toMatch(/^sort_by must be one of: /);
    expect((await inject('GET', `${base}/?sort_order=up`)).json()).toEqual({ detail: "sort_order must be 'asc' or 'desc'" });
    expect((await inject('GET', `${base}/?content_source=items`)).json()).toEqual({ detail: "content_source must be 'regular' or 'auto'" });
    expect((await inject('GET', `${base}/?min_risk_score=101`)).statusCode).toBe(422);
    expect((await inject('GET', `${base}/?page_size=101`)).statusCode).toBe(422);
  });

  it('§7.10: GET /{id} returns ISO timestamps and a missing id is 404 (not 500)', async () => {
    const user = await insertUser(db());
    const { flag } = await flagged(user, 'a sword');
    const res = await inject('GET', `${base}/${flag.id}`);
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json()).sort()).toEqual(FLAG_KEYS);
    expect(res.json().flagged_at).toMatch(NAIVE);
    expect(res.json().reviewed_at).toBeNull();
    const missing = await inject('GET', `${base}/987654`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ detail: 'FlaggedContent with id 987654 not found' });
    expect((await inject('GET', `${base}/abc`)).statusCode).toBe(422);
  });

  it('PUT /{id}/review and POST /bulk-review record reviews; unknown flag or reviewer is 404', async () => {
    const user = await insertUser(db());
    const admin = await insertUser(db());
    const { flag } = await flagged(user, 'heroin');
    const res = await inject('PUT', `${base}/${flag.id}/review`, { reviewed: true, reviewed_by: admin, notes: 'harmless' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json()).sort()).toEqual(FLAG_KEYS);
    expect(res.json()).toMatchObject({ reviewed: true, reviewed_by: admin, notes: 'harmless' });
    expect(res.json().reviewed_at).toMatch(NAIVE);
    const keep = await inject('PUT', `${base}/${flag.id}/review`, { reviewed: false, reviewed_by: admin, notes: null });
    expect(keep.json()).toMatchObject({ reviewed: false, notes: 'harmless' });

    expect((await inject('PUT', `${base}/999999/review`, { reviewed: true, reviewed_by: admin })).json()).toEqual({ detail: 'FlaggedContent with id 999999 not found' });
    const ghost = randomUUID();
    const noReviewer = await inject('PUT', `${base}/${flag.id}/review`, { reviewed: true, reviewed_by: ghost });
    expect(noReviewer.statusCode).toBe(404);
    expect(noReviewer.json()).toEqual({ detail: `User with id ${ghost} not found` });
    expect((await inject('PUT', `${base}/${flag.id}/review`, { reviewed: true })).statusCode).toBe(422);

    const other = await flagged(user, 'cocaine');
    const bulk = await inject('POST', `${base}/bulk-review`, { ids: [flag.id, other.flag.id, 999998], reviewed: true, reviewed_by: admin });
    expect(bulk.statusCode).toBe(200);
    expect(bulk.json()).toEqual({ reviewed_count: 2, errors: [{ id: 999998, error: 'FlaggedContent with id 999998 not found' }] });
    expect((await inject('GET', `${base}/${other.flag.id}`)).json().reviewed).toBe(true);
  });

  it('DELETE /{id} removes only the flag unless delete_content=true; bulk-delete reports per-id errors', async () => {
    const user = await insertUser(db());
    const a = await flagged(user, 'a gun');
    const b = await flagged(user, 'a knife');
    const c = await flagged(user, 'a bomb', 'auto');
    const exists = async (id: number) => (await db().query('SELECT 1 FROM content_items_all WHERE id = $1', [id])).rowCount === 1;

    const res = await inject('DELETE', `${base}/${a.flag.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ success: true, message: `Flagged content ${a.flag.id} deleted successfully` });
    expect(await exists(a.contentId)).toBe(true);
    expect((await inject('GET', `${base}/${a.flag.id}`)).statusCode).toBe(404);
    expect((await inject('DELETE', `${base}/${a.flag.id}`)).json()).toEqual({ detail: `FlaggedContent with id ${a.flag.id} not found` });

    const withContent = await inject('DELETE', `${base}/${b.flag.id}?delete_content=true`);
    expect(withContent.statusCode).toBe(200);
    expect(await exists(b.contentId)).toBe(false);

    const bulk = await inject('POST', `${base}/bulk-delete`, { ids: [c.flag.id, 424242] });
    expect(bulk.statusCode).toBe(200);
    expect(bulk.json()).toEqual({ deleted_count: 1, errors: [{ id: 424242, error: 'FlaggedContent with id 424242 not found' }] });
    expect(await exists(c.contentId)).toBe(true);
    expect((await inject('POST', `${base}/bulk-delete`, {})).statusCode).toBe(422);
    expect((await inject('POST', `${base}/bulk-delete`, { ids: [] })).json()).toEqual({ deleted_count: 0, errors: [] });
  });

  it('GET /statistics/summary counts flags, unreviewed, high risk (≥ 75) and sources', async () => {
    const res = await inject('GET', `${base}/statistics/summary`);
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(Object.keys(s).sort()).toEqual(['average_risk_score', 'by_source', 'high_risk_count', 'total_flagged', 'unreviewed_count']);
    const truth = await db().query<{ total: number; unreviewed: number; high: number; avg: number; regular: number; auto: number }>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE NOT reviewed)::int AS unreviewed, count(*) FILTER (WHERE risk_score >= 75)::int AS high,
              round(avg(risk_score)::numeric, 2)::float8 AS avg, count(*) FILTER (WHERE content_source = 'items')::int AS regular,
              count(*) FILTER (WHERE content_source = 'auto')::int AS auto FROM flagged_content`,
    );
    const t = truth.rows[0];
    expect(t.total).toBeGreaterThan(0);
    expect(t.high).toBeGreaterThan(0);
    expect(s).toEqual({
      total_flagged: t.total,
      unreviewed_count: t.unreviewed,
      average_risk_score: t.avg,
      high_risk_count: t.high,
      by_source: { regular: t.regular, auto: t.auto },
    });
  });
});
