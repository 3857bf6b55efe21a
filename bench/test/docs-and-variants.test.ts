import { describe, expect, it } from 'vitest';
import { upsertSection } from '../gallery/docs.ts';
import { buildVariants, chooseSearchTerm, galleryParams, pickTags, selectVariants, type Fixtures } from '../gallery/variants.ts';

describe('upsertSection', () => {
  const doc = ['# Benchmarks', '', '## Queue', 'q figures', '', '## Gallery at 1.2 M items', 'old', '### detail', 'old detail', '', '## Later', 'later text', ''].join('\n');

  it('replaces only its own section, sub-headings included', () => {
    const out = upsertSection(doc, '## Gallery at 1.2 M items', 'new body');
    expect(out).toBe(['# Benchmarks', '', '## Queue', 'q figures', '', '## Gallery at 1.2 M items', '', 'new body', '', '## Later', 'later text', ''].join('\n'));
  });

  it('appends the section when it is missing, and starts a document when there is none', () => {
    expect(upsertSection('# Benchmarks\n\n## Queue\nq\n', '## Gallery at 20 k items', 'b')).toBe('# Benchmarks\n\n## Queue\nq\n\n## Gallery at 20 k items\n\nb\n');
    expect(upsertSection('', '## Gallery at 20 k items', 'b')).toBe('# Benchmarks\n\n## Gallery at 20 k items\n\nb\n');
  });

  it('ignores heading-like lines inside code fences', () => {
    const withFence = ['## Gallery at 1 k items', '```', '## not a heading', '```', '## Next', 'n'].join('\n');
    expect(upsertSection(withFence, '## Gallery at 1 k items', 'x')).toBe(['## Gallery at 1 k items', '', 'x', '', '## Next', 'n'].join('\n'));
  });

  it('refuses a heading that is not Markdown', () => {
    expect(() => upsertSection('', 'Gallery', 'x')).toThrow(/heading/);
  });
});

const fixtures: Fixtures = {
  userId: '121e194b-4caa-4b81-ad4f-86ca3919d5b9',
  pageSize: 25,
  commonTags: [
    { id: 'c1', name: 'one', cardinality: 900 },
    { id: 'c2', name: 'two', cardinality: 800 },
    { id: 'c3', name: 'three', cardinality: 700 },
  ],
  rareTag: { id: 'r', name: 'rare', cardinality: 3 },
  searchTerm: 'neon city',
  deepCursor: 'eyJpZCI6IDF9',
  deepDepth: 600_000,
};

describe('variants', () => {
  it('sends the web app’s gallery request: four source types, the user, one page newest first', () => {
    const q = galleryParams(fixtures);
    expect(q.getAll('content_source_types')).toEqual(['user-regular', 'user-auto', 'community-regular', 'community-auto']);
    expect(Object.fromEntries([...q].filter(([k]) => k !== 'content_source_types'))).toEqual({
      user_id: fixtures.userId,
      page: '1',
      page_size: '25',
      sort_field: 'created_at',
      sort_order: 'desc',
    });
  });

  it('builds every variant of issue 3 with the discovered values', () => {
    const vs = buildVariants(fixtures);
    expect(vs.map((v) => v.id)).toEqual([
      'first-page',
      'deep-keyset',
      'tags-any-1',
      'tags-all-1',
      'tags-any-2',
      'tags-all-2',
      'tags-any-3',
      'tags-all-3',
      'rare-and-common',
      'search',
      'quality-sort',
      'popular-tags',
      'hierarchy',
      'health',
    ]);
    const params = (id: string) => new URL(`http://h${vs.find((v) => v.id === id)?.path}`).searchParams;
    expect(params('deep-keyset').get('cursor')).toBe(fixtures.deepCursor);
    expect(params('tags-all-3').getAll('tag')).toEqual(['c1', 'c2', 'c3']);
    expect(params('tags-all-3').get('tag_match')).toBe('all');
    expect(params('tags-any-2').getAll('tag')).toEqual(['c1', 'c2']);
    expect(params('rare-and-common').getAll('tag')).toEqual(['r', 'c1']);
    expect(params('search').get('search_term')).toBe('neon city');
    expect(params('quality-sort').getAll('sort_field')).toEqual(['quality_score']);
    expect(vs.filter((v) => v.group === 'tags').map((v) => v.path)).toEqual(['/api/v1/tags/popular?limit=20', '/api/v1/tags/hierarchy']);
  });

  it('selects variants by id and names unknown ones', () => {
    const vs = buildVariants(fixtures);
    expect(selectVariants(vs, ['search', 'first-page']).map((v) => v.id)).toEqual(['first-page', 'search']);
    expect(selectVariants(vs, [])).toHaveLength(vs.length);
    expect(() => selectVariants(vs, ['nope'])).toThrow(/nope/);
  });

  it('picks the three most popular tags and the rarest tag that has items', () => {
    const { commonTags, rareTag } = pickTags([
      { id: 'a', name: 'a', cardinality: 5 },
      { id: 'z', name: 'z', cardinality: 0 },
      { id: 'b', name: 'b', cardinality: 50 },
      { id: 'c', name: 'c', cardinality: 40 },
      { id: 'd', name: 'd', cardinality: 60 },
    ]);
    expect(commonTags.map((t) => t.id)).toEqual(['d', 'b', 'c']);
    expect(rareTag.id).toBe('a');
    expect(() => pickTags([{ id: 'a', name: 'a', cardinality: 1 }])).toThrow(/at least 4/);
  });

  it('chooses a frequent title word that still narrows the set', () => {
    const titles = ['Neon city at night', 'Neon city rain', 'Neon forest', 'Quiet city street', 'Forest with fog', 'Harbour study'];
    // "neon" and "city" are in 3 of 6 titles (the limit is half); "city" sorts first.
    expect(chooseSearchTerm(titles)).toBe('city');
    // A word in every title does not narrow anything.
    expect(chooseSearchTerm(['portrait of a', 'portrait of b', 'portrait in c', 'portrait at d'])).toBeNull();
    expect(chooseSearchTerm([])).toBeNull();
  });
});
