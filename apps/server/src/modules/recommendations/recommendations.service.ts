import { DomainValidationError, ForbiddenError, NotFoundError } from '../../platform/http/errors.ts';
import { cached } from '../../platform/cache/cache.ts';
import type { Runtime } from '../../platform/runtime.ts';
import { owns, ownerScope, requireOwner, type Access } from '../auth/access.ts';
import { visibleContentSource, visibleContentSources } from '../auth/access.queries.ts';
import { translateWriteError } from '../interactions/interactions.service.ts';
import {
  algorithmBreakdown,
  candidateFeatures,
  countRecommendations,
  deleteRecommendation,
  deleteUnserved,
  findRecommendation,
  findUserActivity,
  insertRecommendations,
  listRecommendations,
  listRecommendationsWithContent,
  markServed,
  missingRecommendationIds,
  popularItems,
  totals,
  updateRecommendation,
  userSignal,
  usersActivity,
  type NewRecommendation,
  type RecommendationFilter,
  type RecommenderLimits,
} from './recommendations.queries.ts';
import { toRecommendation, toRecommendationWithContent } from './recommendations.schemas.ts';
import { RECOMMENDER_VERSION, rankCandidates } from './recommendations.scoring.ts';

export interface RecommendationInput {
  user_id: string;
  content_item_id: number;
  recommendation_score: number;
  algorithm_version: string;
  metadata?: Record<string, unknown> | null;
}

export interface RecommendationListQuery {
  user_id?: string;
  content_item_id?: number;
  algorithm_version?: string;
  min_score?: number;
  unserved_only?: boolean;
  skip: number;
  limit: number;
}

/** Bounds of the recommender's candidate generation (keeps one refresh cheap on a large catalogue). */
export const RECOMMENDER_LIMITS: RecommenderLimits = { seeds: 200, fansPerSeed: 200, itemsPerFan: 200, pool: 500, profileTags: 20 };

/** The popular-items pool is global; recomputing it per refresh would scan a month of interactions each time. */
const POPULAR_CACHE_KEY = 'recommendations:popular-pool';
const POPULAR_CACHE_TTL_SECONDS = 600;

const EMPTY_ALGORITHM = 'Algorithm version cannot be empty';
/** How many per-item problems a failed bulk create lists before summarising the rest. */
const MAX_REPORTED_FAILURES = 20;

/** Stored recommendations (CRUD, serving, stats) and the recommender that generates them. */
export class RecommendationsService {
  constructor(private readonly runtime: Runtime) {}

  /**
   * Unknown user or content → 404; inactive user or blank algorithm version → 422. In required mode
   * another user's private item answers exactly like a missing one (docs/security.md).
   */
  async create(access: Access, input: RecommendationInput) {
    const { db } = this.runtime;
    const algorithm = input.algorithm_version.trim();
    if (algorithm.length === 0) throw new DomainValidationError(EMPTY_ALGORITHM);
    const user = await findUserActivity(db, input.user_id);
    if (!user) throw new NotFoundError('User', input.user_id);
    if (!user.is_active) throw new DomainValidationError('Cannot create recommendations for inactive users');
    const source = await visibleContentSource(db, access, input.content_item_id);
    if (!source) throw new NotFoundError('ContentItem', input.content_item_id);
    const [row] = await this.insert([
      { userId: input.user_id, contentItemId: input.content_item_id, source, score: input.recommendation_score, algorithmVersion: algorithm, metadata: input.metadata ?? {} },
    ]);
    return toRecommendation(row);
  }

  /**
   * All-or-nothing: every item is checked first (two set-based look-ups), and one 422 lists each
   * failing item by index; otherwise all rows are inserted in one statement. Another user's private
   * item is reported like a missing one.
   */
  async bulkCreate(access: Access, inputs: readonly RecommendationInput[]) {
    const { db } = this.runtime;
    // The hook checks a top-level user_id; these are nested in the list.
    if (inputs.some((r) => !owns(access, r.user_id))) throw new ForbiddenError('Not allowed to act for another user');
    const [users, sources] = await Promise.all([
      usersActivity(db, [...new Set(inputs.map((r) => r.user_id))]),
      visibleContentSources(db, access, [...new Set(inputs.map((r) => r.content_item_id))]),
    ]);
    const failures: string[] = [];
    const rows: NewRecommendation[] = [];
    inputs.forEach((r, i) => {
      const active = users.get(r.user_id);
      const source = sources.get(r.content_item_id);
      const algorithm = r.algorithm_version.trim();
      const problems: string[] = [];
      if (active === undefined) problems.push(`User ${r.user_id} not found`);
      else if (!active) problems.push(`User ${r.user_id} is inactive`);
      if (!source) problems.push(`Content ${r.content_item_id} not found`);
      if (algorithm.length === 0) problems.push(EMPTY_ALGORITHM);
      if (problems.length > 0) failures.push(`recommendation ${i}: ${problems.join(', ')}`);
      else rows.push({ userId: r.user_id, contentItemId: r.content_item_id, source: source!, score: r.recommendation_score, algorithmVersion: algorithm, metadata: r.metadata ?? {} });
    });
    if (failures.length > 0) {
      const shown = failures.slice(0, MAX_REPORTED_FAILURES).join('; ');
      const more = failures.length > MAX_REPORTED_FAILURES ? `; and ${failures.length - MAX_REPORTED_FAILURES} more` : '';
      throw new DomainValidationError(`Validation failed for ${shown}${more}`);
    }
    const created = await db.transaction((tx) => this.insert(rows, tx));
    return { items: created.map(toRecommendation), total: created.length, skip: 0, limit: created.length };
  }

