import { Type } from 'typebox';
import type { TypedApp } from '../../platform/http/app.ts';
import { ErrorDetail, Success, Uuid } from '../../platform/http/schemas.ts';
import type { Services } from '../services.ts';
import { accessOf } from '../auth/access.ts';
import {
  Category,
  CategoryBookmarks,
  CategoryCreateBody,
  CategoryList,
  CategoryTreeNode,
  CategoryUpdateBody,
  Limit,
  Skip,
  SortOrder,
  BOOKMARK_SORTS,
} from './bookmarks.schemas.ts';

const errors = { 404: ErrorDetail, 422: ErrorDetail };
const IdParams = Type.Object({ category_id: Uuid });

export async function bookmarkCategoriesRoutes(app: TypedApp, services: Services): Promise<void> {
  const tags = ['bookmark-categories'];
  const base = '/api/v1/bookmark-categories';
  const svc = () => services.bookmarks;

  app.post(
    `${base}/`,
    {
      schema: {
        tags,
        summary: 'Create a category (public ones get a share token)',
        querystring: Type.Object({ user_id: Uuid }),
        body: CategoryCreateBody,
        response: { 201: Category, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await svc().createCategory(accessOf(request), request.query.user_id, request.body)),
  );

  app.get(
    `${base}/`,
    {
      schema: {
        tags,
        summary: "A user's categories (\"Uncategorized\" is created for a user without any)",
        querystring: Type.Object({
          user_id: Uuid,
          // `null` (the literal the web client sends for "roots") selects root categories.
          parent_id: Type.Optional(Type.Union([Uuid, Type.Literal('null')], { description: 'Parent category id, or `null` for roots' })),
          is_public: Type.Optional(Type.Boolean()),
          skip: Skip,
          limit: Limit,
          sort_field: Type.String({ default: 'sort_index', maxLength: 50, description: 'sort_index, created_at, name or updated_at (others: updated_at desc)' }),
          sort_order: Type.String({ pattern: '^(asc|desc)$', default: 'asc' }),
        }),
        response: { 200: CategoryList, ...errors },
      },
    },
    async (request) => {
      const { user_id, parent_id, ...query } = request.query;
      return svc().listCategories(user_id, { ...query, parent_id: parent_id === 'null' ? null : parent_id });
    },
  );

  app.get(
    `${base}/tree`,
    {
      schema: {
        tags,
        summary: "The user's categories as a tree: roots with their descendants nested in `children`",
        querystring: Type.Object({ user_id: Uuid }),
        response: { 200: Type.Array(CategoryTreeNode), ...errors },
      },
    },
    async (request) => svc().tree(request.query.user_id),
  );

  app.get(
    `${base}/share/:share_token`,
    {
      schema: { tags, summary: 'A public category by its share token', params: Type.Object({ share_token: Uuid }), response: { 200: Category, ...errors } },
    },
    async (request) => svc().shared(request.params.share_token),
  );

  app.get(
    `${base}/:category_id`,
    { schema: { tags, summary: 'One category', params: IdParams, response: { 200: Category, ...errors } } },
    async (request) => svc().getCategory(accessOf(request), request.params.category_id),
  );

  app.get(
    `${base}/:category_id/children`,
    {
      schema: {
        tags,
        summary: 'The direct children of a category',
        params: IdParams,
        querystring: Type.Object({ skip: Skip, limit: Limit }),
        response: { 200: CategoryList, ...errors },
      },
    },
    async (request) => svc().children(accessOf(request), request.params.category_id, request.query),
  );

  app.get(
    `${base}/:category_id/bookmarks`,
    {
      schema: {
        tags,
        summary: "A category's bookmarks with content and the given user's ratings (default order: position)",
        params: IdParams,
        querystring: Type.Object({
          user_id: Uuid,
          skip: Skip,
          limit: Limit,
          sort_field: Type.String({ default: 'user_rating_then_created', maxLength: 50, description: `${BOOKMARK_SORTS} or position (others: position)` }),
          sort_order: SortOrder,
          include_content: Type.Boolean({ default: true }),
        }),
        response: { 200: CategoryBookmarks, ...errors },
      },
    },
    async (request) => {
      const { user_id, ...query } = request.query;
      return svc().categoryBookmarks(accessOf(request), request.params.category_id, user_id, query);
    },
  );

  app.put(
    `${base}/:category_id`,
    {
      schema: {
        tags,
        summary: 'Update a category (null keeps a value; going public mints a share token, going private revokes it)',
        params: IdParams,
        querystring: Type.Object({ user_id: Type.Optional(Uuid) }),
        body: CategoryUpdateBody,
        response: { 200: Category, ...errors },
      },
    },
    async (request) => svc().updateCategory(accessOf(request), request.params.category_id, request.body),
  );

  app.delete(
    `${base}/:category_id`,
    {
      schema: {
        tags,
        summary: 'Delete a category: its bookmarks move to the target (default "Uncategorized"), or with delete_all=true are deleted',
        params: IdParams,
        querystring: Type.Object({
          target_category_id: Type.Optional(Uuid),
          delete_all: Type.Boolean({ default: false }),
          user_id: Type.Optional(Uuid),
        }),
        response: { 200: Success, ...errors },
      },
    },
    async (request) => svc().deleteCategory(accessOf(request), request.params.category_id, request.query.target_category_id, request.query.delete_all),
  );
}
