import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../src/db/database.ts';

/** Users, content and tags for the content, gallery, user and image tests. */

export async function makeUser(db: Queryable, name = `u_${randomUUID().slice(0, 8)}`, active = true): Promise<string> {
  const id = randomUUID();
  await db.query('INSERT INTO users (id, username, email, is_active) VALUES ($1, $2, $3, $4)', [id, name, `${name}@example.test`, active]);
  return id;
}

export interface ItemSpec {
  creator: string;
  source?: 'items' | 'auto';
  title?: string;
  prompt?: string;
  quality?: number;
  createdAt?: string;
  isPrivate?: boolean;
  contentType?: string;
  contentData?: string;
  tagIds?: string[];
}

export async function makeItem(db: Queryable, s: ItemSpec): Promise<number> {
  const res = await db.query<{ id: number }>(
    `INSERT INTO content_items_all (title, content_type, content_data, creator_id, prompt, source_type, quality_score, is_private, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, COALESCE($9::timestamp, utc_now()), COALESCE($9::timestamp, utc_now())) RETURNING id`,
    [
      s.title ?? `item ${randomUUID().slice(0, 6)}`,
      s.contentType ?? 'image',
      s.contentData ?? 'data.png',
      s.creator,
      s.prompt ?? 'a prompt',
      s.source ?? 'items',
      s.quality ?? 0.5,
      s.isPrivate ?? false,
      s.createdAt ?? null,
    ],
  );
  const id = Number(res.rows[0].id);
  if (s.tagIds?.length) {
    await db.query(
      `INSERT INTO content_tags (content_id, source_type, tag_id) SELECT $1, $2, t FROM unnest($3::uuid[]) t`,
      [id, s.source ?? 'items', s.tagIds],
    );
  }
  return id;
}

export async function makeTag(db: Queryable, name: string): Promise<string> {
  const res = await db.query<{ id: string }>('INSERT INTO tags (name) VALUES ($1) RETURNING id', [name]);
  return res.rows[0].id;
}
