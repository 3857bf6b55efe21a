import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { ENV_TARGETS, configSchema, type AppConfig, type ConfigFile, type EnvTarget } from './config.schema.ts';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export class ConfigError extends Error {}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Nested objects merge; anything else (arrays included) is replaced. */
export function deepMerge(base: JsonObject, over: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    out[key] = isObject(prev) && isObject(value) ? deepMerge(prev, value) : value;
  }
  return out;
}

function readJson(file: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`${file}: ${(err as Error).message}`);
  }
  if (!isObject(parsed)) throw new ConfigError(`${file}: expected a JSON object`);
  return parsed;
}

/** `api.cors-origins` → `API_CORS_ORIGINS`. */
export function envNameForPath(keyPath: string[]): string {
  return keyPath.join('_').replace(/-/g, '_').toUpperCase();
}

/** Every leaf key path of the config, in file order. */
export function leafPaths(obj: JsonObject, prefix: string[] = []): string[][] {
  return Object.entries(obj).flatMap(([key, value]) =>
    isObject(value) ? leafPaths(value, [...prefix, key]) : [[...prefix, key]],
  );
}

function coerce(raw: string, current: Json, keyPath: string[]): Json {
  const name = `${keyPath.join('.')} (env ${envNameForPath(keyPath)})`;
  if (typeof current === 'number') {
    const n = Number(raw);
    if (raw.trim() === '' || Number.isNaN(n)) throw new ConfigError(`${name}: "${raw}" is not a number`);
    return n;
  }
  if (typeof current === 'boolean') {
    const v = raw.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
    throw new ConfigError(`${name}: "${raw}" is not a boolean (true/false)`);
  }
  if (Array.isArray(current)) {
    const trimmed = raw.trim();
    if (trimmed.startsWith('[')) {
      try {
        return JSON.parse(trimmed) as Json;
      } catch {
        throw new ConfigError(`${name}: "${raw}" is not a JSON array`);
      }
    }
    return trimmed === '' ? [] : trimmed.split(',').map((s) => s.trim());
  }
  return raw;
}

function setPath(obj: JsonObject, keyPath: string[], value: Json): void {
  let node = obj;
  for (const key of keyPath.slice(0, -1)) node = node[key] as JsonObject;
  node[keyPath[keyPath.length - 1]] = value;
}

/** Reads env/.env.shared then env/.env.<target>; variables already in the process win. */
export function loadEnvFiles(root: string, target: string, processEnv: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = {};
  for (const file of ['env/.env.shared', `env/.env.${target}`]) {
    const full = path.join(root, file);
    if (existsSync(full)) Object.assign(merged, parseEnv(readFileSync(full, 'utf8')));
  }
  return { ...merged, ...processEnv };
}

export interface LoadConfigOptions {
  root?: string;
  env?: NodeJS.ProcessEnv;
  /** CLI flags, highest precedence: `{ 'api.port': '9000' }`. */
  overrides?: Record<string, string>;
}

/**
 * base.json → <target>.json → environment (files, then process) → CLI overrides, then validated.
 * A bad value throws ConfigError naming the key.
 */
export function loadConfig(options: LoadConfigOptions = {}): AppConfig {
  const root = options.root ?? PROJECT_ROOT;
  const initialEnv = options.env ?? process.env;
  const target = (initialEnv.ENV_TARGET ?? 'local-dev') as EnvTarget;
  if (!ENV_TARGETS.includes(target)) {
    throw new ConfigError(`ENV_TARGET: "${target}" is not one of ${ENV_TARGETS.join(', ')}`);
  }
  const env = loadEnvFiles(root, target, initialEnv);
  const targetFile = path.join(root, 'config', `${target}.json`);
  if (!existsSync(targetFile)) throw new ConfigError(`ENV_TARGET: ${targetFile} does not exist`);
  const merged = deepMerge(readJson(path.join(root, 'config', 'base.json')), readJson(targetFile));

  for (const keyPath of leafPaths(merged)) {
    const raw = env[envNameForPath(keyPath)];
    if (raw !== undefined) setPath(merged, keyPath, coerce(raw, getPath(merged, keyPath) ?? null, keyPath));
  }
  for (const [dotted, raw] of Object.entries(options.overrides ?? {})) {
    const keyPath = dotted.split('.');
    const current = getPath(merged, keyPath);
    if (current === undefined || isObject(current)) throw new ConfigError(`${dotted}: no such config key`);
    setPath(merged, keyPath, coerce(raw, current, keyPath));
  }

  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const key = issue.path.join('.');
      const envName = issue.path.length ? ` (env ${envNameForPath(issue.path.map(String))})` : '';
      return `${key || '<root>'}${envName}: ${issue.message}`;
    });
    throw new ConfigError(`invalid configuration for ${target}:\n  ${lines.join('\n  ')}`);
  }
  return buildAppConfig(result.data, target, root, env);
}

function getPath(obj: JsonObject, keyPath: string[]): Json | undefined {
  let node: Json | undefined = obj;
  for (const key of keyPath) {
    if (!isObject(node)) return undefined;
    node = node[key];
  }
  return node;
}

function buildAppConfig(values: ConfigFile, target: EnvTarget, root: string, env: NodeJS.ProcessEnv): AppConfig {
  const dataDir = path.resolve(root, values['data-dir']);
  const storageDir = values.storage.dir ? path.resolve(root, values.storage.dir) : path.join(dataDir, 'storage');
  const environment = target.split('-').pop() as AppConfig['environment'];
  return {
    envTarget: target,
    environment,
    mode: values.database.url ? 'distributed' : 'embedded',
    values,
    secrets: { apiSecretKey: env.API_SECRET_KEY || null },
    paths: {
      dataDir,
      pgliteDir: path.join(dataDir, 'pglite'),
      storageDir,
      backupDir: path.join(dataDir, 'backups'),
    },
  };
}

/** Milliseconds of a `<int>(ms|s|min)` duration. */
export function durationMs(value: string): number {
  const m = /^(\d+)(ms|s|min)$/.exec(value);
  if (!m) throw new ConfigError(`"${value}" is not a duration`);
  const n = Number(m[1]);
  return m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000;
}
