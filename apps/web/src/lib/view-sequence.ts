import { useEffect, useMemo } from 'react';

/**
 * Previous/next on the image view (/view/:id) step through the list the item was opened from.
 *
 * Every page that lists items saves the ids it shows, in order, under a context name ("gallery",
 * "dashboard:user-auto", "bookmarks:/bookmarks/<id>", …) in sessionStorage: per tab, kept across
 * reloads. The link to an item carries that name in its router state (`sequence`), and the view
 * page's previous/next links pass the same state on, so each step looks up the same list. A page
 * saves whenever the list it shows changes (a new page, sort or filter), so the stored list is the
 * one on screen when an item was opened.
 */

/** Router state of a link to /view/:id. */
export interface ViewLinkState {
  /** Which page the item was opened from (the view page's back/delete fall back to `fallbackPath`). */
  from?: string;
  fallbackPath?: string;
  /** Context name of the saved list previous/next step through. */
  sequence?: string;
}

const PREFIX = 'view-sequence:';
const INDEX_KEY = 'view-sequence-index';
/** The gallery loads pages as it scrolls; beyond this many ids previous/next stop at the end. */
const MAX_IDS = 5000;
/** Lists kept per tab: the most recently saved ones (a tab visits many categories and tags). */
export const MAX_SEQUENCES = 20;

function readIndex(storage: Storage): string[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(INDEX_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((c): c is string => typeof c === 'string') : [];
  } catch {
    return [];
  }
}

/** Saves the ids a list shows under its context name; the oldest lists beyond MAX_SEQUENCES are dropped. */
export function saveViewSequence(context: string, ids: readonly number[]): void {
  try {
    const storage = window.sessionStorage;
    storage.setItem(PREFIX + context, JSON.stringify(ids.slice(0, MAX_IDS)));
    const index = [...readIndex(storage).filter((c) => c !== context), context];
    for (const old of index.splice(0, Math.max(0, index.length - MAX_SEQUENCES))) storage.removeItem(PREFIX + old);
    storage.setItem(INDEX_KEY, JSON.stringify(index));
  } catch {
    // No storage (or full): previous/next are simply not offered for this list.
  }
}

export function readViewSequence(context: string): number[] {
  try {
    const parsed: unknown = JSON.parse(window.sessionStorage.getItem(PREFIX + context) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((v): v is number => Number.isInteger(v)) : [];
  } catch {
    return [];
  }
}

export interface Neighbours {
  prev: number | null;
  next: number | null;
  /** 1-based place of the item in the list and the list's length; null when it is not in a saved list. */
  position: number | null;
  total: number;
}

const NONE: Neighbours = { prev: null, next: null, position: null, total: 0 };

/** The items before and after `id` in the list saved under `context` (none without a context or outside the list). */
export function viewNeighbours(context: string | null | undefined, id: number): Neighbours {
  if (!context) return NONE;
  const ids = readViewSequence(context);
  const i = ids.indexOf(id);
  if (i < 0) return NONE;
  return { prev: ids[i - 1] ?? null, next: ids[i + 1] ?? null, position: i + 1, total: ids.length };
}

/** The list a link state points at; none for links that name no list (a notification, a direct visit). */
export function sequenceOf(state: ViewLinkState): string | null {
  return state.sequence || null;
}

/** The gallery's list: it loads pages as it scrolls and saves the ids loaded so far (not through useViewSequence, see GalleryPage). */
export const GALLERY_SEQUENCE = 'gallery';

/**
 * Saves the ids a page shows under `context` (again whenever they change) and returns the router
 * state its links to /view/:id should carry. The state object is stable while its inputs are, so
 * memoised tiles do not render again.
 */
export function useViewSequence(context: string, ids: readonly number[], from: string, fallbackPath: string): ViewLinkState {
  const key = ids.join(',');
  useEffect(() => {
    if (key) saveViewSequence(context, key.split(',').map(Number));
  }, [context, key]);
  return useMemo(() => ({ from, fallbackPath, sequence: context }), [from, fallbackPath, context]);
}
