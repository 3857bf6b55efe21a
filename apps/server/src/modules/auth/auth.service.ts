import { randomUUID } from 'node:crypto';
import type { Runtime } from '../../platform/runtime.ts';
import { HttpError } from '../../platform/http/errors.ts';
import { isoNaive, isoTz } from '../../platform/http/serialize.ts';
import {
  constantTimeEqual,
  dummyPasswordHash,
  hashPassword,
  isApiToken,
  newApiToken,
  randomToken,
  resolveSigningKey,
  sha256,
  signAccessToken,
  verifyAccessToken,
  verifyPassword,
} from './auth.crypto.ts';
import * as q from './auth.queries.ts';

/** Who is making a request: resolved from a bearer token, an API token or the session cookie. */
export interface Actor {
  id: string;
  role: 'user' | 'admin';
  via: 'session' | 'api-token';
}

export interface Session {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  user: ReturnType<typeof toAccount>;
  /** Set as an httpOnly cookie by the route, never sent in a body. */
  refreshToken: string;
}

export function toAccount(row: q.AccountRow) {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    created_at: isoNaive(row.created_at) as string,
    updated_at: isoNaive(row.updated_at) as string,
    preferences: row.preferences,
    is_active: row.is_active,
    role: row.role,
  };
}

const unauthorized = (detail: string) => new HttpError(401, detail, { 'www-authenticate': 'Bearer' });
/** One message for every failed login, so responses do not reveal which accounts exist. */
const BAD_LOGIN = 'Incorrect username or password';

export class AuthService {
  private readonly key: Uint8Array;

  constructor(private readonly runtime: Runtime) {
    this.key = resolveSigningKey(runtime.config);
  }

  get mode(): 'open' | 'required' {
    return this.runtime.config.values.auth.mode;
  }

  private get settings() {
    return this.runtime.config.values.auth;
  }

  private async issueSession(account: q.AccountRow, familyId: string, userAgent: string | null): Promise<Session> {
    const ttl = this.settings['access-token-ttl-seconds'];
    const refreshToken = randomToken(32);
    await q.insertRefreshToken(this.runtime.db, {
      userId: account.id,
      familyId,
      tokenHash: sha256(refreshToken),
      ttlDays: this.settings['refresh-token-ttl-days'],
      userAgent,
    });
    return {
      access_token: await signAccessToken(this.key, { sub: account.id, role: account.role }, ttl),
      token_type: 'bearer',
      expires_in: ttl,
      user: toAccount(account),
      refreshToken,
    };
  }

  async register(input: { username: string; email: string; password: string }, userAgent: string | null): Promise<Session> {
    const username = input.username.trim();
    const email = input.email.trim();
    const db = this.runtime.db;
    if (await q.usernameOrEmailTaken(db, username, email)) {
      // Deliberately does not say which of the two is taken (see docs/security.md).
      throw new HttpError(409, 'Username or email is already registered');
    }
    const account = await q.insertAccount(db, { username, email, passwordHash: await hashPassword(input.password), role: 'user' });
    return this.issueSession(account, randomUUID(), userAgent);
  }

  private lockKey(login: string): string {
    return `auth:lock:${login.trim().toLowerCase()}`;
  }

  /** Throws 429 with Retry-After while the account is locked out. */
  private async assertNotLocked(login: string): Promise<void> {
    const until = await this.runtime.cache.get<number>(this.lockKey(login));
    if (until && until > Date.now()) {
      const seconds = Math.ceil((until - Date.now()) / 1000);
      throw new HttpError(429, `Too many failed logins; try again in ${seconds} seconds`, { 'retry-after': String(seconds) });
    }
  }

  private async recordFailure(login: string): Promise<void> {
    const windowSeconds = this.settings['lockout-minutes'] * 60;
    const name = login.trim().toLowerCase();
    const failures = await this.runtime.cache.increment(`auth:fail:${name}`, windowSeconds);
    if (failures >= this.settings['lockout-threshold']) {
      await this.runtime.cache.set(this.lockKey(login), Date.now() + windowSeconds * 1000, windowSeconds);
      await this.runtime.cache.delete(`auth:fail:${name}`);
    }
  }

  async login(input: { username: string; password: string }, userAgent: string | null): Promise<Session> {
    await this.assertNotLocked(input.username);
    const account = await q.findAccountByLogin(this.runtime.db, input.username.trim());
    const ok =
      account?.password_hash && account.is_active
        ? await verifyPassword(account.password_hash, input.password)
        : await verifyPassword(await dummyPasswordHash(), input.password).then(() => false);
    if (!ok || !account) {
      await this.recordFailure(input.username);
      throw unauthorized(BAD_LOGIN);
    }
    await this.runtime.cache.delete(`auth:fail:${input.username.trim().toLowerCase()}`);
    return this.issueSession(account, randomUUID(), userAgent);
  }

  /**
   * Rotates a refresh token. A token presented after it was rotated is a replay: the whole family
   * (every token descended from that login) is revoked and the caller must log in again.
   */
  async refresh(refreshToken: string | undefined, userAgent: string | null): Promise<Session> {
    if (!refreshToken) throw unauthorized('No refresh token');
    const outcome = await this.runtime.db.transaction(async (tx) => {
      const row = await q.findRefreshTokenForUpdate(tx, sha256(refreshToken));
      if (!row) return { error: 'Invalid refresh token' } as const;
      if (row.revoked_at) return { error: 'Refresh token has been revoked' } as const;
      if (row.rotated_at) {
        await q.revokeFamily(tx, row.family_id);
        return { error: 'Refresh token was already used; every session of this login has been revoked' } as const;
      }
      if (row.expired) return { error: 'Refresh token has expired' } as const;
      await q.markRotated(tx, row.id);
      return { row } as const;
    });
    if ('error' in outcome) throw unauthorized(outcome.error ?? 'Invalid refresh token');
    const account = await q.findAccountById(this.runtime.db, outcome.row.user_id);
    if (!account || !account.is_active) throw unauthorized('Account is not active');
    return this.issueSession(account, outcome.row.family_id, userAgent);
  }

