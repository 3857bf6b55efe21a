import { Type } from 'typebox';
import { JsonObject, Nullable } from '../../platform/http/schemas.ts';

const Num = Type.Number();
const Int = Type.Integer();
const NNum = Nullable(Type.Number());
const NInt = Nullable(Type.Integer());
const Str = Type.String();

export const daysParam = (def: number, min = 1) => Type.Integer({ minimum: min, maximum: 90, default: def, description: 'Days of history' });

const RouteEntry = Type.Object({
  route: Str,
  method: Str,
  query_params_normalized: Nullable(JsonObject),
  avg_hourly_requests: Num,
  avg_p95_latency_ms: Num,
  avg_unique_users: Num,
  success_rate: Num,
  total_requests: Int,
  // absolute system
  cache_priority_score: Type.Optional(Num),
  // relative system
  priority_score: Type.Optional(Num),
  popularity_percentile: Type.Optional(Num),
  latency_percentile: Type.Optional(Num),
  user_percentile: Type.Optional(Num),
});

export const CachePriorities = Type.Object(
  { system: Str, lookback_days: Int, routes: Type.Array(RouteEntry), total_routes: Int },
  { $id: 'CachePrioritiesResponse' },
);

export const PerformanceTrends = Type.Object(
  {
    route: Str,
    granularity: Str,
    lookback_days: Int,
    data_points: Int,
    trends: Type.Array(
      Type.Object({
        timestamp: Str,
        total_requests: Int,
        successful_requests: Int,
        client_errors: Int,
        server_errors: Int,
        avg_duration_ms: NInt,
        p50_duration_ms: NInt,
        p95_duration_ms: NInt,
        p99_duration_ms: NInt,
        unique_users: NInt,
        success_rate: NNum,
      }),
    ),
  },
  { $id: 'PerformanceTrendsResponse' },
);

export const RoutePeakHours = Type.Object(
  {
    route: Nullable(Str),
    lookback_days: Int,
    min_requests_threshold: Int,
    total_patterns: Int,
    peak_hours: Type.Array(
      Type.Object({ route: Str, hour_of_day: Int, avg_requests: Num, avg_p95_latency_ms: NNum, avg_unique_users: NNum, data_points: Int }),
    ),
  },
  { $id: 'RoutePeakHoursResponse' },
);

export const GenerationOverview = Type.Object(
  {
    lookback_days: Int,
    total_requests: Int,
    successful_generations: Int,
    failed_generations: Int,
    cancelled_generations: Int,
    success_rate_pct: Num,
    avg_duration_ms: NNum,
    p50_duration_ms: NNum,
    p95_duration_ms: NNum,
    p99_duration_ms: NNum,
    total_images_generated: Int,
    hours_with_data: Int,
    latest_data_timestamp: Nullable(Str),
  },
  { $id: 'GenerationOverviewResponse' },
);

export const GenerationTrends = Type.Object(
  {
    interval: Str,
    lookback_days: Int,
    total_data_points: Int,
    data_points: Type.Array(
      Type.Object({
        timestamp: Str,
        total_requests: Int,
        successful_generations: Int,
        failed_generations: Int,
        cancelled_generations: Int,
        avg_duration_ms: NNum,
        p50_duration_ms: NNum,
        p95_duration_ms: NNum,
        p99_duration_ms: NNum,
        unique_users: NInt,
        avg_queue_length: NNum,
        max_queue_length: NInt,
        total_images_generated: Int,
        success_rate: NNum,
      }),
    ),
  },
  { $id: 'GenerationTrendsResponse' },
);

export const UserGeneration = Type.Object(
  {
    user_id: Str,
    lookback_days: Int,
    total_requests: Int,
    successful_generations: Int,
    failed_generations: Int,
    cancelled_generations: Int,
    success_rate_pct: Num,
    avg_duration_ms: NNum,
    p50_duration_ms: NNum,
    p95_duration_ms: NNum,
    last_generation_at: Nullable(Str),
    first_generation_at: Nullable(Str),
    recent_activity: Type.Array(
      Type.Object({
        timestamp: Str,
        event_type: Str,
        duration_ms: NInt,
        success: Nullable(Type.Boolean()),
        error_type: Nullable(Str),
        generation_type: Nullable(Str),
      }),
    ),
    failure_breakdown: Type.Array(Type.Object({ error_type: Str, count: Int })),
  },
  { $id: 'UserGenerationAnalyticsResponse' },
);

export const ModelPerformance = Type.Object(
  {
    lookback_days: Int,
    total_models: Int,
    models: Type.Array(
      Type.Object({
        model_checkpoint: Str,
        total_generations: Int,
        successful_generations: Int,
        failed_generations: Int,
        success_rate_pct: Num,
        avg_duration_ms: NNum,
        p50_duration_ms: NNum,
        p95_duration_ms: NNum,
        last_used_at: Nullable(Str),
      }),
    ),
  },
  { $id: 'ModelPerformanceResponse' },
);

export const FailureAnalysis = Type.Object(
  {
    lookback_days: Int,
    total_error_types: Int,
    error_types: Type.Array(Type.Object({ error_type: Str, count: Int, avg_duration_ms: NNum, sample_messages: Type.Array(Str) })),
    failure_trends: Type.Array(Type.Object({ date: Str, total_completions: Int, failures: Int, failure_rate: Num })),
  },
  { $id: 'FailureAnalysisResponse' },
);

export const GenerationPeakHours = Type.Object(
  {
    lookback_days: Int,
    total_hours_analyzed: Int,
    peak_hours: Type.Array(
      Type.Object({
        hour_of_day: Int,
        avg_requests: Num,
        avg_queue_length: NNum,
        avg_max_queue_length: NNum,
        avg_p95_duration_ms: NNum,
        avg_unique_users: NNum,
        data_points: Int,
      }),
    ),
  },
  { $id: 'GenerationPeakHoursResponse' },
);
