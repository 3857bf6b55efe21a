import type { FastifyRequest } from 'fastify';
import { ForbiddenError, NotFoundError } from '../../platform/http/errors.ts';
import type { Actor } from './auth.service.ts';

/**
 * Whose data a service call may touch. `null` = unrestricted: open mode (the original's contract,
 * where the acting user is whatever `user_id` a request names) and internal callers (worker, CLI,
 * seeding). In required mode it is the session's actor. Routes obtain it with `accessOf(request)`
 * and pass it to services explicitly, so services never look at HTTP.
 */
export type Access = Actor | null;

/** Required mode without a session (public routes only): owns nothing, sees only public data. */
export const ANONYMOUS: Actor = Object.freeze({ id: '00000000-0000-0000-0000-000000000000', role: 'user', via: 'session' });

/** The access of a request: the actor in required mode, unrestricted in open mode. */
export function accessOf(request: FastifyRequest): Access {
  // Undefined on an app built without the auth hooks (some test harnesses): that is open mode.
  return request.access ?? null;
}

export function isAdmin(access: Access): boolean {
  return access == null || access.role === 'admin';
}

/** True when `access` may act on data owned by `ownerId` (owners, administrators, open mode). */
export function owns(access: Access, ownerId: string | null | undefined): boolean {
  if (isAdmin(access)) return true;
  return !!ownerId && ownerId.toLowerCase() === (access as Actor).id.toLowerCase();
}

/**
 * The user a list must be limited to, or null for no limit. Lists of owner-only rows (jobs,
 * interactions, recommendations…) show a non-admin only their own rows.
 */
export function ownerScope(access: Access): string | null {
  return isAdmin(access) ? null : (access as Actor).id;
}

/**
 * Owner-only resources (bookmarks, categories, notifications, interactions, recommendations,
 * jobs…): anyone else gets the same 404 as for a missing id, so existence is not revealed.
 */
export function requireOwner(access: Access, ownerId: string | null | undefined, entity: string, id: unknown): void {
  if (!owns(access, ownerId)) throw new NotFoundError(entity, id);
}

/**
 * Resources with a visibility flag (content): a private one is hidden from non-owners (404); a
 * public one is readable by everyone, and a write by a non-owner is 403.
 */
export function requireReadable(access: Access, ownerId: string | null | undefined, isPrivate: boolean, entity: string, id: unknown): void {
  if (isPrivate && !owns(access, ownerId)) throw new NotFoundError(entity, id);
}

export function requireWritable(access: Access, ownerId: string | null | undefined, isPrivate: boolean, entity: string, id: unknown): void {
  requireReadable(access, ownerId, isPrivate, entity, id);
  if (!owns(access, ownerId)) throw new ForbiddenError(`Not allowed to change another user's ${entity}`);
}
