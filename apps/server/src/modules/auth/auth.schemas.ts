import { Type } from 'typebox';
import { DateTime, JsonObject, Nullable, Uuid } from '../../platform/http/schemas.ts';

export const Account = Type.Object(
  {
    id: Uuid,
    username: Type.String(),
    email: Type.String(),
    created_at: DateTime,
    updated_at: DateTime,
    preferences: JsonObject,
    is_active: Type.Boolean(),
    role: Type.Union([Type.Literal('user'), Type.Literal('admin')]),
  },
  { $id: 'Account' },
);

export const SessionResponse = Type.Object(
  {
    access_token: Type.String(),
    token_type: Type.Literal('bearer'),
    expires_in: Type.Integer({ description: 'seconds until the access token expires' }),
    user: Account,
  },
  { $id: 'SessionResponse' },
);

const Username = Type.String({ minLength: 3, maxLength: 50, pattern: '^[A-Za-z0-9_.-]+$' });
const Password = Type.String({ minLength: 8, maxLength: 256 });

export const RegisterBody = Type.Object({
  username: Username,
  email: Type.String({ minLength: 3, maxLength: 255, pattern: '^[^@\\s]+@[^@\\s]+$' }),
  password: Password,
});

export const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 255, description: 'username or e-mail address' }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
});

export const ChangePasswordBody = Type.Object({
  current_password: Type.String({ maxLength: 256 }),
  new_password: Password,
});

export const ApiToken = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    prefix: Type.String(),
    created_at: DateTime,
    expires_at: Nullable(DateTime),
    last_used_at: Nullable(DateTime),
    revoked: Type.Boolean(),
  },
  { $id: 'ApiToken' },
);

export const CreatedApiToken = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    prefix: Type.String(),
    created_at: DateTime,
    expires_at: Nullable(DateTime),
    last_used_at: Nullable(DateTime),
    revoked: Type.Boolean(),
    token: Type.String({ description: 'the secret; shown only in this response' }),
  },
  { $id: 'CreatedApiToken' },
);

export const CreateApiTokenBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  expires_in_days: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 3650 }))),
});

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  actor_id: Nullable(Uuid),
  action: Type.String(),
  target_type: Nullable(Type.String()),
  target_id: Nullable(Type.String()),
  details: JsonObject,
  ip: Nullable(Type.String()),
  created_at: DateTime,
});

export const AuthConfigResponse = Type.Object(
  {
    mode: Type.Union([Type.Literal('open'), Type.Literal('required')]),
    demo_user_id: Nullable(Uuid),
  },
  { $id: 'AuthConfig' },
);
