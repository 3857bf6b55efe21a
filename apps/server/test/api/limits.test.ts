import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableEngines } from '../support/test-databases.ts';
import { createTestSystem, type TestSystem } from '../support/test-app.ts';
import { MAX_CATEGORY_DEPTH } from '../../src/modules/bookmarks/bookmarks.service.ts';

/**
 * Issue 7 item 4: every list is bounded. Walks the OpenAPI document (so new routes are covered):
 * each page-size, offset or depth parameter — in the query or in a JSON body — declares a maximum,
 * and each array parameter a maxItems; then checks the bounds are enforced (422 beyond them).
 */

type Schema = {
  type?: string;
  maximum?: number;
  maxItems?: number;
  properties?: Record<string, Schema>;
  anyOf?: Schema[];
  $ref?: string;
};
type Parameter = { name: string; in: string; schema?: Schema };
type Operation = { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } };
type Doc = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };

/** Sizes of a page, offsets into a list and depths of a hierarchy walk. */
const BOUNDED = /^(page_size|limit|skip|page|n|max_depth|max_jobs|max_items_per_type|days)$/;

function resolve(doc: Doc, s: Schema | undefined): Schema | undefined {
  if (s?.$ref) return resolve(doc, doc.components?.schemas?.[s.$ref.split('/').pop() ?? '']);
  if (s?.anyOf) return resolve(doc, s.anyOf.find((v) => v.type !== 'null') ?? s.anyOf[0]);
  return s;
}

describe.each(availableEngines())('limits (%s)', (engine) => {
  let sys: TestSystem;
  let doc: Doc;
  beforeAll(async () => {
    sys = await createTestSystem(engine);
    doc = sys.app.swagger() as unknown as Doc;
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('every page-size, offset and depth parameter has a maximum; every array parameter a maxItems', () => {
    const unbounded: string[] = [];
    let checked = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${path}`;
        for (const p of op.parameters ?? []) {
          const s = resolve(doc, p.schema);
          if (BOUNDED.test(p.name)) {
            checked++;
            if (s?.maximum === undefined) unbounded.push(`${where} ${p.in} ${p.name}`);
          }
          if (s?.type === 'array' && s.maxItems === undefined) unbounded.push(`${where} ${p.in} ${p.name} (array)`);
        }
        const body = resolve(doc, op.requestBody?.content?.['application/json']?.schema);
        for (const [name, raw] of Object.entries(body?.properties ?? {})) {
          const s = resolve(doc, raw);
          if (BOUNDED.test(name)) {
            checked++;
            if (s?.maximum === undefined) unbounded.push(`${where} body ${name}`);
          }
          if (s?.type === 'array' && s.maxItems === undefined) unbounded.push(`${where} body ${name} (array)`);
        }
      }
    }
    expect(unbounded).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  it('answers 422 beyond the bounds (page sizes, offsets, hierarchy depth)', async () => {
    const tag = (await sys.app.inject({ method: 'POST', url: '/api/v1/tags/', payload: { name: 'limits probe' } })).json();
    for (const url of [
      '/api/v1/content/?limit=1001',
      '/api/v1/content/unified?page_size=1001',
      '/api/v1/tags/?page_size=101',
      '/api/v1/notifications/?user_id=00000000-0000-4000-8000-000000000001&limit=1001',
      '/api/v1/generation-jobs?skip=2147483648',
      `/api/v1/tags/${tag.id}/ancestors?max_depth=51`,
      `/api/v1/tags/${tag.id}/descendants?max_depth=51`,
    ]) {
      const res = await sys.app.inject({ url });
      expect(res.statusCode, url).toBe(422);
    }
    expect((await sys.app.inject({ url: `/api/v1/tags/${tag.id}/ancestors?max_depth=50` })).statusCode).toBe(200);
  });

  it('bookmark categories nest at most MAX_CATEGORY_DEPTH levels (create and move)', async () => {
    const user = (await sys.app.inject({ method: 'POST', url: '/api/v1/users/', payload: { username: 'deep_nester', email: 'deep@example.test' } })).json().id;
    const create = (name: string, parent: string | null) =>
      sys.app.inject({ method: 'POST', url: `/api/v1/bookmark-categories/?user_id=${user}`, payload: { name, parent_id: parent } });
    let parent: string | null = null;
    const chain: string[] = [];
    for (let level = 1; level <= MAX_CATEGORY_DEPTH; level++) {
      const res = await create(`level ${level}`, parent);
      expect(res.statusCode, res.body).toBe(201);
      parent = res.json().id as string;
      chain.push(parent);
    }
    const tooDeep = await create('one too many', parent);
    expect(tooDeep.statusCode).toBe(422);
    expect(tooDeep.json().detail).toMatch(/at most 32 levels/);
    // Moving a two-level subtree under level 31 would make 33 levels.
    const top = (await create('subtree', null)).json().id as string;
    expect((await create('subtree child', top)).statusCode).toBe(201);
    const move = await sys.app.inject({ method: 'PUT', url: `/api/v1/bookmark-categories/${top}?user_id=${user}`, payload: { parent_id: chain[MAX_CATEGORY_DEPTH - 2] } });
    expect(move.statusCode).toBe(422);
    const fits = await sys.app.inject({ method: 'PUT', url: `/api/v1/bookmark-categories/${top}?user_id=${user}`, payload: { parent_id: chain[MAX_CATEGORY_DEPTH - 3] } });
    expect(fits.statusCode, fits.body).toBe(200);
  });
});
