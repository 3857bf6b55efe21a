import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableEngines } from '../support/test-databases.ts';
import { createTestSystem, type TestSystem } from '../support/test-app.ts';
import { makeItem, makeUser } from '../support/fixtures-content.ts';

async function png(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 90 } } }).png().toBuffer();
}

describe.each(availableEngines())('images API on %s', (engine) => {
  let sys: TestSystem;
  let outside: string;
  let itemId: number;
  let autoId: number;
  let absoluteInside: number;
  let absoluteOutside: number;
  const base = '/api/v1/images';
  const get = (url: string, headers: Record<string, string> = {}) => sys.app.inject({ url, headers });

  beforeAll(async () => {
    sys = await createTestSystem(engine);
    const root = sys.storageDir;
    mkdirSync(path.join(root, 'generations/2025/01'), { recursive: true });
    writeFileSync(path.join(root, 'generations/2025/01/pic.png'), await png(800, 400));
    writeFileSync(path.join(root, 'generations/2025/01/photo.jpg'), await sharp(await png(20, 10)).jpeg().toBuffer());
    writeFileSync(path.join(root, 'generations/2025/01/notes.bin'), 'not an image');
    writeFileSync(path.join(root, 'generations/2025/01/broken.png'), 'not a png');
    outside = mkdtempSync(path.join(os.tmpdir(), 'genonaut-outside-'));
    writeFileSync(path.join(outside, 'secret.png'), await png(4, 4));
    symlinkSync(path.join(outside, 'secret.png'), path.join(root, 'generations/escape.png'));
    symlinkSync(outside, path.join(root, 'linkdir'));
    const user = await makeUser(sys.runtime.db);
    itemId = await makeItem(sys.runtime.db, { creator: user, contentData: 'generations/2025/01/pic.png' });
    autoId = await makeItem(sys.runtime.db, { creator: user, source: 'auto', contentData: 'generations/2025/01/photo.jpg' });
    absoluteInside = await makeItem(sys.runtime.db, { creator: user, contentData: path.join(root, 'generations/2025/01/pic.png') });
    absoluteOutside = await makeItem(sys.runtime.db, { creator: user, contentData: path.join(outside, 'secret.png') });
  });
  afterAll(async () => {
    await sys?.close();
    rmSync(outside, { recursive: true, force: true });
  });

  it('serves a content image by id (either partition) with type, ETag and Cache-Control', async () => {
    const res = await get(`${base}/${itemId}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
    expect(res.headers.etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(res.headers['last-modified']).toBeTruthy();
    expect((await sharp(res.rawPayload).metadata()).width).toBe(800);
    const auto = await get(`${base}/${autoId}`);
    expect(auto.headers['content-type']).toBe('image/jpeg');
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await get(`${base}/${itemId}`);
    const again = await get(`${base}/${itemId}`, { 'if-none-match': String(first.headers.etag) });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    expect((await get(`${base}/${itemId}`, { 'if-none-match': '"other"' })).statusCode).toBe(200);
  });

  it('serves storage-relative paths; unknown extensions are octet-stream', async () => {
    const res = await get(`${base}/generations/2025/01/pic.png`);
    expect(res.statusCode).toBe(200);
    expect((await get(`${base}/generations/2025/01/notes.bin`)).headers['content-type']).toBe('application/octet-stream');
  });

  it('404 for unknown ids, missing files and directories', async () => {
    for (const url of [`${base}/999999`, `${base}/generations/none.png`, `${base}/generations`, `${base}/99999999999999999999999`]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().detail).toBe('Image not found');
    }
  });

  it('refuses every path out of the storage directory', async () => {
    const attempts = [
      `${base}/%2e%2e%2f%2e%2e%2fetc%2fpasswd`,
      `${base}/..%2F..%2Fetc%2Fpasswd`,
      `${base}/%2Fetc%2Fpasswd`,
      `${base}/${encodeURIComponent(path.join(outside, 'secret.png'))}`,
      `${base}/generations/escape.png`,
      `${base}/linkdir/secret.png`,
      `${base}/generations/%00.png`,
    ];
    for (const url of attempts) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().detail).toBe('Access denied: Invalid file path');
    }
    // Double-encoded dots are literal names inside the root: simply not found.
    expect((await get(`${base}/%252e%252e%252fetc%252fpasswd`)).statusCode).toBe(404);
    // Dot segments between slashes are resolved by URL parsing before routing: never outside either.
    for (const url of [`${base}/../../etc/passwd`, `${base}/generations/%2e%2e/%2e%2e/%2e%2e/etc/passwd`]) {
      const raw = await get(url);
      expect([403, 404], url).toContain(raw.statusCode);
      expect(raw.body).not.toContain('root:');
    }
  });

  it('legacy absolute paths in rows are honoured only inside the storage directory', async () => {
    expect((await get(`${base}/${absoluteInside}`)).statusCode).toBe(200);
    expect((await get(`${base}/${absoluteOutside}`)).statusCode).toBe(404);
  });

  it('thumbnails: small/medium/large generated as WebP and cached; bad size 400', async () => {
    const res = await get(`${base}/${itemId}?thumbnail=medium`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/webp');
    const meta = await sharp(res.rawPayload).metadata();
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(300);
    const again = await get(`${base}/${itemId}?thumbnail=medium`);
    expect(again.headers.etag).toBe(res.headers.etag);
    const bad = await get(`${base}/${itemId}?thumbnail=huge`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toBe('Invalid thumbnail size. Use: small, medium, large');
    expect((await get(`${base}/generations/missing.png?thumbnail=small`)).json().detail).toBe('Source image not found');
    expect((await get(`${base}/generations/2025/01/broken.png?thumbnail=small`)).json().detail).toBe('Invalid image file');
  });

  it('§7.2: /info is reachable and describes the image', async () => {
    const res = await get(`${base}/${itemId}/info`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ width: 800, height: 400, mode: 'RGB', format: 'PNG' });
    expect(res.json().file_size).toBeGreaterThan(0);
    expect((await get(`${base}/generations/2025/01/pic.png/info`)).json().width).toBe(800);
    expect((await get(`${base}/generations/2025/01/broken.png/info`)).statusCode).toBe(400);
    expect((await get(`${base}/%2e%2e%2fsecret.png/info`)).statusCode).toBe(403);
  });

  it('DELETE thumbnails removes the generated files', async () => {
    await get(`${base}/${itemId}?thumbnail=small`);
    await get(`${base}/${itemId}?thumbnail=large`);
    const res = await sys.app.inject({ method: 'DELETE', url: `${base}/thumbnails/${itemId}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ success: true, message: `Deleted 3 thumbnails for ${itemId}` });
    const none = await sys.app.inject({ method: 'DELETE', url: `${base}/thumbnails/generations/2025/01/pic.png` });
    expect(none.json().message).toBe('Deleted 0 thumbnails for generations/2025/01/pic.png');
    expect((await sys.app.inject({ method: 'DELETE', url: `${base}/thumbnails/%2e%2e%2fx.png` })).statusCode).toBe(403);
  });
});
