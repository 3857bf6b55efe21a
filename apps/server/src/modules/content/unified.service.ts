import { createHash } from 'node:crypto';
import { cached } from '../../platform/cache/cache.ts';
import { BadRequestError } from '../../platform/http/errors.ts';
import type { Runtime } from '../../platform/runtime.ts';
import { ownerScope, type Access } from '../auth/access.ts';
import { SearchHistoryService } from '../search-history/search-history.service.ts';
import { TagsService } from '../tags/tags.service.ts';
import type { SourceType } from './content.queries.ts';
import { CONTENT_CACHE_PREFIX } from './content.service.ts';
import { decodeUnifiedCursor, encodeUnifiedCursor, type UnifiedCursor, type UnifiedSortField } from './unified.cursor.ts';
import {
  countUnifiedCapped,
  estimateUnified,
  selectUnifiedPage,
  tagCardinalities,
  type SourceClause,
  type UnifiedFilter,
  type UnifiedRow,
  type Visibility,
} from './unified.queries.ts';
import { parseSearchTerms } from './unified.search.ts';
import { toUnifiedItem } from './unified.schemas.ts';
import { toContent } from './content.schemas.ts';

export const SOURCE_COMBINATIONS = ['user-regular', 'user-auto', 'community-regular', 'community-auto'] as const;
const LEGACY_TYPES: Record<string, SourceType> = { regular: 'items', auto: 'auto' };
const CREATOR_FILTERS = ['all', 'user', 'community'];

/** Totals above this many matches are estimated rather than counted (the count reads ≤ cap+1 rows). */
export const DEFAULT_COUNT_CAP = 5_000;
/** A planner estimate above cap × this is trusted without counting. */
const ESTIMATE_TRUST_FACTOR = 5;
/**
 * With tag_match=all, a tag this rare (per tag_cardinality_stats) seeds the GIN scan alone. Above
 * about a thousand items the per-row recheck over the seed tag's rows costs more than the combined
 * GIN lookup: a 9k-item seed took 85 ms at 1.2 M items, the combined lookup about 30 ms under the
 * same load (docs/queries/rare-and-common.md).
 */
export const RARE_SEED_MAX = 1_000;
const COUNT_TTL_SECONDS = 60;
const STATS_TTL_SECONDS = 60;

export interface UnifiedQuery {
  page?: number | null;
  page_size: number;
  cursor?: string | null;
  backward?: boolean;
  content_types?: string | null;
  creator_filter?: string;
  content_source_types?: string[] | null;
  user_id?: string | null;
  search_term?: string | null;
  sort_field: UnifiedSortField;
  sort_order: string;
  tag?: string[] | null;
  tags?: string[] | null;
  tag_names?: string[] | null;
  tag_match?: string;
  include_stats?: boolean;
  record_search?: boolean;
}

export interface EnhancedQuery {
  page: number;
  page_size: number;
  cursor?: string;
  backward: boolean;
  sort_field: UnifiedSortField;
  sort_order: string;
  content_type?: string;
  creator_id?: string;
  public_only: boolean;
  search_term?: string;
  tag?: string[];
  tag_match: string;
}

export interface RunOptions {
  page: number;
  pageSize: number;
  sort: UnifiedSortField;
  descending: boolean;
  cursor: UnifiedCursor | null;
  backward: boolean;
  includeStats: boolean;
}

function merge(a: Visibility, b: Visibility): Visibility {
  if (a === b) return a;
  const set = new Set([a, b]);
  if (set.has('all')) return 'all';
  if (set.has('own-or-public')) return 'own-or-public';
  if (set.has('own')) return 'own-or-public';
  return 'public';
}

function addClause(clauses: Map<SourceType, Visibility>, source: SourceType, v: Visibility) {
  const prev = clauses.get(source);
  clauses.set(source, prev ? merge(prev, v) : v);
}

/**
 * Which partitions and whose items a request selects.
 * - `content_source_types` (overrides the legacy pair): `user-X` = the user's own items of X
 *   (private included), `community-X` = other users' public items of X. Without `user_id`,
 *   `user-X` selects nothing and `community-X` means every public item of X (spec §7.20).
 *   A single empty value selects nothing.
 * - legacy `content_types` (comma list of regular/auto) × `creator_filter` (all/user/community);
 *   user/community only narrow when `user_id` is given.
 * Private items are only ever shown to their creator.
 */
