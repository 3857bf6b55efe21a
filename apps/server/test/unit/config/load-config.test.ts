import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, PROJECT_ROOT, deepMerge, durationMs, envNameForPath, leafPaths, loadConfig } from '../../../src/config/load-config.ts';

const env = (vars: Record<string, string> = {}) => ({ ENV_TARGET: 'local-dev', ...vars });

describe('loadConfig', () => {
  it('layers base.json, the target file, the environment and CLI overrides', () => {
    const config = loadConfig({ env: env({ API_PORT: '9100', LOG_LEVEL: 'debug' }), overrides: { 'log.level': 'warn' } });
    expect(config.values.api.port).toBe(9100);
    expect(config.values.log.level).toBe('warn');
    expect(config.values.redis.namespace).toBe('genonaut_dev');
    expect(config.mode).toBe('embedded');
    expect(config.environment).toBe('dev');
  });

  it('switches to distributed mode when a database URL is set', () => {
    const config = loadConfig({ env: env({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/x' }) });
    expect(config.mode).toBe('distributed');
  });

  it('names the key and its variable when a value is bad', () => {
    expect(() => loadConfig({ env: env({ API_PORT: 'abc' }) })).toThrow(/api\.port \(env API_PORT\)/);
    expect(() => loadConfig({ env: env({ API_PORT: '70000' }) })).toThrow(/api\.port \(env API_PORT\)/);
    expect(() => loadConfig({ env: env({ DATABASE_STATEMENT_TIMEOUT: '15 seconds' }) })).toThrow(/database\.statement-timeout/);
    expect(() => loadConfig({ env: env({ LOG_LEVEL: 'loud' }) })).toThrow(/log\.level/);
    expect(() => loadConfig({ env: env({ DATABASE_URL: 'mysql://x' }) })).toThrow(/database\.url/);
    expect(() => loadConfig({ env: { ENV_TARGET: 'moon-prod' } })).toThrow(ConfigError);
    expect(() => loadConfig({ env: env(), overrides: { 'api.nope': '1' } })).toThrow(/api\.nope: no such config key/);
  });

  it('takes secrets from the environment only', () => {
    expect(loadConfig({ env: env() }).secrets.apiSecretKey).toBeNull();
    expect(loadConfig({ env: env({ API_SECRET_KEY: 's3cret' }) }).secrets.apiSecretKey).toBe('s3cret');
  });

  it('parses lists from comma lists and JSON arrays', () => {
    const a = loadConfig({ env: env({ API_CORS_ORIGINS: 'http://a.test, http://b.test' }) });
    expect(a.values.api['cors-origins']).toEqual(['http://a.test', 'http://b.test']);
    const b = loadConfig({ env: env({ API_CORS_ORIGINS: '["http://c.test"]' }) });
    expect(b.values.api['cors-origins']).toEqual(['http://c.test']);
  });

  it('anchors the demo seed to today, except on the test target, and refuses a bad anchor', () => {
    expect(loadConfig({ env: env() }).values.seed.anchor).toBe('now');
    expect(loadConfig({ env: env({ ENV_TARGET: 'local-demo' }) }).values.seed.anchor).toBe('now');
    expect(loadConfig({ env: { ENV_TARGET: 'local-test' } }).values.seed.anchor).toBe('');
    expect(loadConfig({ env: env({ SEED_ANCHOR: '2026-11-01' }) }).values.seed.anchor).toBe('2026-11-01');
    expect(loadConfig({ env: env(), overrides: { 'seed.anchor': 'fixed' } }).values.seed.anchor).toBe('fixed');
    expect(() => loadConfig({ env: env({ SEED_ANCHOR: 'yesterday' }) })).toThrow(/seed\.anchor \(env SEED_ANCHOR\): expected "" or "fixed"/);
    expect(() => loadConfig({ env: env({ SEED_ANCHOR: '2026-02-30' }) })).toThrow(/seed\.anchor/);
  });

  it('gives cloud targets production defaults', () => {
    const prod = loadConfig({ env: { ENV_TARGET: 'cloud-prod' } });
    expect(prod.values.api.host).toBe('0.0.0.0');
    expect(prod.values.database['statement-timeout']).toBe('30s');
    expect(prod.values.seed['on-first-start']).toBe(false);
  });
});

describe('config helpers', () => {
  it('merges nested objects and replaces arrays', () => {
    expect(deepMerge({ a: { b: 1, c: [1] } }, { a: { c: [2] } })).toEqual({ a: { b: 1, c: [2] } });
  });
  it('derives variable names from key paths', () => {
    expect(envNameForPath(['comfyui-mock', 'step-delay-ms'])).toBe('COMFYUI_MOCK_STEP_DELAY_MS');
  });
  it('parses durations', () => {
    expect(durationMs('250ms')).toBe(250);
    expect(durationMs('15s')).toBe(15_000);
    expect(durationMs('2min')).toBe(120_000);
  });
});

describe('docs/configuration.md', () => {
  it('documents every key of config/base.json with its variable', () => {
    const doc = readFileSync(path.join(PROJECT_ROOT, 'docs/configuration.md'), 'utf8');
    const base = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'config/base.json'), 'utf8'));
    for (const keyPath of leafPaths(base)) {
      expect(doc, keyPath.join('.')).toContain(`| \`${keyPath.join('.')}\` | \`${envNameForPath(keyPath)}\` |`);
    }
  });
});
