import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableEngines } from '../support/test-databases.ts';
import { createTestSystem, type TestSystem } from '../support/test-app.ts';
import { insertCheckpoint, insertLora } from '../support/fixtures-models.ts';

const CHECKPOINT_KEYS = ['architecture', 'created_at', 'description', 'family', 'filename', 'id', 'model_metadata', 'name', 'path', 'rating', 'tags', 'updated_at', 'version'];
const LORA_KEYS = [
  'compatible_architectures', 'created_at', 'description', 'family', 'filename', 'id', 'is_compatible', 'is_optimal', 'model_metadata',
  'name', 'optimal_checkpoints', 'path', 'rating', 'tags', 'trigger_words', 'updated_at', 'version',
];

describe.each(availableEngines())('checkpoint and LoRA models API on %s', (engine) => {
  let sys: TestSystem;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    sys = await createTestSystem(engine);
    const db = sys.runtime.db;
    ids.xl = await insertCheckpoint(db, { name: 'lumen_xl', architecture: 'sdxl', family: 'lumen', rating: 0.9 });
    ids.sd15 = await insertCheckpoint(db, { name: 'verite_v6', architecture: 'sd15', family: 'verite', rating: 0.7 });
    ids.missing = await insertCheckpoint(db, { name: 'gone', architecture: 'sdxl', rating: 0.95, metadata: { path_resolves: 'false' } });
    ids.bare = await insertCheckpoint(db, { name: 'bare', architecture: null, family: null, rating: null });
    ids.glow = await insertLora(db, { name: 'glow', compatible: 'SDXL', optimal: ['LUMEN_XL'], rating: 0.8 });
    ids.both = await insertLora(db, { name: 'both', compatible: 'sd15,sdxl', optimal: ['verite_v6'], rating: 0.9 });
    ids.old = await insertLora(db, { name: 'old', compatible: 'sd15', rating: 0.5 });
    ids.unknown = await insertLora(db, { name: 'unknown', compatible: null, rating: 0.4 });
    ids.hidden = await insertLora(db, { name: 'hidden', compatible: 'sdxl', rating: 1, metadata: { path_resolves: false } });
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('lists checkpoints best rated first, hiding ones with missing files unless asked', async () => {
    const res = await sys.app.inject({ url: '/api/v1/checkpoint-models/' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['items', 'total']);
    expect(body.items.map((c: { name: string }) => c.name)).toEqual(['lumen_xl', 'verite_v6', 'bare']);
    expect(body.total).toBe(3);
    expect(Object.keys(body.items[0]).sort()).toEqual(CHECKPOINT_KEYS);
    expect(body.items[0]).toMatchObject({ architecture: 'sdxl', family: 'lumen', rating: 0.9, tags: ['t'], model_metadata: {} });
    expect(body.items[0].created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
    const all = (await sys.app.inject({ url: '/api/v1/checkpoint-models?show_unresolved=true' })).json();
    expect(all.items.map((c: { name: string }) => c.name)).toEqual(['gone', 'lumen_xl', 'verite_v6', 'bare']);
  });

  it('gets one checkpoint; unknown → 404, non-uuid → 422', async () => {
    const res = await sys.app.inject({ url: `/api/v1/checkpoint-models/${ids.xl}` });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json()).sort()).toEqual(CHECKPOINT_KEYS);
    const missing = randomUUID();
    const nf = await sys.app.inject({ url: `/api/v1/checkpoint-models/${missing}` });
    expect(nf.statusCode).toBe(404);
    expect(nf.json()).toEqual({ detail: `CheckpointModel with id ${missing} not found` });
    expect((await sys.app.inject({ url: '/api/v1/checkpoint-models/abc' })).statusCode).toBe(422);
  });

  it('lists LoRAs paginated with null fit flags when no checkpoint is given', async () => {
    const res = await sys.app.inject({ url: '/api/v1/lora-models/?page=1&page_size=2' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['items', 'pagination', 'total']);
    expect(body.pagination).toEqual({ page: 1, page_size: 2, total: 4, total_pages: 2 });
    expect(body.total).toBe(4);
    expect(body.items.map((l: { name: string }) => l.name)).toEqual(['both', 'glow']);
    expect(Object.keys(body.items[0]).sort()).toEqual(LORA_KEYS);
    expect(body.items[0]).toMatchObject({ is_compatible: null, is_optimal: null, trigger_words: ['both-trigger'], optimal_checkpoints: ['verite_v6'] });
    const p2 = (await sys.app.inject({ url: '/api/v1/lora-models?page=2&page_size=2' })).json();
    expect(p2.items.map((l: { name: string }) => l.name)).toEqual(['old', 'unknown']);
    const withHidden = (await sys.app.inject({ url: '/api/v1/lora-models/?show_unresolved=true&page_size=100' })).json();
    expect(withHidden.total).toBe(5);
    expect(withHidden.items[0].name).toBe('hidden');
  });

  it('marks LoRAs compatible/optimal for a checkpoint (case-insensitive, comma lists)', async () => {
    const fit = async (checkpoint: string) => {
      const body = (await sys.app.inject({ url: `/api/v1/lora-models/?checkpoint_id=${checkpoint}&page_size=100` })).json();
      return Object.fromEntries(body.items.map((l: { name: string; is_compatible: boolean | null; is_optimal: boolean | null }) => [l.name, [l.is_compatible, l.is_optimal]]));
    };
    expect(await fit(ids.xl)).toEqual({ both: [true, false], glow: [true, true], old: [false, false], unknown: [null, false] });
    expect(await fit(ids.sd15)).toEqual({ both: [true, true], glow: [false, false], old: [true, false], unknown: [null, false] });
    // A checkpoint without architecture/family: compatibility unknown; unknown checkpoint: both unknown.
    expect((await fit(ids.bare)).glow).toEqual([null, false]);
    expect((await fit(randomUUID())).glow).toEqual([null, null]);
  });

  it('§7.16: a non-uuid checkpoint_id is a 422, not a 500', async () => {
    const res = await sys.app.inject({ url: '/api/v1/lora-models/?checkpoint_id=not-a-uuid' });
    expect(res.statusCode).toBe(422);
    expect(res.json().detail[0]).toMatchObject({ type: 'uuid_parsing', loc: ['query', 'checkpoint_id'] });
    expect((await sys.app.inject({ url: '/api/v1/lora-models/?page_size=101' })).statusCode).toBe(422);
    expect((await sys.app.inject({ url: '/api/v1/lora-models/?page=0' })).statusCode).toBe(422);
  });

  it('non-finite page numbers are 422, never 500', async () => {
    for (const q of ['page=1e309', 'page_size=1e309', 'page=-1e309']) {
      expect((await sys.app.inject({ url: `/api/v1/lora-models/?${q}` })).statusCode, q).toBe(422);
    }
  });

  it('gets one LoRA; unknown → 404', async () => {
    const res = await sys.app.inject({ url: `/api/v1/lora-models/${ids.glow}` });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json()).sort()).toEqual(LORA_KEYS);
    expect(res.json()).toMatchObject({ name: 'glow', compatible_architectures: 'SDXL', is_compatible: null, is_optimal: null });
    const missing = randomUUID();
    const nf = await sys.app.inject({ url: `/api/v1/lora-models/${missing}` });
    expect(nf.statusCode).toBe(404);
    expect(nf.json()).toEqual({ detail: `LoraModel with id ${missing} not found` });
  });
});
