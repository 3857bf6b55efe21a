import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TypedApp } from '../../platform/http/app.ts';
import { ErrorDetail, Success } from '../../platform/http/schemas.ts';
import type { Services } from '../services.ts';
import { accessOf } from '../auth/access.ts';
import type { ImageFile } from './images.service.ts';

const ImageInfo = Type.Object(
  { width: Type.Integer(), height: Type.Integer(), mode: Type.String(), format: Type.String(), file_size: Type.Integer() },
  { $id: 'ImageInfo' },
);
const Binary = Type.Unsafe<never>({ type: 'string', format: 'binary', description: 'The image bytes' });
const errors = { 400: ErrorDetail, 403: ErrorDetail, 404: ErrorDetail, 422: ErrorDetail };
const INFO_SUFFIX = '/info';

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const v = t.trim();
    return v === '*' || v === etag || v === `W/${etag}`;
  });
}

function sendFile(request: FastifyRequest, reply: FastifyReply, file: ImageFile) {
  reply.header('etag', file.etag).header('cache-control', 'public, max-age=3600').header('last-modified', file.mtime.toUTCString());
  if (etagMatches(request.headers['if-none-match'], file.etag)) return reply.code(304).send();
  return reply.header('content-type', file.contentType).header('content-length', String(file.size)).send(file.open());
}

/**
 * `/images/{file_path}` takes paths with slashes (a wildcard), so `/info` is recognised as a
 * suffix here: the info route of the original was unreachable behind the greedy path (§7.2).
 */
export async function imagesRoutes(app: TypedApp, services: Services): Promise<void> {
  const tags = ['images'];
  const svc = () => services.images;

  app.get(
    '/api/v1/images/*',
    {
      schema: {
        tags,
        summary: 'An image by content id or storage-relative path; `/info` suffix → dimensions and format; ?thumbnail=small|medium|large',
        params: Type.Object({ '*': Type.String({ maxLength: 1024 }) }),
        querystring: Type.Object({ thumbnail: Type.Optional(Type.String({ maxLength: 20 })) }),
        response: { 200: Type.Union([Binary, ImageInfo]), 304: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const filePath = request.params['*'];
      if (filePath.endsWith(INFO_SUFFIX) && filePath.length > INFO_SUFFIX.length) {
        return reply.send(await svc().info(accessOf(request), filePath.slice(0, -INFO_SUFFIX.length)));
      }
      if (!filePath) return reply.code(404).send({ detail: 'Image not found' });
      return sendFile(request, reply, await svc().file(accessOf(request), filePath, request.query.thumbnail ?? null));
    },
  );

  app.delete(
    '/api/v1/images/thumbnails/*',
    {
      // A maintenance action: administrators only in required mode.
      config: { adminOnly: true },
      schema: {
        tags,
        summary: 'Delete the generated thumbnails of an image (content id or storage-relative path)',
        params: Type.Object({ '*': Type.String({ maxLength: 1024 }) }),
        response: { 200: Success, ...errors },
      },
    },
    async (request) => svc().deleteThumbnails(request.params['*']),
  );
}
