/**
 * Web-app timings in Debian's chromium (not part of the test run; numbers go to docs, not asserts):
 *   1. gallery first page: navigation start → first gallery tile visible (and its picture decoded),
 *      cold browser cache, median of N;
 *   2. scrolling the virtualised grid through 10,000 loaded items: requestAnimationFrame intervals
 *      during a scripted scroll, frames over 50 ms counted.
 *
 *   node --import tsx e2e/measure.ts [--items 10000] [--runs 5] [--base-url URL] [--write docs/benchmarks.md]
 *
 * Without --base-url it starts its own embedded server (PGlite, seeded with --items) in a temp dir.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from './support/browser.ts';
import { ROOT, requireWebBuild, startServer } from './support/global-setup.ts';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '5' },
    'base-url': { type: 'string' },
    'scroll-seconds': { type: 'string', default: '20' },
    write: { type: 'string' },
  },
});
const RUNS = Number(values.runs);
const SCROLL_MS = Number(values['scroll-seconds']) * 1000;
const STEADY_SPEED = 3000;

function pct(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
const median = (xs: number[]) => pct([...xs].sort((a, b) => a - b), 50);
const ms = (x: number) => `${Math.round(x)} ms`;

/** Records when the first gallery tile is on screen (the animation frame after it appears) and when its picture decoded. */
const FIRST_TILE_PROBE = `
(function () {
  var check = function () {
    var tile = document.querySelector('[data-testid="gallery-tile"]');
    if (window.__tile === undefined && window.__tilePending === undefined && tile) {
      var r = tile.getBoundingClientRect();
      if (r.width > 0 && r.height > 0 && r.top < window.innerHeight) {
        window.__tilePending = true;
        requestAnimationFrame(function () { window.__tile = performance.now(); });
      }
    }
    var img = tile ? tile.querySelector('img') : null;
    if (window.__tileImage === undefined && img && img.complete && img.naturalWidth > 0) window.__tileImage = performance.now();
    if (window.__tileImage === undefined) requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();
`;

/**
 * Scrolls from `from` px at `speed` px/s (or, with speed 0, from top to bottom in `duration` ms), one
 * step per animation frame; resolves with the frame intervals.
 */
const SCROLL_PROBE = `function (opts) {
  return new Promise(function (resolve) {
    var intervals = [];
    var distance = document.documentElement.scrollHeight - window.innerHeight;
    var maxDomTiles = 0, start = 0, last = 0;
    var step = function (now) {
      if (!start) { start = now; last = now; } else { intervals.push(now - last); last = now; }
      var t = Math.min(1, (now - start) / opts.duration);
      var y = opts.speed ? opts.from + opts.speed * (now - start) / 1000 : distance * t;
      window.scrollTo(0, Math.min(distance, y));
      maxDomTiles = Math.max(maxDomTiles, document.querySelectorAll('[data-testid="gallery-tile"]').length);
      if (t < 1) requestAnimationFrame(step); else resolve({ intervals: intervals, distance: distance, maxDomTiles: maxDomTiles });
    };
    requestAnimationFrame(step);
  });
}`;

interface ScrollRun {
  intervals: number[];
  distance: number;
  maxDomTiles: number;
}

function frameStats(intervals: number[]) {
  const sorted = [...intervals].sort((a, b) => a - b);
  return {
    frames: intervals.length,
    p50: pct(sorted, 50),
    p95: pct(sorted, 95),
    p99: pct(sorted, 99),
    max: sorted.at(-1) ?? NaN,
    over50: intervals.filter((x) => x > 50).length,
    over34: intervals.filter((x) => x > 34).length,
  };
}

async function firstPage(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  // Times relative to navigation start (performance.now() is 0 there).
  // Plain JS source: tsx would wrap named functions in a __name() helper that the page does not have.
  await page.addInitScript(FIRST_TILE_PROBE);
  await page.goto('/gallery');
  await page.waitForFunction(() => (window as unknown as { __tileImage?: number }).__tileImage !== undefined, undefined, { timeout: 60_000 });
  const t = await page.evaluate(() => {
    const w = window as unknown as { __tile: number; __tileImage: number };
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
    return { tile: w.__tile, image: w.__tileImage, fcp, domContentLoaded: nav.domContentLoadedEventEnd };
  });
  await context.close();
  return t;
}

async function scroll(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/gallery?size=s');
  await page.getByTestId('gallery-tile').first().waitFor({ timeout: 60_000 });
  // Load every page of the infinite list: jump to the bottom until the end or `want` items.
  const loadStart = Date.now();
  let height = 0;
  for (let stuck = 0; stuck < 40; ) {
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForTimeout(120);
    const state = await page.evaluate(() => ({
      height: document.querySelector('[data-testid="gallery-grid"]')?.getBoundingClientRect().height ?? 0,
      end: document.body.innerText.includes('End of results'),
    }));
    if (state.height > height) {
      height = state.height;
      stuck = 0;
    } else stuck += 1;
    if (state.end) break;
  }
  const loadMs = Date.now() - loadStart;
  const summary = await page.evaluate(() => ({
    text: document.querySelector('[data-testid="gallery-summary"]')?.textContent ?? '',
    columns: Number(document.querySelector('[data-testid="gallery-grid"]')?.getAttribute('data-columns') ?? 1),
    height: document.documentElement.scrollHeight,
    domTiles: document.querySelectorAll('[data-testid="gallery-tile"]').length,
  }));
  const probe = async (opts: { from: number; speed: number; duration: number }) => {
    await page.evaluate((y) => window.scrollTo(0, y), opts.from);
    await page.waitForTimeout(400);
    return (await page.evaluate(`(${SCROLL_PROBE})(${JSON.stringify(opts)})`)) as ScrollRun;
  };
  // 1. A fast but human scroll (STEADY_SPEED px/s), 5 s at each of 5 depths spread over the whole list.
  const distance = summary.height - 900;
  const steady: number[] = [];
  let maxDomTiles = 0;
  for (const at of [0, 0.2, 0.4, 0.6, 0.8]) {
    const r = await probe({ from: Math.round(distance * at), speed: STEADY_SPEED, duration: 5000 });
    steady.push(...r.intervals);
    maxDomTiles = Math.max(maxDomTiles, r.maxDomTiles);
  }
  // 2. Stress: the whole list top to bottom in SCROLL_MS (tens of thousands of px per second).
  const stress = await probe({ from: 0, speed: 0, duration: SCROLL_MS });
  await context.close();
  return { loadMs, summary, distance: stress.distance, maxDomTiles: Math.max(maxDomTiles, stress.maxDomTiles), steady: frameStats(steady), stress: frameStats(stress.intervals), errors };
}