  /** Another user's recommendation is a 404 like a missing one (docs/security.md). */
  async get(access: Access, id: number) {
    const row = await findRecommendation(this.runtime.db, id);
    if (!row) throw new NotFoundError('Recommendation', id);
    requireOwner(access, row.user_id, 'Recommendation', id);
    return toRecommendation(row);
  }

  /** Absent or null fields keep their value; `metadata` replaces the stored object. */
  async update(access: Access, id: number, patch: { recommendation_score?: number | null; metadata?: Record<string, unknown> | null }) {
    await this.get(access, id);
    let row;
    try {
      row = await updateRecommendation(this.runtime.db, id, { score: patch.recommendation_score ?? null, metadata: patch.metadata ?? null });
    } catch (err) {
      translateWriteError(err, () => new NotFoundError('Recommendation', id));
    }
    if (!row) throw new NotFoundError('Recommendation', id);
    return toRecommendation(row);
  }

  async delete(access: Access, id: number) {
    await this.get(access, id);
    if (!(await deleteRecommendation(this.runtime.db, id))) throw new NotFoundError('Recommendation', id);
    return { success: true, message: `Recommendation ${id} deleted successfully` };
  }

  /** Collection listing: one filter by precedence user > content > algorithm > none. */
  async list(access: Access, q: RecommendationListQuery) {
    if (q.user_id !== undefined) return this.listForUser(access, q.user_id, q);
    if (q.content_item_id !== undefined) return this.listForContent(access, q.content_item_id, q.skip, q.limit);
    if (q.algorithm_version !== undefined) return this.listForAlgorithm(access, q.algorithm_version, q.skip, q.limit);
    return this.page({ by: 'all', ownerId: ownerScope(access) }, 'newest', q.skip, q.limit);
  }

  /**
   * A user's recommendations, best first; `unserved_only` and `min_score` narrow the list (and its
   * total). With `include_content` each row also embeds the recommended item (one statement for the
   * page); private items are embedded for their creator and unrestricted callers only, as the
   * content routes show them.
   */
  async listForUser(access: Access, userId: string, q: { min_score?: number; unserved_only?: boolean; include_content?: boolean; skip: number; limit: number }) {
    await this.requireUser(userId, 'Cannot get recommendations for inactive users');
    const filter: RecommendationFilter = { by: 'user', userId, unservedOnly: q.unserved_only, minScore: q.min_score };
    if (!q.include_content) return this.page(filter, 'best', q.skip, q.limit);
    const { db } = this.runtime;
    const [rows, total] = await Promise.all([
      listRecommendationsWithContent(db, filter, 'best', q.skip, q.limit, ownerScope(access)),
      countRecommendations(db, filter),
    ]);
    return { items: rows.map(toRecommendationWithContent), total, skip: q.skip, limit: q.limit };
  }

  async top(userId: string, minScore: number, limit: number) {
    await this.requireUser(userId);
    return this.page({ by: 'user', userId, minScore }, 'best', 0, limit);
  }

  async unserved(userId: string, limit: number) {
    await this.requireUser(userId);
    return this.page({ by: 'user', userId, unservedOnly: true }, 'best', 0, limit);
  }

  async recent(userId: string, days: number, limit: number) {
    await this.requireUser(userId);
    return this.page({ by: 'user', userId, sinceDays: days }, 'newest', 0, limit);
  }

  /** Another user's private item is a 404 like a missing one, for non-admins in required mode. */
  async listForContent(access: Access, contentItemId: number, skip: number, limit: number) {
    if (!(await visibleContentSource(this.runtime.db, access, contentItemId))) throw new NotFoundError('ContentItem', contentItemId);
    return this.page({ by: 'content', contentItemId, ownerId: ownerScope(access) }, 'best', skip, limit);
  }

