import type { Queryable } from '../../db/database.ts';
import { DomainValidationError, HttpError, NotFoundError } from '../../platform/http/errors.ts';
import type { Runtime } from '../../platform/runtime.ts';
import { owns, requireOwner, type Access } from '../auth/access.ts';
import { visibleContentSource } from '../auth/access.queries.ts';
import type { SourceType } from '../content/content.queries.ts';
import * as q from './bookmarks.queries.ts';
import type { CategoryFields, CategoryRow, SortOrder } from './bookmarks.queries.ts';
import { buildTree, toBookmark, toBookmarkWithContent, toCategory, toMembership } from './bookmarks.schemas.ts';

export interface BookmarkInput {
  content_id: number;
  content_source_type: string;
  note?: string | null;
  pinned?: boolean;
  is_public?: boolean;
}

export interface BookmarkPatchInput {
  note?: string | null;
  pinned?: boolean | null;
  is_public?: boolean | null;
}

export interface BookmarkListQuery {
  pinned?: boolean;
  is_public?: boolean;
  category_id?: string;
  skip: number;
  limit: number;
  sort_field: string;
  sort_order: string;
  include_content: boolean;
}

export interface CategoryInput {
  name?: string | null;
  description?: string | null;
  color?: string | null;
  icon?: string | null;
  cover_content_id?: number | null;
  cover_content_source_type?: string | null;
  parent_id?: string | null;
  sort_index?: number | null;
  is_public?: boolean | null;
}

export interface CategoryListQuery {
  parent_id?: string | null;
  is_public?: boolean;
  skip: number;
  limit: number;
  sort_field: string;
  sort_order: string;
}

export interface CategoryBookmarksQuery {
  skip: number;
  limit: number;
  sort_field: string;
  sort_order: string;
  include_content: boolean;
}

/** Category trees nest at most this deep, so tree reads and walks stay bounded (docs/security.md). */
export const MAX_CATEGORY_DEPTH = 32;

const order = (o: string): SortOrder => (o === 'asc' ? 'asc' : 'desc');
const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23505';
const isFkViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23503';

/**
 * Bookmarks, their nestable categories and the memberships between them. Every bookmark sits in at
 * least one category when created (the owner's root "Uncategorized", created on demand).
 */
export class BookmarksService {
  constructor(private readonly runtime: Runtime) {}

  private get db() {
    return this.runtime.db;
  }

  private async requireUser(db: Queryable, userId: string): Promise<void> {
    if (!(await q.userExists(db, userId))) throw new NotFoundError('User', userId);
  }

  /** A bookmark `access` may touch: another user's is a 404 like a missing one (docs/security.md). */
  private async requireBookmark(db: Queryable, access: Access, id: string) {
    const row = await q.findBookmark(db, id);
    if (!row) throw new NotFoundError('Bookmark', id);
    requireOwner(access, row.user_id, 'Bookmark', id);
    return row;
  }

  /** Categories are owner-only by id; public ones are readable through their share token (`shared`). */
  private async requireCategory(db: Queryable, access: Access, id: string) {
    const row = await q.findCategory(db, id);
    if (!row) throw new NotFoundError('BookmarkCategory', id);
    requireOwner(access, row.user_id, 'BookmarkCategory', id);
    return row;
  }

  // -------------------------------------------------------------------------------------------
  // Bookmarks

  /** In required mode another user's private item cannot be bookmarked (it reads as missing). */
  async create(access: Access, userId: string, input: BookmarkInput) {
    const source = input.content_source_type as SourceType;
    return this.db.transaction(async (tx) => {
      await this.requireUser(tx, userId);
      if (!(await visibleContentSource(tx, access, input.content_id, source))) throw new DomainValidationError('Referenced content does not exist');
      let row;
      try {
        row = await q.insertBookmark(tx, {
          userId,
          contentId: input.content_id,
          source,
          note: input.note ?? null,
          pinned: input.pinned ?? false,
          isPublic: input.is_public ?? false,
        });
      } catch (err) {
        if (isFkViolation(err)) throw new DomainValidationError('Referenced content does not exist');
        throw err;
      }
      if (!row) throw new DomainValidationError('Bookmark already exists for this content item');
      const uncategorized = await q.ensureUncategorized(tx, userId);
      await q.insertMembership(tx, row.id, uncategorized.id, userId, null);
      await q.touchCategories(tx, [uncategorized.id]);
      return toBookmark(row);
    });
  }

