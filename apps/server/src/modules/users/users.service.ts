import { DomainValidationError, ForbiddenError, HttpError, NotFoundError } from '../../platform/http/errors.ts';
import type { Runtime } from '../../platform/runtime.ts';
import { isAdmin, type Access } from '../auth/access.ts';
import { decodePageCursor, encodePageCursor, pageMeta } from '../content/paging.ts';
import { InteractionsService } from '../interactions/interactions.service.ts';
import {
  countUsers,
  findUser,
  findUserBy,
  insertUser,
  listUsers,
  mergePreferences,
  pageUsers,
  updateUser,
  USER_SORT_COLUMNS,
  userActivity,
  userOverview,
  valueTaken,
  type UserFilter,
  type UserRow,
} from './users.queries.ts';
import { toUser } from './users.schemas.ts';

const USERNAME = /^[A-Za-z0-9_-]+$/;

function checkUsername(username: string): void {
  if (!USERNAME.test(username)) throw new DomainValidationError('Username can only contain letters, numbers, hyphens, and underscores');
}

/** A unique-key race between the pre-check and the write (two creators at once). */
function uniqueViolation(err: unknown): 'username' | 'email' | null {
  const e = err as { code?: string; constraint?: string } | null;
  if (e?.code !== '23505') return null;
  return e.constraint?.includes('email') ? 'email' : 'username';
}

export interface UserPagedQuery {
  page: number;
  page_size: number;
  cursor?: string;
  sort_field?: string;
  sort_order: string;
  active_only: boolean;
  preferences_filter?: string;
}

/**
 * Users. There is no hard delete through the API: DELETE deactivates (is_active=false), like the
 * original; the row and its content stay, and activate brings the account back.
 */
export class UsersService {
  constructor(
    private readonly runtime: Runtime,
    private readonly interactions: InteractionsService = new InteractionsService(runtime),
  ) {}

  private async require(id: string): Promise<UserRow> {
    const row = await findUser(this.runtime.db, id);
    if (!row) throw new NotFoundError('User', id);
    return row;
  }

  async get(id: string) {
    return toUser(await this.require(id));
  }

  async byUsername(username: string) {
    const row = await findUserBy(this.runtime.db, 'username', username);
    if (!row) throw new HttpError(404, `User with username '${username}' not found`);
    return toUser(row);
  }

  async byEmail(email: string) {
    const row = await findUserBy(this.runtime.db, 'email', email);
    if (!row) throw new HttpError(404, `User with email '${email}' not found`);
    return toUser(row);
  }

  async create(input: { username: string; email: string; preferences?: Record<string, unknown> | null }) {
    const { db } = this.runtime;
    if (await valueTaken(db, 'username', input.username)) throw new DomainValidationError('Username already exists');
    if (await valueTaken(db, 'email', input.email)) throw new DomainValidationError('Email already exists');
    checkUsername(input.username);
    try {
      return toUser(await insertUser(db, { username: input.username, email: input.email, preferences: input.preferences ?? {} }));
    } catch (err) {
      const which = uniqueViolation(err);
      if (which) throw new DomainValidationError(which === 'email' ? 'Email already exists' : 'Username already exists');
      throw err;
    }
  }

  /** A non-admin (required mode) may edit their own profile but not (re)activate accounts. */
  async update(access: Access, id: string, input: { username?: string | null; email?: string | null; is_active?: boolean | null }) {
    if (input.is_active !== undefined && input.is_active !== null && !isAdmin(access)) {
      throw new ForbiddenError('Only administrators can activate or deactivate accounts');
    }
    const { db } = this.runtime;
    await this.require(id);
    if (input.username) {
      checkUsername(input.username);
      if (await valueTaken(db, 'username', input.username, id)) throw new DomainValidationError(`Username '${input.username}' already exists`);
    }
    if (input.email && (await valueTaken(db, 'email', input.email, id))) throw new DomainValidationError(`Email '${input.email}' already exists`);
    try {
      const row = await updateUser(db, id, { username: input.username ?? null, email: input.email ?? null, isActive: input.is_active ?? null });
      if (!row) throw new NotFoundError('User', id);
      return toUser(row);
    } catch (err) {
      const which = uniqueViolation(err);
      if (which === 'email') throw new DomainValidationError(`Email '${input.email}' already exists`);
      if (which === 'username') throw new DomainValidationError(`Username '${input.username}' already exists`);
      throw err;
    }
  }