async function main() {
  requireWebBuild();
  let baseURL = values['base-url'];
  let stop: (() => Promise<void>) | null = null;
  let tmp: string | null = null;
  const startedAt = Date.now();
  if (!baseURL) {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'genonaut-measure-'));
    process.stdout.write(`starting an embedded server seeded with ${values.items} items…\n`);
    const server = await startServer({ dataDir: path.join(tmp, 'data'), seedItems: String(values.items), log: path.join(tmp, 'server.log') });
    baseURL = server.baseURL;
    stop = server.stop;
    process.stdout.write(`server ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s at ${baseURL}\n`);
  }
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' / ');
  const loadBefore = load();
  try {
    const version = browser.version();
    // One warm-up visit so the server has its caches and PGlite its pages; the timed visits are cold in the browser.
    await firstPage(browser, baseURL);
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await firstPage(browser, baseURL));
    for (const r of runs) process.stdout.write(`first page: tile ${ms(r.tile)}, picture ${ms(r.image)}, FCP ${ms(r.fcp)}, DOMContentLoaded ${ms(r.domContentLoaded)}\n`);
    const fp = { tile: median(runs.map((r) => r.tile)), image: median(runs.map((r) => r.image)), fcp: median(runs.map((r) => r.fcp)), all: runs.map((r) => Math.round(r.tile)) };
    const sc = await scroll(browser, baseURL);
    process.stdout.write(`${JSON.stringify({ fp, sc }, null, 2)}\n`);
    const loadAfter = load();

    const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
    const lines = [
      '',
      `### Browser timings (e2e/measure.ts, ${date} UTC)`,
      '',
      `Chromium ${version} headless (software rendering, \`--disable-gpu\`), 1440×900, driven by playwright-core; ${values['base-url'] ? 'a running embedded server' : `an embedded server started for the run, seeded with ${Number(values.items).toLocaleString('en-US')} items`} (PGlite, in-process queue; the gallery shows ${sc.summary.text.split(' · ')[0]} to the demo user) on the same 2 cores; load average ${loadBefore} before and ${loadAfter} after (1 / 5 / 15 min).`,
      '',
      `- **Gallery first page visible** (navigation start → first gallery tile on screen, cold browser cache, median of ${RUNS}): **${ms(fp.tile)}** (runs: ${fp.all.join(', ')} ms; target < 1.5 s ${fp.tile < 1500 ? 'met' : 'NOT met'}). First contentful paint ${ms(fp.fcp)}; the tile's picture decoded at ${ms(fp.image)}.`,
      `- **Scrolling ${sc.summary.text.split(' results')[0]} loaded items in the virtualised grid** (small thumbnails, ${sc.summary.columns} columns, ${Math.round(sc.distance).toLocaleString('en-US')} px of list; all pages loaded first by jumping to the end, ${(sc.loadMs / 1000).toFixed(1)} s; one scroll step per animation frame; at most ${sc.maxDomTiles} tiles in the DOM at once):`,
      `  - at ${STEADY_SPEED.toLocaleString('en-US')} px/s, 5 s at each of 0 / 20 / 40 / 60 / 80 % of the list: ${sc.steady.frames} frames, interval p50 ${sc.steady.p50.toFixed(1)} / p95 ${sc.steady.p95.toFixed(1)} / p99 ${sc.steady.p99.toFixed(1)} / max ${sc.steady.max.toFixed(1)} ms; **${sc.steady.over50} frames over 50 ms** (${sc.steady.over34} over 34 ms);`,
      `  - stress, the whole list in ${SCROLL_MS / 1000} s (${Math.round(sc.distance / (SCROLL_MS / 1000)).toLocaleString('en-US')} px/s, every frame shows new rows): ${sc.stress.frames} frames, p50 ${sc.stress.p50.toFixed(1)} / p95 ${sc.stress.p95.toFixed(1)} / max ${sc.stress.max.toFixed(1)} ms; ${sc.stress.over50} frames over 50 ms.${sc.errors.length ? ` Page errors: ${sc.errors.join('; ')}` : ''}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (values.write) appendToWebAppSection(path.resolve(ROOT, values.write), lines);
  } finally {
    await browser.close();
    if (stop) await stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

/** Appends lines at the end of the "## Web app" section (before the next "## " heading), leaving the rest as it is. */
function appendToWebAppSection(file: string, lines: string[]): void {
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf('## Web app');
  if (start < 0) throw new Error(`${file}: no "## Web app" section`);
  const next = text.indexOf('\n## ', start + 1);
  const at = next < 0 ? text.length : next;
  const before = text.slice(0, at).replace(/\n+$/, '\n');
  writeFileSync(file, `${before}${lines.join('\n')}\n${text.slice(at)}`);
  process.stdout.write(`appended to ${file}\n`);
}

await main();