export function resolveScope(q: Pick<UnifiedQuery, 'content_source_types' | 'content_types' | 'creator_filter' | 'user_id'>): SourceClause[] {
  const user = q.user_id ?? null;
  const clauses = new Map<SourceType, Visibility>();
  if (q.content_source_types !== undefined && q.content_source_types !== null) {
    const values = q.content_source_types.flatMap((v) => v.split(',')).map((v) => v.trim());
    for (const v of values) {
      if (v === '') continue;
      if (!(SOURCE_COMBINATIONS as readonly string[]).includes(v)) {
        throw new BadRequestError(`Invalid content_source_type: ${v}. Must be one of: ${[...SOURCE_COMBINATIONS].sort().join(', ')}`);
      }
      const [who, kind] = v.split('-') as ['user' | 'community', 'regular' | 'auto'];
      const source = LEGACY_TYPES[kind];
      if (who === 'user') {
        if (user) addClause(clauses, source, 'own');
      } else {
        addClause(clauses, source, user ? 'others-public' : 'public');
      }
    }
  } else {
    const creator = q.creator_filter ?? 'all';
    if (!CREATOR_FILTERS.includes(creator)) throw new BadRequestError('creator_filter must be one of: all, user, community');
    let sources: SourceType[] = ['items', 'auto'];
    if (q.content_types !== undefined && q.content_types !== null) {
      sources = [];
      for (const raw of q.content_types.split(',')) {
        const v = raw.trim();
        if (v === '') continue;
        const s = LEGACY_TYPES[v];
        if (!s) throw new BadRequestError(`Invalid content type: ${v}. Must be one of: ${Object.keys(LEGACY_TYPES).sort().join(', ')}`);
        if (!sources.includes(s)) sources.push(s);
      }
    }
    const visibility: Visibility = !user ? 'public' : creator === 'user' ? 'own' : creator === 'community' ? 'others-public' : 'own-or-public';
    for (const s of sources) addClause(clauses, s, visibility);
  }
  return [...clauses.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([source, visibility]) => ({ source, visibility }));
}

export function parseTagMatch(value: string | undefined): 'any' | 'all' {
  const m = (value ?? 'any').trim().toLowerCase();
  if (m !== 'any' && m !== 'all') throw new BadRequestError("tag_match must be either 'any' or 'all'");
  return m;
}

/** Keys of a (filter) → cache key; the filter holds only plain data. */
function filterKey(kind: string, f: UnifiedFilter): string {
  return `${CONTENT_CACHE_PREFIX}unified:${kind}:${createHash('sha1').update(JSON.stringify(f)).digest('hex')}`;
}

/** A gallery request that records its search in the user's history: a side effect, so never cached. */
function recordsSearch(q: UnifiedQuery): q is UnifiedQuery & { user_id: string; search_term: string } {
  return Boolean(q.record_search && q.user_id && q.search_term?.trim());
}

/**
 * The unified gallery over both partitions: source/visibility scopes, tag and text filters,
 * three whitelisted sorts, offset pages and keyset cursors under every sort, and totals that are
 * exact up to `countCap` matches and estimated beyond (see docs/api-notes.md "Unified gallery").
 */
export class UnifiedGalleryService {
  countCap = DEFAULT_COUNT_CAP;

  constructor(
    private readonly runtime: Runtime,
    private readonly tags: TagsService = new TagsService(runtime),
    private readonly searchHistory: SearchHistoryService = new SearchHistoryService(runtime),
  ) {}

  /** Tag identifiers (UUIDs, names, slugs) → ids; null when the filter can match nothing. */
  private async resolveTags(identifiers: string[], match: 'any' | 'all'): Promise<string[] | null> {
    const cleaned = [...new Set(identifiers.map((s) => s.trim()).filter(Boolean))];
    if (cleaned.length === 0) return [];
    const resolved = await this.tags.resolveIdentifiers(cleaned);
    // An identifier naming no tag: nothing carries it, so "all" matches nothing; "any" ignores it.
    if (resolved.length === 0) return null;
    if (match === 'all' && resolved.length < cleaned.length) {
      // Several identifiers may name one tag (name and slug); only a truly unknown one empties "all".
      const recheck = await Promise.all(cleaned.map((c) => this.tags.resolveIdentifiers([c])));
      if (recheck.some((r) => r.length === 0)) return null;
    }
    return [...new Set(resolved.map((r) => r.id))];
  }

  /** Orders tag ids rarest first and picks a seed tag for "all" filters when one is rare. */
  private async planTags(filter: UnifiedFilter): Promise<Map<string, number>> {
    if (filter.tagIds.length < 2) return new Map();
    const sources = [...new Set(filter.clauses.map((c) => c.source))];
    const cards = await tagCardinalities(this.runtime.db, filter.tagIds, sources);
    if (cards.size < filter.tagIds.length) return cards; // missing statistics: let the planner decide
    filter.tagIds.sort((a, b) => (cards.get(a) ?? 0) - (cards.get(b) ?? 0) || a.localeCompare(b));
    const rarest = cards.get(filter.tagIds[0]) ?? 0;
    if (filter.tagMatch === 'all' && rarest <= RARE_SEED_MAX) filter.seedTagId = filter.tagIds[0];
    return cards;
  }

