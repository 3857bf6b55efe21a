import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { tagIdFor, tagsForPrompt } from '../../db/seed/ontology.ts';

/**
 * Where generated images go. Everything is under the storage dir and recorded RELATIVE to it
 * (durable keys, no worker-local absolute paths — spec services §10.8):
 *
 *   generations/<yyyy>/<mm>/<dd>/<user_id>/job_<id>_<n>.png        the image as ComfyUI made it
 *   generations/<yyyy>/<mm>/<dd>/<user_id>/job_<id>_<n>_256.webp   thumbnail (path_thumb)
 *   generations/<yyyy>/<mm>/<dd>/<user_id>/job_<id>_<n>_512.webp   larger preview
 *
 * The same conventions as the demo seed: `path_thumb` is the 256 px WebP and
 * `path_thumbs_alt_res` maps the longest side to a file ({"256": …, "512": …}). Names depend on
 * the job only, so an attempt that died half-way is overwritten by the next, never duplicated.
 */
export const THUMBNAIL_SIZES = [256, 512] as const;

export interface StoredImage {
  image: string;
  thumbnails: Record<string, string>;
  width: number;
  height: number;
}

export function jobOutputDir(userId: string, date = new Date()): string {
  const y = String(date.getUTCFullYear());
  const m = String(date.getUTCMonth() + 1).padStart(2, '0');
  const d = String(date.getUTCDate()).padStart(2, '0');
  if (!/^[0-9a-f-]{36}$/i.test(userId)) throw new Error('invalid user id for a storage path');
  return path.posix.join('generations', y, m, d, userId.toLowerCase());
}

async function writeAtomic(file: string, data: Buffer): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

/** Width and height from a PNG's IHDR chunk (no decode); null when the bytes are not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } | null {
  if (png.length < 24 || png.readUInt32BE(0) !== 0x89504e47 || png.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/**
 * Writes one output and its WebP thumbnails; returns storage-relative paths. The image is decoded
 * once; a size at or above the image's longest side reuses the smaller thumbnail file (nothing to
 * shrink), so a small image is encoded once.
 */
export async function storeImage(storageDir: string, relDir: string, jobId: number, index: number, png: Buffer): Promise<StoredImage> {
  const base = path.posix.join(relDir, `job_${jobId}_${index + 1}`);
  await mkdir(path.join(storageDir, relDir), { recursive: true });
  const image = `${base}.png`;
  let size = pngSize(png);
  if (!size) {
    const meta = await sharp(png).metadata();
    size = { width: meta.width ?? 0, height: meta.height ?? 0 };
  }
  const decoded = sharp(png);
  const writes: Array<Promise<void>> = [writeAtomic(path.join(storageDir, image), png)];
  const thumbnails: Record<string, string> = {};
  let previous: string | null = null;
  const longest = Math.max(size.width, size.height);
  for (const edge of THUMBNAIL_SIZES) {
    if (previous && longest <= edge) {
      thumbnails[String(edge)] = previous;
      continue;
    }
    const rel = `${base}_${edge}.webp`;
    writes.push(
      decoded
        .clone()
        .resize({ width: edge, height: edge, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 80, effort: 1 })
        .toBuffer()
        .then((webp) => writeAtomic(path.join(storageDir, rel), webp)),
    );
    thumbnails[String(edge)] = rel;
    previous = rel;
  }
  await Promise.all(writes);
  return { image, thumbnails, width: size.width, height: size.height };
}

/** Ontology tag ids the prompt mentions (the tags table decides which exist in this database). */
export function promptTagIds(prompt: string): { names: string[]; ids: string[] } {
  const names = tagsForPrompt(prompt);
  return { names, ids: names.map(tagIdFor) };
}
