import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../src/db/database.ts';

/** Users for the notification, search-history, tag and model tests. */
export async function insertUser(db: Queryable, preferences: Record<string, unknown> = {}): Promise<string> {
  const id = randomUUID();
  const name = `u_${id.slice(0, 8)}`;
  await db.query('INSERT INTO users (id, username, email, preferences) VALUES ($1, $2, $3, $4)', [
    id,
    name,
    `${name}@example.test`,
    JSON.stringify(preferences),
  ]);
  return id;
}

/** Inserts a search-history row with an explicit timestamp (ordering tests). */
export async function insertSearchAt(db: Queryable, userId: string, query: string, createdAt: string): Promise<void> {
  await db.query('INSERT INTO user_search_history (user_id, search_query, created_at) VALUES ($1, $2, $3)', [userId, query, createdAt]);
}
