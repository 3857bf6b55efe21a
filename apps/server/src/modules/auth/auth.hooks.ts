import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TypedApp } from '../../platform/http/app.ts';
import { ForbiddenError, HttpError } from '../../platform/http/errors.ts';
import type { Runtime } from '../../platform/runtime.ts';
import { ANONYMOUS } from './access.ts';
import type { Actor, AuthService } from './auth.service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller, or null (always null-able in open mode). */
    actor: Actor | null;
    /** Whose data this request may touch: the actor in required mode, null (unrestricted) in open mode. See access.ts. */
    access: Actor | null;
  }
  interface FastifyContextConfig {
    /** Only administrators may call this route in required mode. */
    adminOnly?: boolean;
    /** Reachable without a session in required mode. */
    public?: boolean;
  }
}

export const COOKIE_ACCESS = 'gn_access';
export const COOKIE_REFRESH = 'gn_refresh';
export const COOKIE_CSRF = 'gn_csrf';

/** Reachable without a session in required mode (besides everything outside /api, /ws and /admin). */
const PUBLIC_API = new Set([
  '/api/v1/health',
  '/api/v1/auth/register',
  '/api/v1/auth/login',
  '/api/v1/auth/refresh',
  '/api/v1/auth/logout',
  '/api/v1/auth/config',
]);

/**
 * Administration, analytics and moderation: administrators only in required mode, by path prefix.
 * A single admin-only route elsewhere says so with `config: { adminOnly: true }`.
 */
const ADMIN_ONLY = [
  /^\/api\/v1\/admin(\/|$)/,
  /^\/api\/v1\/analytics(\/|$)/,
  /^\/admin\/queues(\/|$)/,
];

/** Request fields that name the acting user; a non-admin may only name itself. */
const USER_FIELDS = ['user_id', 'creator_id'];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function pathOf(request: FastifyRequest): string {
  const p = request.url.split('?')[0];
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}

function needsSession(path: string, request: FastifyRequest): boolean {
  if (request.routeOptions.config?.public) return false;
  if (path.startsWith('/api/')) return !PUBLIC_API.has(path);
  return path.startsWith('/ws/') || path === '/ws' || path.startsWith('/admin/queues');
}

function namedUsers(source: unknown): string[] {
  if (!source || typeof source !== 'object') return [];
  const out: string[] = [];
  for (const field of USER_FIELDS) {
    const value = (source as Record<string, unknown>)[field];
    for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string' && v !== '') out.push(v.toLowerCase());
  }
  return out;
}

/**
 * Resolves the caller on every request (bearer token, API token, or the httpOnly access cookie
 * the web app's <img> and WebSocket requests carry) and, in required mode, enforces sessions,
 * CSRF for cookie-authenticated changes, admin-only areas and "act only as yourself".
 */
export async function registerAuthHooks(app: TypedApp, runtime: Runtime, auth: AuthService): Promise<void> {
  const required = auth.mode === 'required';
  await app.register(cookie);
  app.decorateRequest('actor', null);
  app.decorateRequest('access', null);

  app.addHook('onRequest', async (request: FastifyRequest) => {
    const header = request.headers.authorization;
    const path = pathOf(request);
    let viaCookie = false;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const actor = match ? await auth.authenticate(match[1]) : null;
      if (!actor) throw new HttpError(401, 'Invalid or expired credentials', { 'www-authenticate': 'Bearer error="invalid_token"' });
      request.actor = actor;
    } else {
      const token = request.cookies[COOKIE_ACCESS] ?? (path.startsWith('/ws') ? (request.query as Record<string, string>)?.access_token : undefined);
      if (token) {
        request.actor = await auth.authenticate(token);
        viaCookie = request.actor !== null && request.cookies[COOKIE_ACCESS] !== undefined;
      }
    }
    if (!required) return;
    request.access = request.actor ?? ANONYMOUS;
    if (needsSession(path, request) && !request.actor) {
      throw new HttpError(401, 'Not authenticated: log in or send an API token', { 'www-authenticate': 'Bearer' });
    }
    if (viaCookie && !SAFE_METHODS.has(request.method) && !auth.csrfMatches(request.cookies[COOKIE_CSRF], request.headers['x-csrf-token'] as string | undefined)) {
      throw new ForbiddenError('Missing or invalid CSRF token (send the gn_csrf cookie value in X-CSRF-Token)');
    }
    const adminOnly = request.routeOptions.config?.adminOnly || ADMIN_ONLY.some((re) => re.test(path));
    if (adminOnly && request.actor?.role !== 'admin') throw new ForbiddenError('Administrators only');
  });

  if (required) {
    app.addHook('preValidation', async (request: FastifyRequest) => {
      const actor = request.actor;
      if (!actor || actor.role === 'admin') return;
      const named = [...namedUsers(request.params), ...namedUsers(request.query), ...namedUsers(request.body)];
      if (named.some((id) => id !== actor.id.toLowerCase())) {
        throw new ForbiddenError('Not allowed to act for another user');
      }
    });
  }

  const perMinute = runtime.config.values['rate-limit']['per-minute'];
  await app.register(rateLimit, {
    global: perMinute > 0,
    max: perMinute || 1_000_000,
    timeWindow: '1 minute',
    hook: 'preHandler',
    redis: runtime.redis ?? undefined,
    nameSpace: `${runtime.config.values.redis.namespace}:ratelimit:`,
    keyGenerator: (request: FastifyRequest) => (request.actor ? `user:${request.actor.id}` : `ip:${request.ip}`),
    errorResponseBuilder: (_request: FastifyRequest, context: { ttl: number }) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new HttpError(429, `Rate limit exceeded; retry in ${seconds} seconds`, { 'retry-after': String(seconds) });
    },
  });
}

/** Session cookies set on login, refresh and password change. */
export function setSessionCookies(reply: FastifyReply, runtime: Runtime, session: { access_token: string; refreshToken: string; expires_in: number }, csrf: string): void {
  const secure = runtime.config.values.auth['secure-cookies'];
  const refreshMaxAge = runtime.config.values.auth['refresh-token-ttl-days'] * 86_400;
  reply.setCookie(COOKIE_REFRESH, session.refreshToken, { httpOnly: true, sameSite: 'strict', secure, path: '/api/v1/auth', maxAge: refreshMaxAge });
  reply.setCookie(COOKIE_ACCESS, session.access_token, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: session.expires_in });
  reply.setCookie(COOKIE_CSRF, csrf, { httpOnly: false, sameSite: 'strict', secure, path: '/', maxAge: refreshMaxAge });
}

export function clearSessionCookies(reply: FastifyReply): void {
  reply.clearCookie(COOKIE_REFRESH, { path: '/api/v1/auth' });
  reply.clearCookie(COOKIE_ACCESS, { path: '/' });
  reply.clearCookie(COOKIE_CSRF, { path: '/' });
}
