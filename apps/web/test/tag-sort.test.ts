import { describe, expect, it } from 'vitest';
import { isTagSort, sortTags, TAG_SORTS } from '../src/features/content/tag-sort';

const tags = [
  { name: 'portrait', average_rating: 3.5 },
  { name: 'Abstract', average_rating: null },
  { name: 'landscape', average_rating: 4.25 },
  { name: 'Cyberpunk', average_rating: 3.5 },
  { name: 'zen', average_rating: null },
  { name: 'bokeh', average_rating: 1 },
];
const names = (sort: (typeof TAG_SORTS)[number]['value']) => sortTags(tags, sort).map((t) => t.name);

describe('image view tag order', () => {
  it('sorts by name ignoring case, both ways', () => {
    expect(names('name-asc')).toEqual(['Abstract', 'bokeh', 'Cyberpunk', 'landscape', 'portrait', 'zen']);
    expect(names('name-desc')).toEqual(['zen', 'portrait', 'landscape', 'Cyberpunk', 'bokeh', 'Abstract']);
  });

  it('sorts by average rating with unrated tags last either way and ties by name', () => {
    expect(names('rating-asc')).toEqual(['bokeh', 'Cyberpunk', 'portrait', 'landscape', 'Abstract', 'zen']);
    expect(names('rating-desc')).toEqual(['landscape', 'Cyberpunk', 'portrait', 'bokeh', 'Abstract', 'zen']);
  });

  it('returns a copy and accepts only the four stored values', () => {
    const before = tags.map((t) => t.name);
    sortTags(tags, 'rating-desc');
    expect(tags.map((t) => t.name)).toEqual(before);
    expect(TAG_SORTS.every((s) => isTagSort(s.value))).toBe(true);
    expect([null, 'rating', 3, {}].some(isTagSort)).toBe(false);
  });
});
