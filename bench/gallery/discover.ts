import type { Target } from './args.ts';
import { getJson } from './measure.ts';
import { chooseSearchTerm, galleryParams, pickTags, type FixtureTag, type Fixtures } from './variants.ts';

interface GalleryPage {
  items: Array<{ id: number; title?: string | null }>;
  pagination: { total_count?: number; next_cursor?: string | null };
}

/** How deep the keyset variant starts: the middle of the gallery, at most this many items in. */
const MAX_DEEP_DEPTH = 600_000;
/** Fallback walk: pages of 1,000 items following next_cursor, at most this many. */
const MAX_WALK_PAGES = 100;

/**
 * Everything the variants need, asked from the API itself so any implementation of the contract
 * can be measured: the most popular and the rarest tag (popular-tags listing), a frequent title
 * word (first gallery page), and a created_at cursor deep in the gallery (one deep offset page,
 * whose next_cursor the contract emits whenever the page is full; else a walk along cursors).
 */
export async function discoverFixtures(
  target: Target,
  o: { userId: string; pageSize: number; searchTerm: string | null },
  log: (l: string) => void,
): Promise<Fixtures> {
  const base = target.url;
  const popular = await getJson<FixtureTag[]>(`${base}/api/v1/tags/popular?limit=10000`);
  const { commonTags, rareTag } = pickTags(popular.map((t) => ({ id: t.id, name: t.name, cardinality: Number(t.cardinality) })));

  const galleryUrl = (extra: Array<[string, string]>, pageSize: number) =>
    `${base}/api/v1/content/unified?${galleryParams({ userId: o.userId, pageSize }, extra)}`;
  const first = await getJson<GalleryPage>(galleryUrl([], 100));
  if (first.items.length === 0) throw new Error(`${target.name}: the gallery is empty`);
  const searchTerm = o.searchTerm ?? chooseSearchTerm(first.items.map((i) => i.title ?? ''));
  if (!searchTerm) throw new Error(`${target.name}: no title word to search for; pass --search-term`);

  const total = Number(first.pagination.total_count ?? 0);
  let deepCursor: string | null = null;
  let deepDepth = 0;
  const wanted = Math.min(Math.floor(total / 2), MAX_DEEP_DEPTH);
  if (wanted > 1000) {
    const page = Math.floor(wanted / o.pageSize);
    log(`${target.name}: asking for a cursor after ${(page * o.pageSize).toLocaleString('en-US')} items (one offset page)…`);
    try {
      const deep = await getJson<GalleryPage>(galleryUrl([['page', String(page)]], o.pageSize));
      if (deep.pagination.next_cursor) {
        deepCursor = deep.pagination.next_cursor;
        deepDepth = page * o.pageSize;
      }
    } catch (err) {
      log(`${target.name}: deep offset page refused (${(err as Error).message.slice(0, 120)}); walking cursors instead`);
    }
  }
  if (!deepCursor) {
    let cursor = first.pagination.next_cursor ?? null;
    let depth = first.items.length;
    for (let i = 0; i < MAX_WALK_PAGES && cursor; i++) {
      const step = await getJson<GalleryPage>(galleryUrl([['cursor', cursor]], 1000));
      if (!step.pagination.next_cursor || step.items.length < 1000) break;
      cursor = step.pagination.next_cursor;
      depth += step.items.length;
    }
    if (!cursor) throw new Error(`${target.name}: no next_cursor to page from`);
    deepCursor = cursor;
    deepDepth = depth;
  }
  return { userId: o.userId, pageSize: o.pageSize, commonTags, rareTag, searchTerm, deepCursor, deepDepth };
}
