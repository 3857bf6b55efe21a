import type { Queryable } from '../../db/database.ts';

export interface UserRow {
  id: string;
  username: string;
  email: string;
  created_at: string;
  updated_at: string;
  preferences: Record<string, unknown>;
  is_active: boolean;
}

const COLUMNS = 'u.id, u.username, u.email, u.created_at, u.updated_at, u.preferences, u.is_active';

export async function findUser(db: Queryable, id: string): Promise<UserRow | null> {
  const res = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users u WHERE u.id = $1`, [id]);
  return res.rows[0] ?? null;
}

export async function findUserBy(db: Queryable, field: 'username' | 'email', value: string): Promise<UserRow | null> {
  const res = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users u WHERE u.${field === 'username' ? 'username' : 'email'} = $1`, [value]);
  return res.rows[0] ?? null;
}

/** Whether another user (not `exceptId`) already has this username / e-mail (case-insensitive). */
export async function valueTaken(db: Queryable, field: 'username' | 'email', value: string, exceptId: string | null = null): Promise<boolean> {
  const col = field === 'username' ? 'username' : 'email';
  const res = await db.query(`SELECT 1 FROM users WHERE lower(${col}) = lower($1) AND ($2::uuid IS NULL OR id <> $2::uuid) LIMIT 1`, [value, exceptId]);
  return res.rowCount > 0;
}

export async function insertUser(db: Queryable, u: { username: string; email: string; preferences: Record<string, unknown> }): Promise<UserRow> {
  const res = await db.query<UserRow>(
    `INSERT INTO users AS u (username, email, preferences) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
    [u.username, u.email, JSON.stringify(u.preferences)],
  );
  return res.rows[0];
}

/** Null fields keep their value. */
export async function updateUser(
  db: Queryable,
  id: string,
  p: { username: string | null; email: string | null; isActive: boolean | null },
): Promise<UserRow | null> {
  const res = await db.query<UserRow>(
    `UPDATE users AS u SET username = COALESCE($2, username), email = COALESCE($3, email), is_active = COALESCE($4, is_active)
      WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, p.username, p.email, p.isActive],
  );
  return res.rows[0] ?? null;
}

/** Shallow merge: top-level keys of `prefs` overwrite. */
export async function mergePreferences(db: Queryable, id: string, prefs: Record<string, unknown>): Promise<UserRow | null> {
  const res = await db.query<UserRow>(
    `UPDATE users AS u SET preferences = preferences || $2::jsonb WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, JSON.stringify(prefs)],
  );
  return res.rows[0] ?? null;
}

export interface UserFilter {
  activeOnly: boolean;
  /** Every key must equal (jsonb containment). */
  preferences: Record<string, unknown> | null;
}

function whereOf(f: UserFilter, params: unknown[]): string[] {
  const conds: string[] = [];
  if (f.activeOnly) conds.push('u.is_active');
  if (f.preferences && Object.keys(f.preferences).length) {
    params.push(JSON.stringify(f.preferences));
    conds.push(`u.preferences @> $${params.length}::jsonb`);
  }
  return conds;
}

export async function listUsers(db: Queryable, f: UserFilter, skip: number, limit: number): Promise<UserRow[]> {
  const params: unknown[] = [];
  const conds = whereOf(f, params);
  params.push(limit, skip);
  const res = await db.query<UserRow>(
    `SELECT ${COLUMNS} FROM users u ${conds.length ? `WHERE ${conds.join(' AND ')}` : ''}
      ORDER BY u.created_at, u.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return res.rows;
}

export async function countUsers(db: Queryable, f: UserFilter): Promise<number> {
  const params: unknown[] = [];
  const conds = whereOf(f, params);
  const res = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM users u ${conds.length ? `WHERE ${conds.join(' AND ')}` : ''}`, params);
  return Number(res.rows[0].n);
}

/** Sortable user columns and the SQL type a cursor value is cast to. */
export const USER_SORT_COLUMNS: Record<string, string> = {
  created_at: 'timestamp',
  updated_at: 'timestamp',
  username: 'text',
  email: 'text',
};

export async function pageUsers(
  db: Queryable,
  f: UserFilter,
  sortField: string,
  descending: boolean,
  keyset: { value: string | number; id: string; after: boolean } | null,
  offset: number,
  limit: number,
): Promise<Array<UserRow & { sort_value: string }>> {
  const cast = USER_SORT_COLUMNS[sortField];
  if (!cast) throw new Error(`unsupported sort field ${sortField}`);
  const params: unknown[] = [];
  const conds = whereOf(f, params);
  let desc = descending;
  if (keyset) {
    if (!keyset.after) desc = !desc;
    params.push(keyset.value, keyset.id);
    conds.push(`(u.${sortField}, u.id) ${desc ? '<' : '>'} ($${params.length - 1}::${cast}, $${params.length}::uuid)`);
  }
  const dir = desc ? 'DESC' : 'ASC';
  params.push(limit, offset);
  const res = await db.query<UserRow & { sort_value: string }>(
    `SELECT ${COLUMNS}, u.${sortField}::text AS sort_value FROM users u ${conds.length ? `WHERE ${conds.join(' AND ')}` : ''}
      ORDER BY u.${sortField} ${dir}, u.id ${dir} LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return keyset && !keyset.after ? res.rows.reverse() : res.rows;
}

export async function userActivity(db: Queryable, id: string): Promise<{ total_interactions: number; content_created: number; avg_rating_given: number | null }> {
  const res = await db.query<{ total_interactions: number; content_created: number; avg_rating_given: number | null }>(
    `SELECT (SELECT count(*)::int FROM user_interactions WHERE user_id = $1) AS total_interactions,
            (SELECT count(*)::int FROM content_items WHERE creator_id = $1) AS content_created,
            (SELECT avg(rating)::float8 FROM user_interactions WHERE user_id = $1 AND rating IS NOT NULL) AS avg_rating_given`,
    [id],
  );
  return res.rows[0];
}

export async function userOverview(db: Queryable): Promise<{ total: number; active: number }> {
  const res = await db.query<{ total: number; active: number }>('SELECT count(*)::int AS total, count(*) FILTER (WHERE is_active)::int AS active FROM users');
  return res.rows[0];
}
