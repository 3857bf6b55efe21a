import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { Prng } from './prng.ts';

/**
 * Procedural demo pictures: a gradient sky, a glowing disc, layered hills or a skyline or
 * floating rings, and scattered specks, coloured from the item's palette tag. Each item's
 * picture is drawn from its own seed, so every one differs and the same seed redraws it.
 *
 * Files per picture (paths relative to the storage dir):
 *   <base>.png        the "original", longest side 384 (content_data)
 *   <base>_256.webp   the thumbnail (path_thumb)
 * path_thumbs_alt_res maps size → path: {"256": thumbnail, "384": original}.
 */

export const ORIGINAL_SIZE = 384;
export const THUMB_SIZE = 256;

export interface ImagePaths {
  original: string;
  thumb: string;
  altRes: Record<string, string>;
}

export function imagePaths(base: string): ImagePaths {
  const original = `${base}.png`;
  const thumb = `${base}_${THUMB_SIZE}.webp`;
  return { original, thumb, altRes: { [String(THUMB_SIZE)]: thumb, [String(ORIGINAL_SIZE)]: original } };
}

function fit(width: number, height: number, longest: number): [number, number] {
  const scale = longest / Math.max(width, height);
  return [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
}

/** The SVG for one picture at a given pixel size; the same seed gives the same scene at any size. */
export function sceneSvg(seed: number, colours: readonly string[], width: number, height: number): string {
  const rng = new Prng(seed, 99);
  const [c0, c1, c2, c3] = [0, 1, 2, 3].map((i) => colours[i % colours.length] as string) as [string, string, string, string];
  const w = width;
  const h = height;
  const angle = rng.int(0, 3);
  const [x2, y2] = [
    [0, 1],
    [1, 1],
    [1, 0],
    [0.3, 1],
  ][angle] as [number, number];
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`,
    `<defs><linearGradient id="sky" x1="0" y1="0" x2="${x2}" y2="${y2}"><stop offset="0" stop-color="${c0}"/><stop offset="1" stop-color="${c2}"/></linearGradient>`,
    `<radialGradient id="glow"><stop offset="0" stop-color="${c3}"/><stop offset="0.6" stop-color="${c3}" stop-opacity="0.85"/><stop offset="1" stop-color="${c3}" stop-opacity="0"/></radialGradient></defs>`,
    `<rect width="${w}" height="${h}" fill="url(#sky)"/>`,
  ];
  const sunX = w * (0.2 + rng.next() * 0.6);
  const sunY = h * (0.15 + rng.next() * 0.35);
  parts.push(`<circle cx="${sunX.toFixed(1)}" cy="${sunY.toFixed(1)}" r="${(Math.min(w, h) * (0.12 + rng.next() * 0.18)).toFixed(1)}" fill="url(#glow)"/>`);
  for (let i = 0, n = rng.int(4, 18); i < n; i++) {
    parts.push(
      `<circle cx="${(rng.next() * w).toFixed(1)}" cy="${(rng.next() * h * 0.6).toFixed(1)}" r="${(1 + rng.next() * Math.min(w, h) * 0.012).toFixed(1)}" fill="${c3}" opacity="${(0.3 + rng.next() * 0.6).toFixed(2)}"/>`,
    );
  }
  const scene = rng.int(0, 2);
  const layers = rng.int(2, 4);
  for (let l = 0; l < layers; l++) {
    const fill = l % 2 === 0 ? c1 : c2;
    const opacity = (0.55 + (l / layers) * 0.45).toFixed(2);
    const base = h * (0.55 + (l / layers) * 0.35);
    if (scene === 0) {
      // rolling hills
      const a = base - h * (0.05 + rng.next() * 0.15);
      const b = base + h * (rng.next() * 0.1 - 0.05);
      parts.push(
        `<path d="M0 ${b.toFixed(1)} Q ${(w * 0.25).toFixed(1)} ${a.toFixed(1)} ${(w * 0.5).toFixed(1)} ${base.toFixed(1)} T ${w} ${(base - h * rng.next() * 0.1).toFixed(1)} V ${h} H 0 Z" fill="${fill}" opacity="${opacity}"/>`,
      );
    } else if (scene === 1) {
      // skyline of blocks
      let x = -rng.next() * w * 0.05;
      while (x < w) {
        const bw = w * (0.04 + rng.next() * 0.1);
        const bh = h * (0.1 + rng.next() * 0.35) * (1 - l / (layers + 1));
        parts.push(`<rect x="${x.toFixed(1)}" y="${(base - bh).toFixed(1)}" width="${bw.toFixed(1)}" height="${(h - base + bh).toFixed(1)}" fill="${fill}" opacity="${opacity}"/>`);
        x += bw + w * rng.next() * 0.02;
      }
    } else {
      // floating rings
      parts.push(
        `<ellipse cx="${(rng.next() * w).toFixed(1)}" cy="${base.toFixed(1)}" rx="${(w * (0.2 + rng.next() * 0.3)).toFixed(1)}" ry="${(h * (0.04 + rng.next() * 0.08)).toFixed(1)}" fill="none" stroke="${fill}" stroke-width="${(Math.min(w, h) * 0.02).toFixed(1)}" opacity="${opacity}"/>`,
      );
    }
  }
  parts.push('</svg>');
  return parts.join('');
}

/**
 * Writes one picture (original PNG + WebP thumbnail) under `storageDir/base`. The original's
 * aspect follows the item's generation size.
 */
export async function writeImage(
  storageDir: string,
  base: string,
  seed: number,
  colours: readonly string[],
  width: number,
  height: number,
): Promise<ImagePaths> {
  const paths = imagePaths(base);
  await mkdir(path.dirname(path.join(storageDir, paths.original)), { recursive: true });
  const [ow, oh] = fit(width, height, ORIGINAL_SIZE);
  const [tw, th] = fit(width, height, THUMB_SIZE);
  // Two independent pipelines straight from the SVG: each is one job on libuv's thread pool, so
  // both run to the end even while the main thread is busy (PGlite's COPY runs on it).
  await Promise.all([
    sharp(Buffer.from(sceneSvg(seed, colours, ow, oh)))
      .removeAlpha()
      .png({ compressionLevel: 1, adaptiveFiltering: false })
      .toFile(path.join(storageDir, paths.original)),
    sharp(Buffer.from(sceneSvg(seed, colours, tw, th)))
      .webp({ quality: 78, effort: 0 })
      .toFile(path.join(storageDir, paths.thumb)),
  ]);
  return paths;
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  });
  await Promise.all(workers);
}
