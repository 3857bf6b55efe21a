import { csvLine } from '../database.ts';
import { tagIdFor } from './ontology.ts';
import { Prng, ZipfSampler } from './prng.ts';

/**
 * Route-analytics history for the demo: the API traffic the web app would have made over the days
 * before the anchor, as the live pipeline stores it (jobs/route-analytics.ts): one
 * `route_analytics_hourly` row per (hour, route template, method, normalised query) and, for the
 * last few days, the raw `route_analytics` events those rows summarise. Hourly rows are computed
 * from the same simulated requests with the rollup's own arithmetic (exact percentile_cont, the
 * same rounding), so re-running the rollup over a seeded hour changes nothing. They are not made
 * by that rollup (aggregateRouteAnalyticsHourly) because it reads raw events, and keeping 30 days
 * of those would be ~9x the rows the seed writes; test/seed/seed.test.ts re-runs the SQL rollup over
 * seeded hours, so a change to its arithmetic that this file does not follow fails there.
 *
 * Everything is drawn from the random seed; the anchor only shifts the dates.
 */

type QueryValue = string | number | boolean | string[];
type Query = Record<string, QueryValue>;

export interface RequestKind {
  method: 'GET' | 'POST';
  /** The Fastify route template the API records (`request.routeOptions.url`). */
  route: string;
  /** Relative share of all requests. */
  weight: number;
  /**
   * Where the API finds the acting user (open auth mode): the `user_id` query parameter (then part
   * of the normalised parameters), the path or the body; `none` = no user is recorded.
   */
  user: 'query' | 'path' | 'body' | 'none';
  /** The query the web app sends, without paging keys and without `user_id`. */
  params?: Query;
  /** Paging keys it sends (kept in `query_params`, dropped from the normalised ones). */
  paging?: (rng: Prng) => Query;
  /** Median latency (ms) and the log-normal spread around it. */
  median: number;
  spread: number;
  /** A share of requests answered from a cache, with its own median. */
  cached?: { share: number; median: number };
  okStatus?: 200 | 201;
  /** Share of 4xx answers and the codes they carry; share of 5xx answers. */
  clientErrors?: number;
  clientCodes?: number[];
  serverErrors?: number;
  /** Mean body sizes in bytes (response of a 2xx; request of a POST). */
  responseBytes: number;
  requestBytes?: number;
}

const ALL_SOURCES = ['user-regular', 'user-auto', 'community-regular', 'community-auto'];
/** Defaults the API's schema fills into the recorded query of /content/unified. */
const UNIFIED_DEFAULTS: Query = { creator_filter: 'all', tag_match: 'any', include_stats: false, record_search: false, backward: false };
const BOOKMARK_LIST_DEFAULTS: Query = { sort_field: 'user_rating_then_created', sort_order: 'desc', include_content: true };
const galleryPage = (rng: Prng): Query => ({ page: rng.chance(0.7) ? 1 : rng.int(2, 4), page_size: 50 });
const dashboardSection = (source: string, weight: number): RequestKind => ({
  method: 'GET',
  route: '/api/v1/content/unified',
  weight,
  user: 'query',
  params: { content_source_types: source, sort_field: 'created_at', sort_order: 'desc', ...UNIFIED_DEFAULTS },
  paging: () => ({ page: 1, page_size: 5 }),
  median: 14,
  spread: 0.55,
  cached: { share: 0.5, median: 2 },
  responseBytes: 4_200,
});
const tagPage = (name: string, weight: number): RequestKind => ({
  method: 'GET',
  route: '/api/v1/content/unified',
  weight,
  user: 'query',
  params: { tag: tagIdFor(name), content_source_types: ALL_SOURCES, sort_field: 'created_at', sort_order: 'desc', ...UNIFIED_DEFAULTS },
  paging: () => ({ page: 1, page_size: 24 }),
  median: 70,
  spread: 0.7,
  cached: { share: 0.3, median: 3 },
  responseBytes: 19_000,
});

/**
 * The requests of a web-app session, by the routes the app calls and the query it sends
 * (apps/web/src/api). Query values carry the types the API's schemas coerce them to, defaults the
 * schemas fill in included; a single array element is recorded as a plain value, as the live hook
 * flattens it. test/api/analytics-demo-seed.test.ts sends each kind through the API and compares.
 */
