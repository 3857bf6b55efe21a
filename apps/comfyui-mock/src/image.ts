/**
 * Procedural "generated" pictures for the mock.
 *
 * Everything is a pure function of (prompt text, seed, batch index, size): the palette and the
 * overall look come from a hash of the prompt, the layout details from a hash of prompt + seed +
 * index. The same inputs therefore give byte-identical PNGs, and different prompts give visibly
 * different pictures (an abstract sky of flowing colour bands, a glowing sun, layered mountain
 * ridges, soft bokeh orbs and a little film grain).
 */
import sharp from 'sharp';

export interface RenderInput {
  prompt: string;
  seed: number;
  width: number;
  height: number;
  /** Position in the batch (0-based): each batch item is a variation. */
  index?: number;
  /** Print a short caption with the prompt on the picture. Default false. */
  caption?: boolean;
}

/** 32-bit FNV-1a over the UTF-8 bytes, then an avalanche step. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  const bytes = Buffer.from(text, 'utf8');
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32: small, fast, deterministic PRNG returning [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rgb = [number, number, number];

function hsl(h: number, s: number, l: number): Rgb {
  h = ((h % 360) + 360) % 360;
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const x = c * (1 - Math.abs(((h / 60) % 2) - 1));
  const m = l - c / 2;
  let r = 0;
  let g = 0;
  let b = 0;
  if (h < 60) [r, g, b] = [c, x, 0];
  else if (h < 120) [r, g, b] = [x, c, 0];
  else if (h < 180) [r, g, b] = [0, c, x];
  else if (h < 240) [r, g, b] = [0, x, c];
  else if (h < 300) [r, g, b] = [x, 0, c];
  else [r, g, b] = [c, 0, x];
  return [(r + m) * 255, (g + m) * 255, (b + m) * 255];
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

function smooth(t: number): number {
  return t * t * (3 - 2 * t);
}

/** 1-D value noise with octaves, sampled once per column (ridge heights). */
function ridgeProfile(width: number, rnd: () => number, roughness: number): Float32Array {
  const out = new Float32Array(width);
  let amp = 1;
  let total = 0;
  for (let octave = 0; octave < 5; octave++) {
    const cells = 2 + (2 << octave);
    const knots = Array.from({ length: cells + 2 }, () => rnd());
    for (let x = 0; x < width; x++) {
      const p = (x / width) * cells;
      const i = Math.floor(p);
      out[x] += amp * (knots[i] + (knots[i + 1] - knots[i]) * smooth(p - i));
    }
    total += amp;
    amp *= roughness;
  }
  for (let x = 0; x < width; x++) out[x] /= total;
  return out;
}

interface Scene {
  skyTop: Rgb;
  skyMid: Rgb;
  skyLow: Rgb;
  sun: Rgb;
  sunX: number;
  sunY: number;
  sunR: number;
  warpA: number;
  warpB: number;
  freqA: number;
  freqB: number;
  phaseA: number;
  phaseB: number;
  bandStrength: number;
  ridges: { profile: Float32Array; base: number; height: number; color: Rgb }[];
  orbs: { x: number; y: number; r: number; color: Rgb; alpha: number }[];
  grain: number;
}

