import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { TypedApp } from '../../platform/http/app.ts';
import { ErrorDetail, Success, Uuid } from '../../platform/http/schemas.ts';
import type { Services } from '../services.ts';
import {
  BulkDeleteBody,
  BulkDeleteResult,
  BulkReviewBody,
  BulkReviewResult,
  FlagId,
  FlaggedContent,
  FlaggedPage,
  ReviewBody,
  ScanBody,
  ScanResult,
  Statistics,
} from './moderation.schemas.ts';

const errors = { 404: ErrorDetail, 422: ErrorDetail };
const IdParams = Type.Object({ flagged_content_id: FlagId });
const Risk = Type.Number({ minimum: 0, maximum: 100 });

export async function moderationRoutes(app: TypedApp, services: Services): Promise<void> {
  const tags = ['admin-flagged-content'];
  const base = '/api/v1/admin/flagged-content';
  const svc = () => services.moderation;
  /** Reviews and deletions are administrator actions: recorded in the audit log after they succeed. */
  const audit = <T>(request: FastifyRequest, action: string, target: { type: string; id: string } | undefined, details: Record<string, unknown>, result: T): Promise<T> =>
    services.auth.audit(request.actor, action, target, details, request.ip).then(() => result);

  app.post(
    `${base}/scan`,
    {
      schema: {
        tags,
        summary: 'Scan existing content with the flagging engine (already-flagged items skipped unless forced)',
        body: ScanBody,
        response: { 200: ScanResult, 422: ErrorDetail },
      },
    },
    async (request) => svc().scan(request.body.content_types, request.body.force_rescan, request.body.max_items_per_type),
  );

  app.get(
    `${base}/`,
    {
      schema: {
        tags,
        summary: 'The review queue: flagged content with filters, sorted by risk, time or problem-word count',
        querystring: Type.Object({
          page: Type.Integer({ minimum: 1, maximum: 10_000_000, default: 1 }),
          page_size: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
          creator_id: Type.Optional(Uuid),
          content_source: Type.Optional(Type.String({ maxLength: 20, description: 'regular or auto' })),
          min_risk_score: Type.Optional(Risk),
          max_risk_score: Type.Optional(Risk),
          reviewed: Type.Optional(Type.Boolean()),
          sort_by: Type.String({ default: 'flagged_at', maxLength: 30, description: 'risk_score, flagged_at or problem_count' }),
          sort_order: Type.String({ default: 'desc', maxLength: 10, description: 'asc or desc' }),
        }),
        response: { 200: FlaggedPage, 422: ErrorDetail },
      },
    },
    async (request) => svc().list(request.query),
  );

  app.get(
    `${base}/statistics/summary`,
    { schema: { tags, summary: 'Counts: flagged, unreviewed, high risk (score ≥ 75), by source; average risk', response: { 200: Statistics } } },
    async () => svc().statistics(),
  );

  app.get(
    `${base}/:flagged_content_id`,
    { schema: { tags, summary: 'One flagged item (§7.10: a missing id is 404)', params: IdParams, response: { 200: FlaggedContent, ...errors } } },
    async (request) => svc().get(request.params.flagged_content_id),
  );

  app.put(
    `${base}/:flagged_content_id/review`,
    {
      schema: {
        tags,
        summary: 'Record a review (reviewed_at = now; null notes keep earlier notes)',
        params: IdParams,
        body: ReviewBody,
        response: { 200: FlaggedContent, ...errors },
      },
    },
    async (request) =>
      audit(request, 'flagged-content.review', { type: 'flagged_content', id: String(request.params.flagged_content_id) }, { reviewed: request.body.reviewed },
        await svc().review(request.params.flagged_content_id, request.body.reviewed, request.body.reviewed_by, request.body.notes ?? null)),
  );

  app.post(
    `${base}/bulk-review`,
    {
      schema: {
        tags,
        summary: 'Review several flags at once (unknown ids are reported per id)',
        body: BulkReviewBody,
        response: { 200: BulkReviewResult, ...errors },
      },
    },
    async (request) =>
      audit(request, 'flagged-content.bulk-review', undefined, { ids: request.body.ids, reviewed: request.body.reviewed },
        await svc().bulkReview(request.body.ids, request.body.reviewed, request.body.reviewed_by, request.body.notes ?? null)),
  );

  app.delete(
    `${base}/:flagged_content_id`,
    {
      schema: {
        tags,
        summary: 'Remove a flag; the content item stays unless delete_content=true',
        params: IdParams,
        querystring: Type.Object({ delete_content: Type.Boolean({ default: false }) }),
        response: { 200: Success, ...errors },
      },
    },
    async (request) =>
      audit(request, 'flagged-content.delete', { type: 'flagged_content', id: String(request.params.flagged_content_id) }, { delete_content: request.query.delete_content },
        await svc().delete(request.params.flagged_content_id, request.query.delete_content)),
  );

  app.post(
    `${base}/bulk-delete`,
    {
      schema: {
        tags,
        summary: 'Remove several flags (and their content with delete_content=true); unknown ids are reported per id',
        body: BulkDeleteBody,
        response: { 200: BulkDeleteResult, 422: ErrorDetail },
      },
    },
    async (request) =>
      audit(request, 'flagged-content.bulk-delete', undefined, { ids: request.body.ids, delete_content: request.body.delete_content },
        await svc().bulkDelete(request.body.ids, request.body.delete_content)),
  );
}