  /**
   * Total matches of a filter. The planner's estimate comes first (a plan, no rows read); when it
   * says there are far more matches than the cap, counting would only confirm "more than the cap",
   * so the estimate is returned. Otherwise a count that reads at most cap+1 rows gives the exact
   * number when it is ≤ cap. Estimates are bounded below by cap+1 and above by the tag statistics.
   * Cached for a minute per filter, keyed by the catalogue version the page cache follows (any
   * catalogue change, by anyone, moves it on); content writes through the services also clear it.
   */
  async total(filter: UnifiedFilter, tagCards: Map<string, number> = new Map()): Promise<{ count: number; estimated: boolean }> {
    return cached(this.runtime.cache, filterKey(`total:${this.countCap}:${this.runtime.pages.catalogueVersion ?? 'shared'}`, filter), COUNT_TTL_SECONDS, async () => {
      const { db } = this.runtime;
      let estimate = await estimateUnified(db, filter);
      let bound = Number.POSITIVE_INFINITY;
      if (filter.tagIds.length > 0 && tagCards.size === filter.tagIds.length) {
        const values = filter.tagIds.map((t) => tagCards.get(t) ?? 0);
        bound = filter.tagMatch === 'all' ? Math.min(...values) : values.reduce((a, b) => a + b, 0);
      }
      if (estimate <= this.countCap * ESTIMATE_TRUST_FACTOR || bound <= this.countCap) {
        const capped = await countUnifiedCapped(db, filter, this.countCap);
        if (capped <= this.countCap) return { count: capped, estimated: false };
      }
      if (bound > this.countCap) estimate = Math.min(estimate, bound);
      return { count: Math.max(estimate, this.countCap + 1), estimated: true };
    });
  }

  /** This process's cache of serialised gallery pages. */
  get pages() {
    return this.runtime.pages;
  }

  /**
   * The page-cache key of a gallery request: its validated parameters (defaults applied), keys
   * sorted. Null when answering has a side effect (recording the search in the user's history).
   */
  pageKey(q: UnifiedQuery): string | null {
    if (recordsSearch(q)) return null;
    const params = q as unknown as Record<string, unknown>;
    return `unified:${JSON.stringify(Object.keys(params).sort().map((k) => [k, params[k]]))}`;
  }

  /** The gallery (GET /content/unified). */
  async list(q: UnifiedQuery) {
    const tagMatch = parseTagMatch(q.tag_match);
    const clauses = resolveScope(q);
    const userId = q.user_id ?? null;
    const page = q.page ?? 1;
    const pageSize = q.page_size;
    const descending = q.sort_order.toLowerCase() === 'desc';
    const cursor = q.cursor ? decodeUnifiedCursor(q.cursor, q.sort_field) : null;
    const searchTerms = parseSearchTerms(q.search_term);

    if (recordsSearch(q)) {
      await this.searchHistory.record(q.user_id, q.search_term).catch((err: unknown) => {
        this.runtime.logger.warn({ err }, 'could not record the gallery search');
      });
    }

    const tagIds = await this.resolveTags([...(q.tag ?? []), ...(q.tags ?? []), ...(q.tag_names ?? [])], tagMatch);
    if (clauses.length === 0 || tagIds === null) {
      // Nothing selected (e.g. `content_source_types=`): answer without touching content.
      return {
        items: [],
        pagination: this.meta(page, pageSize, { count: 0, estimated: false }, false, cursor !== null || page > 1, null, null),
        stats: await this.stats(userId),
      };
    }
    const filter: UnifiedFilter = { clauses, userId, searchTerms, tagIds, tagMatch };
    return this.run(filter, { page, pageSize, sort: q.sort_field, descending, cursor, backward: q.backward ?? false, includeStats: q.include_stats ?? false });
  }

  /**
   * GET /content/enhanced (spec §7.1, reachable here): regular content with the gallery's engine,
   * items in the `Content` shape. No acting user: `public_only` decides whether private items show.
   */
  async enhanced(access: Access, q: EnhancedQuery) {
    // A non-admin in required mode sees public items and their own private ones.
    const viewer = ownerScope(access);
    const tagMatch = parseTagMatch(q.tag_match);
    const cursor = q.cursor ? decodeUnifiedCursor(q.cursor, q.sort_field) : null;
    const tagIds = await this.resolveTags(q.tag ?? [], tagMatch);
    const o: RunOptions = {
      page: q.page,
      pageSize: q.page_size,
      sort: q.sort_field,
      descending: q.sort_order.toLowerCase() === 'desc',
      cursor,
      backward: q.backward,
      includeStats: false,
    };
    if (tagIds === null) {
      return { items: [], pagination: this.meta(q.page, q.page_size, { count: 0, estimated: false }, false, cursor !== null || q.page > 1, null, null) };
    }
    const filter: UnifiedFilter = {
      clauses: [{ source: 'items', visibility: q.public_only ? 'public' : viewer ? 'own-or-public' : 'all' }],
      userId: q.public_only ? null : viewer,
      searchTerms: parseSearchTerms(q.search_term),
      tagIds,
      tagMatch,
      contentType: q.content_type ?? null,
      creatorId: q.creator_id ?? null,
    };
    return this.run(filter, o, (row) => toContent(row));
  }

