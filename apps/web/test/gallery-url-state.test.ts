import { describe, expect, it } from 'vitest';
import { DEFAULT_GALLERY_STATE, galleryApiQuery, parseGalleryParams, toGalleryParams, updateGalleryParams } from '../src/features/content/gallery-url-state';

describe('gallery URL codec', () => {
  it('reads an empty URL as the defaults and writes the defaults as an empty URL', () => {
    expect(parseGalleryParams(new URLSearchParams())).toEqual(DEFAULT_GALLERY_STATE);
    expect(toGalleryParams(DEFAULT_GALLERY_STATE).toString()).toBe('');
  });

  it('round-trips every field, including tag names with commas and spaces', () => {
    const state = {
      search: '"black cat" dog',
      sources: ['your-g' as const, 'comm-ag' as const],
      tags: ['neon city', 'a,b'],
      tagMatch: 'any' as const,
      sort: 'top' as const,
      view: 'list' as const,
      size: 'xl' as const,
      page: 7,
    };
    const url = toGalleryParams(state);
    expect(url.get('notGenSource')).toBe('your-ag,comm-g');
    expect(parseGalleryParams(new URLSearchParams(url.toString()))).toEqual(state);
  });

  it('ignores junk values instead of failing', () => {
    const s = parseGalleryParams(new URLSearchParams('p=-3&sort=drop%20table&size=huge&view=3d&notGenSource=bogus'));
    expect(s.page).toBe(1);
    expect(s.sort).toBe('recent');
    expect(s.size).toBe('m');
    expect(s.view).toBe('grid');
    expect(s.sources).toHaveLength(4);
  });

  it('goes back to page 1 when the results change, but not when only the view changes', () => {
    const at5 = new URLSearchParams('p=5&search=cat');
    expect(updateGalleryParams(at5, { search: 'dog' }).get('p')).toBeNull();
    expect(updateGalleryParams(at5, { sources: ['your-g'] }).get('p')).toBeNull();
    expect(updateGalleryParams(at5, { view: 'list' }).get('p')).toBe('5');
    expect(updateGalleryParams(at5, { size: 's' }).get('p')).toBe('5');
    expect(updateGalleryParams(at5, { search: 'cat' }).get('p')).toBe('5');
  });

  it('maps the state to the unified-content query', () => {
    const state = parseGalleryParams(new URLSearchParams('notGenSource=your-ag,comm-ag&sort=oldest&tags=x,y&tagMatch=any'));
    expect(galleryApiQuery(state, 'u1', ['id-x', 'id-y'])).toEqual({
      user_id: 'u1',
      content_source_types: ['user-regular', 'community-regular'],
      sort_field: 'created_at',
      sort_order: 'asc',
      tag: ['id-x', 'id-y'],
      tag_match: 'any',
    });
    const none = parseGalleryParams(new URLSearchParams('notGenSource=your-g,your-ag,comm-g,comm-ag'));
    // An explicit empty value is the contract's "no source selected" (an empty result, not all of them).
    expect(galleryApiQuery(none, 'u1', []).content_source_types).toEqual(['']);
  });
});
