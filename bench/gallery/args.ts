/** Command-line options of the gallery benchmark (`bench/gallery/run.ts --help`). */

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/gn_bench_gallery';
/** The demo admin (the original's fixed id): the UI sends it as `user_id` with every gallery request. */
export const DEFAULT_USER_ID = '121e194b-4caa-4b81-ad4f-86ca3919d5b9';

export interface Target {
  /** Short name in tables (`genonaut`, `t2`, or the `name=` given). */
  name: string;
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:8001 */
  url: string;
  /** Process id when we started it (CPU per request is measured then). */
  pid?: number;
}

export interface BenchOptions {
  /** Servers to measure; empty = start our own API process against `databaseUrl`. */
  targets: Target[];
  databaseUrl: string | null;
  /** Seed when the database holds fewer content items than this; 0 = never seed. */
  seedItems: number;
  /** Allow wiping a database that holds some, but too few, items before seeding. */
  reset: boolean;
  /** Timed requests per variant at concurrency 1 (after the warm-up). */
  requests: number;
  warmup: number;
  /** Upper bound of one variant's concurrency-1 series, seconds (it stops early when reached). */
  maxSeconds: number;
  /** Connections of the throughput run. */
  concurrency: number;
  /** Seconds of the throughput run per variant and target; 0 skips throughput. */
  duration: number;
  pageSize: number;
  userId: string;
  searchTerm: string | null;
  /** Variant ids to run (empty = all). */
  only: string[];
  /**
   * Our own API's gallery page cache: `both` starts two APIs side by side (`genonaut` with it,
   * `genonaut-uncached` without), so the query path and the cached path are measured in one run.
   */
  pageCache: 'both' | 'on' | 'off';
  /** Markdown file whose gallery section is written (created or replaced). */
  out: string | null;
  help: boolean;
}

export class ArgumentError extends Error {}

export const USAGE = `Usage: tsx bench/gallery/run.ts [options]

Measures the unified gallery and the tag reads over HTTP: latency at concurrency 1
(p50/p95/p99 over --requests after --warmup) and throughput at --concurrency (req/s).

  --target [name=]URL   server to measure (repeatable; loopback only). The first is the
                        reference of the ratios. Default: start the Genonaut API on a free
                        port against --database-url.
  --database-url URL    PostgreSQL of the API we start, seeded if too small
                        (default $BENCH_DATABASE_URL or ${DEFAULT_DATABASE_URL})
  --seed-items N        seed when the database holds fewer items (default 1200000; 0 = never)
  --reset               allow wiping a database with too few items before seeding
  --requests N          timed requests per variant at concurrency 1 (default 200)
  --warmup N            untimed requests before them (default 20)
  --max-seconds S       bound of one variant's concurrency-1 series (default 60)
  --concurrency N       connections of the throughput run (default 32)
  --duration S          seconds of each throughput run (default 5; 0 = skip)
  --page-size N         gallery page size (default 25)
  --user-id UUID        user_id sent with gallery requests (default the demo admin)
  --search-term TEXT    search variant's term (default: a frequent title word)
  --only a,b            run only these variant ids
  --page-cache MODE     our API's gallery page cache: both (default; two APIs side by
                        side, genonaut and genonaut-uncached), on, or off
  --out FILE            write the results as a section of this Markdown file
  --help`;

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Parses `[name=]URL`; only http(s) on a loopback address is accepted. */
export function parseTarget(raw: string, index: number): Target {
  const eq = raw.indexOf('=');
  const hasName = eq > 0 && !raw.slice(0, eq).includes('/') && !raw.slice(0, eq).includes(':');
  const name = hasName ? raw.slice(0, eq) : `t${index + 1}`;
  const urlText = hasName ? raw.slice(eq + 1) : raw;
  let url: URL;
  try {
    url = new URL(urlText);
  } catch {
    throw new ArgumentError(`--target ${raw}: not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ArgumentError(`--target ${raw}: only http and https`);
  if (!isLoopback(url.hostname)) throw new ArgumentError(`--target ${raw}: only loopback hosts (127.0.0.1, localhost, ::1)`);
  const base = `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  return { name, url: base };
}

function integer(flag: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new ArgumentError(`${flag} ${value}: expected an integer ≥ ${min}`);
  return n;
}

export function parseArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): BenchOptions {
  const o: BenchOptions = {
    targets: [],
    databaseUrl: env.BENCH_DATABASE_URL || DEFAULT_DATABASE_URL,
    seedItems: 1_200_000,
    reset: false,
    requests: 200,
    warmup: 20,
    maxSeconds: 60,
    concurrency: 32,
    duration: 5,
    pageSize: 25,
    userId: DEFAULT_USER_ID,
    searchTerm: null,
    only: [],
    pageCache: 'both',
    out: null,
    help: false,
  };
  let databaseUrlGiven = false;
  const rawTargets: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eqAt = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eqAt > 0 ? arg.slice(0, eqAt) : arg;
    const inline = eqAt > 0 ? arg.slice(eqAt + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new ArgumentError(`${flag} needs a value`);
      i++;
      return next;
    };
    switch (flag) {
      case '--target':
        rawTargets.push(value());
        break;
      case '--database-url':
        o.databaseUrl = value();
        databaseUrlGiven = true;
        break;
      case '--seed-items':
        o.seedItems = integer(flag, value(), 0);
        break;
      case '--reset':
        o.reset = true;
        break;
      case '--requests':
        o.requests = integer(flag, value(), 1);
        break;
      case '--warmup':
        o.warmup = integer(flag, value(), 0);
        break;
      case '--max-seconds':
        o.maxSeconds = integer(flag, value(), 1);
        break;
      case '--concurrency':
        o.concurrency = integer(flag, value(), 1);
        break;
      case '--duration':
        o.duration = integer(flag, value(), 0);
        break;
      case '--page-size':
        o.pageSize = integer(flag, value(), 1);
        break;
      case '--user-id': {
        const v = value();
        if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)) throw new ArgumentError(`--user-id ${v}: not a UUID`);
        o.userId = v;
        break;
      }
      case '--search-term':
        o.searchTerm = value();
        break;
      case '--only':
        o.only = value()
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        break;
      case '--page-cache': {
        const v = value();
        if (v !== 'both' && v !== 'on' && v !== 'off') throw new ArgumentError(`--page-cache ${v}: expected both, on or off`);
        o.pageCache = v;
        break;
      }
      case '--out':
        o.out = value();
        break;
      case '--help':
      case '-h':
        o.help = true;
        break;
      default:
        throw new ArgumentError(`unknown option ${arg}`);
    }
  }
  o.targets = rawTargets.map((t, i) => parseTarget(t, i));
  const names = new Set<string>();
  for (const t of o.targets) {
    if (names.has(t.name)) throw new ArgumentError(`two targets are named "${t.name}"; name them with name=URL`);
    names.add(t.name);
  }
  // With explicit targets the database is only touched (seeded, described) when asked for.
  if (o.targets.length > 0 && !databaseUrlGiven) o.databaseUrl = null;
  return o;
}
