import { Type } from 'typebox';
import type { TypedApp } from '../../platform/http/app.ts';
import { sendCachedJson } from '../../platform/http/page-reply.ts';
import { ErrorDetail, Success } from '../../platform/http/schemas.ts';
import type { Services } from '../services.ts';
import { accessOf } from '../auth/access.ts';
import {
  Content,
  ContentCreateBody,
  ContentId,
  ContentList,
  ContentPage,
  ContentSearchBody,
  ContentStats,
  ContentTypeSchema,
  ContentUpdateBody,
  QualityBody,
} from './content.schemas.ts';
import type { ContentService } from './content.service.ts';
import { RatedTagSummary } from '../tags/tags.schemas.ts';
import { UNIFIED_SORT_FIELDS } from './unified.cursor.ts';
import { UnifiedPage, UnifiedQuerystring, UnifiedStats } from './unified.schemas.ts';

const IdParams = Type.Object({ content_id: ContentId });
const Skip = Type.Integer({ minimum: 0, maximum: 2_147_483_647, default: 0 });
const Limit = (d: number) => Type.Integer({ minimum: 1, maximum: 1000, default: d });
const Days = Type.Integer({ minimum: 1, maximum: 3650, default: 7 });
const errors = { 400: ErrorDetail, 404: ErrorDetail, 422: ErrorDetail };

const ListQuery = Type.Object({
  skip: Skip,
  limit: Limit(100),
  content_type: Type.Optional(ContentTypeSchema),
  creator_id: Type.Optional(Type.String({ format: 'uuid' })),
  public_only: Type.Boolean({ default: false }),
  search_term: Type.Optional(Type.String({ maxLength: 500, description: 'Literal, case-insensitive substring of the title' })),
});

const PagedQuery = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 10_000_000, default: 1 }),
  page_size: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 2000 })),
  sort_field: Type.String({ default: 'created_at', maxLength: 50, description: 'created_at, updated_at, quality_score, title or id (others: created_at)' }),
  sort_order: Type.String({ pattern: '^(asc|desc)$', default: 'desc' }),
});

/** The routes both partitions share: /content (regular = `items`) and /content-auto (`auto`). */
function partitionRoutes(app: TypedApp, base: string, tag: string, svc: () => ContentService, paged: boolean) {
  const tags = [tag];
  const what = base.endsWith('auto') ? 'auto content' : 'regular content';

  app.post(
    `${base}/`,
    { schema: { tags, summary: `Create ${what} (prompt immutable afterwards; unknown tag names are created)`, body: ContentCreateBody, response: { 201: Content, ...errors } } },
    async (request, reply) => {
      const { creator_id, ...input } = request.body;
      return reply.code(201).send(await svc().create(creator_id, input));
    },
  );

  app.get(
    `${base}/`,
    { schema: { tags, summary: `List ${what}: every given filter applies, newest first`, querystring: ListQuery, response: { 200: ContentList, ...errors } } },
    async (request) => svc().list(accessOf(request), request.query),
  );

  app.post(
    `${base}/search`,
    { schema: { tags, summary: `Search ${what} by title substring, type, creator, metadata and tags (any)`, body: ContentSearchBody, response: { 200: ContentList, ...errors } } },
    async (request) => {
      const b = request.body;
      return svc().list(accessOf(request), { ...b, skip: b.skip ?? 0, limit: b.limit ?? 100 });
    },
  );

  app.get(
    `${base}/top-rated/all`,
    { schema: { tags, summary: `Highest quality ${what} (quality_score > 0)`, querystring: Type.Object({ limit: Limit(10) }), response: { 200: ContentList, ...errors } } },
    async (request) => svc().topRated(accessOf(request), request.query.limit),
  );

  app.get(
    `${base}/recent/all`,
    { schema: { tags, summary: `${what} created in the last \`days\` days, newest first`, querystring: Type.Object({ days: Days, limit: Limit(100) }), response: { 200: ContentList, ...errors } } },
    async (request) => svc().recent(accessOf(request), request.query.days, request.query.limit),
  );

  app.get(
    `${base}/stats/overview`,
    { schema: { tags, summary: `Counts of ${what}: total, private, per type`, response: { 200: ContentStats } } },
    async () => svc().stats(),
  );

  if (paged) {
    app.get(
      `${base}/creator/:creator_id`,
      {
        schema: { tags, summary: `A creator's ${what}, paged (keyset cursor)`, params: Type.Object({ creator_id: Type.String({ format: 'uuid' }) }), querystring: PagedQuery, response: { 200: ContentPage, ...errors } },
      },
      async (request) => svc().paged(accessOf(request), { creatorId: request.params.creator_id }, request.query),
    );
    app.get(
      `${base}/type/:content_type`,
      { schema: { tags, summary: `${what} of one type, paged`, params: Type.Object({ content_type: Type.String({ maxLength: 50 }) }), querystring: PagedQuery, response: { 200: ContentPage, ...errors } } },
      async (request) => svc().paged(accessOf(request), { contentType: request.params.content_type }, request.query),
    );
    app.get(
      `${base}/public/all`,
      { schema: { tags, summary: `Public ${what}, paged`, querystring: PagedQuery, response: { 200: ContentPage, ...errors } } },
      async (request) => svc().paged(accessOf(request), { publicOnly: true }, request.query),
    );
  } else {
    const SkipLimit = Type.Object({ skip: Skip, limit: Limit(100) });
    app.get(
      `${base}/creator/:creator_id`,
      {
        schema: { tags, summary: `A creator's ${what}, newest first`, params: Type.Object({ creator_id: Type.String({ format: 'uuid' }) }), querystring: SkipLimit, response: { 200: ContentList, ...errors } },
      },
      async (request) => svc().list(accessOf(request), { ...request.query, creator_id: request.params.creator_id }),
    );
    app.get(
      `${base}/type/:content_type`,
      { schema: { tags, summary: `${what} of one type, newest first`, params: Type.Object({ content_type: Type.String({ maxLength: 50 }) }), querystring: SkipLimit, response: { 200: ContentList, ...errors } } },
      async (request) => svc().list(accessOf(request), { ...request.query, content_type: request.params.content_type }),
    );
    app.get(
      `${base}/public/all`,
      { schema: { tags, summary: `Public ${what}, newest first`, querystring: SkipLimit, response: { 200: ContentList, ...errors } } },
      async (request) => svc().list(accessOf(request), { ...request.query, public_only: true }),
    );
  }

  app.get(
    `${base}/:content_id`,
    { schema: { tags, summary: `One ${what} item`, params: IdParams, response: { 200: Content, ...errors } } },
    async (request) => svc().get(accessOf(request), request.params.content_id),
  );

  app.get(
    `${base}/:content_id/tags`,
    {
      schema: {
        tags,
        summary: `Tags of one ${what} item, by name, with their average ratings (404 like the item itself)`,
        params: IdParams,
        response: { 200: Type.Array(RatedTagSummary), ...errors },
      },
    },
    async (request) => svc().tagsOf(accessOf(request), request.params.content_id),
  );

  app.put(
    `${base}/:content_id`,
    {
      schema: {
        tags,
        summary: `Update ${what} (absent/null fields kept; tags [] clears; changing the prompt is a 422)`,
        params: IdParams,
        body: ContentUpdateBody,
        response: { 200: Content, ...errors },
      },
    },
    async (request) => svc().update(accessOf(request), request.params.content_id, request.body),
  );

  app.delete(
    `${base}/:content_id`,
    { schema: { tags, summary: `Delete ${what} (hard delete; links, bookmarks and flags go with it)`, params: IdParams, response: { 200: Success, ...errors } } },
    async (request) => svc().delete(accessOf(request), request.params.content_id),
  );

  app.put(
    `${base}/:content_id/quality`,
    { schema: { tags, summary: `Set the quality score (0..1)`, params: IdParams, body: QualityBody, response: { 200: Content, ...errors } } },
    async (request) => svc().setQuality(accessOf(request), request.params.content_id, request.body.quality_score),
  );
}

