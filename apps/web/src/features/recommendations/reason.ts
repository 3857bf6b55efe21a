/** Why the recommender picked an item, as it recorded it in `rec_metadata`. */
const REASONS: Record<string, string> = {
  similar_users: 'Liked by people who like what you like',
  similar_tags: 'Shares tags with what you like',
  popular: 'Popular with other users',
};

function humanise(code: string): string {
  const words = code.trim().replace(/[_-]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * One line for a recommendation's reason: the recommender's `reason` code (known codes worded,
 * others humanised), else the tag names in `reasons` (the demo data's form); null when the
 * metadata says nothing readable.
 */
export function recommendationReason(meta: Record<string, unknown> | null | undefined): string | null {
  if (!meta) return null;
  if (typeof meta.reason === 'string' && meta.reason.trim()) return REASONS[meta.reason] ?? humanise(meta.reason);
  const tags = Array.isArray(meta.reasons) ? meta.reasons.filter((r): r is string => typeof r === 'string' && r.trim().length > 0) : [];
  if (tags.length > 0) return `Matches tags you like: ${tags.join(', ')}`;
  return null;
}

/** The score as a whole percentage, clamped to 0–100 (the API stores 0..1). */
export function scorePercent(score: number): number {
  if (!Number.isFinite(score)) return 0;
  return Math.round(Math.min(1, Math.max(0, score)) * 100);
}

/** What one run of the recommender ("Get new recommendations") gave. */
export function generateSummary(count: number): string {
  if (count <= 0) return 'No new recommendations right now: items you have already been shown are not recommended again. Rate or bookmark more items and try again.';
  return `${count} new ${count === 1 ? 'recommendation' : 'recommendations'}, marked “New” in the list.`;
}
