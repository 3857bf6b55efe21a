import { describe, expect, it } from 'vitest';
import { MAX_TOKENS, isUuid, parseTagSearch, resolveTagSort, tagSlug } from '../../../src/modules/tags/tags.search.ts';

describe('tag search syntax (§5.2)', () => {
  it('splits on whitespace and commas, dropping empties and duplicates', () => {
    expect(parseTagSearch('cat dog')).toEqual(['cat', 'dog']);
    expect(parseTagSearch(' cat,,dog ,  fox,cat ')).toEqual(['cat', 'dog', 'fox']);
  });
  it('treats a fully quoted query as one substring', () => {
    expect(parseTagSearch('"black cat"')).toEqual(['black cat']);
    expect(parseTagSearch('  "a, b"  ')).toEqual(['a, b']);
    expect(parseTagSearch('"black cat" dog')).toEqual(['"black', 'cat"', 'dog']);
  });
  it('returns null when there is nothing to filter by', () => {
    expect(parseTagSearch(undefined)).toBeNull();
    expect(parseTagSearch('')).toBeNull();
    expect(parseTagSearch(' , ')).toBeNull();
    expect(parseTagSearch('""')).toBeNull();
  });
  it('caps the number of tokens', () => {
    const many = Array.from({ length: 100 }, (_, i) => `t${i}`).join(' ');
    expect(parseTagSearch(many)).toHaveLength(MAX_TOKENS);
  });
});

describe('tag sort whitelist', () => {
  it('maps known values in any case and the legacy names', () => {
    expect(resolveTagSort('NAME-DESC').orderBy).toMatch(/^t\.name DESC/);
    expect(resolveTagSort('created_at').orderBy).toMatch(/^t\.created_at DESC/);
    expect(resolveTagSort('updated_at').orderBy).toMatch(/^t\.updated_at DESC/);
    expect(resolveTagSort('rating-asc')).toMatchObject({ byRating: true });
  });
  it('falls back to name-asc for anything else, never echoing input', () => {
    for (const bad of [undefined, '', 'id; DROP TABLE tags', 'rating']) {
      expect(resolveTagSort(bad)).toEqual(resolveTagSort('name-asc'));
    }
  });
});

describe('tag slugs and ids', () => {
  it('lower-cases and joins words with hyphens', () => {
    expect(tagSlug('Science Fiction')).toBe('science-fiction');
    expect(tagSlug('science_fiction')).toBe('science-fiction');
    expect(tagSlug("  Bird's-Eye  ")).toBe('bird-s-eye');
    expect(tagSlug('3D-Render')).toBe('3d-render');
  });
  it('recognises UUIDs in any case', () => {
    expect(isUuid('3FA85F64-5717-4562-B3FC-2C963F66AFA6')).toBe(true);
    expect(isUuid('science-fiction')).toBe(false);
  });
});
