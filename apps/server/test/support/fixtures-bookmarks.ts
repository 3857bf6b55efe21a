import type { Queryable } from '../../src/db/database.ts';
import type { TestSystem } from './test-app.ts';

/** Bookmarks and categories created through the API (so the "Uncategorized" rule applies). */

export async function bookmark(
  sys: TestSystem,
  userId: string,
  contentId: number,
  body: { content_source_type?: 'items' | 'auto'; note?: string; pinned?: boolean; is_public?: boolean } = {},
): Promise<Record<string, any>> {
  const res = await sys.app.inject({
    method: 'POST',
    url: `/api/v1/bookmarks/?user_id=${userId}`,
    payload: { content_id: contentId, content_source_type: body.content_source_type ?? 'items', ...body },
  });
  if (res.statusCode !== 201) throw new Error(`bookmark: ${res.statusCode} ${res.body}`);
  return res.json();
}

export async function category(sys: TestSystem, userId: string, body: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await sys.app.inject({ method: 'POST', url: `/api/v1/bookmark-categories/?user_id=${userId}`, payload: body });
  if (res.statusCode !== 201) throw new Error(`category: ${res.statusCode} ${res.body}`);
  return res.json();
}

export async function fileIn(sys: TestSystem, bookmarkId: string, categoryId: string, position?: number): Promise<Record<string, any>> {
  const res = await sys.app.inject({ method: 'POST', url: `/api/v1/bookmarks/${bookmarkId}/categories`, payload: { category_id: categoryId, position } });
  if (res.statusCode !== 201) throw new Error(`fileIn: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Backdates a bookmark (ordering tests). */
export async function setBookmarkCreatedAt(db: Queryable, id: string, at: string): Promise<void> {
  await db.query('UPDATE bookmarks SET created_at = $2 WHERE id = $1', [id, at]);
}
