import { describe, expect, it } from 'vitest';
import { ancestorsOf, loadOntology, parseOntology, tagIdFor, tagsForPrompt } from '../../../src/db/seed/ontology.ts';
import { ItemGenerator } from '../../../src/db/seed/generator.ts';
import { Prng } from '../../../src/db/seed/prng.ts';

describe('curated ontology', () => {
  const o = loadOntology();

  it('has the promised shape: ≥120 tags, ≥4 roots, depth ≥3, tags with two parents', () => {
    expect(o.tags.length).toBeGreaterThanOrEqual(120);
    expect(o.roots.map((r) => r.name)).toEqual(expect.arrayContaining(['subject', 'style', 'mood', 'technique', 'palette']));
    expect(Math.max(...o.tags.map((t) => t.depth))).toBeGreaterThanOrEqual(3);
    expect(o.tags.filter((t) => t.parents.length > 1).length).toBeGreaterThanOrEqual(5);
    expect(new Set(o.tags.map((t) => t.name)).size).toBe(o.tags.length);
    for (const t of o.tags) expect(t.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('keys tags by stable ids and lists every edge', () => {
    expect(o.byName.get('fox')?.id).toBe(tagIdFor('fox'));
    expect(o.edges).toContainEqual({ child: 'kitsune', parent: 'fox' });
    expect(o.edges).toContainEqual({ child: 'kitsune', parent: 'mythical-creatures' });
    expect(ancestorsOf('kitsune')).toEqual(expect.arrayContaining(['fox', 'animals', 'creatures', 'subject', 'mythical-creatures']));
  });

  it('rejects cycles, unknown parents and duplicates', () => {
    expect(() => parseOntology('a\n  b | b\n    c | c ^d\n  d | d ^c')).toThrow(/cycle/);
    expect(() => parseOntology('a\n  b | b ^zzz')).toThrow(/unknown parent/);
    expect(() => parseOntology('a\n  b | b\n  b | b')).toThrow(/duplicate/);
  });

  it('finds tags in prompts by whole words, longest match first, forgiving plurals', () => {
    expect(tagsForPrompt('Two red foxes under cherry blossoms, golden hour light, watercolour')).toEqual(
      expect.arrayContaining(['fox', 'cherry-blossom', 'golden-hour', 'watercolor']),
    );
    const found = tagsForPrompt('golden hour light over a city');
    expect(found).toContain('golden-hour');
    expect(found).not.toContain('golden');
    expect(tagsForPrompt('foxglove and catalogue')).toEqual([]);
  });
});

describe('ItemGenerator', () => {
  it('is deterministic and yields 5-12 tags per item on average with a Zipf-like head', () => {
    const o = loadOntology();
    const run = () => {
      const g = new ItemGenerator(o, 42);
      const r = new Prng(42, 3);
      return Array.from({ length: 5000 }, () => g.next(r));
    };
    const a = run();
    expect(run().map((s) => s.prompt)).toEqual(a.map((s) => s.prompt));
    const mean = a.reduce((n, s) => n + s.tagIndexes.length, 0) / a.length;
    expect(mean).toBeGreaterThan(8.5);
    expect(mean).toBeLessThan(12);
    const counts = new Map<number, number>();
    for (const s of a) for (const t of s.tagIndexes) counts.set(t, (counts.get(t) ?? 0) + 1);
    const sorted = [...counts.values()].sort((x, y) => y - x);
    expect((sorted[0] as number) / a.length).toBeGreaterThan(0.2);
    expect((sorted[sorted.length - 1] as number) / a.length).toBeLessThan(0.02);
    for (const s of a.slice(0, 50)) {
      expect(s.title.length).toBeGreaterThan(0);
      expect(s.title.length).toBeLessThanOrEqual(255);
      expect(s.quality).toBeGreaterThanOrEqual(0);
      expect(s.quality).toBeLessThanOrEqual(1);
      expect(new Set(s.tagIndexes).size).toBe(s.tagIndexes.length);
      // The prompt mentions the item's subject, so the pipeline's matcher can recover it.
      const subject = s.tagIndexes.map((i) => o.tags[i]).find((t) => t?.root === 'subject');
      expect(tagsForPrompt(s.prompt)).toContain(subject?.name);
    }
  }, 30_000);
});
