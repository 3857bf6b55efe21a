import { cached } from '../../platform/cache/cache.ts';
import { BadRequestError, ConflictError, DomainValidationError, HttpError, NotFoundError } from '../../platform/http/errors.ts';
import { paginationMeta } from '../../platform/http/schemas.ts';
import type { Runtime } from '../../platform/runtime.ts';
import {
  addFavorite,
  childTags,
  countTags,
  deleteParentEdge,
  deleteRating,
  favoriteTags,
  findTagById,
  findTagByNameOrSlug,
  findTagsByIdentifiers,
  hierarchyCounts,
  hierarchyNodes,
  insertParentEdge,
  insertTag,
  isFavorite,
  isSelfOrDescendant,
  listTags,
  parentTags,
  popularTags,
  ratingSummary,
  relatedTags,
  removeFavorite,
  rootTags,
  tagCardinalities,
  tagExists,
  tagNameTakenCaseInsensitive,
  upsertRating,
  userExists,
  userRating,
  userRatings,
  type TagRow,
  type TagSummaryRow,
} from './tags.queries.ts';
import { toTag, toTagRating } from './tags.schemas.ts';
import { isUuid, parseTagSearch, resolveTagSort, tagSlug } from './tags.search.ts';

const CACHE_PREFIX = 'tags:';
const CACHE_TTL_SECONDS = 300;
const HIERARCHY_VERSION = '2.0';

/** A database error raised by the tag_parents cycle trigger or self-loop CHECK (concurrent writers). */
function isHierarchyViolation(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  return e?.code === '23514' && /tag_parents_no_(cycle|self_loop)|hierarchy cycle/.test(`${e.constraint ?? ''} ${e.message ?? ''}`);
}

function summary(row: TagSummaryRow) {
  return { id: row.id, name: row.name };
}

export interface TagListOptions {
  page: number;
  pageSize: number;
  sort?: string;
  search?: string | null;
  minRatings: number;
}

/** Tags: vocabulary, polyhierarchy, ratings, favourites and popularity. */
export class TagsService {
  constructor(private readonly runtime: Runtime) {}

  /** Drops every cached tag read (hierarchy, statistics, roots, popular). */
  async invalidateCaches(): Promise<void> {
    // Gallery tag filters name tags: local pages go at once, other processes follow the change feed.
    this.runtime.pages.invalidate();
    await this.runtime.cache.deletePrefix(CACHE_PREFIX);
  }

