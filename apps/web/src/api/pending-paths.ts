/**
 * Routes of the API contract that the server's OpenAPI document does not describe yet (their
 * modules were being written when the web app was). `ApiPaths` in ../lib/api-client.ts lets every
 * generated path win over these, so an entry here stops mattering the moment `npm run gen:api`
 * picks the real route up; delete entries once they are all generated.
 */

type Json<T> = { content: { 'application/json': T } };
type Responses<R> = { 200: Json<R>; 201: Json<R>; default: Json<{ detail?: unknown }> };
type Params<Q, P> = (undefined extends Q ? { query?: Exclude<Q, undefined> } : { query: Q }) &
  ([P] extends [undefined] ? { path?: never } : { path: P }) & { header?: never; cookie?: never };
type Op<Q, P, Body, R> = { parameters: Params<Q, P>; responses: Responses<R> } & ([Body] extends [undefined] ? { requestBody?: never } : { requestBody: Json<Body> });
type Get<Q, P, R> = Op<Q, P, undefined, R>;

export type RouteCachePriority = {
  route: string;
  method: string;
  avg_hourly_requests: number;
  avg_p95_latency_ms: number;
  avg_unique_users: number;
  success_rate: number;
  total_requests: number;
  cache_priority_score?: number;
  priority_score?: number;
};
export type GenerationOverview = {
  lookback_days: number;
  total_requests: number;
  successful_generations: number;
  failed_generations: number;
  cancelled_generations: number;
  success_rate_pct: number;
  avg_duration_ms: number | null;
  p50_duration_ms: number | null;
  p95_duration_ms: number | null;
  p99_duration_ms: number | null;
  total_images_generated: number;
};
export type GenerationTrendPoint = {
  timestamp: string;
  total_requests: number;
  successful_generations: number;
  failed_generations: number;
  cancelled_generations: number;
  avg_duration_ms: number | null;
  p95_duration_ms: number | null;
};

export interface PendingPaths {
  '/api/v1/analytics/routes/cache-priorities': {
    get: Get<{ n?: number; days?: number; system?: string; min_requests?: number; min_latency?: number } | undefined, undefined, { system: string; lookback_days: number; routes: RouteCachePriority[]; total_routes: number }>;
  };
  '/api/v1/analytics/generation/overview': { get: Get<{ days?: number } | undefined, undefined, GenerationOverview> };
  '/api/v1/analytics/generation/trends': {
    get: Get<{ days?: number; interval?: string } | undefined, undefined, { interval: string; lookback_days: number; total_data_points: number; data_points: GenerationTrendPoint[] }>;
  };
}