  /** Never 404: an unknown user simply has no bookmark. */
  async check(userId: string, contentId: number, source: string) {
    const row = await q.findBookmarkFor(this.db, userId, contentId, source);
    return { bookmarked: row !== null, bookmark: row ? toBookmark(row) : null };
  }

  /** Every requested pair appears as a `"<content_id>-<source>"` key, null when not bookmarked. */
  async checkBatch(userId: string, items: readonly { content_id: number; content_source_type: string }[]) {
    await this.requireUser(this.db, userId);
    const rows = await q.findBookmarksFor(this.db, userId, items);
    const bookmarks: Record<string, ReturnType<typeof toBookmark> | null> = {};
    for (const item of items) bookmarks[`${item.content_id}-${item.content_source_type}`] = null;
    for (const row of rows) bookmarks[`${Number(row.content_id)}-${row.content_source_type}`] = toBookmark(row);
    return { bookmarks };
  }

  async list(userId: string, query: BookmarkListQuery) {
    await this.requireUser(this.db, userId);
    const filter = { userId, pinned: query.pinned, isPublic: query.is_public, categoryId: query.category_id };
    const sort = { field: query.include_content ? query.sort_field : 'datetime_added', order: query.include_content ? order(query.sort_order) : 'desc' as SortOrder };
    const [rows, total] = await Promise.all([
      q.listBookmarks(this.db, filter, sort, { skip: query.skip, limit: query.limit }),
      q.countBookmarks(this.db, filter),
    ]);
    const items = query.include_content ? rows.map(toBookmarkWithContent) : rows.map(toBookmark);
    return { items, total, skip: query.skip, limit: query.limit };
  }

  async get(access: Access, id: string) {
    return toBookmark(await this.requireBookmark(this.db, access, id));
  }

  async update(access: Access, id: string, patch: BookmarkPatchInput) {
    await this.requireBookmark(this.db, access, id);
    const row = await q.updateBookmark(this.db, id, {
      note: patch.note ?? undefined,
      pinned: patch.pinned ?? undefined,
      isPublic: patch.is_public ?? undefined,
    });
    if (!row) throw new NotFoundError('Bookmark', id);
    return toBookmark(row);
  }

  async delete(access: Access, id: string) {
    await this.requireBookmark(this.db, access, id);
    if (!(await q.deleteBookmark(this.db, id))) throw new NotFoundError('Bookmark', id);
    return { success: true, message: `Bookmark ${id} deleted successfully` };
  }

  // -------------------------------------------------------------------------------------------
  // Memberships

  async addToCategory(access: Access, bookmarkId: string, categoryId: string, position: number | null) {
    return this.db.transaction(async (tx) => {
      const bookmark = await this.requireBookmark(tx, access, bookmarkId);
      const category = await this.requireCategory(tx, access, categoryId);
      if (bookmark.user_id !== category.user_id) throw new DomainValidationError('Bookmark and category must belong to the same user');
      const row = await q.insertMembership(tx, bookmarkId, categoryId, bookmark.user_id, null);
      if (!row) throw new DomainValidationError('Bookmark is already in this category');
      await q.touchCategories(tx, [categoryId]);
      if (position === null) return toMembership(row);
      return toMembership(await this.placeMember(tx, bookmarkId, categoryId, position));
    });
  }

  async categoriesOf(access: Access, bookmarkId: string) {
    await this.requireBookmark(this.db, access, bookmarkId);
    const rows = await q.membershipsOf(this.db, bookmarkId);
    return { items: rows.map(toMembership), total: rows.length };
  }

