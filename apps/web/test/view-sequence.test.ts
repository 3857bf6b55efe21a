import { beforeEach, describe, expect, it } from 'vitest';
import { GALLERY_SEQUENCE, MAX_SEQUENCES, readViewSequence, saveViewSequence, sequenceOf, viewNeighbours } from '../src/lib/view-sequence';

beforeEach(() => window.sessionStorage.clear());

describe('view sequences', () => {
  it('gives the neighbours of an item within the list saved under its context, none at the ends', () => {
    saveViewSequence('dashboard:user-auto', [5, 9, 2]);
    expect(viewNeighbours('dashboard:user-auto', 5)).toEqual({ prev: null, next: 9, position: 1, total: 3 });
    expect(viewNeighbours('dashboard:user-auto', 9)).toEqual({ prev: 5, next: 2, position: 2, total: 3 });
    expect(viewNeighbours('dashboard:user-auto', 2)).toEqual({ prev: 9, next: null, position: 3, total: 3 });
    // Not in the list, another list, or no list named: nothing to step to.
    expect(viewNeighbours('dashboard:user-auto', 7)).toMatchObject({ prev: null, next: null, position: null });
    expect(viewNeighbours('bookmarks:/bookmarks/x', 9)).toMatchObject({ prev: null, next: null, position: null });
    expect(viewNeighbours(null, 9)).toMatchObject({ prev: null, next: null, position: null });
  });

  it('keeps each context separately, a new save replacing only that list', () => {
    saveViewSequence('tag:a', [1, 2, 3]);
    saveViewSequence('tag:b', [3, 4]);
    saveViewSequence('tag:a', [3, 1]);
    expect(viewNeighbours('tag:a', 3)).toMatchObject({ prev: null, next: 1 });
    expect(viewNeighbours('tag:b', 3)).toMatchObject({ prev: null, next: 4 });
  });

  it('keeps the most recently saved lists only', () => {
    for (let i = 0; i <= MAX_SEQUENCES; i++) saveViewSequence(`ctx:${i}`, [i, i + 1]);
    expect(readViewSequence('ctx:0')).toEqual([]);
    expect(readViewSequence('ctx:1')).toEqual([1, 2]);
    expect(readViewSequence(`ctx:${MAX_SEQUENCES}`)).toEqual([MAX_SEQUENCES, MAX_SEQUENCES + 1]);
    // Saving an old list again makes it the newest.
    saveViewSequence('ctx:1', [1, 2]);
    saveViewSequence('ctx:new', [7]);
    expect(readViewSequence('ctx:1')).toEqual([1, 2]);
    expect(readViewSequence('ctx:2')).toEqual([]);
  });

  it('ignores stored values that are not lists of ids', () => {
    window.sessionStorage.setItem('view-sequence:broken', '{not json');
    window.sessionStorage.setItem('view-sequence:object', '{"a":1}');
    window.sessionStorage.setItem('view-sequence:mixed', '[1,"2",3.5,4]');
    expect(viewNeighbours('broken', 1).position).toBeNull();
    expect(viewNeighbours('object', 1).position).toBeNull();
    expect(readViewSequence('mixed')).toEqual([1, 4]);
  });

  it("names the list a link's state points at; the gallery's links name the gallery's list", () => {
    saveViewSequence(GALLERY_SEQUENCE, [10, 11, 12]);
    expect(sequenceOf({ from: 'gallery', fallbackPath: '/gallery?x=1', sequence: GALLERY_SEQUENCE })).toBe('gallery');
    expect(viewNeighbours(sequenceOf({ from: 'gallery', sequence: GALLERY_SEQUENCE }), 11)).toMatchObject({ prev: 10, next: 12 });
    expect(sequenceOf({ from: 'dashboard', sequence: 'dashboard:user-regular' })).toBe('dashboard:user-regular');
    // A link without a list (a notification, a direct visit) offers no previous/next.
    expect(sequenceOf({ from: 'generation' })).toBeNull();
    expect(sequenceOf({})).toBeNull();
  });
});
