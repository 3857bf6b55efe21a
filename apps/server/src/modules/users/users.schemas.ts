import { Type } from 'typebox';
import { JsonObject, Nullable, PaginationMeta } from '../../platform/http/schemas.ts';
import { isoNaive } from '../../platform/http/serialize.ts';
import type { UserRow } from './users.queries.ts';

export const User = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    username: Type.String(),
    email: Type.String(),
    created_at: Type.String(),
    updated_at: Type.String(),
    preferences: JsonObject,
    is_active: Type.Boolean(),
  },
  { $id: 'User' },
);

export const UserList = Type.Object(
  { items: Type.Array(User), total: Type.Integer(), skip: Type.Integer(), limit: Type.Integer() },
  { $id: 'UserListResponse' },
);
export const UserPage = Type.Object({ items: Type.Array(User), pagination: PaginationMeta }, { $id: 'UserPageResponse' });

/** Letters, digits, `-` and `_` (checked in the service so the message matches the contract). */
const Username = Type.String({ minLength: 3, maxLength: 50 });
/** A pragmatic address check (one @, a dot in the domain, no spaces); the DB keeps its own CHECK. */
const Email = Type.String({ maxLength: 255, pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$' });

export const UserCreateBody = Type.Object(
  { username: Username, email: Email, preferences: Type.Optional(Nullable(JsonObject)) },
  { $id: 'UserCreateRequest' },
);
export const UserUpdateBody = Type.Object(
  {
    username: Type.Optional(Nullable(Username)),
    email: Type.Optional(Nullable(Email)),
    is_active: Type.Optional(Nullable(Type.Boolean())),
  },
  { $id: 'UserUpdateRequest' },
);
export const PreferencesBody = Type.Object({ preferences: JsonObject }, { $id: 'UserPreferencesUpdateRequest' });
export const UserSearchBody = Type.Object(
  {
    active_only: Type.Optional(Type.Boolean({ default: false })),
    preferences_filter: Type.Optional(Nullable(JsonObject)),
    skip: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647, default: 0 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { $id: 'UserSearchRequest' },
);

export const UserActivityStats = Type.Object(
  { total_interactions: Type.Integer(), content_created: Type.Integer(), avg_rating_given: Type.Number() },
  { $id: 'UserActivityStatsResponse' },
);
export const UserOverview = Type.Object(
  { total_users: Type.Integer(), active_users: Type.Integer(), inactive_users: Type.Integer() },
  { $id: 'UserStatsResponse' },
);

export function toUser(row: UserRow) {
  return {
    id: row.id,
    username: row.username,
    email: row.email,
    created_at: isoNaive(row.created_at) as string,
    updated_at: isoNaive(row.updated_at) as string,
    preferences: row.preferences ?? {},
    is_active: row.is_active,
  };
}