export const REQUEST_KINDS: readonly RequestKind[] = [
  // Pictures: gallery thumbnails, larger previews, originals on the image page.
  { method: 'GET', route: '/api/v1/images/*', weight: 22, user: 'none', params: { thumbnail: 'small' }, median: 4, spread: 0.7, clientErrors: 0.002, clientCodes: [404], responseBytes: 9_000 },
  { method: 'GET', route: '/api/v1/images/*', weight: 5, user: 'none', params: { thumbnail: 'medium' }, median: 7, spread: 0.75, clientErrors: 0.002, clientCodes: [404], responseBytes: 31_000 },
  { method: 'GET', route: '/api/v1/images/*', weight: 4, user: 'none', median: 5, spread: 0.8, clientErrors: 0.003, clientCodes: [404], responseBytes: 150_000 },
  // The gallery, dashboard sections and tag pages.
  {
    method: 'GET', route: '/api/v1/content/unified', weight: 8, user: 'query',
    params: { content_source_types: ALL_SOURCES, sort_field: 'created_at', sort_order: 'desc', ...UNIFIED_DEFAULTS }, paging: galleryPage,
    median: 32, spread: 0.6, cached: { share: 0.55, median: 2 }, serverErrors: 0.001, responseBytes: 38_000,
  },
  {
    method: 'GET', route: '/api/v1/content/unified', weight: 2, user: 'query',
    params: { content_source_types: ALL_SOURCES, sort_field: 'quality_score', sort_order: 'desc', ...UNIFIED_DEFAULTS }, paging: galleryPage,
    median: 48, spread: 0.65, cached: { share: 0.4, median: 2 }, serverErrors: 0.001, responseBytes: 38_000,
  },
  dashboardSection('user-regular', 1),
  dashboardSection('user-auto', 1),
  dashboardSection('community-regular', 1),
  dashboardSection('community-auto', 1),
  tagPage('fox', 0.6),
  tagPage('watercolor', 0.5),
  tagPage('golden-hour', 0.4),
  tagPage('cyberpunk', 0.3),
  { method: 'GET', route: '/api/v1/content/stats/unified', weight: 2, user: 'query', median: 9, spread: 0.5, responseBytes: 220 },
  // The image page: the web app asks the regular partition first, then the auto one (most items are auto).
  { method: 'GET', route: '/api/v1/content/:content_id', weight: 3, user: 'none', median: 3, spread: 0.5, clientErrors: 0.8, clientCodes: [404], responseBytes: 2_600 },
  { method: 'GET', route: '/api/v1/content-auto/:content_id', weight: 2.6, user: 'none', median: 3, spread: 0.5, clientErrors: 0.01, clientCodes: [404], responseBytes: 2_600 },
  { method: 'GET', route: '/api/v1/content/:content_id/tags', weight: 0.6, user: 'none', median: 3, spread: 0.5, responseBytes: 1_200 },
  { method: 'GET', route: '/api/v1/content-auto/:content_id/tags', weight: 2.2, user: 'none', median: 3, spread: 0.5, responseBytes: 1_200 },
  // Shell: auth config on load, the unread badge polled, the current user.
  { method: 'GET', route: '/api/v1/auth/config', weight: 2, user: 'none', median: 1, spread: 0.4, responseBytes: 120 },
  { method: 'GET', route: '/api/v1/notifications/unread/count', weight: 9, user: 'query', median: 2, spread: 0.5, responseBytes: 20 },
  {
    method: 'GET', route: '/api/v1/notifications/', weight: 1, user: 'query', params: { unread_only: false },
    paging: () => ({ skip: 0, limit: 20 }), median: 6, spread: 0.5, responseBytes: 4_500,
  },
  { method: 'GET', route: '/api/v1/users/:user_id', weight: 2, user: 'path', median: 2, spread: 0.45, responseBytes: 600 },
  // Tags.
  { method: 'GET', route: '/api/v1/tags/hierarchy', weight: 1.2, user: 'none', params: { include_ratings: false }, median: 14, spread: 0.5, responseBytes: 28_000 },
  { method: 'GET', route: '/api/v1/tags/popular', weight: 0.8, user: 'none', params: { min_cardinality: 1 }, paging: () => ({ limit: 100 }), median: 6, spread: 0.5, responseBytes: 7_000 },
  { method: 'GET', route: '/api/v1/tags/:tag_identifier', weight: 1.5, user: 'query', median: 4, spread: 0.5, clientErrors: 0.02, clientCodes: [404], responseBytes: 900 },
  // Bookmarks.
  { method: 'POST', route: '/api/v1/bookmarks/check-batch', weight: 6, user: 'query', median: 5, spread: 0.5, responseBytes: 600, requestBytes: 700 },
  { method: 'GET', route: '/api/v1/bookmarks/', weight: 1, user: 'query', params: BOOKMARK_LIST_DEFAULTS, paging: () => ({ skip: 0, limit: 50 }), median: 9, spread: 0.55, responseBytes: 12_000 },
  {
    method: 'GET', route: '/api/v1/bookmark-categories/', weight: 1.2, user: 'query', params: { sort_field: 'name', sort_order: 'asc' },
    paging: () => ({ limit: 1000, skip: 0 }), median: 6, spread: 0.5, responseBytes: 3_000,
  },
  {
    method: 'GET', route: '/api/v1/bookmark-categories/:category_id/bookmarks', weight: 0.8, user: 'query', params: BOOKMARK_LIST_DEFAULTS,
    paging: () => ({ skip: 0, limit: 50 }), median: 11, spread: 0.55, clientErrors: 0.01, clientCodes: [404], responseBytes: 14_000,
  },
  { method: 'POST', route: '/api/v1/bookmarks/', weight: 0.3, user: 'query', okStatus: 201, median: 8, spread: 0.5, clientErrors: 0.03, clientCodes: [409, 422], responseBytes: 500, requestBytes: 90 },
  // Generation.
  { method: 'GET', route: '/api/v1/generation-jobs', weight: 1.2, user: 'query', paging: () => ({ skip: 0, limit: 20 }), median: 7, spread: 0.5, responseBytes: 9_000 },
  { method: 'POST', route: '/api/v1/generation-jobs', weight: 0.25, user: 'body', okStatus: 201, median: 25, spread: 0.45, clientErrors: 0.04, clientCodes: [422], responseBytes: 1_500, requestBytes: 900 },
  { method: 'GET', route: '/api/v1/generation-jobs/:job_id', weight: 1.6, user: 'none', median: 3, spread: 0.45, responseBytes: 1_500 },
  { method: 'GET', route: '/api/v1/checkpoint-models/', weight: 0.5, user: 'none', params: { show_unresolved: false }, median: 4, spread: 0.45, responseBytes: 5_000 },
  { method: 'GET', route: '/api/v1/lora-models/', weight: 0.5, user: 'none', params: { show_unresolved: false }, paging: () => ({ page: 1, page_size: 100 }), median: 5, spread: 0.45, responseBytes: 9_000 },
  // Recommendations, ratings, search history.
  {
    method: 'GET', route: '/api/v1/recommendations/user/:user_id/recommendations', weight: 0.6, user: 'path',
    params: { unserved_only: false, include_content: true }, paging: () => ({ skip: 0, limit: 20 }), median: 22, spread: 0.55, responseBytes: 16_000,
  },
  { method: 'POST', route: '/api/v1/interactions/', weight: 1.5, user: 'body', okStatus: 201, median: 6, spread: 0.5, clientErrors: 0.01, clientCodes: [422], responseBytes: 400, requestBytes: 160 },
  { method: 'GET', route: '/api/v1/users/:user_id/search-history', weight: 0.3, user: 'path', paging: () => ({ page: 1, page_size: 20 }), median: 5, spread: 0.5, responseBytes: 2_000 },
  { method: 'POST', route: '/api/v1/users/:user_id/search-history', weight: 0.4, user: 'path', okStatus: 201, median: 4, spread: 0.5, responseBytes: 200, requestBytes: 60 },
  // The analytics page itself.
  {
    method: 'GET', route: '/api/v1/analytics/routes/cache-priorities', weight: 0.15, user: 'none',
    params: { n: 10, days: 7, system: 'absolute', min_requests: 0, min_latency: 0 }, median: 25, spread: 0.5, responseBytes: 6_000,
  },
  { method: 'GET', route: '/api/v1/analytics/generation/overview', weight: 0.15, user: 'none', params: { days: 7 }, median: 12, spread: 0.5, responseBytes: 500 },
  { method: 'GET', route: '/api/v1/analytics/generation/trends', weight: 0.15, user: 'none', params: { days: 7, interval: 'daily' }, median: 18, spread: 0.5, responseBytes: 2_500 },
];