  private cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
    return cached(this.runtime.cache, `${CACHE_PREFIX}${key}`, CACHE_TTL_SECONDS, compute);
  }

  // -------------------------------------------------------------------------------------------
  // Lookups

  private async requireTag(id: string): Promise<TagRow> {
    const tag = await findTagById(this.runtime.db, id);
    if (!tag) throw new NotFoundError('Tag', id);
    return tag;
  }

  private async requireTagExists(id: string): Promise<void> {
    if (!(await tagExists(this.runtime.db, id))) throw new NotFoundError('Tag', id);
  }

  private async requireUser(userId: string): Promise<void> {
    if (!(await userExists(this.runtime.db, userId))) throw new NotFoundError('User', userId);
  }

  /** A UUID, a tag name in any case, or its slug (`Science Fiction` → `science-fiction`). */
  async findByIdentifier(identifier: string): Promise<TagRow | null> {
    const { db } = this.runtime;
    if (isUuid(identifier)) return findTagById(db, identifier.toLowerCase());
    return findTagByNameOrSlug(db, identifier, tagSlug(identifier));
  }

  /**
   * Resolves identifiers as clients send them in `tag` / `tag_names` filters (UUIDs, names in any
   * case, or slugs) to tags. Returns one entry per identifier that matched, in input order,
   * de-duplicated by tag id; unknown identifiers are left out.
   */
  async resolveIdentifiers(identifiers: readonly string[]): Promise<Array<{ id: string; name: string }>> {
    const cleaned = identifiers.map((s) => s.trim()).filter(Boolean);
    if (cleaned.length === 0) return [];
    const ids = cleaned.filter(isUuid).map((s) => s.toLowerCase());
    const names = cleaned.filter((s) => !isUuid(s));
    const rows = await findTagsByIdentifiers(
      this.runtime.db,
      ids,
      names.map((s) => s.toLowerCase()),
      names.map(tagSlug).filter(Boolean),
    );
    const out: Array<{ id: string; name: string }> = [];
    const seen = new Set<string>();
    for (const ident of cleaned) {
      const lower = ident.toLowerCase();
      const slug = tagSlug(ident);
      const match = isUuid(ident)
        ? rows.find((r) => r.id === lower)
        : (rows.find((r) => r.name === ident) ?? rows.find((r) => r.lower_name === lower) ?? rows.find((r) => r.slug === slug));
      if (match && !seen.has(match.id)) {
        seen.add(match.id);
        out.push({ id: match.id, name: match.name });
      }
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Hierarchy

  async hierarchy(includeRatings: boolean) {
    return this.cached(`hierarchy:${includeRatings ? 'ratings' : 'plain'}`, async () => {
      const { db } = this.runtime;
      const [nodes, counts] = await Promise.all([hierarchyNodes(db, includeRatings), hierarchyCounts(db)]);
      return {
        nodes,
        metadata: {
          totalNodes: counts.total_nodes,
          totalRelationships: counts.total_relationships,
          rootCategories: counts.root_categories,
          lastUpdated: new Date().toISOString().replace('Z', '+00:00'),
          format: 'flat_array',
          version: HIERARCHY_VERSION,
        },
      };
    });
  }

  async refreshHierarchy() {
    await this.invalidateCaches();
    await this.hierarchy(false);
    return { success: true, message: 'Tag hierarchy refreshed' };
  }

  async statistics() {
    return this.cached('statistics', async () => {
      const c = await hierarchyCounts(this.runtime.db);
      return { totalNodes: c.total_nodes, totalRelationships: c.total_relationships, rootCategories: c.root_categories };
    });
  }

  async roots() {
    return this.cached('roots', async () => (await rootTags(this.runtime.db)).map(summary));
  }

  async children(tagId: string) {
    await this.requireTagExists(tagId);
    return (await childTags(this.runtime.db, tagId)).map(summary);
  }

  async parents(tagId: string) {
    await this.requireTagExists(tagId);
    return (await parentTags(this.runtime.db, tagId)).map(summary);
  }

  async ancestors(tagId: string, maxDepth: number) {
    await this.requireTagExists(tagId);
    return relatedTags(this.runtime.db, tagId, 'ancestors', maxDepth);
  }

  async descendants(tagId: string, maxDepth: number) {
    await this.requireTagExists(tagId);
    return relatedTags(this.runtime.db, tagId, 'descendants', maxDepth);
  }

  /**
   * Makes `parentId` a parent of `tagId`. Refused with 422 when it would make a tag its own
   * ancestor (self-parent, or the parent already descends from the tag). Idempotent.
   */
  async addParent(tagId: string, parentId: string) {
    const { db } = this.runtime;
    const [tag, parent] = await Promise.all([this.requireTag(tagId), this.requireTag(parentId)]);
    if (tagId === parentId) throw new DomainValidationError(`Tag ${tag.name} cannot be its own parent`);
    if (await isSelfOrDescendant(db, tagId, parentId)) {
      throw new DomainValidationError(`Adding ${parent.name} as a parent of ${tag.name} would create a cycle in the tag hierarchy`);
    }
    try {
      await insertParentEdge(db, tagId, parentId);
    } catch (err) {
      if (isHierarchyViolation(err)) {
        throw new DomainValidationError(`Adding ${parent.name} as a parent of ${tag.name} would create a cycle in the tag hierarchy`);
      }
      throw err;
    }
    await this.invalidateCaches();
    return (await parentTags(db, tagId)).map(summary);
  }

  async removeParent(tagId: string, parentId: string) {
    if ((await deleteParentEdge(this.runtime.db, tagId, parentId)) === 0) {
      throw new HttpError(404, `Tag ${parentId} is not a parent of tag ${tagId}`);
    }
    await this.invalidateCaches();
    return { success: true, message: 'Parent removed from tag' };
  }

  /** Creates a tag (name unique regardless of case), optionally under parents. */
  async create(input: { name: string; metadata?: Record<string, unknown>; parentIds?: readonly string[] }) {
    const name = input.name.trim();
    if (!name) throw new DomainValidationError('Tag name cannot be empty');
    const parentIds = [...new Set((input.parentIds ?? []).map((p) => p.toLowerCase()))];
    const created = await this.runtime.db.transaction(async (tx) => {
      if (await tagNameTakenCaseInsensitive(tx, name)) throw new ConflictError(`Tag with name ${name} already exists`);
      for (const p of parentIds) if (!(await tagExists(tx, p))) throw new NotFoundError('Tag', p);
      const row = await insertTag(tx, name, input.metadata ?? {});
      for (const p of parentIds) await insertParentEdge(tx, row.id, p);
      return row;
    });
    await this.invalidateCaches();
    return toTag(created);
  }

  // -------------------------------------------------------------------------------------------
  // Listing

  /**
   * A page of tags. `search` (§5.2) filters and composes with every sort (the original ignored
   * the sort when searching and re-sorted only the page for ratings). Rating sorts keep tags with
   * at least `minRatings` ratings plus all unrated ones; rated first.
   */
  async list(opts: TagListOptions) {
    const sort = resolveTagSort(opts.sort);
    const query = {
      tokens: parseTagSearch(opts.search),
      orderBy: sort.orderBy,
      minRatings: sort.byRating ? opts.minRatings : null,
      limit: opts.pageSize,
      offset: (opts.page - 1) * opts.pageSize,
    };
    const { db } = this.runtime;
    const [rows, total] = await Promise.all([listTags(db, query), countTags(db, query)]);
    return { items: rows.map((r) => toTag(r)), pagination: paginationMeta(opts.page, opts.pageSize, total) };
  }

  async popular(limit: number, contentSource: string | null | undefined, minCardinality: number) {
    let source: 'items' | 'auto' | null = null;
    if (contentSource !== undefined && contentSource !== null && contentSource !== '') {
      const s = contentSource.trim().toLowerCase();
      // Both vocabularies of the original are accepted: regular|items and auto.
      if (s === 'regular' || s === 'items') source = 'items';
      else if (s === 'auto') source = 'auto';
      else return [];
    }
    return this.cached(`popular:${source ?? 'all'}:${minCardinality}:${limit}`, () =>
      popularTags(this.runtime.db, source, minCardinality, limit),
    );
  }

  async detail(identifier: string, userId: string | null) {
    const tag = await this.findByIdentifier(identifier);
    if (!tag) throw new NotFoundError('Tag', identifier);
    const { db } = this.runtime;
    if (userId) await this.requireUser(userId);
    const [parents, children, rating, cardinality, mine, favorite] = await Promise.all([
      parentTags(db, tag.id),
      childTags(db, tag.id),
      ratingSummary(db, tag.id),
      tagCardinalities(db, tag.id),
      userId ? userRating(db, userId, tag.id) : Promise.resolve(null),
      userId ? isFavorite(db, userId, tag.id) : Promise.resolve(null),
    ]);
    const average = rating.count > 0 ? rating.average : null;
    return {
      tag: toTag(tag, { average_rating: average, rating_count: rating.count, is_favorite: favorite }),
      parents: parents.map(summary),
      children: children.map(summary),
      ancestors: null,
      descendants: null,
      average_rating: average,
      rating_count: rating.count,
      user_rating: mine,
      is_favorite: favorite,
      cardinality_auto: cardinality.auto,
      cardinality_regular: cardinality.items,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Ratings

  /** Upserts the user's rating: 1.0 to 5.0 in half steps. */
  async rate(userId: string, tagId: string, rating: number) {
    if (!(rating >= 1 && rating <= 5) || !Number.isInteger(rating * 2)) {
      throw new BadRequestError('Rating must be between 1.0 and 5.0 in steps of 0.5');
    }
    await Promise.all([this.requireUser(userId), this.requireTagExists(tagId)]);
    const row = await upsertRating(this.runtime.db, userId, tagId, rating);
    await this.invalidateCaches();
    return toTagRating(row);
  }

  async deleteRating(userId: string, tagId: string) {
    if ((await deleteRating(this.runtime.db, userId, tagId)) === 0) throw new HttpError(404, 'Rating not found');
    await this.invalidateCaches();
    return { success: true, message: 'Rating deleted successfully' };
  }

  async userRating(userId: string, tagId: string) {
    return { rating: await userRating(this.runtime.db, userId, tagId) };
  }

  /** The user's ratings of the given tags; unrated tags are absent. No tags → empty, unchecked. */
  async userRatings(userId: string, tagIds: readonly string[]) {
    if (tagIds.length === 0) return { ratings: {} };
    await this.requireUser(userId);
    const rows = await userRatings(this.runtime.db, userId, tagIds);
    return { ratings: Object.fromEntries(rows.map((r) => [r.tag_id, r.rating])) };
  }

  // -------------------------------------------------------------------------------------------
  // Favourites (table user_favorite_tags)

  async favorites(userId: string) {
    await this.requireUser(userId);
    return (await favoriteTags(this.runtime.db, userId)).map(summary);
  }

  async addFavorite(userId: string, tagId: string) {
    await Promise.all([this.requireUser(userId), this.requireTagExists(tagId)]);
    await addFavorite(this.runtime.db, userId, tagId);
    return { success: true, message: 'Tag added to favorites' };
  }

  async removeFavorite(userId: string, tagId: string) {
    await this.requireUser(userId);
    await removeFavorite(this.runtime.db, userId, tagId);
    return { success: true, message: 'Tag removed from favorites' };
  }
}
