/**
 * The gallery's whole state lives in the URL, so a reload, a shared link or Back/Forward shows the
 * same results. This module is the one codec between URLSearchParams and that state; parameters
 * at their default are left out, keeping URLs short. The original's names are kept (`search`,
 * `p`, `tags`, `notGenSource`) and the rest are new (`sort`, `view`, `size`, `tagMatch`).
 */
import { THUMB_SIZES, type ThumbSize } from '../../lib/thumb-sizes';

export const SOURCE_KEYS = ['your-g', 'your-ag', 'comm-g', 'comm-ag'] as const;
export type SourceKey = (typeof SOURCE_KEYS)[number];

/** URL key → the API's `content_source_types` value. */
export const SOURCE_API_VALUE: Record<SourceKey, string> = {
  'your-g': 'user-regular',
  'your-ag': 'user-auto',
  'comm-g': 'community-regular',
  'comm-ag': 'community-auto',
};

export const SOURCE_LABELS: Record<SourceKey, string> = {
  'your-g': 'Your gens',
  'your-ag': 'Your auto-gens',
  'comm-g': 'Community gens',
  'comm-ag': 'Community auto-gens',
};

export const SORTS = {
  recent: { label: 'Most recent', field: 'created_at', order: 'desc' },
  oldest: { label: 'Oldest first', field: 'created_at', order: 'asc' },
  top: { label: 'Top rated', field: 'quality_score', order: 'desc' },
  lowest: { label: 'Lowest rated', field: 'quality_score', order: 'asc' },
} as const;
export type SortKey = keyof typeof SORTS;


export type ViewMode = 'grid' | 'list';
export type TagMatch = 'all' | 'any';

export interface GalleryState {
  search: string;
  sources: SourceKey[];
  tags: string[];
  tagMatch: TagMatch;
  sort: SortKey;
  view: ViewMode;
  size: ThumbSize;
  page: number;
}

export const DEFAULT_GALLERY_STATE: GalleryState = {
  search: '',
  sources: [...SOURCE_KEYS],
  tags: [],
  tagMatch: 'all',
  sort: 'recent',
  view: 'grid',
  size: 'm',
  page: 1,
};

function isKeyOf<T extends object>(obj: T, key: string | null): key is Extract<keyof T, string> {
  return key !== null && Object.prototype.hasOwnProperty.call(obj, key);
}

/** Tag names are joined with commas; a comma inside a name is escaped as `\c`. */
function splitList(value: string | null): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((s) => s.replace(/\\c/g, ',').trim())
    .filter(Boolean);
}

function joinList(values: string[]): string {
  return values.map((v) => v.replace(/,/g, '\\c')).join(',');
}

export function parseGalleryParams(params: URLSearchParams): GalleryState {
  const disabled = new Set(splitList(params.get('notGenSource')));
  const page = Number.parseInt(params.get('p') ?? '', 10);
  const sort = params.get('sort');
  const size = params.get('size');
  const tags = [...new Set(splitList(params.get('tags')))];
  return {
    search: (params.get('search') ?? '').trim(),
    sources: SOURCE_KEYS.filter((k) => !disabled.has(k)),
    tags,
    tagMatch: params.get('tagMatch') === 'any' ? 'any' : 'all',
    sort: isKeyOf(SORTS, sort) ? sort : 'recent',
    view: params.get('view') === 'list' ? 'list' : 'grid',
    size: isKeyOf(THUMB_SIZES, size) ? size : 'm',
    page: Number.isFinite(page) && page >= 1 ? page : 1,
  };
}

export function toGalleryParams(state: GalleryState): URLSearchParams {
  const p = new URLSearchParams();
  if (state.search.trim()) p.set('search', state.search.trim());
  if (state.tags.length) p.set('tags', joinList(state.tags));
  if (state.tags.length > 1 && state.tagMatch === 'any') p.set('tagMatch', 'any');
  const disabled = SOURCE_KEYS.filter((k) => !state.sources.includes(k));
  if (disabled.length) p.set('notGenSource', disabled.join(','));
  if (state.sort !== 'recent') p.set('sort', state.sort);
  if (state.view !== 'grid') p.set('view', state.view);
  if (state.size !== 'm') p.set('size', state.size);
  if (state.page > 1) p.set('p', String(state.page));
  return p;
}

/**
 * Applies a change and returns the new URL parameters. Changing what is shown (filters, sort,
 * search) starts again at page 1; changing only how it is shown (view, size) keeps the page.
 */
export function updateGalleryParams(current: URLSearchParams, patch: Partial<GalleryState>): URLSearchParams {
  const state = parseGalleryParams(current);
  const next: GalleryState = { ...state, ...patch };
  const resultsChanged = (['search', 'sources', 'tags', 'tagMatch', 'sort'] as const).some(
    (k) => k in patch && JSON.stringify(patch[k]) !== JSON.stringify(state[k]),
  );
  if (resultsChanged && !('page' in patch)) next.page = 1;
  return toGalleryParams(next);
}

/** The unified-content query for a state (without paging), or null when no source is on. */
export function galleryApiQuery(state: GalleryState, userId: string, tagIds: string[]) {
  const sort = SORTS[state.sort];
  return {
    user_id: userId,
    content_source_types: state.sources.length ? state.sources.map((s) => SOURCE_API_VALUE[s]) : [''],
    sort_field: sort.field,
    sort_order: sort.order,
    ...(state.search ? { search_term: state.search } : {}),
    ...(tagIds.length ? { tag: tagIds, tag_match: state.tagMatch } : {}),
  };
}