  async listForAlgorithm(access: Access, algorithmVersion: string, skip: number, limit: number) {
    return this.page({ by: 'algorithm', algorithmVersion, ownerId: ownerScope(access) }, 'newest', skip, limit);
  }

  async userStats(userId: string) {
    await this.requireUser(userId);
    const { db } = this.runtime;
    const [t, breakdown] = await Promise.all([totals(db, userId), algorithmBreakdown(db, userId)]);
    return {
      user_id: userId,
      total_recommendations: t.total,
      served_recommendations: t.served,
      unserved_recommendations: t.total - t.served,
      average_score: t.average_score ?? 0,
      algorithm_breakdown: Object.fromEntries(breakdown.map((b) => [b.algorithm_version, { count: b.count, avg_score: b.avg_score }])),
    };
  }

  async overview() {
    const t = await totals(this.runtime.db, null);
    return { total_recommendations: t.total, served_recommendations: t.served, unserved_recommendations: t.total - t.served };
  }

  /** Every id must exist (404 names the first missing one); returns how many recommendations were marked. */
  async markServed(access: Access, ids: readonly number[]) {
    const unique = [...new Set(ids)];
    return this.runtime.db.transaction(async (tx) => {
      // Another user's recommendation counts as missing (owner-only rows, docs/security.md).
      const missing = await missingRecommendationIds(tx, unique, ownerScope(access));
      if (missing.length > 0) throw new NotFoundError('Recommendation', missing[0]);
      return { marked_as_served: await markServed(tx, unique) };
    });
  }

  /**
   * Runs the recommender for a user and replaces their unserved recommendations of its version with
   * the new ranking (served ones stay as history). `requestedVersion` is recorded in each row's
   * metadata; the response names the version that actually ran.
   */
  async generate(userId: string, requestedVersion: string, limit: number) {
    await this.requireUser(userId, 'Cannot generate recommendations for inactive users');
    const { db, cache } = this.runtime;
    const popular = await cached(cache, POPULAR_CACHE_KEY, POPULAR_CACHE_TTL_SECONDS, () => popularItems(db, RECOMMENDER_LIMITS.pool));
    const [signal, candidates] = await Promise.all([
      userSignal(db, userId, RECOMMENDER_LIMITS),
      candidateFeatures(db, userId, RECOMMENDER_LIMITS, popular),
    ]);
    const ranked = rankCandidates(
      candidates.map((c) => ({
        contentItemId: c.content_item_id,
        source: c.source_type,
        coRaw: c.co_raw,
        positiveUsers: c.positive_users,
        tagDot: c.tag_dot,
        tagCount: c.tag_count,
        quality: c.quality_score,
      })),
      { profileNorm: signal.profile_norm, hasSignal: signal.seeds > 0 || signal.profile_norm > 0, limit },
    );
    const rows: NewRecommendation[] = ranked.map((r) => ({
      userId,
      contentItemId: r.contentItemId,
      source: r.source,
      score: r.score,
      algorithmVersion: RECOMMENDER_VERSION,
      metadata: { algorithm: RECOMMENDER_VERSION, requested_algorithm_version: requestedVersion, reason: r.reason, components: r.components },
    }));
    const created = await db.transaction(async (tx) => {
      await deleteUnserved(tx, userId, RECOMMENDER_VERSION);
      return this.insert(rows, tx);
    });
    const byScore = created.map(toRecommendation).sort((a, b) => b.recommendation_score - a.recommendation_score || a.id - b.id);
    return { algorithm_version: RECOMMENDER_VERSION, recommendations: byScore };
  }

  private async insert(rows: NewRecommendation[], db = this.runtime.db as Parameters<typeof insertRecommendations>[0]) {
    try {
      return await insertRecommendations(db, rows);
    } catch (err) {
      translateWriteError(err, () => new NotFoundError('ContentItem', rows.length === 1 ? rows[0].contentItemId : 'in request'));
    }
  }

  private async page(filter: RecommendationFilter, order: 'best' | 'newest', skip: number, limit: number) {
    const { db } = this.runtime;
    const [rows, total] = await Promise.all([listRecommendations(db, filter, order, skip, limit), countRecommendations(db, filter)]);
    return { items: rows.map(toRecommendation), total, skip, limit };
  }

  /** Unknown user → 404; with `inactiveMessage`, an inactive user → 422 with it. */
  private async requireUser(userId: string, inactiveMessage?: string): Promise<void> {
    const user = await findUserActivity(this.runtime.db, userId);
    if (!user) throw new NotFoundError('User', userId);
    if (inactiveMessage && !user.is_active) throw new DomainValidationError(inactiveMessage);
  }
}
