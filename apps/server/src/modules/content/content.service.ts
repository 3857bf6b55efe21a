import { createHash } from 'node:crypto';
import type { Queryable } from '../../db/database.ts';
import { cached } from '../../platform/cache/cache.ts';
import { DomainValidationError, NotFoundError } from '../../platform/http/errors.ts';
import type { Runtime } from '../../platform/runtime.ts';
import { ownerScope, requireReadable, requireWritable, type Access } from '../auth/access.ts';
import { TagsService } from '../tags/tags.service.ts';
import { isUuid, tagSlug } from '../tags/tags.search.ts';
import {
  CONTENT_SORT_COLUMNS,
  contentStats,
  contentTags,
  countContent,
  deleteContent,
  ensureTagsByName,
  existingTagIds,
  findContent,
  insertContent,
  listContent,
  pageContent,
  replaceContentTags,
  updateContent,
  updateQuality,
  userIsKnown,
  type ContentFilter,
  type ContentRow,
  type SourceType,
} from './content.queries.ts';
import { MAX_TAGS, normaliseTags, toContent } from './content.schemas.ts';
import { decodePageCursor, encodePageCursor, pageMeta } from './paging.ts';

/** Cache keys of content reads (the unified gallery's stats and counts) start with this. */
export const CONTENT_CACHE_PREFIX = 'content:';
const DEFAULT_QUALITY = 0.5;
/** Exact counts of the legacy listings are cached this long (content writes clear them). */
const COUNT_TTL_SECONDS = 60;

export interface ContentCreateInput {
  title: string;
  content_type: string;
  content_data: string;
  prompt: string;
  item_metadata?: Record<string, unknown> | null;
  tags?: string[] | null;
  is_private?: boolean;
}

export interface ContentUpdateInput {
  title?: string | null;
  content_data?: string | null;
  item_metadata?: Record<string, unknown> | null;
  tags?: string[] | null;
  is_private?: boolean | null;
  prompt?: string | null;
}

interface TagPlan {
  ids: string[];
  create: Array<{ name: string; slug: string }>;
}

export interface ContentListQuery {
  skip: number;
  limit: number;
  content_type?: string | null;
  creator_id?: string | null;
  public_only?: boolean;
  search_term?: string | null;
  metadata_filter?: Record<string, unknown> | null;
  tags?: string[] | null;
}

export interface PagedQuery {
  page: number;
  page_size: number;
  cursor?: string;
  sort_field?: string;
  sort_order?: string;
}

/** The DB trigger `forbid_prompt_update` (SQLSTATE 23000, message "prompt is immutable"). */
function isPromptImmutable(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  return e?.code === '23000' && /prompt is immutable/.test(e.message ?? '');
}

function titleCase(slug: string): string {
  return slug
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
}

/**
 * Content of one partition: `items` (the API's "regular", routes under /content) or `auto`
 * (/content-auto). Both route sets share this class; only the partition, the entity name in 404s
 * and the delete message differ.
 */
export class ContentService {
  readonly entity: string;

  constructor(
    private readonly runtime: Runtime,
    readonly source: SourceType,
    private readonly tags: TagsService = new TagsService(runtime),
  ) {
    this.entity = source === 'items' ? 'ContentItem' : 'ContentItemAuto';
  }

  /**
   * Drops cached content counts and gallery totals/stats. Modules that write content rows with
   * their own SQL (generation, moderation) call this afterwards; otherwise the 60 s TTL bounds it.
   */
  async invalidateCaches(): Promise<void> {
    // Local pages go at once (read-your-writes); other processes hear of it from the change feed.
    this.runtime.pages.invalidate();
    await this.runtime.cache.deletePrefix(CONTENT_CACHE_PREFIX);
  }

  /** Exact count of a listing filter, cached: an unfiltered partition count reads every row. */
  private count(filter: ContentFilter): Promise<number> {
    const key = createHash('sha1').update(JSON.stringify(filter)).digest('hex');
    return cached(this.runtime.cache, `${CONTENT_CACHE_PREFIX}count:${this.source}:${key}`, COUNT_TTL_SECONDS, () => countContent(this.runtime.db, this.source, filter));
  }

  private async require(id: number, db: Queryable = this.runtime.db): Promise<ContentRow> {
    const row = await findContent(db, this.source, id);
    if (!row) throw new NotFoundError(this.entity, id);
    return row;
  }

  /**
   * A private item is visible to its creator only (others get the 404 of a missing id); a public
   * one to everyone. `access` null = unrestricted (open mode, internal callers).
   */
  async get(access: Access, id: number) {
    const row = await this.require(id);
    requireReadable(access, row.creator_id, row.is_private, this.entity, id);
    return toContent(row);
  }

  /** The item's tags by name with their average ratings; readable exactly when the item is (`get`). */
  async tagsOf(access: Access, id: number) {
    const row = await this.require(id);
    requireReadable(access, row.creator_id, row.is_private, this.entity, id);
    return contentTags(this.runtime.db, this.source, id);
  }