  async logout(refreshToken: string | undefined): Promise<void> {
    if (!refreshToken) return;
    await this.runtime.db.transaction(async (tx) => {
      const row = await q.findRefreshTokenForUpdate(tx, sha256(refreshToken));
      if (row) await q.revokeFamily(tx, row.family_id);
    });
  }

  async me(actor: Actor) {
    const account = await q.findAccountById(this.runtime.db, actor.id);
    if (!account) throw unauthorized('Account no longer exists');
    return toAccount(account);
  }

  async changePassword(actor: Actor, current: string, next: string, userAgent: string | null): Promise<Session> {
    const account = await q.findAccountById(this.runtime.db, actor.id);
    if (!account) throw unauthorized('Account no longer exists');
    if (account.password_hash && !(await verifyPassword(account.password_hash, current))) {
      throw new HttpError(400, 'Current password is incorrect');
    }
    await q.updatePasswordHash(this.runtime.db, actor.id, await hashPassword(next));
    // Every other session ends; this one continues with a fresh token family.
    await q.revokeAllForUser(this.runtime.db, actor.id);
    return this.issueSession({ ...account }, randomUUID(), userAgent);
  }

  /** Sets a password for an account (CLI and first start of required mode). */
  async setPassword(userId: string, password: string): Promise<void> {
    await q.updatePasswordHash(this.runtime.db, userId, await hashPassword(password));
    await q.revokeAllForUser(this.runtime.db, userId);
  }

  async createApiToken(actor: Actor, name: string, expiresInDays: number | null) {
    const { token, prefix } = newApiToken();
    const row = await q.insertApiToken(this.runtime.db, { userId: actor.id, name: name.trim(), prefix, tokenHash: sha256(token), expiresInDays });
    return { ...toApiToken(row), token };
  }

  async listApiTokens(actor: Actor) {
    return (await q.listApiTokens(this.runtime.db, actor.id)).map(toApiToken);
  }

  async revokeApiToken(actor: Actor, tokenId: string): Promise<void> {
    if (!(await q.revokeApiToken(this.runtime.db, actor.id, tokenId))) {
      throw new HttpError(404, `API token with id ${tokenId} not found`);
    }
  }

  /** Resolves `Authorization: Bearer …` (an access JWT or an API token); null when invalid. */
  async authenticate(bearer: string): Promise<Actor | null> {
    if (isApiToken(bearer)) {
      const hit = await q.resolveApiToken(this.runtime.db, sha256(bearer));
      if (!hit) return null;
      if (hit.stale) await q.touchApiToken(this.runtime.db, hit.id);
      return { id: hit.user_id, role: hit.role, via: 'api-token' };
    }
    const claims = await verifyAccessToken(this.key, bearer);
    return claims ? { id: claims.sub, role: claims.role, via: 'session' } : null;
  }

  csrfMatches(cookie: string | undefined, header: string | undefined): boolean {
    return !!cookie && !!header && constantTimeEqual(cookie, header);
  }

  async audit(actor: Actor | null, action: string, target?: { type: string; id: string }, details?: Record<string, unknown>, ip?: string) {
    await q.insertAudit(this.runtime.db, { actorId: actor?.id ?? null, action, targetType: target?.type, targetId: target?.id, details, ip });
  }

  async listAudit(page: number, pageSize: number) {
    const { rows, total } = await q.listAudit(this.runtime.db, pageSize, (page - 1) * pageSize);
    return {
      items: rows.map((r) => ({ ...r, created_at: isoTz(r.created_at) as string })),
      total,
      page,
      page_size: pageSize,
    };
  }

  /** The configured demo admin is an administrator in every mode. */
  async ensureAdminRole(adminUserId: string): Promise<void> {
    const admin = await q.findAccountById(this.runtime.db, adminUserId);
    if (admin && admin.role !== 'admin') await q.setRole(this.runtime.db, adminUserId, 'admin');
  }

  /**
   * Required mode needs an administrator who can log in. When the demo admin has no password,
   * one is set from GENONAUT_ADMIN_PASSWORD, or generated and returned once for the console.
   */
  async ensureAdminCanLogIn(adminUserId: string, fromEnv: string | undefined): Promise<string | null> {
    const admin = await q.findAccountById(this.runtime.db, adminUserId);
    if (!admin) return null;
    if (admin.role !== 'admin') await q.setRole(this.runtime.db, adminUserId, 'admin');
    if (admin.password_hash) return null;
    const password = fromEnv || randomToken(12);
    await this.setPassword(adminUserId, password);
    return fromEnv ? null : password;
  }
}

function toApiToken(row: q.ApiTokenRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: `gnt_${row.token_prefix}`,
    created_at: isoTz(row.created_at) as string,
    expires_at: isoTz(row.expires_at),
    last_used_at: isoTz(row.last_used_at),
    revoked: row.revoked_at !== null,
  };
}
