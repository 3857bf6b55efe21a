import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TypedApp } from '../../platform/http/app.ts';
import { ErrorDetail, Success, Uuid } from '../../platform/http/schemas.ts';
import { ForbiddenError, HttpError } from '../../platform/http/errors.ts';
import { randomToken } from './auth.crypto.ts';
import { COOKIE_CSRF, COOKIE_REFRESH, clearSessionCookies, setSessionCookies } from './auth.hooks.ts';
import {
  Account,
  ApiToken,
  AuditEntry,
  AuthConfigResponse,
  ChangePasswordBody,
  CreateApiTokenBody,
  CreatedApiToken,
  LoginBody,
  RegisterBody,
  SessionResponse,
} from './auth.schemas.ts';
import type { Actor, Session } from './auth.service.ts';
import type { Services } from '../services.ts';

const tags = ['auth'];
const errors = { 400: ErrorDetail, 401: ErrorDetail, 403: ErrorDetail, 409: ErrorDetail, 429: ErrorDetail };

function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new HttpError(401, 'Not authenticated: log in or send an API token', { 'www-authenticate': 'Bearer' });
  return request.actor;
}

/** The refresh cookie is only honoured with the double-submit CSRF header. */
function refreshCookie(request: FastifyRequest, services: Services): string | undefined {
  const token = request.cookies[COOKIE_REFRESH];
  if (token && !services.auth.csrfMatches(request.cookies[COOKIE_CSRF], request.headers['x-csrf-token'] as string | undefined)) {
    throw new ForbiddenError('Missing or invalid CSRF token (send the gn_csrf cookie value in X-CSRF-Token)');
  }
  return token;
}

export async function authRoutes(app: TypedApp, services: Services): Promise<void> {
  const { runtime } = services;
  const loginLimit = runtime.config.values.auth['login-rate-limit-per-minute'];
  // Per client IP, on top of the per-account lock-out; 0 in config means unlimited.
  const strictLimit = {
    rateLimit: { max: loginLimit > 0 ? loginLimit : Number.MAX_SAFE_INTEGER, timeWindow: '1 minute', keyGenerator: (r: FastifyRequest) => `auth-ip:${r.ip}` },
  };

  const sendSession = (reply: FastifyReply, session: Session, status = 200) => {
    setSessionCookies(reply, runtime, session, randomToken(24));
    const { refreshToken: _omit, ...body } = session;
    return reply.code(status).send(body);
  };

  app.get(
    '/api/v1/auth/config',
    { schema: { tags, summary: 'Authentication mode, and in open mode the user the app acts as', response: { 200: AuthConfigResponse } } },
    async () => ({ mode: services.auth.mode, demo_user_id: services.auth.mode === 'open' ? runtime.config.values.demo['admin-user-id'] : null }),
  );

  app.post(
    '/api/v1/auth/register',
    { config: strictLimit, schema: { tags, summary: 'Create an account and start a session', body: RegisterBody, response: { 201: SessionResponse, ...errors } } },
    async (request, reply) => sendSession(reply, await services.auth.register(request.body, request.headers['user-agent'] ?? null), 201),
  );

  app.post(
    '/api/v1/auth/login',
    {
      config: strictLimit,
      schema: {
        tags,
        summary: 'Log in with a username or e-mail and a password',
        description: 'Returns an access token and sets an httpOnly refresh cookie. Repeated failures lock the account for a while (429 with Retry-After).',
        body: LoginBody,
        response: { 200: SessionResponse, ...errors },
      },
    },
    async (request, reply) => sendSession(reply, await services.auth.login(request.body, request.headers['user-agent'] ?? null)),
  );

  app.post(
    '/api/v1/auth/refresh',
    {
      config: strictLimit,
      schema: {
        tags,
        summary: 'Rotate the refresh cookie and get a new access token',
        description: 'Send the gn_csrf cookie value in X-CSRF-Token. Reusing a rotated refresh token revokes every session of that login.',
        response: { 200: SessionResponse, ...errors },
      },
    },
    async (request, reply) => {
      try {
        return sendSession(reply, await services.auth.refresh(refreshCookie(request, services), request.headers['user-agent'] ?? null));
      } catch (err) {
        if (err instanceof HttpError && err.statusCode === 401) clearSessionCookies(reply);
        throw err;
      }
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { schema: { tags, summary: 'End this session (revokes its refresh-token family)', response: { 200: Success, ...errors } } },
    async (request, reply) => {
      await services.auth.logout(refreshCookie(request, services));
      clearSessionCookies(reply);
      return { success: true, message: 'Logged out' };
    },
  );

  app.get(
    '/api/v1/auth/me',
    { schema: { tags, summary: 'The logged-in account', response: { 200: Account, ...errors } } },
    async (request) => services.auth.me(requireActor(request)),
  );

  app.post(
    '/api/v1/auth/password',
    { config: strictLimit, schema: { tags, summary: 'Change the password (ends every other session)', body: ChangePasswordBody, response: { 200: SessionResponse, ...errors } } },
    async (request, reply) =>
      sendSession(
        reply,
        await services.auth.changePassword(requireActor(request), request.body.current_password, request.body.new_password, request.headers['user-agent'] ?? null),
      ),
  );

  app.post(
    '/api/v1/auth/tokens',
    { schema: { tags, summary: 'Create an API token (the secret is shown once)', body: CreateApiTokenBody, response: { 201: CreatedApiToken, ...errors } } },
    async (request, reply) =>
      reply.code(201).send(await services.auth.createApiToken(requireActor(request), request.body.name, request.body.expires_in_days ?? null)),
  );

  app.get(
    '/api/v1/auth/tokens',
    { schema: { tags, summary: "The caller's API tokens (without secrets)", response: { 200: Type.Array(ApiToken), ...errors } } },
    async (request) => services.auth.listApiTokens(requireActor(request)),
  );

  app.delete(
    '/api/v1/auth/tokens/:token_id',
    { schema: { tags, summary: 'Revoke an API token', params: Type.Object({ token_id: Uuid }), response: { 200: Success, 404: ErrorDetail, ...errors } } },
    async (request) => {
      await services.auth.revokeApiToken(requireActor(request), request.params.token_id);
      return { success: true, message: 'Token revoked' };
    },
  );

  app.get(
    '/api/v1/admin/audit-log',
    {
      config: { adminOnly: true },
      schema: {
        tags: ['admin'],
        summary: 'Administrative actions, newest first',
        querystring: Type.Object({
          page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
          page_size: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
        }),
        response: {
          200: Type.Object({ items: Type.Array(AuditEntry), total: Type.Integer(), page: Type.Integer(), page_size: Type.Integer() }),
          ...errors,
        },
      },
    },
    async (request) => services.auth.listAudit(request.query.page, request.query.page_size),
  );
}
