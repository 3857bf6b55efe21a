/**
 * What the gallery benchmark requests. Every value comes from the API under test (see
 * discover.ts), so the same variants run against any server implementing the contract.
 */

export interface FixtureTag {
  id: string;
  name: string;
  cardinality: number;
}

export interface Fixtures {
  userId: string;
  pageSize: number;
  /** The most popular tags, most popular first (at least three). */
  commonTags: FixtureTag[];
  /** The least popular tag that still has items. */
  rareTag: FixtureTag;
  searchTerm: string;
  /** A created_at keyset cursor deep in the gallery, and how many items precede it. */
  deepCursor: string;
  deepDepth: number;
}

/** `baseline` is the floor of the HTTP stack (health: one trivial query), to tell database time from the rest. */
export type VariantGroup = 'gallery' | 'tags' | 'baseline';

export interface Variant {
  id: string;
  title: string;
  group: VariantGroup;
  /** Path and query, starting with /api/v1/. */
  path: string;
}

/** Targets from issue 3: every gallery variant p95 < 30 ms at concurrency 1; first page ≥ 1,000 req/s at 32. */
export const LATENCY_TARGET_P95_MS = 30;
export const THROUGHPUT_TARGET_RPS = 1000;
export const THROUGHPUT_TARGET_VARIANT = 'first-page';

export const SOURCE_TYPES = ['user-regular', 'user-auto', 'community-regular', 'community-auto'] as const;

/** The gallery request the web app sends: all four sources for the acting user, newest first. */
export function galleryParams(f: Pick<Fixtures, 'userId' | 'pageSize'>, extra: Array<[string, string]> = []): URLSearchParams {
  const q = new URLSearchParams();
  for (const s of SOURCE_TYPES) q.append('content_source_types', s);
  q.set('user_id', f.userId);
  q.set('page', '1');
  q.set('page_size', String(f.pageSize));
  q.set('sort_field', 'created_at');
  q.set('sort_order', 'desc');
  for (const [k, v] of extra) {
    if (k === 'sort_field' || k === 'page') q.set(k, v);
    else q.append(k, v);
  }
  return q;
}

const GALLERY = '/api/v1/content/unified';

function tagged(f: Fixtures, count: number, match: 'any' | 'all'): Variant {
  const tags = f.commonTags.slice(0, count);
  const extra: Array<[string, string]> = tags.map((t) => ['tag', t.id]);
  extra.push(['tag_match', match]);
  return {
    id: `tags-${match}-${count}`,
    title: `${count} tag${count > 1 ? 's' : ''}, ${match} (${tags.map((t) => t.name).join(', ')})`,
    group: 'gallery',
    path: `${GALLERY}?${galleryParams(f, extra)}`,
  };
}

export function buildVariants(f: Fixtures): Variant[] {
  if (f.commonTags.length < 3) throw new Error('the variants need three common tags');
  const common = f.commonTags[0] as FixtureTag;
  return [
    { id: 'first-page', title: 'first page, newest first', group: 'gallery', path: `${GALLERY}?${galleryParams(f)}` },
    {
      id: 'deep-keyset',
      title: `keyset page after ${f.deepDepth.toLocaleString('en-US')} items`,
      group: 'gallery',
      path: `${GALLERY}?${galleryParams(f, [['cursor', f.deepCursor]])}`,
    },
    tagged(f, 1, 'any'),
    tagged(f, 1, 'all'),
    tagged(f, 2, 'any'),
    tagged(f, 2, 'all'),
    tagged(f, 3, 'any'),
    tagged(f, 3, 'all'),
    {
      id: 'rare-and-common',
      title: `rare + common tag, all (${f.rareTag.name} ${f.rareTag.cardinality} + ${common.name} ${common.cardinality})`,
      group: 'gallery',
      path: `${GALLERY}?${galleryParams(f, [
        ['tag', f.rareTag.id],
        ['tag', common.id],
        ['tag_match', 'all'],
      ])}`,
    },
    {
      id: 'search',
      title: `search "${f.searchTerm}"`,
      group: 'gallery',
      path: `${GALLERY}?${galleryParams(f, [['search_term', f.searchTerm]])}`,
    },
    {
      id: 'quality-sort',
      title: 'sort by quality, best first',
      group: 'gallery',
      path: `${GALLERY}?${galleryParams(f, [['sort_field', 'quality_score']])}`,
    },
    { id: 'popular-tags', title: 'popular tags (20)', group: 'tags', path: '/api/v1/tags/popular?limit=20' },
    { id: 'hierarchy', title: 'full tag hierarchy', group: 'tags', path: '/api/v1/tags/hierarchy' },
    { id: 'health', title: 'health check (floor: HTTP stack + one trivial query)', group: 'baseline', path: '/api/v1/health' },
  ];
}

export function selectVariants(all: Variant[], only: readonly string[]): Variant[] {
  if (only.length === 0) return all;
  const unknown = only.filter((id) => !all.some((v) => v.id === id));
  if (unknown.length) throw new Error(`unknown variant(s): ${unknown.join(', ')} (known: ${all.map((v) => v.id).join(', ')})`);
  return all.filter((v) => only.includes(v.id));
}

const STOP_WORDS = new Set(['with', 'from', 'that', 'this', 'into', 'over', 'under', 'their', 'there', 'very', 'and', 'the']);

/**
 * A realistic search word from item titles: lower-case letters only, at least four of them, found
 * in as many items as possible while still narrowing the set (in at most half of them). Ties go
 * alphabetically so the choice is stable for a given page of items.
 */
export function chooseSearchTerm(titles: readonly string[]): string | null {
  const df = new Map<string, number>();
  for (const title of titles) {
    const words = new Set((title.toLowerCase().match(/[a-z]{4,}/g) ?? []).filter((w) => !STOP_WORDS.has(w)));
    for (const w of words) df.set(w, (df.get(w) ?? 0) + 1);
  }
  const limit = Math.max(1, Math.floor(titles.length / 2));
  const candidates = [...df.entries()].filter(([, n]) => n <= limit).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return candidates[0]?.[0] ?? null;
}

/** The most popular tags and the rarest one with items, from a popular-tags listing in any order. */
export function pickTags(popular: readonly FixtureTag[], common = 3): { commonTags: FixtureTag[]; rareTag: FixtureTag } {
  const withItems = popular.filter((t) => t.cardinality > 0).sort((a, b) => b.cardinality - a.cardinality || a.name.localeCompare(b.name));
  if (withItems.length < common + 1) throw new Error(`need at least ${common + 1} tags with items, the API listed ${withItems.length}`);
  return { commonTags: withItems.slice(0, common), rareTag: withItems[withItems.length - 1] as FixtureTag };
}