  /** Changes are the creator's (or an administrator's): 404 for others' private, 403 for others' public items. */
  private async requireWritable(access: Access, id: number): Promise<void> {
    if (access === null) return;
    const row = await this.require(id);
    requireWritable(access, row.creator_id, row.is_private, this.entity, id);
  }

  /**
   * Tag strings of a create/update body → a plan: ids of existing tags (UUIDs must name one; other
   * strings match by name in any case or by slug) and the tags to create. Reads outside any
   * transaction (the embedded database has one connection).
   */
  private async planTags(raw: readonly string[]): Promise<TagPlan> {
    const tags = normaliseTags(raw);
    if (tags.length > MAX_TAGS) throw new DomainValidationError(`Cannot have more than ${MAX_TAGS} tags`);
    const plan: TagPlan = { ids: [], create: [] };
    if (tags.length === 0) return plan;
    const { db } = this.runtime;
    const uuids = [...new Set(tags.filter(isUuid).map((t) => t.toLowerCase()))];
    const names = tags.filter((t) => !isUuid(t));
    const ids = new Set<string>();
    if (uuids.length) {
      const found = new Set(await existingTagIds(db, uuids));
      const missing = uuids.filter((u) => !found.has(u));
      if (missing.length) throw new DomainValidationError(`Unknown tag id: ${missing[0]}`);
      for (const u of uuids) ids.add(u);
    }
    if (names.length) {
      const resolved = await this.tags.resolveIdentifiers(names);
      for (const r of resolved) ids.add(r.id);
      const known = new Set(resolved.map((r) => r.name.toLowerCase()));
      const knownSlugs = new Set(resolved.map((r) => tagSlug(r.name)));
      const toCreate = new Map<string, { name: string; slug: string }>();
      for (const n of names) {
        const slug = tagSlug(n);
        if (!slug || known.has(n.toLowerCase()) || knownSlugs.has(slug)) continue;
        toCreate.set(slug, { name: titleCase(slug), slug });
      }
      plan.create = [...toCreate.values()];
    }
    plan.ids = [...ids];
    return plan;
  }

  /** Creates the planned tags inside the write transaction and returns every tag id. */
  private async applyTagPlan(tx: Queryable, plan: TagPlan): Promise<string[]> {
    if (plan.create.length === 0) return plan.ids;
    await ensureTagsByName(tx, plan.create);
    const res = await tx.query<{ id: string }>('SELECT id FROM tags WHERE name = ANY($1::text[])', [plan.create.map((t) => t.name)]);
    return [...new Set([...plan.ids, ...res.rows.map((r) => r.id)])];
  }

  async create(creatorId: string, input: ContentCreateInput) {
    const title = input.title.trim();
    const contentData = input.content_data.trim();
    const prompt = input.prompt.trim();
    if (!title) throw new DomainValidationError('Title cannot be empty');
    if (!contentData) throw new DomainValidationError('Content data cannot be empty');
    if (!prompt) throw new DomainValidationError('Prompt cannot be empty');
    const { db } = this.runtime;
    if (!(await userIsKnown(db, creatorId))) throw new DomainValidationError('Creator not found');
    const plan = await this.planTags(input.tags ?? []);
    const id = await db.transaction(async (tx) => {
      const tagIds = await this.applyTagPlan(tx, plan);
      const newId = await insertContent(tx, this.source, {
        title,
        contentType: input.content_type,
        contentData: input.content_data,
        prompt,
        creatorId,
        metadata: input.item_metadata ?? {},
        isPrivate: input.is_private ?? false,
        qualityScore: DEFAULT_QUALITY,
      });
      await replaceContentTags(tx, this.source, newId, tagIds);
      return newId;
    });
    await this.invalidateCaches();
    if (plan.create.length) await this.tags.invalidateCaches();
    return this.get(null, id);
  }

  /** Absent/null fields are kept; `tags: []` clears; the prompt can never change (DB trigger). */
  async update(access: Access, id: number, input: ContentUpdateInput) {
    await this.requireWritable(access, id);
    const title = input.title === undefined || input.title === null ? null : input.title.trim();
    const contentData = input.content_data === undefined || input.content_data === null ? null : input.content_data;
    if (title !== null && !title) throw new DomainValidationError('Title cannot be empty');
    if (contentData !== null && !contentData.trim()) throw new DomainValidationError('Content data cannot be empty');
    const { db } = this.runtime;
    const plan = input.tags === undefined || input.tags === null ? null : await this.planTags(input.tags);
    try {
      await db.transaction(async (tx) => {
        const found = await updateContent(tx, this.source, id, {
          title,
          contentData,
          metadata: input.item_metadata ?? null,
          isPrivate: input.is_private ?? null,
          prompt: input.prompt ?? null,
        });
        if (!found) throw new NotFoundError(this.entity, id);
        if (plan) await replaceContentTags(tx, this.source, id, await this.applyTagPlan(tx, plan));
      });
    } catch (err) {
      if (isPromptImmutable(err)) throw new DomainValidationError('Prompt cannot be changed: prompts are immutable once content is created');
      throw err;
    }
    await this.invalidateCaches();
    if (plan?.create.length) await this.tags.invalidateCaches();
    return this.get(null, id);
  }