  async setActive(id: string, active: boolean) {
    const row = await updateUser(this.runtime.db, id, { username: null, email: null, isActive: active });
    if (!row) throw new NotFoundError('User', id);
    return toUser(row);
  }

  /** Soft delete: deactivates the account (see the class comment). */
  async delete(id: string) {
    await this.setActive(id, false);
    return { success: true, message: `User ${id} deleted successfully` };
  }

  async mergePreferences(id: string, prefs: Record<string, unknown>) {
    const row = await mergePreferences(this.runtime.db, id, prefs);
    if (!row) throw new NotFoundError('User', id);
    return toUser(row);
  }

  async interactionsOf(id: string, skip: number, limit: number) {
    return this.interactions.listForUser(id, skip, limit);
  }

  async activity(id: string) {
    await this.require(id);
    const a = await userActivity(this.runtime.db, id);
    return { total_interactions: a.total_interactions, content_created: a.content_created, avg_rating_given: a.avg_rating_given ?? 0 };
  }

  async overview() {
    const o = await userOverview(this.runtime.db);
    return { total_users: o.total, active_users: o.active, inactive_users: o.total - o.active };
  }

  /** The skip/limit search: `total` counts every match (skip/limit apply also with a preferences filter). */
  async search(q: { active_only?: boolean; preferences_filter?: Record<string, unknown> | null; skip?: number; limit?: number }) {
    const filter: UserFilter = { activeOnly: q.active_only ?? false, preferences: q.preferences_filter ?? null };
    const skip = q.skip ?? 0;
    const limit = q.limit ?? 100;
    const { db } = this.runtime;
    const [rows, total] = await Promise.all([listUsers(db, filter, skip, limit), countUsers(db, filter)]);
    return { items: rows.map(toUser), total, skip, limit };
  }

  /** GET /users/: pages of `User` (spec §7.6 fixed) with a keyset cursor; unknown sort fields → created_at. */
  async paged(q: UserPagedQuery) {
    let prefs: Record<string, unknown> | null = null;
    if (q.preferences_filter !== undefined && q.preferences_filter !== '') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(q.preferences_filter);
      } catch {
        throw new DomainValidationError('Invalid JSON in preferences_filter');
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new DomainValidationError('Invalid JSON in preferences_filter');
      prefs = parsed as Record<string, unknown>;
    }
    const filter: UserFilter = { activeOnly: q.active_only, preferences: prefs };
    const sortField = q.sort_field && USER_SORT_COLUMNS[q.sort_field] ? q.sort_field : 'created_at';
    const descending = q.sort_order !== 'asc';
    const cursor = q.cursor ? decodePageCursor(q.cursor, sortField, 'uuid') : null;
    const keyset = cursor ? { value: cursor.value, id: String(cursor.id), after: cursor.after } : null;
    const offset = keyset ? 0 : (q.page - 1) * q.page_size;
    const { db } = this.runtime;
    const [rows, total] = await Promise.all([
      pageUsers(db, filter, sortField, descending, keyset, offset, q.page_size + 1),
      countUsers(db, filter),
    ]);
    const backward = keyset !== null && !keyset.after;
    const more = rows.length > q.page_size;
    const page = backward ? rows.slice(more ? 1 : 0) : rows.slice(0, q.page_size);
    const hasNext = backward ? page.length > 0 : more;
    const hasPrevious = backward ? more : keyset !== null || q.page > 1;
    const first = page[0];
    const last = page[page.length - 1];
    const next = hasNext && last ? encodePageCursor(sortField, last.id, last.sort_value) : null;
    const prev = hasPrevious && first ? encodePageCursor(sortField, first.id, first.sort_value, false) : null;
    return { items: page.map(toUser), pagination: pageMeta(q.page, q.page_size, total, next, prev, hasNext, hasPrevious) };
  }
}
