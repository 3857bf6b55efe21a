import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, readdir, realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { BadRequestError, ForbiddenError, HttpError } from '../../platform/http/errors.ts';
import type { Runtime } from '../../platform/runtime.ts';
import { owns, type Access } from '../auth/access.ts';
import { contentImage } from './images.queries.ts';

export const THUMBNAIL_SIZES: Record<string, number> = { small: 150, medium: 300, large: 600 };
const CONTENT_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.bmp': 'image/bmp',
};
const THUMBNAIL_DIR = 'thumbnails';
const MAX_ID = Number.MAX_SAFE_INTEGER;
const UUID_SEGMENT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const notFound = () => new HttpError(404, 'Image not found');
const denied = () => new ForbiddenError('Access denied: Invalid file path');

export interface ImageFile {
  absPath: string;
  contentType: string;
  size: number;
  mtime: Date;
  etag: string;
  open(): ReadStream;
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * Image files under the storage directory (config `storage.dir`). Rows store paths relative to it;
 * a request names either a content id (all digits) or such a relative path. Nothing outside the
 * storage directory is ever served: `..` segments, absolute paths, NUL bytes and symlinks that lead
 * out are refused (403 for a path a client sent; a stored absolute path is honoured only when it
 * lies inside the storage directory, else 404).
 */
export class ImagesService {
  constructor(private readonly runtime: Runtime) {}

  private get root(): string {
    return path.resolve(this.runtime.config.paths.storageDir);
  }

  /** A client-supplied relative path → absolute path inside the root (403 when it escapes). */
  private async inside(relative: string, fromDatabase: boolean): Promise<string> {
    const root = this.root;
    if (relative.includes('\0')) throw fromDatabase ? notFound() : denied();
    let candidate: string;
    if (path.isAbsolute(relative)) {
      // Legacy rows kept absolute paths; clients may not send one.
      if (!fromDatabase) throw denied();
      candidate = path.resolve(relative);
    } else {
      candidate = path.resolve(root, relative);
    }
    if (!isInside(root, candidate)) throw fromDatabase ? notFound() : denied();
    let real: string;
    try {
      real = await realpath(candidate);
    } catch {
      throw notFound();
    }
    const realRoot = await realpath(root).catch(() => root);
    if (!isInside(realRoot, real)) throw fromDatabase ? notFound() : denied();
    return real;
  }

  /**
   * `file_path` of the route: a content id or a storage-relative path. In required mode a private
   * item's image is its creator's only, and a non-admin cannot name a path inside another user's
   * folder (generated files live under `…/<user_id>/…`): both are the 404 of a missing image.
   */
  private async resolve(access: Access, filePath: string): Promise<string> {
    if (/^\d+$/.test(filePath)) {
      const id = Number(filePath);
      if (!Number.isSafeInteger(id) || id < 1 || id > MAX_ID) throw notFound();
      const stored = await contentImage(this.runtime.db, id);
      if (!stored || (stored.is_private && !owns(access, stored.creator_id))) throw notFound();
      return this.inside(stored.content_data, true);
    }
    const foreign = filePath.split('/').some((segment) => UUID_SEGMENT.test(segment) && !owns(access, segment));
    if (foreign) throw notFound();
    return this.inside(filePath, false);
  }

  private async describe(absPath: string): Promise<ImageFile> {
    const st = await stat(absPath).catch(() => null);
    if (!st || !st.isFile()) throw notFound();
    const ext = path.extname(absPath).toLowerCase();
    return {
      absPath,
      contentType: CONTENT_TYPES[ext] ?? 'application/octet-stream',
      size: st.size,
      mtime: st.mtime,
      etag: `"${Math.floor(st.mtimeMs).toString(16)}-${st.size.toString(16)}"`,
      open: () => createReadStream(absPath),
    };
  }

  /** The file to send for GET /images/{file_path}[?thumbnail=small|medium|large]. */
  async file(access: Access, filePath: string, thumbnail?: string | null): Promise<ImageFile> {
    let size: number | undefined;
    if (thumbnail !== undefined && thumbnail !== null) {
      size = THUMBNAIL_SIZES[thumbnail];
      if (!size) throw new BadRequestError('Invalid thumbnail size. Use: small, medium, large');
    }
    let source: string;
    try {
      source = await this.resolve(access, filePath);
    } catch (err) {
      if (size && err instanceof HttpError && err.statusCode === 404) throw new HttpError(404, 'Source image not found');
      throw err;
    }
    if (!size) return this.describe(source);
    return this.describe(await this.thumbnail(source, size));
  }

  private thumbnailPath(source: string, size: number): string {
    const rel = path.relative(this.root, source);
    const stem = rel.slice(0, rel.length - path.extname(rel).length);
    return path.join(this.root, THUMBNAIL_DIR, `${stem}_${size}x${size}.webp`);
  }

  /** Generated on first request and kept on disk; regenerated when the source is newer. */
  private async thumbnail(source: string, size: number): Promise<string> {
    const target = this.thumbnailPath(source, size);
    const [src, existing] = await Promise.all([stat(source), stat(target).catch(() => null)]);
    if (existing && existing.mtimeMs >= src.mtimeMs) return target;
    let data: Buffer;
    try {
      data = await sharp(source).resize({ width: size, height: size, fit: 'inside', withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
    } catch {
      throw new BadRequestError('Invalid image file');
    }
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, data);
    await rename(tmp, target);
    return target;
  }

  /** GET /images/{file_path}/info. */
  async info(access: Access, filePath: string) {
    const file = await this.describe(await this.resolve(access, filePath));
    try {
      const meta = await sharp(file.absPath).metadata();
      const channels = meta.channels ?? 3;
      const mode = channels === 1 ? 'L' : channels === 2 ? 'LA' : channels === 4 ? 'RGBA' : 'RGB';
      return { width: meta.width ?? 0, height: meta.height ?? 0, mode, format: (meta.format ?? 'unknown').toUpperCase(), file_size: file.size };
    } catch {
      throw new BadRequestError('Invalid image file');
    }
  }

  /** DELETE /images/thumbnails/{file_path}: removes every generated thumbnail of that image. */
  async deleteThumbnails(filePath: string) {
    const source = await this.resolve(null, filePath);
    const probe = this.thumbnailPath(source, 0);
    const dir = path.dirname(probe);
    const prefix = path.basename(probe).replace(/0x0\.webp$/, '');
    const names = await readdir(dir).catch(() => [] as string[]);
    let deleted = 0;
    for (const name of names) {
      if (name.startsWith(prefix) && /^\d+x\d+\.webp$/.test(name.slice(prefix.length))) {
        await unlink(path.join(dir, name)).catch(() => undefined);
        deleted++;
      }
    }
    return { success: true, message: `Deleted ${deleted} thumbnails for ${filePath}` };
  }
}
