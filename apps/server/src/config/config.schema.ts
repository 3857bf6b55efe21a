import { z } from 'zod';
import { SEED_ANCHOR_FORMS, isSeedAnchor } from '../db/seed/anchor.ts';

/** `<int>(ms|s|min)`, the timeout format the original used for PostgreSQL settings. */
const duration = z
  .string()
  .regex(/^\d+(ms|s|min)$/, 'expected a duration such as "500ms", "15s" or "2min"');

const port = z.number().int().min(0).max(65535);
const url = z.string().refine((v) => v === '' || URL.canParse(v), 'expected a URL or an empty string');

export const ENV_TARGETS = [
  'local-dev',
  'local-demo',
  'local-test',
  'cloud-dev',
  'cloud-demo',
  'cloud-test',
  'cloud-prod',
] as const;
export type EnvTarget = (typeof ENV_TARGETS)[number];

/**
 * Every key of config/*.json. Keys are kebab-case in JSON; each one can be overridden by an
 * environment variable named after its path (`api.port` → `API_PORT`, `data-dir` → `DATA_DIR`).
 * docs/configuration.md documents each key; a test keeps that table and this schema in step.
 */
export const configSchema = z
  .object({
    'data-dir': z.string().min(1),
    api: z
      .object({
        host: z.string().min(1),
        port,
        'public-url': url,
        'cors-origins': z.array(z.string().min(1)),
        'body-limit-bytes': z.number().int().min(1024),
        'trust-proxy': z.boolean(),
      })
      .strict(),
    database: z
      .object({
        url: url.refine((v) => v === '' || /^postgres(ql)?:/.test(v), 'expected a postgres:// URL'),
        'pool-size': z.number().int().min(1).max(200),
        'statement-timeout': duration,
        'lock-timeout': duration,
        'idle-in-transaction-timeout': duration,
      })
      .strict(),
    redis: z
      .object({
        url: url.refine((v) => v === '' || /^rediss?:/.test(v), 'expected a redis:// URL'),
        namespace: z.string().regex(/^[A-Za-z0-9_:-]+$/, 'letters, digits, _ : - only'),
      })
      .strict(),
    comfyui: z
      .object({
        url,
        'request-timeout-ms': z.number().int().min(100),
        'poll-interval-ms': z.number().int().min(50),
        'max-wait-seconds': z.number().int().min(1),
      })
      .strict(),
    'comfyui-mock': z
      .object({
        port,
        'step-delay-ms': z.number().int().min(0),
      })
      .strict(),
    storage: z.object({ dir: z.string() }).strict(),
    generation: z
      .object({
        'worker-concurrency': z.number().int().min(1).max(64),
        'max-attempts': z.number().int().min(1).max(20),
        'retry-base-delay-ms': z.number().int().min(0),
        'retry-max-delay-ms': z.number().int().min(0),
        'stale-after-ms': z.number().int().min(1000),
      })
      .strict(),
    /** Cron expressions (UTC, 5 fields); an empty string disables the job. */
    schedules: z
      .object({
        'refresh-tag-cardinality-stats': z.string(),
        'refresh-gen-source-stats': z.string(),
        'transfer-route-analytics': z.string(),
        'aggregate-route-analytics': z.string(),
        'aggregate-generation-metrics': z.string(),
      })
      .strict(),
    seed: z
      .object({
        'on-first-start': z.boolean(),
        items: z.number().int().min(0),
        'random-seed': z.number().int(),
        /** Newest date of the demo data (db/seed/anchor.ts). */
        anchor: z.string().refine(isSeedAnchor, `expected ${SEED_ANCHOR_FORMS}`),
      })
      .strict(),
    demo: z.object({ 'admin-user-id': z.uuid() }).strict(),
    auth: z
      .object({
        mode: z.enum(['open', 'required']),
        'access-token-ttl-seconds': z.number().int().min(30).max(86_400),
        'refresh-token-ttl-days': z.number().int().min(1).max(365),
        'lockout-threshold': z.number().int().min(1).max(100),
        'lockout-minutes': z.number().int().min(1).max(24 * 60),
        'login-rate-limit-per-minute': z.number().int().min(0),
        'secure-cookies': z.boolean(),
      })
      .strict(),
    'rate-limit': z
      .object({
        'per-minute': z.number().int().min(0),
      })
      .strict(),
    /** In-memory cache of serialised gallery pages, emptied by the database's change feed. */
    'page-cache': z
      .object({
        enabled: z.boolean(),
        'max-entries': z.number().int().min(1),
        'max-bytes': z.number().int().min(1024),
        'ttl-seconds': z.number().int().min(1),
      })
      .strict(),
    /**
     * The queue-depth metric for the worker autoscaling (CloudWatch EMF lines on stdout, written by
     * the scheduler role); `interval-seconds` 0 = off.
     */
    'queue-metric': z
      .object({
        'interval-seconds': z.number().int().min(0).max(3600),
        namespace: z
          .string()
          .regex(/^[A-Za-z0-9 ._/#:-]{1,255}$/, 'a CloudWatch namespace: 1-255 of letters, digits, space . _ / # : -')
          .refine((v) => !v.startsWith('AWS/'), 'namespaces starting with "AWS/" are reserved'),
        environment: z.string().max(1024),
      })
      .strict(),
    log: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
        pretty: z.boolean(),
      })
      .strict(),
  })
  .strict();

export type ConfigFile = z.infer<typeof configSchema>;

/** The validated configuration the process runs with. */
export interface AppConfig {
  envTarget: EnvTarget;
  /** Last segment of the target: dev | demo | test | prod. */
  environment: 'dev' | 'demo' | 'test' | 'prod';
  /** `embedded` when no DATABASE_URL is configured, else `distributed`. */
  mode: 'embedded' | 'distributed';
  values: ConfigFile;
  /** Secrets come from the environment only, never from JSON files. */
  secrets: { apiSecretKey: string | null };
  /** Absolute paths derived from `data-dir` and `storage.dir`. */
  paths: { dataDir: string; pgliteDir: string; storageDir: string; backupDir: string };
}
