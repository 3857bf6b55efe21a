import type { Queryable } from '../../db/database.ts';

/** The stored image path of a content item of either partition (ids are unique across both). */
export async function contentImagePath(db: Queryable, id: number): Promise<string | null> {
  const res = await db.query<{ content_data: string }>('SELECT content_data FROM content_items_all WHERE id = $1 LIMIT 1', [id]);
  return res.rows[0]?.content_data ?? null;
}