function buildScene(input: Required<Omit<RenderInput, 'caption'>>): Scene {
  const { width, height } = input;
  const style = prng(hash32(`palette\u0000${input.prompt}`));
  const layout = prng(hash32(`layout\u0000${input.prompt}\u0000${input.seed}\u0000${input.index}`));

  // Palette: a base hue and a harmony chosen from the prompt.
  const baseHue = style() * 360;
  const harmony = [30, 150, 180, 210, 120][Math.floor(style() * 5)];
  const night = style() < 0.35;
  const sat = 0.45 + style() * 0.4;
  const skyTop = hsl(baseHue, sat, night ? 0.12 : 0.32 + style() * 0.12);
  const skyMid = hsl(baseHue + harmony * 0.5, sat, night ? 0.28 : 0.55 + style() * 0.1);
  const skyLow = hsl(baseHue + harmony, sat * 0.9, night ? 0.42 : 0.72 + style() * 0.1);
  const sun = hsl(baseHue + harmony + 20, 0.9, night ? 0.88 : 0.8);
  const ridgeHue = baseHue + (style() < 0.5 ? -harmony * 0.3 : harmony * 1.2);
  const ridgeCount = Math.floor(style() * 4) + (style() < 0.85 ? 1 : 0); // 0..4 layers
  const orbCount = Math.floor(style() * 7);
  const bandStrength = 0.25 + style() * 0.5;

  const ridges: Scene['ridges'] = [];
  for (let i = 0; i < ridgeCount; i++) {
    const depth = (i + 1) / ridgeCount; // small = far, 1 = nearest
    ridges.push({
      profile: ridgeProfile(width, layout, 0.45 + layout() * 0.15),
      base: height * (0.5 + depth * 0.36),
      height: height * (0.12 + layout() * 0.22) * (1.1 - depth * 0.4),
      color: mix(mix(skyLow, skyMid, 0.4), hsl(ridgeHue + depth * 25, Math.min(1, sat * 0.9), night ? 0.05 : 0.09), 0.25 + depth * 0.65),
    });
  }
  const orbs: Scene['orbs'] = [];
  for (let i = 0; i < orbCount; i++) {
    orbs.push({
      x: layout() * width,
      y: layout() * height * 0.8,
      r: Math.min(width, height) * (0.02 + layout() * 0.08),
      color: hsl(baseHue + harmony * layout(), 0.7, 0.75),
      alpha: 0.15 + layout() * 0.3,
    });
  }
  return {
    skyTop,
    skyMid,
    skyLow,
    sun,
    sunX: (0.15 + layout() * 0.7) * width,
    sunY: (0.15 + layout() * 0.4) * height,
    sunR: Math.min(width, height) * (0.05 + layout() * 0.09),
    warpA: 0.4 + layout() * 1.2,
    warpB: 0.3 + layout() * 1.0,
    freqA: 1.5 + layout() * 4,
    freqB: 2 + layout() * 5,
    phaseA: layout() * Math.PI * 2,
    phaseB: layout() * Math.PI * 2,
    bandStrength,
    ridges,
    orbs,
    grain: 4 + layout() * 6,
  };
}

const SIN_STEPS = 4096;
const SIN_TABLE = Float64Array.from({ length: SIN_STEPS + 1 }, (_, i) => Math.sin((i / SIN_STEPS) * Math.PI * 2));

/** Table sine (about 1e-3 accurate): plenty for colour bands, several times faster than Math.sin. */
function fastSin(a: number): number {
  let p = (a / (Math.PI * 2)) % 1;
  if (p < 0) p += 1;
  return SIN_TABLE[(p * SIN_STEPS) | 0];
}