  /** One page of a resolved filter with pagination metadata (also serves GET /content/enhanced). */
  async run<T = ReturnType<typeof toUnifiedItem>>(filter: UnifiedFilter, o: RunOptions, mapItem: (row: UnifiedRow) => T = toUnifiedItem as (row: UnifiedRow) => T) {
    const tagCards = await this.planTags(filter);
    const keyset = o.cursor ? { key: o.sort === 'created_at' ? o.cursor.ts : (o.cursor.k as string | number), id: o.cursor.id } : null;
    const backward = keyset !== null && o.backward;
    const offset = keyset ? 0 : (o.page - 1) * o.pageSize;
    const rows = await selectUnifiedPage(this.runtime.db, filter, o.sort, o.descending, keyset, backward, o.pageSize + 1, offset);
    const more = rows.length > o.pageSize;
    // The look-ahead row is at the far end of the direction of travel.
    const pageRows = backward ? rows.slice(more ? 1 : 0) : rows.slice(0, o.pageSize);
    const hasNext = backward ? pageRows.length > 0 : more;
    const hasPrevious = backward ? more : keyset !== null || o.page > 1;
    const first = pageRows[0];
    const last = pageRows[pageRows.length - 1];
    const next = hasNext && last ? this.cursorOf(o.sort, last) : null;
    const prev = hasPrevious && first ? this.cursorOf(o.sort, first) : null;

    // A short page in offset mode tells the total without counting.
    const total =
      !keyset && !more && (pageRows.length > 0 || o.page === 1)
        ? { count: offset + pageRows.length, estimated: false }
        : await this.total(filter, tagCards);
    return {
      items: pageRows.map(mapItem),
      pagination: this.meta(o.page, o.pageSize, total, hasNext, hasPrevious, next, prev),
      ...(o.includeStats ? { stats: await this.stats(filter.userId) } : {}),
    };
  }

  private cursorOf(sort: UnifiedSortField, row: UnifiedRow): string {
    const ts = row.created_at.replace(' ', 'T');
    const key = sort === 'created_at' ? ts : sort === 'quality_score' ? Number(row.quality_score) : row.title;
    return encodeUnifiedCursor(sort, { id: Number(row.id), source_type: row.source_type, ts, key });
  }

  private meta(
    page: number,
    pageSize: number,
    total: { count: number; estimated: boolean },
    hasNext: boolean,
    hasPrevious: boolean,
    next: string | null,
    prev: string | null,
  ) {
    return {
      page,
      page_size: pageSize,
      total_count: total.count,
      total_pages: total.count === 0 ? 0 : Math.ceil(total.count / pageSize),
      has_next: hasNext,
      has_previous: hasPrevious,
      next_cursor: next,
      prev_cursor: prev,
      total_is_estimate: total.estimated,
    };
  }

  /**
   * Items per source for a user (GET /content/stats/unified and `include_stats`): `user_*` = the
   * user's own items (0 without a user), `community_*` = other users' public items (every public
   * item without a user; spec §7.31). Same exact-or-estimated rule as totals; cached for a minute.
   */
  async stats(userId: string | null) {
    return cached(this.runtime.cache, `${CONTENT_CACHE_PREFIX}unified:stats:${userId ?? 'anonymous'}:${this.countCap}:${this.runtime.pages.catalogueVersion ?? 'shared'}`, STATS_TTL_SECONDS, async () => {
      const count = async (source: SourceType, visibility: Visibility) =>
        (await this.total({ clauses: [{ source, visibility }], userId, searchTerms: [], tagIds: [], tagMatch: 'any' })).count;
      const community: Visibility = userId ? 'others-public' : 'public';
      const [userRegular, userAuto, communityRegular, communityAuto] = await Promise.all([
        userId ? count('items', 'own') : 0,
        userId ? count('auto', 'own') : 0,
        count('items', community),
        count('auto', community),
      ]);
      return {
        user_regular_count: userRegular,
        user_auto_count: userAuto,
        community_regular_count: communityRegular,
        community_auto_count: communityAuto,
      };
    });
  }
}
