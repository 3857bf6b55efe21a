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

export type Pagination = {
  page: number;
  page_size: number;
  total_count: number;
  total_pages: number;
  has_next: boolean;
  has_previous: boolean;
  next_cursor?: string | null;
  prev_cursor?: string | null;
};
export type Success = { success: boolean; message: string };
export type ListEnvelope<T> = { items: T[]; total: number; skip: number; limit: number };

export type SourceType = 'items' | 'auto';
export type UnifiedItem = {
  id: number;
  title: string;
  content_type: string;
  content_data: string;
  path_thumb: string | null;
  path_thumbs_alt_res: Record<string, string> | null;
  prompt: string | null;
  creator_id: string;
  creator_username: string | null;
  item_metadata: Record<string, unknown> | null;
  is_private: boolean;
  quality_score: number | null;
  created_at: string | null;
  updated_at: string | null;
  source_type: SourceType;
};
export type UnifiedStats = { user_regular_count: number; user_auto_count: number; community_regular_count: number; community_auto_count: number };
export type Content = Omit<UnifiedItem, 'source_type' | 'updated_at' | 'quality_score' | 'created_at' | 'item_metadata'> & {
  item_metadata: Record<string, unknown>;
  quality_score: number;
  created_at: string;
};
export type User = { id: string; username: string; email: string; created_at: string; updated_at: string; preferences: Record<string, unknown>; is_active: boolean };
export type Bookmark = {
  id: string;
  user_id: string;
  content_id: number;
  content_source_type: SourceType;
  note: string | null;
  pinned: boolean;
  is_public: boolean;
  created_at: string;
  updated_at: string;
};
export type BookmarkWithContent = Bookmark & { content?: Content | null; user_rating?: number | null };
export type BookmarkCategory = {
  id: string;
  user_id: string;
  name: string;
  description: string | null;
  color: string | null;
  icon: string | null;
  cover_content_id: number | null;
  cover_content_source_type: string | null;
  parent_id: string | null;
  sort_index: number | null;
  is_public: boolean;
  share_token: string | null;
  created_at: string;
  updated_at: string;
};
export type CategoryMembership = { bookmark_id: string; category_id: string; user_id: string; position: number | null; added_at: string };
export type CategoryBody = {
  name?: string;
  description?: string | null;
  parent_id?: string | null;
  is_public?: boolean;
  sort_index?: number | null;
  color?: string | null;
};
export type GenerationJob = {
  id: number;
  user_id: string;
  job_type: string;
  prompt: string;
  params: Record<string, unknown>;
  status: string;
  content_id: number | null;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  error_message: string | null;
  updated_at: string;
  negative_prompt: string | null;
  checkpoint_model: string | null;
  lora_models: Record<string, unknown>[] | null;
  width: number | null;
  height: number | null;
  batch_size: number | null;
};
export type CreateJobBody = {
  user_id: string;
  job_type: string;
  prompt: string;
  negative_prompt?: string | null;
  checkpoint_model?: string | null;
  lora_models?: Record<string, unknown>[] | null;
  width?: number | null;
  height?: number | null;
  batch_size?: number | null;
  sampler_params?: Record<string, unknown> | null;
  backend?: string | null;
  params?: Record<string, unknown> | null;
};
export type FlaggedContent = {
  id: number;
  content_item_id: number | null;
  content_item_auto_id: number | null;
  content_source: string;
  flagged_text: string;
  flagged_words: string[];
  total_problem_words: number;
  total_words: number;
  problem_percentage: number;
  risk_score: number;
  creator_id: string;
  flagged_at: string;
  reviewed: boolean;
  reviewed_at: string | null;
  reviewed_by: string | null;
  notes: string | null;
};
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

type UnifiedQuery = {
  page?: number;
  page_size?: number;
  cursor?: string;
  backward?: boolean;
  content_source_types?: string[];
  user_id?: string;
  search_term?: string;
  sort_field?: string;
  sort_order?: string;
  tag?: string[];
  tag_match?: string;
  include_stats?: boolean;
};
type IdPath = { content_id: number };
type UserQuery = { user_id: string };