/** Mean requests per hour with the smallest user base; grows as (users / 13)^0.4. */
export const BASE_REQUESTS_PER_HOUR = 150;
/** Share of user-bearing requests made by the demo admin (the user the open-mode web app acts as). */
const ADMIN_SHARE = 0.7;

export const ROUTE_HOURLY_COLUMNS = [
  'timestamp', 'route', 'method', 'query_params_normalized', 'total_requests', 'successful_requests', 'client_errors', 'server_errors',
  'avg_duration_ms', 'p50_duration_ms', 'p95_duration_ms', 'p99_duration_ms', 'unique_users', 'avg_request_size_bytes', 'avg_response_size_bytes', 'created_at',
];
export const ROUTE_RAW_COLUMNS = [
  'route', 'method', 'user_id', 'timestamp', 'duration_ms', 'status_code', 'query_params', 'query_params_normalized',
  'request_size_bytes', 'response_size_bytes', 'error_type', 'created_at',
];

export interface TrafficOptions {
  randomSeed: number;
  /** The newest moment of the data (ms): the last hour simulated ends here. */
  anchorMs: number;
  /** User ids, the admin first. */
  userIds: readonly string[];
  /** Hours of hourly rows before the anchor (default 30 days). */
  hours?: number;
  /** Of those, the most recent hours that also get their raw events (default 3 days). */
  rawHours?: number;
}

