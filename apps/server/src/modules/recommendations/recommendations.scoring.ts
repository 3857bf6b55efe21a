/**
 * The ranking half of the recommender (the SQL in recommendations.queries.ts gathers the features).
 * Pure functions, so the maths is unit-tested without a database.
 *
 * Signals, per candidate item j for user u:
 * - co-occurrence: Σ over u's positive seed items i of affinity(u,i) · |users who liked i and j| /
 *   sqrt(|likers of i| · |likers of j|) — item-to-item cosine on "liked by" sets, weighted by how much
 *   u liked the seed. The SQL returns the numerator part (`coRaw`, already divided by sqrt(|likers of i|))
 *   and `positiveUsers` = |likers of j|.
 * - tag similarity: cosine between u's tag profile (tags of seeds weighted by affinity, favourite tags,
 *   tag ratings; negative when u disliked them) and j's tag set (`tagDot` / (sqrt(tagCount) · ‖profile‖)).
 * - quality: the item's own quality score, a small prior that breaks ties.
 * Users without any signal get popularity (positive interactions, log-scaled) blended with quality.
 */

/** The version stored with every generated recommendation; bump it when the ranking changes. */
export const RECOMMENDER_VERSION = 'hybrid-cooc-tags-v1';

export const WEIGHTS = {
  personalised: { cooccurrence: 0.55, tags: 0.35, quality: 0.1 },
  /** When no candidate has co-occurrence evidence (e.g. the user's items have no other fans). */
  tagsOnly: { tags: 0.8, quality: 0.2 },
  coldStart: { popularity: 0.7, quality: 0.3 },
} as const;

export interface CandidateFeatures {
  contentItemId: number;
  source: 'items' | 'auto';
  coRaw: number;
  positiveUsers: number;
  tagDot: number;
  tagCount: number;
  quality: number;
}

export interface RankedCandidate {
  contentItemId: number;
  source: 'items' | 'auto';
  score: number;
  components: { cooccurrence: number; tag_similarity: number; quality: number; popularity: number };
  reason: 'similar_users' | 'similar_tags' | 'popular';
}

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/** Cosine between the profile and a binary tag vector, in [-1, 1]; 0 without tags or profile. */
export function tagSimilarity(tagDot: number, tagCount: number, profileNorm: number): number {
  if (tagCount <= 0 || profileNorm <= 0) return 0;
  return Math.max(-1, Math.min(1, tagDot / (Math.sqrt(tagCount) * profileNorm)));
}

/** Item-to-item cosine contribution; `positiveUsers` can lag behind when rows change mid-query. */
export function cooccurrence(coRaw: number, positiveUsers: number): number {
  if (coRaw <= 0) return 0;
  return coRaw / Math.sqrt(Math.max(1, positiveUsers));
}

/**
 * Scores and orders candidates, best first (ties: higher quality, then lower id for stability).
 * `hasSignal` says whether the user has any seeds or tag preferences at all.
 */
export function rankCandidates(
  candidates: readonly CandidateFeatures[],
  opts: { profileNorm: number; hasSignal: boolean; limit: number },
): RankedCandidate[] {
  const cooc = candidates.map((c) => cooccurrence(c.coRaw, c.positiveUsers));
  const maxCooc = Math.max(0, ...cooc);
  const maxPopularity = Math.max(0, ...candidates.map((c) => Math.log1p(Math.max(0, c.positiveUsers))));

  const ranked = candidates.map((c, i): RankedCandidate => {
    const coNorm = maxCooc > 0 ? cooc[i] / maxCooc : 0;
    const tagSim = tagSimilarity(c.tagDot, c.tagCount, opts.profileNorm);
    const quality = clamp01(c.quality);
    const popularity = maxPopularity > 0 ? Math.log1p(Math.max(0, c.positiveUsers)) / maxPopularity : 0;
    let score: number;
    let reason: RankedCandidate['reason'];
    if (!opts.hasSignal) {
      score = WEIGHTS.coldStart.popularity * popularity + WEIGHTS.coldStart.quality * quality;
      reason = 'popular';
    } else if (maxCooc > 0) {
      const w = WEIGHTS.personalised;
      score = w.cooccurrence * coNorm + w.tags * tagSim + w.quality * quality;
      reason = w.cooccurrence * coNorm >= w.tags * tagSim ? 'similar_users' : 'similar_tags';
    } else {
      score = WEIGHTS.tagsOnly.tags * tagSim + WEIGHTS.tagsOnly.quality * quality;
      reason = 'similar_tags';
    }
    return {
      contentItemId: c.contentItemId,
      source: c.source,
      score: round4(clamp01(score)),
      components: { cooccurrence: round4(coNorm), tag_similarity: round4(tagSim), quality: round4(quality), popularity: round4(popularity) },
      reason,
    };
  });

  ranked.sort((a, b) => b.score - a.score || b.components.quality - a.components.quality || a.contentItemId - b.contentItemId);
  return ranked.slice(0, Math.max(0, opts.limit));
}
