import { Type } from 'typebox';
import type { TypedApp } from '../../platform/http/app.ts';
import { ErrorDetail, Success, Uuid } from '../../platform/http/schemas.ts';
import type { Services } from '../services.ts';
import { accessOf } from '../auth/access.ts';
import {
  Bookmark,
  BookmarkCheck,
  BookmarkCheckBatch,
  BookmarkCreateBody,
  BookmarkList,
  BookmarkSortField,
  BookmarkUpdateBody,
  CheckBatchBody,
  Limit,
  Membership,
  MembershipAddBody,
  MembershipList,
  MembershipPositionBody,
  Skip,
  SortOrder,
  SyncBody,
} from './bookmarks.schemas.ts';
import { ContentId } from '../content/content.schemas.ts';

const errors = { 404: ErrorDetail, 422: ErrorDetail };
const UserQuery = Type.Object({ user_id: Uuid });
const IdParams = Type.Object({ bookmark_id: Uuid });
const MemberParams = Type.Object({ bookmark_id: Uuid, category_id: Uuid });

export async function bookmarksRoutes(app: TypedApp, services: Services): Promise<void> {
  const tags = ['bookmarks'];
  const base = '/api/v1/bookmarks';
  const svc = () => services.bookmarks;

  app.post(
    `${base}/`,
    {
      schema: {
        tags,
        summary: 'Bookmark a content item (filed in the user\'s "Uncategorized" category)',
        querystring: UserQuery,
        body: BookmarkCreateBody,
        response: { 201: Bookmark, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await svc().create(accessOf(request), request.query.user_id, request.body)),
  );

  app.get(
    `${base}/check`,
    {
      schema: {
        tags,
        summary: 'Whether the user bookmarked one content item',
        querystring: Type.Object({
          user_id: Uuid,
          content_id: ContentId,
          content_source_type: Type.String({ default: 'items', maxLength: 20 }),
        }),
        response: { 200: BookmarkCheck, 422: ErrorDetail },
      },
    },
    async (request) => svc().check(request.query.user_id, request.query.content_id, request.query.content_source_type),
  );

  app.post(
    `${base}/check-batch`,
    {
      schema: {
        tags,
        summary: 'Bookmark state of up to 100 items at once (one request per gallery page)',
        querystring: UserQuery,
        body: CheckBatchBody,
        response: { 200: BookmarkCheckBatch, ...errors },
      },
    },
    async (request) => svc().checkBatch(request.query.user_id, request.body.content_items),
  );

  app.get(
    `${base}/`,
    {
      schema: {
        tags,
        summary: "A user's bookmarks with their content and the user's own rating",
        querystring: Type.Object({
          user_id: Uuid,
          pinned: Type.Optional(Type.Boolean()),
          is_public: Type.Optional(Type.Boolean()),
          category_id: Type.Optional(Uuid),
          skip: Skip,
          limit: Limit,
          sort_field: BookmarkSortField,
          sort_order: SortOrder,
          include_content: Type.Boolean({ default: true }),
        }),
        response: { 200: BookmarkList, ...errors },
      },
    },
    async (request) => {
      const { user_id, ...query } = request.query;
      return svc().list(user_id, query);
    },
  );

  app.get(
    `${base}/:bookmark_id`,
    { schema: { tags, summary: 'One bookmark', params: IdParams, response: { 200: Bookmark, ...errors } } },
    async (request) => svc().get(accessOf(request), request.params.bookmark_id),
  );

  app.put(
    `${base}/:bookmark_id`,
    {
      schema: { tags, summary: 'Update note, pinned or visibility (null keeps the value)', params: IdParams, body: BookmarkUpdateBody, response: { 200: Bookmark, ...errors } },
    },
    async (request) => svc().update(accessOf(request), request.params.bookmark_id, request.body),
  );

  app.delete(
    `${base}/:bookmark_id`,
    {
      schema: {
        tags,
        summary: 'Delete a bookmark (hard delete; its category memberships go with it)',
        params: IdParams,
        querystring: Type.Object({ user_id: Type.Optional(Uuid) }),
        response: { 200: Success, ...errors },
      },
    },
    async (request) => svc().delete(accessOf(request), request.params.bookmark_id),
  );

  app.post(
    `${base}/:bookmark_id/categories`,
    {
      schema: {
        tags,
        summary: 'File a bookmark in a category (at `position`, or last)',
        params: IdParams,
        body: MembershipAddBody,
        response: { 201: Membership, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await svc().addToCategory(accessOf(request), request.params.bookmark_id, request.body.category_id, request.body.position ?? null)),
  );

  app.get(
    `${base}/:bookmark_id/categories`,
    { schema: { tags, summary: 'The categories a bookmark is filed in', params: IdParams, response: { 200: MembershipList, ...errors } } },
    async (request) => svc().categoriesOf(accessOf(request), request.params.bookmark_id),
  );

  app.delete(
    `${base}/:bookmark_id/categories/:category_id`,
    { schema: { tags, summary: 'Remove a bookmark from a category', params: MemberParams, response: { 200: Success, ...errors } } },
    async (request) => svc().removeFromCategory(accessOf(request), request.params.bookmark_id, request.params.category_id),
  );

  app.put(
    `${base}/:bookmark_id/categories/:category_id/position`,
    {
      schema: {
        tags,
        summary: 'Move a bookmark to a position within a category (others shift; positions stay 0..n-1)',
        params: MemberParams,
        body: MembershipPositionBody,
        response: { 200: Membership, ...errors },
      },
    },
    async (request) => svc().setPosition(accessOf(request), request.params.bookmark_id, request.params.category_id, request.body.position),
  );

  app.put(
    `${base}/:bookmark_id/categories/sync`,
    {
      schema: {
        tags,
        summary: 'Set exactly the categories a bookmark is in ([] = "Uncategorized")',
        params: IdParams,
        querystring: UserQuery,
        body: SyncBody,
        response: { 200: MembershipList, ...errors },
      },
    },
    async (request) => svc().syncCategories(accessOf(request), request.params.bookmark_id, request.query.user_id, request.body.category_ids),
  );
}