export interface TrafficSink {
  hourly(line: string): void;
  raw(line: string): void;
}

export interface TrafficSummary {
  requests: number;
  hourlyRows: number;
  rawRows: number;
}

const HOUR_MS = 3_600_000;

/** PostgreSQL's percentile_cont over sorted values (float8 lerp between the neighbouring rows). */
export function percentileCont(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const pos = p * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return lo === hi ? a : a + (b - a) * (pos - lo);
}

/** float8 → integer as PostgreSQL casts it: to the nearest, halves to even (rint). */
export function rint(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** numeric → integer as PostgreSQL casts it (avg of integers is numeric): halves away from zero. */
function roundNumeric(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

function gaussian(rng: Prng): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

function poisson(rng: Prng, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 40) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian(rng)));
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}

/** Relative traffic per UTC hour of day, mean 1: quiet around 03:00, busiest mid-afternoon. */
export const HOUR_OF_DAY_SHAPE: readonly number[] = (() => {
  const raw = Array.from({ length: 24 }, (_, h) => 0.2 + Math.pow(0.5 - 0.5 * Math.cos((2 * Math.PI * (h - 3)) / 24), 1.5));
  const mean = raw.reduce((s, v) => s + v, 0) / raw.length;
  return raw.map((v) => v / mean);
})();

interface Group {
  kind: RequestKind;
  normalized: Query;
  durations: number[];
  ok: number;
  client: number;
  server: number;
  users: Set<number>;
  reqBytes: number;
  reqCount: number;
  respBytes: number;
  respCount: number;
}

/** Users of requests that name one: mostly the demo admin, the rest Zipf-distributed over the demo users. */
function userPicker(count: number): (rng: Prng) => number {
  const others = count > 1 ? new ZipfSampler(count - 1, 1.1) : null;
  return (rng) => (!others || rng.chance(ADMIN_SHARE) ? 0 : 1 + others.draw(rng));
}

/**
 * Simulates the traffic hour by hour (oldest first) and hands the rows to `sink` as COPY lines in
 * the column orders above. Only the requests of the last `rawHours` hours are written as events.
 */
