import { describe, expect, it } from 'vitest';
import { Prng, ZipfSampler, stableUuid } from '../../../src/db/seed/prng.ts';

describe('Prng', () => {
  it('repeats its sequence for the same seed and stream, and differs otherwise', () => {
    const draw = (seed: number, stream = 0) => {
      const r = new Prng(seed, stream);
      return Array.from({ length: 8 }, () => r.nextUint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(42, 1)).not.toEqual(draw(42, 2));
  });

  it('draws uniform floats in [0, 1) and integers inside inclusive bounds', () => {
    const r = new Prng(7);
    let sum = 0;
    const seen = new Set<number>();
    for (let i = 0; i < 20_000; i++) {
      const x = r.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      sum += x;
      const k = r.int(3, 6);
      expect(k).toBeGreaterThanOrEqual(3);
      expect(k).toBeLessThanOrEqual(6);
      seen.add(k);
    }
    expect(sum / 20_000).toBeGreaterThan(0.48);
    expect(sum / 20_000).toBeLessThan(0.52);
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  }, 30_000);

  it('makes well-formed version-4 UUIDs and stable version-5-style ones', () => {
    const r = new Prng(1);
    const ids = new Set(Array.from({ length: 1000 }, () => r.uuid()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableUuid('ns', 'fox')).toBe(stableUuid('ns', 'fox'));
    expect(stableUuid('ns', 'fox')).not.toBe(stableUuid('ns', 'owl'));
    expect(stableUuid('ns', 'fox')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('samples without repetition', () => {
    const r = new Prng(3);
    const picked = r.sample([1, 2, 3, 4, 5, 6, 7, 8], 5);
    expect(new Set(picked).size).toBe(5);
    expect(r.sample([1, 2], 5).sort()).toEqual([1, 2]);
  });
});

describe('ZipfSampler', () => {
  it('gives rank frequencies close to 1/(r+1)^s', () => {
    const z = new ZipfSampler(20, 1);
    const r = new Prng(11);
    const counts = new Array(20).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) counts[z.draw(r)]++;
    for (const rank of [0, 1, 4, 19]) expect(counts[rank] / n).toBeCloseTo(z.probability(rank), 2);
    expect(counts[0]).toBeGreaterThan(counts[1] * 1.8);
    expect(counts[19]).toBeGreaterThan(0);
  }, 30_000);
});