  async setQuality(access: Access, id: number, score: number) {
    await this.requireWritable(access, id);
    if (!(await updateQuality(this.runtime.db, this.source, id, score))) throw new NotFoundError(this.entity, id);
    await this.invalidateCaches();
    return this.get(null, id);
  }

  async delete(access: Access, id: number) {
    await this.requireWritable(access, id);
    if (!(await deleteContent(this.runtime.db, this.source, id))) throw new NotFoundError(this.entity, id);
    await this.invalidateCaches();
    const what = this.source === 'items' ? 'Content' : 'Auto content';
    return { success: true, message: `${what} ${id} deleted successfully` };
  }

  /**
   * The skip/limit listings and searches: every given filter applies (items and total agree,
   * spec §7.24), newest first; `search_term` is a literal title substring; `tags` match any.
   */
  async list(access: Access, q: ContentListQuery) {
    const { db } = this.runtime;
    const filter: ContentFilter = {
      visibleTo: ownerScope(access),
      contentType: q.content_type ?? null,
      creatorId: q.creator_id ?? null,
      publicOnly: q.public_only ?? false,
      titleContains: q.search_term?.trim() || null,
      metadata: q.metadata_filter ?? null,
    };
    if (q.tags && q.tags.length) {
      const resolved = await this.tags.resolveIdentifiers(normaliseTags(q.tags));
      if (resolved.length === 0) return { items: [], total: 0, skip: q.skip, limit: q.limit };
      filter.anyTagIds = resolved.map((r) => r.id);
    }
    const [rows, total] = await Promise.all([listContent(db, this.source, filter, 'newest', q.skip, q.limit), this.count(filter)]);
    return { items: rows.map(toContent), total, skip: q.skip, limit: q.limit };
  }

  async topRated(access: Access, limit: number) {
    const rows = await listContent(this.runtime.db, this.source, { minQualityExclusive: 0, visibleTo: ownerScope(access) }, 'quality', 0, limit);
    return { items: rows.map(toContent), total: rows.length, skip: 0, limit };
  }

  async recent(access: Access, days: number, limit: number) {
    const rows = await listContent(this.runtime.db, this.source, { createdWithinDays: days, visibleTo: ownerScope(access) }, 'newest', 0, limit);
    return { items: rows.map(toContent), total: rows.length, skip: 0, limit };
  }

  async stats() {
    const s = await cached(this.runtime.cache, `${CONTENT_CACHE_PREFIX}stats:${this.source}`, COUNT_TTL_SECONDS, () => contentStats(this.runtime.db, this.source));
    return {
      total_content: s.total,
      private_content: s.private,
      type_breakdown: { text: s.text, image: s.image, video: s.video, audio: s.audio },
    };
  }

  /**
   * Page/page_size listing with an optional keyset cursor (spec §3.4.2, fixed): unknown sort
   * fields fall back to `created_at`; a cursor replaces the offset.
   */
  async paged(access: Access, scope: ContentFilter, q: PagedQuery) {
    const filter: ContentFilter = { ...scope, visibleTo: ownerScope(access) };
    const sortField = q.sort_field && CONTENT_SORT_COLUMNS[q.sort_field] ? q.sort_field : 'created_at';
    const descending = (q.sort_order ?? 'desc').toLowerCase() !== 'asc';
    const cursor = q.cursor ? decodePageCursor(q.cursor, sortField, 'int') : null;
    const { db } = this.runtime;
    const keyset = cursor ? { value: cursor.value, id: Number(cursor.id), after: cursor.after } : null;
    const offset = keyset ? 0 : (q.page - 1) * q.page_size;
    const [rows, total] = await Promise.all([
      pageContent(db, this.source, filter, sortField, descending, keyset, offset, q.page_size + 1),
      this.count(filter),
    ]);
    const backward = keyset !== null && !keyset.after;
    // The look-ahead row sits at the far end in the direction of travel.
    const more = rows.length > q.page_size;
    const page = backward ? rows.slice(more ? 1 : 0) : rows.slice(0, q.page_size);
    const hasNext = backward ? page.length > 0 : more;
    const hasPrevious = backward ? more : keyset !== null || q.page > 1;
    const first = page[0] as (ContentRow & { sort_value: string }) | undefined;
    const last = page[page.length - 1] as (ContentRow & { sort_value: string }) | undefined;
    const next = hasNext && last ? encodePageCursor(sortField, Number(last.id), last.sort_value) : null;
    const prev = hasPrevious && first ? encodePageCursor(sortField, Number(first.id), first.sort_value, false) : null;
    return { items: page.map(toContent), pagination: pageMeta(q.page, q.page_size, total, next, prev, hasNext, hasPrevious) };
  }

}