/** Raw RGB pixels (width × height × 3) for one picture. */
export function renderRaw(input: RenderInput): Buffer {
  const full = {
    prompt: input.prompt,
    seed: input.seed,
    width: input.width,
    height: input.height,
    index: input.index ?? 0,
  };
  const { width, height } = full;
  const s = buildScene(full);
  const px = Buffer.alloc(width * height * 3);
  let grain = hash32(`grain\u0000${full.seed}\u0000${full.index}`) | 1;

  // Separable parts of the warp: sin(a + b) = sin a cos b + cos a sin b.
  const colA = new Float64Array(width * 2);
  const colB = new Float64Array(width * 2);
  const colBand = new Float64Array(width);
  for (let x = 0; x < width; x++) {
    const u = x / width;
    const a = u * s.freqA * Math.PI + s.phaseA;
    const b = u * s.freqB * Math.PI + s.phaseB;
    colA[2 * x] = Math.sin(a);
    colA[2 * x + 1] = Math.cos(a);
    colB[2 * x] = Math.sin(b);
    colB[2 * x + 1] = Math.cos(b);
    colBand[x] = Math.sin(u * 4 + s.phaseB) * 1.5;
  }
  const kA = 0.06 * s.warpA;
  const kB = 0.04 * s.warpB;
  const bandK = s.bandStrength * 0.35;
  const [t0, t1, t2] = s.skyTop;
  const [m0, m1, m2] = s.skyMid;
  const [l0, l1, l2] = s.skyLow;
  const [s0, s1, s2] = s.sun;
  const sunGlow = s.sunR * 4;

  // Ridge tops per column; later (nearer) layers paint over earlier ones.
  const tops = s.ridges.map((r) => {
    const t = new Float32Array(width);
    for (let x = 0; x < width; x++) t[x] = r.base - r.profile[x] * r.height;
    return t;
  });
  const highest = s.ridges.length ? Math.min(...tops.map((t) => t.reduce((m, v) => Math.min(m, v), Infinity))) : Infinity;

  for (let y = 0; y < height; y++) {
    const v = y / height;
    const sv3 = Math.sin(v * 3);
    const cv3 = Math.cos(v * 3);
    const vb = v * s.freqB * Math.PI;
    const svb = Math.sin(vb);
    const cvb = Math.cos(vb);
    const dy = y - s.sunY;
    const sunRow = Math.abs(dy) < sunGlow;
    const rowOrbs = s.orbs.filter((o) => Math.abs(y - o.y) < o.r);
    const belowRidges = y >= highest;
    let o = y * width * 3;
    for (let x = 0; x < width; x++, o += 3) {
      // Sky: vertical gradient, domain-warped into flowing colour bands.
      const w = v + kA * (colA[2 * x] * cv3 + colA[2 * x + 1] * sv3) + kB * (colB[2 * x] * cvb + colB[2 * x + 1] * svb);
      const t = w < 0 ? 0 : w > 1 ? 1 : w;
      let r: number;
      let g: number;
      let b: number;
      if (t < 0.5) {
        const k = smooth(t * 2);
        r = t0 + (m0 - t0) * k;
        g = t1 + (m1 - t1) * k;
        b = t2 + (m2 - t2) * k;
      } else {
        const k = smooth((t - 0.5) * 2);
        r = m0 + (l0 - m0) * k;
        g = m1 + (l1 - m1) * k;
        b = m2 + (l2 - m2) * k;
      }
      const band = (0.5 + 0.5 * fastSin(w * 9 + colBand[x])) * bandK;
      r += (l0 - r) * band;
      g += (l1 - g) * band;
      b += (l2 - b) * band;

      // Sun disc with glow.
      if (sunRow) {
        const dx = x - s.sunX;
        const d = Math.sqrt(dx * dx + dy * dy);
        if (d < sunGlow) {
          const glow = 1 - d / sunGlow;
          let k = glow * glow * 0.6;
          if (d < s.sunR) k = Math.max(k, Math.min(1, (s.sunR - d) / 2));
          r += (s0 - r) * k;
          g += (s1 - g) * k;
          b += (s2 - b) * k;
        }
      }

      // Bokeh orbs.
      for (const orb of rowOrbs) {
        const ox = x - orb.x;
        if (ox > orb.r || ox < -orb.r) continue;
        const oy = y - orb.y;
        const od = Math.sqrt(ox * ox + oy * oy);
        if (od < orb.r) {
          const k = orb.alpha * Math.min(1, (orb.r - od) / 3) * (0.6 + 0.4 * (od / orb.r));
          r += (orb.color[0] - r) * k;
          g += (orb.color[1] - g) * k;
          b += (orb.color[2] - b) * k;
        }
      }

      // Mountain ridges, with a little haze just under their crests and an anti-aliased edge.
      if (belowRidges) {
        for (let i = 0; i < tops.length; i++) {
          const top = tops[i][x];
          if (y < top) continue;
          const rc = s.ridges[i].color;
          const haze = 0.2 * Math.max(0, 1 - (y - top) / (height * 0.25));
          const edge = Math.min(1, (y - top) / 1.5 + 0.35);
          const cr = rc[0] + (l0 - rc[0]) * haze;
          const cg = rc[1] + (l1 - rc[1]) * haze;
          const cb = rc[2] + (l2 - rc[2]) * haze;
          r += (cr - r) * edge;
          g += (cg - g) * edge;
          b += (cb - b) * edge;
        }
      }

      // xorshift32 film grain (inline: this runs once per pixel).
      grain ^= grain << 13;
      grain ^= grain >>> 17;
      grain ^= grain << 5;
      const n = ((grain >>> 0) / 4294967296 - 0.5) * s.grain;
      r += n;
      g += n;
      b += n;
      px[o] = r < 0 ? 0 : r > 255 ? 255 : r;
      px[o + 1] = g < 0 ? 0 : g > 255 ? 255 : g;
      px[o + 2] = b < 0 ? 0 : b > 255 ? 255 : b;
    }
  }
  return px;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Render one PNG (deterministic bytes for the same input). */
export async function renderPng(input: RenderInput): Promise<Buffer> {
  const { width, height } = input;
  const raw = renderRaw(input);
  let img = sharp(raw, { raw: { width, height, channels: 3 } });
  if (input.caption && width >= 128 && height >= 64) {
    const fontSize = Math.max(10, Math.round(Math.min(width, height) / 32));
    const maxChars = Math.floor((width - fontSize * 2) / (fontSize * 0.6));
    const text = input.prompt.length > maxChars ? `${input.prompt.slice(0, Math.max(1, maxChars - 1))}…` : input.prompt;
    const barH = Math.round(fontSize * 2);
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<rect x="0" y="${height - barH}" width="${width}" height="${barH}" fill="black" fill-opacity="0.35"/>` +
      `<text x="${fontSize}" y="${height - barH / 2}" dominant-baseline="middle" font-family="DejaVu Sans, sans-serif" ` +
      `font-size="${fontSize}" fill="white" fill-opacity="0.9">${escapeXml(text)}</text></svg>`;
    img = sharp(await img.png({ compressionLevel: 1 }).toBuffer()).composite([{ input: Buffer.from(svg), top: 0, left: 0 }]);
  }
  return img.png({ compressionLevel: 3, adaptiveFiltering: false, palette: false }).toBuffer();
}
