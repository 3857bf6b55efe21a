import type { Queryable } from '../../db/database.ts';
import type { SourceType } from '../content/content.queries.ts';
import { ownerScope, type Access } from './access.ts';

/**
 * The partition of each content item `access` may see, by id: `requireReadable` as one query, for
 * modules that only reference content (interactions, recommendations, notifications, bookmarks).
 * Another user's private item is absent, exactly like a missing one, so existence is not revealed;
 * unrestricted access sees every item. `source` limits the look-up to one partition. Content ids
 * come from one sequence shared by both partitions, so the id alone finds the item.
 */
export async function visibleContentSources(
  db: Queryable,
  access: Access,
  contentIds: readonly number[],
  source: SourceType | null = null,
): Promise<Map<number, SourceType>> {
  const res = await db.query<{ id: number; source_type: SourceType }>(
    `SELECT id, source_type FROM content_items_all
      WHERE id = ANY($1::bigint[]) AND ($2::text IS NULL OR source_type = $2::text)
        AND ($3::uuid IS NULL OR NOT is_private OR creator_id = $3::uuid)`,
    [contentIds, source, ownerScope(access)],
  );
  return new Map(res.rows.map((r) => [r.id, r.source_type]));
}

/** One item's partition when `access` may see it, else null (see visibleContentSources). */
export async function visibleContentSource(db: Queryable, access: Access, contentId: number, source: SourceType | null = null): Promise<SourceType | null> {
  return (await visibleContentSources(db, access, [contentId], source)).get(contentId) ?? null;
}