  async removeFromCategory(access: Access, bookmarkId: string, categoryId: string) {
    return this.db.transaction(async (tx) => {
      await this.requireBookmark(tx, access, bookmarkId);
      await this.requireCategory(tx, access, categoryId);
      if (!(await q.deleteMembership(tx, bookmarkId, categoryId))) throw new HttpError(404, 'Bookmark is not in this category');
      await q.touchCategories(tx, [categoryId]);
      return { success: true, message: `Bookmark ${bookmarkId} removed from category ${categoryId}` };
    });
  }

  /**
   * Moves a bookmark to `position` within its category: the others shift to make room and the
   * category is renumbered 0..n-1 (a position past the end means last). No membership → 404 (§7.12).
   */
  async setPosition(access: Access, bookmarkId: string, categoryId: string, position: number) {
    return this.db.transaction(async (tx) => {
      const bookmark = await q.findBookmark(tx, bookmarkId);
      if (!(await q.findMembership(tx, bookmarkId, categoryId)) || !owns(access, bookmark?.user_id)) {
        throw new HttpError(404, `Membership not found for bookmark ${bookmarkId}, category ${categoryId}`);
      }
      const row = await this.placeMember(tx, bookmarkId, categoryId, position);
      await q.touchCategories(tx, [categoryId]);
      return toMembership(row);
    });
  }

  private async placeMember(tx: Queryable, bookmarkId: string, categoryId: string, position: number) {
    const others = (await q.orderedMembers(tx, categoryId)).filter((id) => id !== bookmarkId);
    others.splice(Math.min(position, others.length), 0, bookmarkId);
    await q.renumberMembers(tx, categoryId, others);
    return (await q.findMembership(tx, bookmarkId, categoryId)) as q.MembershipRow;
  }

  /** Makes the bookmark's categories exactly `categoryIds` (`[]` = the owner's "Uncategorized"). */
  async syncCategories(access: Access, bookmarkId: string, userId: string, categoryIds: readonly string[]) {
    return this.db.transaction(async (tx) => {
      const bookmark = await this.requireBookmark(tx, access, bookmarkId);
      if (bookmark.user_id !== userId) throw new DomainValidationError('Bookmark does not belong to the specified user');
      let wanted = [...new Set(categoryIds)];
      if (wanted.length === 0) wanted = [(await q.ensureUncategorized(tx, userId)).id];
      const found = new Map((await q.findCategoriesByIds(tx, wanted)).map((c) => [c.id, c]));
      for (const id of wanted) {
        const category = found.get(id);
        if (!category) throw new NotFoundError('BookmarkCategory', id);
        if (category.user_id !== userId) throw new DomainValidationError(`Category ${id} does not belong to the specified user`);
      }
      const removed = await q.deleteMembershipsExcept(tx, bookmarkId, wanted);
      const added: string[] = [];
      for (const id of wanted) if (await q.insertMembership(tx, bookmarkId, id, userId, null)) added.push(id);
      await q.touchCategories(tx, [...removed, ...added]);
      const rows = await q.membershipsOf(tx, bookmarkId);
      return { items: rows.map(toMembership), total: rows.length };
    });
  }

  // -------------------------------------------------------------------------------------------
  // Categories

  async createCategory(access: Access, userId: string, input: CategoryInput & { name: string }) {
    return this.db.transaction(async (tx) => {
      await this.requireUser(tx, userId);
      const fields = this.mergeFields(null, input);
      await this.checkCover(tx, access, input, fields);
      await this.checkParent(tx, null, userId, null, fields.parentId);
      if (await q.nameTakenAtLevel(tx, userId, fields.parentId, fields.name, null)) throw duplicateName(fields.name);
      try {
        return toCategory(await q.insertCategory(tx, userId, fields));
      } catch (err) {
        throw translateCategoryError(err, fields.name);
      }
    });
  }

