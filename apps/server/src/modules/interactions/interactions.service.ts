import { DomainValidationError, HttpError, NotFoundError } from '../../platform/http/errors.ts';
import type { Runtime } from '../../platform/runtime.ts';
import { ownerScope, requireOwner, type Access } from '../auth/access.ts';
import { visibleContentSource } from '../auth/access.queries.ts';
import {
  INTERACTION_TYPES,
  aggregateByType,
  countAllByType,
  countInteractions,
  deleteInteraction,
  findInteraction,
  findLatestBetween,
  findUserActivity,
  insertInteraction,
  listInteractions,
  topContentTypes,
  updateInteraction,
  type ContentSource,
  type InteractionFilter,
  type InteractionType,
} from './interactions.queries.ts';
import { toInteraction, toTypeCounts, toTypeStats } from './interactions.schemas.ts';

export interface InteractionInput {
  content_item_id: number;
  interaction_type: InteractionType;
  rating?: number | null;
  duration?: number | null;
  metadata?: Record<string, unknown> | null;
}

export interface InteractionPatch {
  rating?: number | null;
  duration?: number | null;
  metadata?: Record<string, unknown> | null;
}

export interface InteractionListQuery {
  user_id?: string;
  content_item_id?: number;
  interaction_type?: string;
  days?: number;
  skip: number;
  limit: number;
}

/**
 * Maps database errors a well-formed request can still cause: the content row vanishing between the
 * look-up and the insert (FK 23503) and JSON text PostgreSQL refuses to store (NUL characters).
 */
export function translateWriteError(err: unknown, onMissingContent: () => HttpError): never {
  const code = (err as { code?: string } | null)?.code;
  if (code === '23503') throw onMissingContent();
  if (code === '22P05' || code === '22021') throw new DomainValidationError('Metadata contains characters that cannot be stored (e.g. \\u0000)');
  throw err;
}

/** Events users have with content (views, likes, ratings...), their listings and aggregates. */
export class InteractionsService {
  constructor(private readonly runtime: Runtime) {}

  /**
   * Unknown user or content → 404; inactive user → 422. Content of either partition can be referenced.
   * In required mode another user's private item answers exactly like a missing one (docs/security.md).
   */
  async create(access: Access, userId: string, input: InteractionInput) {
    const { db } = this.runtime;
    await this.requireActiveUser(userId, 'Cannot record interactions for inactive users');
    const source = await this.requireContent(access, input.content_item_id);
    try {
      const row = await insertInteraction(db, {
        userId,
        contentItemId: input.content_item_id,
        source,
        type: input.interaction_type,
        rating: input.rating ?? null,
        duration: input.duration ?? null,
        metadata: input.metadata ?? {},
      });
      return toInteraction(row);
    } catch (err) {
      translateWriteError(err, () => new NotFoundError('ContentItem', input.content_item_id));
    }
  }

  /** Another user's interaction is a 404 like a missing one (docs/security.md). */
  async get(access: Access, id: number) {
    const row = await findInteraction(this.runtime.db, id);
    if (!row) throw new NotFoundError('UserInteraction', id);
    requireOwner(access, row.user_id, 'UserInteraction', id);
    return toInteraction(row);
  }

  /** Absent or null fields keep their value; `metadata` replaces the stored object. */
  async update(access: Access, id: number, patch: InteractionPatch) {
    await this.get(access, id);
    let row;
    try {
      row = await updateInteraction(this.runtime.db, id, {
        rating: patch.rating ?? null,
        duration: patch.duration ?? null,
        metadata: patch.metadata ?? null,
      });
    } catch (err) {
      translateWriteError(err, () => new NotFoundError('UserInteraction', id));
    }
    if (!row) throw new NotFoundError('UserInteraction', id);
    return toInteraction(row);
  }

  async delete(access: Access, id: number) {
    await this.get(access, id);
    if (!(await deleteInteraction(this.runtime.db, id))) throw new NotFoundError('UserInteraction', id);
    return { success: true, message: `Interaction ${id} deleted successfully` };
  }

