/**
 * Browser side of the e2e tests: Debian's chromium driven by playwright-core (never a downloaded
 * browser), a fresh profile per launch, console errors and page errors collected per page.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';

export const E2E_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SCREENSHOT_DIR = path.join(E2E_DIR, 'screenshots');

/** The flags this machine kind needs (see the environment notes): no sandbox as root, no GPU, no outbound calls. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath(): string {
  const exe = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(exe)) throw new Error(`e2e: no chromium at ${exe}. Install Debian's: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  return exe;
}

/** Playwright gives every launch() a new temporary --user-data-dir, removed on close. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

export function baseURL(): string {
  return inject('baseURL');
}

export function demoUserId(): string {
  return inject('demoUserId');
}

/**
 * Console messages of type "error" and uncaught page errors fail the test. Nothing is ignored
 * silently: each entry here matches one message from one URL pattern and says why it is expected.
 */
export interface AllowedConsoleError {
  text: RegExp;
  url: RegExp;
  reason: string;
}

export const ALLOWED_CONSOLE_ERRORS: AllowedConsoleError[] = [
  {
    text: /^Failed to load resource: the server responded with a status of 404/,
    url: /\/api\/v1\/content\/\d+$/,
    reason:
      'the item page looks an id up in the regular partition first and falls back to content-auto on 404 ' +
      '(ids are shared by both partitions and the API has no partition-agnostic lookup); Chrome logs the 404 it handles',
  },
  {
    text: /^Failed to load resource: the server responded with a status of 404/,
    url: /\/api\/v1\/interactions\/user\/[0-9a-f-]{36}\/content\/\d+\/rate$/,
    reason: 'the API contract answers 404 for "this user has not rated this item"; the page shows no rating',
  },
];

export interface PageProblems {
  errors: string[];
  /** Console errors matched by ALLOWED_CONSOLE_ERRORS (kept for the record, not failures). */
  allowed: string[];
}

export function watchPage(page: Page, extra: AllowedConsoleError[] = []): PageProblems {
  const problems: PageProblems = { errors: [], allowed: [] };
  const allowed = [...ALLOWED_CONSOLE_ERRORS, ...extra];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const loc = msg.location();
    const line = `${page.url()}: console.error: ${msg.text()}${loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`;
    const ok = allowed.some((a) => a.text.test(msg.text()) && a.url.test(loc.url ?? ''));
    (ok ? problems.allowed : problems.errors).push(line);
  });
  page.on('pageerror', (err) => problems.errors.push(`${page.url()}: pageerror: ${err.message}`));
  return problems;
}

export interface Session {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  problems: PageProblems;
  /** Fails when the page logged a console error or threw. */
  assertClean: () => void;
  close: () => Promise<void>;
}

export async function openSession(
  browser: Browser,
  opts: { viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark'; allow?: AllowedConsoleError[] } = {},
): Promise<Session> {
  const context = await browser.newContext({
    baseURL: baseURL(),
    viewport: opts.viewport ?? { width: 1440, height: 900 },
    colorScheme: opts.colorScheme ?? 'light',
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  const problems = watchPage(page, opts.allow);
  return {
    browser,
    context,
    page,
    problems,
    assertClean: () => {
      if (problems.errors.length) throw new Error(`console errors / page errors:\n  ${problems.errors.join('\n  ')}`);
    },
    close: () => context.close(),
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/**
 * Waits until the page has its data: no skeleton placeholder left in <main> (fails after 15 s),
 * the images on screen decoded (best effort, 5 s), then `idleMs` for the last paint.
 */
export async function settle(page: Page, idleMs = 200): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll('main .MuiSkeleton-root').length === 0, undefined, { timeout: 15_000, polling: 100 });
  await page
    .waitForFunction(
      () =>
        [...document.querySelectorAll('main img')].every((img) => {
          const r = img.getBoundingClientRect();
          const onScreen = r.bottom > 0 && r.top < window.innerHeight;
          return !onScreen || (img as HTMLImageElement).complete;
        }),
      undefined,
      { timeout: 5_000, polling: 100 },
    )
    .catch(() => undefined);
  await page.waitForTimeout(idleMs);
}

// ---- API, straight to the server (the same user the open-auth app acts as) ----

export async function api<T>(pathAndQuery: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${baseURL()}${pathAndQuery}`, {
    ...init,
    headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.headers ?? {}) },
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${pathAndQuery}: ${res.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : null) as T;
}

export interface ContentItem {
  id: number;
  title: string;
  tags?: string[];
  item_metadata?: Record<string, unknown> | null;
  [k: string]: unknown;
}

/** A content item by id from either partition (ids are shared by both). */
export async function contentItem(id: number): Promise<{ item: ContentItem; source: 'items' | 'auto' }> {
  const res = await fetch(`${baseURL()}/api/v1/content/${id}`);
  if (res.ok) return { item: (await res.json()) as ContentItem, source: 'items' };
  if (res.status !== 404) throw new Error(`GET /api/v1/content/${id}: ${res.status}`);
  return { item: await api<ContentItem>(`/api/v1/content-auto/${id}`), source: 'auto' };
}