  /** Unfiltered listing of a user without categories creates "Uncategorized" first, so `total` counts it (§7.14). */
  async listCategories(userId: string, query: CategoryListQuery) {
    await this.requireUser(this.db, userId);
    if (query.parent_id === undefined && query.is_public === undefined && !(await q.userHasCategories(this.db, userId))) {
      await q.ensureUncategorized(this.db, userId);
    }
    const filter = { userId, parentId: query.parent_id, isPublic: query.is_public };
    const [rows, total] = await Promise.all([
      q.listCategories(this.db, filter, { field: query.sort_field, order: order(query.sort_order) }, query),
      q.countCategories(this.db, filter),
    ]);
    return { items: rows.map(toCategory), total, skip: query.skip, limit: query.limit };
  }

  /** Root categories with their descendants nested under `children`. */
  async tree(userId: string) {
    await this.requireUser(this.db, userId);
    return buildTree(await q.allCategories(this.db, userId));
  }

  async getCategory(access: Access, id: string) {
    return toCategory(await this.requireCategory(this.db, access, id));
  }

  async children(access: Access, id: string, page: { skip: number; limit: number }) {
    await this.requireCategory(this.db, access, id);
    const [rows, total] = await Promise.all([q.listChildren(this.db, id, page), q.countChildren(this.db, id)]);
    return { items: rows.map(toCategory), total, skip: page.skip, limit: page.limit };
  }

  /** `raterId` is the user whose ratings are joined (the request's `user_id`). */
  async categoryBookmarks(access: Access, id: string, raterId: string, query: CategoryBookmarksQuery) {
    const category = await this.requireCategory(this.db, access, id);
    const sort = query.include_content ? { field: query.sort_field, order: order(query.sort_order) } : { field: 'position', order: 'asc' as SortOrder };
    const [rows, total] = await Promise.all([
      q.listCategoryBookmarks(this.db, id, raterId, sort, query),
      q.countCategoryBookmarks(this.db, id),
    ]);
    return {
      category: toCategory(category),
      bookmarks: query.include_content ? rows.map(toBookmarkWithContent) : rows.map(toBookmark),
      total,
    };
  }

  /** Null fields are left unchanged (so `parent_id` cannot be cleared through this route, as in the contract). */
  async updateCategory(access: Access, id: string, patch: CategoryInput) {
    return this.db.transaction(async (tx) => {
      const current = await this.requireCategory(tx, access, id);
      const fields = this.mergeFields(current, patch);
      await this.checkCover(tx, access, patch, fields);
      if (current.name === q.UNCATEGORIZED && current.parent_id === null && (fields.name !== current.name || fields.parentId !== null)) {
        throw new DomainValidationError("Cannot rename or move the 'Uncategorized' category");
      }
      if (fields.parentId === id) throw new DomainValidationError('Category cannot be its own parent');
      await this.checkParent(tx, access, current.user_id, id, fields.parentId);
      if ((fields.name !== current.name || fields.parentId !== current.parent_id) && (await q.nameTakenAtLevel(tx, current.user_id, fields.parentId, fields.name, id))) {
        throw duplicateName(fields.name);
      }
      try {
        return toCategory((await q.updateCategory(tx, id, fields)) as CategoryRow);
      } catch (err) {
        throw translateCategoryError(err, fields.name);
      }
    });
  }