  /**
   * The collection listing: one filter applies, by precedence user > content > type > none.
   * `days` narrows the user filter to a recent window (skip and total follow the window).
   */
  async list(access: Access, q: InteractionListQuery) {
    let filter: InteractionFilter;
    if (q.user_id !== undefined) {
      await this.requireUser(q.user_id);
      filter = { by: 'user', userId: q.user_id, sinceDays: q.days };
    } else if (q.content_item_id !== undefined) {
      await this.requireContent(access, q.content_item_id);
      filter = { by: 'content', contentItemId: q.content_item_id };
    } else if (q.interaction_type !== undefined) {
      filter = { by: 'type', type: q.interaction_type };
    } else {
      filter = { by: 'all' };
    }
    return this.page({ ...filter, ownerId: ownerScope(access) }, q.skip, q.limit);
  }

  async listForUser(userId: string, skip: number, limit: number) {
    await this.requireUser(userId);
    return this.page({ by: 'user', userId }, skip, limit);
  }

  async recentForUser(userId: string, days: number, limit: number) {
    await this.requireUser(userId);
    return this.page({ by: 'user', userId, sinceDays: days }, 0, limit);
  }

  async listForContent(access: Access, contentItemId: number, skip: number, limit: number) {
    await this.requireContent(access, contentItemId);
    return this.page({ by: 'content', contentItemId, ownerId: ownerScope(access) }, skip, limit);
  }

  /** Unknown types simply match nothing (the path segment is free text in the contract). */
  async listByType(access: Access, type: string, skip: number, limit: number) {
    return this.page({ by: 'type', type, ownerId: ownerScope(access) }, skip, limit);
  }

  async findBetween(access: Access, userId: string, contentItemId: number, type: string) {
    await this.requireUser(userId);
    await this.requireContent(access, contentItemId);
    const row = await findLatestBetween(this.runtime.db, userId, contentItemId, type);
    if (!row) throw new HttpError(404, `No ${type} interaction found between user ${userId} and content ${contentItemId}`);
    return toInteraction(row);
  }

  async summary(userId: string) {
    await this.requireUser(userId);
    const rows = await aggregateByType(this.runtime.db, { userId });
    const total = rows.reduce((sum, r) => sum + r.count, 0);
    return { user_id: userId, summary: { ...toTypeCounts(rows), total_interactions: total } };
  }

  async contentStats(access: Access, contentItemId: number) {
    await this.requireContent(access, contentItemId);
    const rows = await aggregateByType(this.runtime.db, { contentItemId });
    return { content_item_id: contentItemId, stats: toTypeStats(rows) };
  }

  async userBehavior(userId: string) {
    await this.requireUser(userId);
    const { db } = this.runtime;
    const [rows, favourites] = await Promise.all([aggregateByType(db, { userId }), topContentTypes(db, userId, 5)]);
    return {
      total_interactions: rows.reduce((sum, r) => sum + r.count, 0),
      interaction_types: toTypeCounts(rows),
      favorite_content_types: favourites,
    };
  }

  /** Every type is present in the breakdown, zero when unused. */
  async overview() {
    const rows = await countAllByType(this.runtime.db);
    const breakdown = Object.fromEntries(INTERACTION_TYPES.map((t) => [t, 0])) as Record<string, number>;
    for (const r of rows) breakdown[r.interaction_type] = r.count;
    return { total_interactions: rows.reduce((sum, r) => sum + r.count, 0), type_breakdown: breakdown };
  }

  private async page(filter: InteractionFilter, skip: number, limit: number) {
    const { db } = this.runtime;
    const [rows, total] = await Promise.all([listInteractions(db, filter, skip, limit), countInteractions(db, filter)]);
    return { items: rows.map(toInteraction), total, skip, limit };
  }

  private async requireUser(userId: string): Promise<{ is_active: boolean }> {
    const user = await findUserActivity(this.runtime.db, userId);
    if (!user) throw new NotFoundError('User', userId);
    return user;
  }

  private async requireActiveUser(userId: string, inactiveMessage: string): Promise<void> {
    const user = await this.requireUser(userId);
    if (!user.is_active) throw new DomainValidationError(inactiveMessage);
  }

  /** Another user's private item is a 404 like a missing one, for non-admins in required mode. */
  private async requireContent(access: Access, contentItemId: number): Promise<ContentSource> {
    const source = await visibleContentSource(this.runtime.db, access, contentItemId);
    if (!source) throw new NotFoundError('ContentItem', contentItemId);
    return source;
  }
}
