import type { Queryable } from '../../db/database.ts';

/** The stored image path and owner of a content item of either partition (ids are unique across both). */
export async function contentImage(db: Queryable, id: number): Promise<{ content_data: string; creator_id: string; is_private: boolean } | null> {
  const res = await db.query<{ content_data: string; creator_id: string; is_private: boolean }>(
    'SELECT content_data, creator_id, is_private FROM content_items_all WHERE id = $1 LIMIT 1',
    [id],
  );
  return res.rows[0] ?? null;
}