  /**
   * Deletes a category. Its bookmarks move to `targetId` (default: "Uncategorized"); with
   * `deleteAll` the bookmarks filed in it are deleted instead (as documented, §7.30), which also
   * removes them from any other category. Child categories become roots (renamed "name (2)"…
   * when a root of that name exists).
   */
  async deleteCategory(access: Access, id: string, targetId: string | undefined, deleteAll: boolean) {
    return this.db.transaction(async (tx) => {
      const category = await this.requireCategory(tx, access, id);
      if (category.name === q.UNCATEGORIZED && category.parent_id === null) {
        throw new DomainValidationError("Cannot delete the 'Uncategorized' category");
      }
      if (deleteAll) {
        await q.deleteBookmarksIn(tx, id);
      } else {
        let target: CategoryRow;
        if (targetId !== undefined) {
          target = await this.requireCategory(tx, access, targetId);
          if (target.user_id !== category.user_id) throw new DomainValidationError('Target category must belong to the same user');
          if (target.id === id) throw new DomainValidationError('Target category cannot be the category being deleted');
        } else {
          target = await q.ensureUncategorized(tx, category.user_id);
        }
        await q.moveMembers(tx, id, target.id);
        await q.touchCategories(tx, [target.id]);
      }
      const taken = await q.rootNames(tx, category.user_id);
      for (const child of await q.childCategories(tx, id)) {
        if (!taken.has(child.name)) {
          taken.add(child.name);
          continue;
        }
        let n = 2;
        let name = `${child.name} (${n})`;
        while (taken.has(name) || name.length > 100) name = `${child.name.slice(0, 90)} (${++n})`;
        taken.add(name);
        await q.renameCategory(tx, child.id, name);
      }
      await q.deleteCategory(tx, id);
      return { success: true, message: `Category ${id} deleted successfully` };
    });
  }

  async shared(token: string) {
    const row = await q.findSharedCategory(this.db, token);
    if (!row) throw new NotFoundError('BookmarkCategory', token);
    return toCategory(row);
  }

  private mergeFields(current: CategoryRow | null, p: CategoryInput): CategoryFields {
    const coverContentId = p.cover_content_id ?? current?.cover_content_id ?? null;
    let coverSource = p.cover_content_source_type ?? (p.cover_content_id != null ? null : (current?.cover_content_source_type ?? null));
    // A cover id without a source means a regular item (the id alone is unambiguous: one sequence).
    if (coverContentId !== null && coverSource === null) coverSource = 'items';
    return {
      name: p.name ?? current?.name ?? '',
      description: p.description ?? current?.description ?? null,
      color: p.color ?? current?.color ?? null,
      icon: p.icon ?? current?.icon ?? null,
      coverContentId: coverContentId === null ? null : Number(coverContentId),
      coverSource: coverContentId === null ? null : coverSource,
      parentId: p.parent_id ?? current?.parent_id ?? null,
      sortIndex: p.sort_index ?? current?.sort_index ?? null,
      isPublic: p.is_public ?? current?.is_public ?? false,
    };
  }

  /**
   * A cover being set must be visible to the caller: in required mode another user's private item
   * answers like a missing one (the same 422 the foreign key gives), so existence is not revealed.
   * A cover kept from before is not re-checked.
   */
  private async checkCover(db: Queryable, access: Access, p: CategoryInput, fields: CategoryFields): Promise<void> {
    if ((p.cover_content_id == null && p.cover_content_source_type == null) || fields.coverContentId === null) return;
    const source = fields.coverSource as SourceType;
    if (!(await visibleContentSource(db, access, fields.coverContentId, source))) throw new DomainValidationError('Referenced content does not exist');
  }

  private async checkParent(db: Queryable, access: Access, userId: string, selfId: string | null, parentId: string | null): Promise<void> {
    if (parentId === null) return;
    const parent = await this.requireCategory(db, access, parentId);
    if (parent.user_id !== userId) throw new DomainValidationError('Parent category must belong to the same user');
    if (selfId !== null && (await q.isSelfOrDescendant(db, selfId, parentId))) {
      throw new DomainValidationError('Category cannot be moved under one of its own descendants');
    }
    const depth = await q.categoryDepth(db, parentId, MAX_CATEGORY_DEPTH + 1);
    const height = selfId === null ? 1 : await q.subtreeHeight(db, selfId, MAX_CATEGORY_DEPTH + 1);
    if (depth + height > MAX_CATEGORY_DEPTH) throw new DomainValidationError(`Categories can be nested at most ${MAX_CATEGORY_DEPTH} levels deep`);
  }
}

function duplicateName(name: string) {
  return new DomainValidationError(`Category '${name}' already exists at this level`);
}

function translateCategoryError(err: unknown, name: string): unknown {
  if (isUniqueViolation(err)) return duplicateName(name);
  if (isFkViolation(err)) return new DomainValidationError('Referenced content does not exist');
  return err;
}
