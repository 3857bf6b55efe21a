import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hash, verify } from '@node-rs/argon2';
import { SignJWT, jwtVerify } from 'jose';
import type { AppConfig } from '../../config/config.schema.ts';
import { ConfigError } from '../../config/load-config.ts';

/** argon2id with OWASP's minimum settings (19 MiB, 2 passes): ~60 ms a hash here. */
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1, algorithm: 2 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the account does not exist, so timing does not reveal that. */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function constantTimeEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

/**
 * The key that signs access tokens: API_SECRET_KEY, or in embedded mode a key generated on first
 * start and kept in `<data-dir>/secret.key` (0600). Distributed required mode must set the variable,
 * since every API process has to accept the others' tokens.
 */
export function resolveSigningKey(config: AppConfig): Uint8Array {
  const fromEnv = config.secrets.apiSecretKey;
  if (fromEnv) {
    if (fromEnv.length < 32) throw new ConfigError('API_SECRET_KEY must be at least 32 characters');
    return new TextEncoder().encode(fromEnv);
  }
  if (config.mode === 'distributed') {
    if (config.values.auth.mode === 'required') {
      throw new ConfigError('API_SECRET_KEY must be set when auth.mode is required in distributed mode');
    }
    // Open mode: tokens are optional; a per-process key only means tokens don't cross processes.
    return randomBytes(32);
  }
  const file = path.join(config.paths.dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(config.paths.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600 });
  }
  chmodSync(file, 0o600);
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}

export interface AccessClaims {
  sub: string;
  role: 'user' | 'admin';
}

export async function signAccessToken(key: Uint8Array, claims: AccessClaims, ttlSeconds: number): Promise<string> {
  return new SignJWT({ role: claims.role, typ: 'access' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setIssuer('genonaut')
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key);
}

export async function verifyAccessToken(key: Uint8Array, token: string): Promise<AccessClaims | null> {
  try {
    const { payload } = await jwtVerify(token, key, { issuer: 'genonaut', algorithms: ['HS256'] });
    if (payload.typ !== 'access' || typeof payload.sub !== 'string') return null;
    const role = payload.role === 'admin' ? 'admin' : 'user';
    return { sub: payload.sub, role };
  } catch {
    return null;
  }
}

/** API tokens look like `gnt_<8-char prefix>_<secret>`; only their SHA-256 is stored. */
export function newApiToken(): { token: string; prefix: string } {
  const prefix = randomBytes(6).toString('base64url').slice(0, 8);
  return { token: `gnt_${prefix}_${randomToken(32)}`, prefix };
}

export function isApiToken(token: string): boolean {
  return /^gnt_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{20,}$/.test(token);
}