export async function contentRoutes(app: TypedApp, services: Services): Promise<void> {
  partitionRoutes(app, '/api/v1/content', 'content', () => services.content, true);
  partitionRoutes(app, '/api/v1/content-auto', 'content-auto', () => services.contentAuto, false);
  const tags = ['content'];

  app.get(
    '/api/v1/content/unified',
    {
      schema: {
        tags,
        summary: 'The gallery: both partitions, source/visibility scopes, tags, search, three sorts, offset pages and keyset cursors',
        querystring: UnifiedQuerystring,
        response: { 200: UnifiedPage, ...errors },
      },
    },
    async (request, reply) => sendCachedJson(reply, services.gallery.pages, services.gallery.pageKey(request.query), () => services.gallery.list(request.query)),
  );

  app.get(
    '/api/v1/content/stats/unified',
    {
      schema: {
        tags,
        summary: "Items per source: the user's own and other users' public ones",
        querystring: Type.Object({ user_id: Type.Optional(Type.String({ format: 'uuid' })) }),
        response: { 200: UnifiedStats, ...errors },
      },
    },
    async (request) => services.gallery.stats(request.query.user_id ?? null),
  );

  app.get(
    '/api/v1/content/enhanced',
    {
      schema: {
        tags,
        summary: 'Regular content, paged with a keyset cursor, filtered by type, creator, visibility, search and tags (spec §7.1: reachable)',
        querystring: Type.Object({
          page: Type.Integer({ minimum: 1, maximum: 10_000_000, default: 1 }),
          page_size: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
          cursor: Type.Optional(Type.String({ maxLength: 2000 })),
          backward: Type.Boolean({ default: false }),
          sort_field: Type.Union(
            UNIFIED_SORT_FIELDS.map((f) => Type.Literal(f)),
            { default: 'created_at' },
          ),
          sort_order: Type.String({ pattern: '^([aA][sS][cC]|[dD][eE][sS][cC])$', default: 'desc' }),
          content_type: Type.Optional(ContentTypeSchema),
          creator_id: Type.Optional(Type.String({ format: 'uuid' })),
          public_only: Type.Boolean({ default: false }),
          search_term: Type.Optional(Type.String({ maxLength: 500 })),
          tag: Type.Optional(Type.Array(Type.String({ maxLength: 255 }), { maxItems: 100 })),
          tag_match: Type.String({ default: 'any', maxLength: 10 }),
        }),
        response: { 200: ContentPage, ...errors },
      },
    },
    async (request) => services.gallery.enhanced(accessOf(request), request.query),
  );
}