export function generateRouteTraffic(options: TrafficOptions, sink: TrafficSink): TrafficSummary {
  const rng = new Prng(options.randomSeed, 21);
  const hours = options.hours ?? 30 * 24;
  const rawHours = Math.min(hours, options.rawHours ?? 3 * 24);
  const userIds = options.userIds;
  const pickUser = userPicker(userIds.length);
  const scale = Math.pow(Math.max(1, userIds.length) / 13, 0.4);
  const totalWeight = REQUEST_KINDS.reduce((s, k) => s + k.weight, 0);
  const start = Math.floor(options.anchorMs / HOUR_MS) * HOUR_MS - hours * HOUR_MS;
  const normalizedOf = (kind: RequestKind, user: number): Query =>
    kind.user === 'query' ? { user_id: userIds[user] as string, ...kind.params } : { ...kind.params };

  let dayFactor = 1;
  const summary: TrafficSummary = { requests: 0, hourlyRows: 0, rawRows: 0 };
  for (let h = 0; h < hours; h++) {
    const bucket = start + h * HOUR_MS;
    const date = new Date(bucket);
    if (h === 0 || date.getUTCHours() === 0) {
      const weekday = date.getUTCDay();
      // Quieter weekends, a little growth over the period, and days that differ.
      dayFactor = (weekday === 0 || weekday === 6 ? 0.8 : 1) * (0.85 + (0.15 * h) / hours) * Math.exp(0.12 * gaussian(rng));
    }
    const load = HOUR_OF_DAY_SHAPE[date.getUTCHours()] as number;
    const perHour = BASE_REQUESTS_PER_HOUR * scale * dayFactor * load * Math.exp(0.15 * gaussian(rng));
    // Busy hours are a little slower.
    const slowdown = 0.85 + 0.15 * load;
    const raw = h >= hours - rawHours;
    const groups = new Map<string, Group>();

    for (let k = 0; k < REQUEST_KINDS.length; k++) {
      const kind = REQUEST_KINDS[k] as RequestKind;
      const n = poisson(rng, (perHour * kind.weight) / totalWeight);
      for (let i = 0; i < n; i++) {
        const user = kind.user === 'none' ? -1 : pickUser(rng);
        const key = kind.user === 'query' ? `${k}:${user}` : `${k}`;
        let g = groups.get(key);
        if (!g) {
          g = { kind, normalized: normalizedOf(kind, user), durations: [], ok: 0, client: 0, server: 0, users: new Set(), reqBytes: 0, reqCount: 0, respBytes: 0, respCount: 0 };
          groups.set(key, g);
        }
        const u = rng.next();
        const serverShare = kind.serverErrors ?? 0;
        const clientShare = kind.clientErrors ?? 0;
        const status = u < serverShare ? (rng.chance(0.7) ? 500 : 503) : u < serverShare + clientShare ? rng.pick(kind.clientCodes ?? [404]) : (kind.okStatus ?? 200);
        const cached = status < 300 && kind.cached !== undefined && rng.chance(kind.cached.share);
        const median = cached ? (kind.cached as { median: number }).median : status >= 400 && status < 500 ? kind.median * 0.6 : kind.median;
        const duration = Math.max(0, Math.round(median * slowdown * Math.exp(kind.spread * gaussian(rng))));
        const responseBytes = status < 300 ? Math.max(2, Math.round(kind.responseBytes * Math.exp(0.3 * gaussian(rng)))) : rng.int(30, 160);
        const requestBytes = kind.requestBytes ? Math.max(2, Math.round(kind.requestBytes * Math.exp(0.3 * gaussian(rng)))) : null;
        g.durations.push(duration);
        if (status >= 500) g.server++;
        else if (status >= 400) g.client++;
        else if (status >= 200 && status < 300) g.ok++;
        if (user >= 0) g.users.add(user);
        g.respBytes += responseBytes;
        g.respCount++;
        if (requestBytes !== null) {
          g.reqBytes += requestBytes;
          g.reqCount++;
        }
        if (raw) {
          const at = new Date(bucket + rng.int(0, HOUR_MS - 1)).toISOString();
          const query = kind.paging ? { ...g.normalized, ...kind.paging(rng) } : g.normalized;
          sink.raw(
            csvLine([
              kind.route, kind.method, user >= 0 ? userIds[user] : null, at, duration, status, query, g.normalized,
              requestBytes, responseBytes, status >= 500 ? 'server_error' : status >= 400 ? 'client_error' : null, at,
            ]),
          );
          summary.rawRows++;
        }
        summary.requests++;
      }
    }

    const stamp = new Date(bucket).toISOString();
    // The rollup job runs at minute 5 of the next hour (schedules.aggregate-route-analytics).
    const rolledUp = new Date(bucket + HOUR_MS + 5 * 60_000).toISOString();
    for (const g of groups.values()) {
      const sorted = Float64Array.from(g.durations).sort();
      const total = sorted.length;
      const sum = g.durations.reduce((s, d) => s + d, 0);
      sink.hourly(
        csvLine([
          stamp, g.kind.route, g.kind.method, g.normalized, total, g.ok, g.client, g.server,
          roundNumeric(sum / total), rint(percentileCont(sorted, 0.5)), rint(percentileCont(sorted, 0.95)), rint(percentileCont(sorted, 0.99)),
          g.users.size, g.reqCount ? roundNumeric(g.reqBytes / g.reqCount) : null, g.respCount ? roundNumeric(g.respBytes / g.respCount) : null, rolledUp,
        ]),
      );
      summary.hourlyRows++;
    }
  }
  return summary;
}
