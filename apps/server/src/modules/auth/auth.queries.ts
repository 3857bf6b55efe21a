import type { Queryable } from '../../db/database.ts';

export interface AccountRow {
  id: string;
  username: string;
  email: string;
  password_hash: string | null;
  role: 'user' | 'admin';
  is_active: boolean;
  created_at: string;
  updated_at: string;
  preferences: Record<string, unknown>;
}

const ACCOUNT_COLUMNS = 'id, username, email, password_hash, role, is_active, created_at, updated_at, preferences';

export async function findAccountByLogin(db: Queryable, login: string): Promise<AccountRow | null> {
  const res = await db.query<AccountRow>(
    `SELECT ${ACCOUNT_COLUMNS} FROM users WHERE username = $1 OR lower(email) = lower($1) ORDER BY (username = $1) DESC LIMIT 1`,
    [login],
  );
  return res.rows[0] ?? null;
}

export async function findAccountById(db: Queryable, id: string): Promise<AccountRow | null> {
  const res = await db.query<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM users WHERE id = $1`, [id]);
  return res.rows[0] ?? null;
}

export async function usernameOrEmailTaken(db: Queryable, username: string, email: string): Promise<boolean> {
  const res = await db.query('SELECT 1 FROM users WHERE username = $1 OR lower(email) = lower($2) LIMIT 1', [username, email]);
  return res.rows.length > 0;
}

export async function insertAccount(db: Queryable, a: { username: string; email: string; passwordHash: string; role: 'user' | 'admin' }): Promise<AccountRow> {
  const res = await db.query<AccountRow>(
    `INSERT INTO users (username, email, password_hash, role, preferences)
     VALUES ($1, $2, $3, $4, '{"notifications_enabled": true}')
     RETURNING ${ACCOUNT_COLUMNS}`,
    [a.username, a.email, a.passwordHash, a.role],
  );
  return res.rows[0];
}

export async function updatePasswordHash(db: Queryable, userId: string, passwordHash: string): Promise<void> {
  await db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, passwordHash]);
}

export async function setRole(db: Queryable, userId: string, role: 'user' | 'admin'): Promise<void> {
  await db.query('UPDATE users SET role = $2 WHERE id = $1', [userId, role]);
}

export async function countAdmins(db: Queryable): Promise<number> {
  const res = await db.query<{ n: number }>("SELECT count(*) AS n FROM users WHERE role = 'admin'");
  return res.rows[0].n;
}

// Refresh tokens ---------------------------------------------------------------------------------

export interface RefreshRow {
  id: string;
  user_id: string;
  family_id: string;
  expired: boolean;
  rotated_at: string | null;
  revoked_at: string | null;
}

export async function insertRefreshToken(
  db: Queryable,
  t: { userId: string; familyId: string; tokenHash: string; ttlDays: number; userAgent: string | null },
): Promise<void> {
  await db.query(
    `INSERT INTO auth_refresh_tokens (user_id, family_id, token_hash, expires_at, user_agent)
     VALUES ($1, $2, $3, now() + make_interval(days => $4), $5)`,
    [t.userId, t.familyId, t.tokenHash, t.ttlDays, t.userAgent?.slice(0, 512) ?? null],
  );
}

/** Locks the row so that two concurrent refreshes with one token cannot both rotate it. */
export async function findRefreshTokenForUpdate(db: Queryable, tokenHash: string): Promise<RefreshRow | null> {
  const res = await db.query<RefreshRow>(
    `SELECT id, user_id, family_id, expires_at <= now() AS expired, rotated_at, revoked_at
     FROM auth_refresh_tokens WHERE token_hash = $1 FOR UPDATE`,
    [tokenHash],
  );
  return res.rows[0] ?? null;
}

export async function markRotated(db: Queryable, id: string): Promise<void> {
  await db.query('UPDATE auth_refresh_tokens SET rotated_at = now() WHERE id = $1', [id]);
}

export async function revokeFamily(db: Queryable, familyId: string): Promise<void> {
  await db.query('UPDATE auth_refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL', [familyId]);
}

export async function revokeAllForUser(db: Queryable, userId: string): Promise<void> {
  await db.query('UPDATE auth_refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
}

// API tokens -------------------------------------------------------------------------------------

export interface ApiTokenRow {
  id: string;
  user_id: string;
  name: string;
  token_prefix: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

const TOKEN_COLUMNS = 'id, user_id, name, token_prefix, created_at, expires_at, last_used_at, revoked_at';

export async function insertApiToken(
  db: Queryable,
  t: { userId: string; name: string; prefix: string; tokenHash: string; expiresInDays: number | null },
): Promise<ApiTokenRow> {
  const res = await db.query<ApiTokenRow>(
    `INSERT INTO api_tokens (user_id, name, token_prefix, token_hash, expires_at)
     VALUES ($1, $2, $3, $4, CASE WHEN $5::int IS NULL THEN NULL ELSE now() + make_interval(days => $5::int) END)
     RETURNING ${TOKEN_COLUMNS}`,
    [t.userId, t.name, t.prefix, t.tokenHash, t.expiresInDays],
  );
  return res.rows[0];
}

export async function listApiTokens(db: Queryable, userId: string): Promise<ApiTokenRow[]> {
  const res = await db.query<ApiTokenRow>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC`, [userId]);
  return res.rows;
}

export async function revokeApiToken(db: Queryable, userId: string, tokenId: string): Promise<boolean> {
  const res = await db.query('UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL', [tokenId, userId]);
  return res.rowCount > 0;
}

/** The owner of a live (unrevoked, unexpired) API token of an active user. */
export async function resolveApiToken(
  db: Queryable,
  tokenHash: string,
): Promise<{ id: string; user_id: string; role: 'user' | 'admin'; stale: boolean } | null> {
  const res = await db.query<{ id: string; user_id: string; role: 'user' | 'admin'; stale: boolean }>(
    `SELECT t.id, t.user_id, u.role,
            (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute') AS stale
     FROM api_tokens t JOIN users u ON u.id = t.user_id
     WHERE t.token_hash = $1 AND u.is_active AND t.revoked_at IS NULL
       AND (t.expires_at IS NULL OR t.expires_at > now())`,
    [tokenHash],
  );
  return res.rows[0] ?? null;
}

export async function touchApiToken(db: Queryable, id: string): Promise<void> {
  await db.query('UPDATE api_tokens SET last_used_at = now() WHERE id = $1', [id]);
}

// Audit log --------------------------------------------------------------------------------------

export interface AuditRow {
  id: number;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: Record<string, unknown>;
  ip: string | null;
  created_at: string;
}

export async function insertAudit(
  db: Queryable,
  e: { actorId: string | null; action: string; targetType?: string; targetId?: string; details?: Record<string, unknown>; ip?: string },
): Promise<void> {
  await db.query(
    'INSERT INTO audit_log (actor_id, action, target_type, target_id, details, ip) VALUES ($1, $2, $3, $4, $5, $6)',
    [e.actorId, e.action, e.targetType ?? null, e.targetId ?? null, JSON.stringify(e.details ?? {}), e.ip ?? null],
  );
}

export async function listAudit(db: Queryable, limit: number, offset: number): Promise<{ rows: AuditRow[]; total: number }> {
  const [rows, total] = await Promise.all([
    db.query<AuditRow>(
      'SELECT id, actor_id, action, target_type, target_id, details, ip, created_at FROM audit_log ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2',
      [limit, offset],
    ),
    db.query<{ n: number }>('SELECT count(*) AS n FROM audit_log'),
  ]);
  return { rows: rows.rows, total: total.rows[0].n };
}
