import type { FastifyReply } from 'fastify';
import type { PageCache } from '../cache/page-cache.ts';

/**
 * Sends the response from the page cache when it holds `key`; else computes it, serialises it with
 * the route's own response schema (exactly what an uncached answer sends) and keeps the text.
 * `X-Cache: hit|miss` tells which; a null key bypasses the cache (requests with side effects).
 */
export async function sendCachedJson(reply: FastifyReply, pages: PageCache, key: string | null, compute: () => Promise<unknown>): Promise<void> {
  if (key === null) {
    await reply.send(await compute());
    return;
  }
  const hit = pages.get(key);
  reply.type('application/json; charset=utf-8');
  if (hit !== undefined) {
    await reply.header('x-cache', 'hit').send(hit);
    return;
  }
  const version = pages.version;
  const body = reply.serialize(await compute()) as string;
  pages.store(version, key, body);
  await reply.header('x-cache', 'miss').send(body);
}