export interface PendingPaths {
  '/api/v1/content/unified': { get: Get<UnifiedQuery | undefined, undefined, { items: UnifiedItem[]; pagination: Pagination; stats?: UnifiedStats }> };
  '/api/v1/content/stats/unified': { get: Get<{ user_id?: string } | undefined, undefined, UnifiedStats> };
  '/api/v1/content/{content_id}': {
    get: Get<undefined, IdPath, Content>;
    delete: Op<undefined, IdPath, undefined, Success>;
  };
  '/api/v1/content-auto/{content_id}': {
    get: Get<undefined, IdPath, Content>;
    delete: Op<undefined, IdPath, undefined, Success>;
  };
  '/api/v1/users/{user_id}': {
    get: Get<undefined, { user_id: string }, User>;
    put: Op<undefined, { user_id: string }, { username?: string; email?: string }, User>;
  };
  '/api/v1/users/{user_id}/preferences': { put: Op<undefined, { user_id: string }, { preferences: Record<string, unknown> }, User> };
  '/api/v1/bookmarks/': {
    get: Get<
      UserQuery & { category_id?: string; pinned?: boolean; skip?: number; limit?: number; sort_field?: string; sort_order?: string; include_content?: boolean },
      undefined,
      ListEnvelope<BookmarkWithContent>
    >;
    post: Op<
      UserQuery,
      undefined,
      { content_id: number; content_source_type: SourceType; note?: string | null; pinned?: boolean; is_public?: boolean },
      Bookmark
    >;
  };
  '/api/v1/bookmarks/check-batch': {
    post: Op<UserQuery, undefined, { content_items: { content_id: number; content_source_type: SourceType }[] }, { bookmarks: Record<string, Bookmark | null> }>;
  };
  '/api/v1/bookmarks/{bookmark_id}': {
    put: Op<undefined, { bookmark_id: string }, { note?: string | null; pinned?: boolean | null; is_public?: boolean | null }, Bookmark>;
    delete: Op<undefined, { bookmark_id: string }, undefined, Success>;
  };
  '/api/v1/bookmarks/{bookmark_id}/categories': {
    get: Get<undefined, { bookmark_id: string }, { items: CategoryMembership[]; total: number }>;
  };
  '/api/v1/bookmarks/{bookmark_id}/categories/sync': {
    put: Op<UserQuery, { bookmark_id: string }, { category_ids: string[] }, { items: CategoryMembership[]; total: number }>;
  };
  '/api/v1/bookmark-categories/': {
    get: Get<UserQuery & { skip?: number; limit?: number; sort_field?: string; sort_order?: string }, undefined, ListEnvelope<BookmarkCategory>>;
    post: Op<UserQuery, undefined, CategoryBody & { name: string }, BookmarkCategory>;
  };
  '/api/v1/bookmark-categories/{category_id}': {
    get: Get<undefined, { category_id: string }, BookmarkCategory>;
    put: Op<undefined, { category_id: string }, CategoryBody, BookmarkCategory>;
    delete: Op<{ target_category_id?: string; delete_all?: boolean } | undefined, { category_id: string }, undefined, Success>;
  };
  '/api/v1/bookmark-categories/{category_id}/bookmarks': {
    get: Get<
      UserQuery & { skip?: number; limit?: number; sort_field?: string; sort_order?: string; include_content?: boolean },
      { category_id: string },
      { category: BookmarkCategory; bookmarks: BookmarkWithContent[]; total: number }
    >;
  };
  '/api/v1/generation-jobs/': {
    get: Get<{ user_id?: string; status?: string; skip?: number; limit?: number } | undefined, undefined, ListEnvelope<GenerationJob>>;
    post: Op<undefined, undefined, CreateJobBody, GenerationJob>;
  };
  '/api/v1/generation-jobs/{job_id}': {
    get: Get<undefined, { job_id: number }, GenerationJob>;
    delete: Op<undefined, { job_id: number }, undefined, Success>;
  };
  '/api/v1/generation-jobs/{job_id}/cancel': { post: Op<undefined, { job_id: number }, { reason?: string | null }, GenerationJob> };
  '/api/v1/generation-jobs/{job_id}/retry': { post: Op<undefined, { job_id: number }, undefined, GenerationJob> };
  '/api/v1/analytics/routes/cache-priorities': {
    get: Get<{ n?: number; days?: number; system?: string; min_requests?: number; min_latency?: number } | undefined, undefined, { system: string; lookback_days: number; routes: RouteCachePriority[]; total_routes: number }>;
  };
  '/api/v1/analytics/generation/overview': { get: Get<{ days?: number } | undefined, undefined, GenerationOverview> };
  '/api/v1/analytics/generation/trends': {
    get: Get<{ days?: number; interval?: string } | undefined, undefined, { interval: string; lookback_days: number; total_data_points: number; data_points: GenerationTrendPoint[] }>;
  };
  '/api/v1/admin/flagged-content/': {
    get: Get<
      {
        page?: number;
        page_size?: number;
        content_source?: string;
        min_risk_score?: number;
        max_risk_score?: number;
        reviewed?: boolean;
        sort_by?: string;
        sort_order?: string;
      } | undefined,
      undefined,
      { items: FlaggedContent[]; pagination: Pagination }
    >;
  };
  '/api/v1/admin/flagged-content/{flagged_content_id}': {
    delete: Op<undefined, { flagged_content_id: number }, undefined, Success>;
  };
  '/api/v1/admin/flagged-content/{flagged_content_id}/review': {
    put: Op<undefined, { flagged_content_id: number }, { reviewed: boolean; reviewed_by: string; notes?: string | null }, FlaggedContent>;
  };
  '/api/v1/admin/flagged-content/bulk-delete': {
    post: Op<undefined, undefined, { ids: number[] }, { deleted_count: number; errors: { id: number; error: string }[] }>;
  };
}
