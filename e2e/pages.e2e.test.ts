/**
 * Every route of the web app's router, visited in a fresh context: it renders its page (or
 * redirects where the router says so), logs no console error, and leaves a screenshot at
 * e2e/screenshots/<page>.png. A route added to the router without an entry here fails the run.
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ROOT } from './support/global-setup.ts';
import { api, demoUserId, launchBrowser, openSession, screenshot, settle, type Session } from './support/browser.ts';
import { ALL_SOURCES, hierarchy } from './support/app.ts';

interface Ids {
  content: number;
  category: string;
  tag: string;
  notification: number;
}

/** One entry per route pattern: a page to render, or a redirect to check. */
type Visit = { kind: 'page'; url: (ids: Ids) => string; testId: string; shot: string } | { kind: 'redirect'; url: (ids: Ids) => string; to: (ids: Ids) => string };

const ROUTES: Record<string, Visit> = {
  '/login': { kind: 'redirect', url: () => '/login', to: () => '/dashboard' }, // open auth mode: already signed in
  '/signup': { kind: 'redirect', url: () => '/signup', to: () => '/dashboard' },
  index: { kind: 'redirect', url: () => '/', to: () => '/dashboard' },
  dashboard: { kind: 'page', url: () => '/dashboard', testId: 'dashboard-page', shot: 'dashboard' },
  'dashboard/:id': { kind: 'redirect', url: (i) => `/dashboard/${i.content}`, to: (i) => `/view/${i.content}` },
  gallery: { kind: 'page', url: () => '/gallery', testId: 'gallery-page', shot: 'gallery' },
  'gallery/:id': { kind: 'redirect', url: (i) => `/gallery/${i.content}`, to: (i) => `/view/${i.content}` },
  'view/:id': { kind: 'page', url: (i) => `/view/${i.content}`, testId: 'image-view-page', shot: 'view-item' },
  generate: { kind: 'page', url: () => '/generate', testId: 'generate-page', shot: 'generate' },
  'generate/history': { kind: 'page', url: () => '/generate/history', testId: 'generate-page', shot: 'generate-history' },
  generation: { kind: 'redirect', url: () => '/generation', to: () => '/generate' },
  bookmarks: { kind: 'page', url: () => '/bookmarks', testId: 'bookmarks-page', shot: 'bookmarks' },
  'bookmarks/:categoryId': { kind: 'page', url: (i) => `/bookmarks/${i.category}`, testId: 'bookmark-category-page', shot: 'bookmarks-category' },
  tags: { kind: 'page', url: () => '/tags', testId: 'tags-page', shot: 'tags' },
  'tags/:tagId': { kind: 'page', url: (i) => `/tags/${i.tag}`, testId: 'tag-detail-page', shot: 'tag-detail' },
  recommendations: { kind: 'page', url: () => '/recommendations', testId: 'recommendations-page', shot: 'recommendations' },
  notifications: { kind: 'page', url: () => '/notifications', testId: 'notifications-page', shot: 'notifications' },
  'notification/:id': { kind: 'page', url: (i) => `/notification/${i.notification}`, testId: 'notification-detail-page', shot: 'notification-detail' },
  'notifications/:id': { kind: 'page', url: (i) => `/notifications/${i.notification}`, testId: 'notification-detail-page', shot: 'notifications-detail' },
  settings: { kind: 'page', url: () => '/settings', testId: 'settings-page', shot: 'settings' },
  'settings/search-history': { kind: 'page', url: () => '/settings/search-history', testId: 'search-history-page', shot: 'search-history' },
  'search-history': { kind: 'redirect', url: () => '/search-history', to: () => '/settings/search-history' },
  'settings/analytics': { kind: 'page', url: () => '/settings/analytics', testId: 'analytics-page', shot: 'analytics' },
  analytics: { kind: 'redirect', url: () => '/analytics', to: () => '/settings/analytics' },
  'admin/flagged-content': { kind: 'page', url: () => '/admin/flagged-content', testId: 'flagged-content-page', shot: 'flagged-content' },
  '*': { kind: 'page', url: () => '/no-such-page', testId: 'not-found-page', shot: 'not-found' },
};

/** The route patterns the web app declares (`path: '…'` and index routes in its router files). */
function routerPatterns(): string[] {
  const dir = path.join(ROOT, 'apps/web/src/app');
  const found = new Set<string>();
  for (const f of ['routes.tsx', 'router.tsx']) {
    const file = path.join(dir, f);
    if (!existsSync(file)) continue;
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/\bpath:\s*'([^']+)'/g)) found.add(m[1]);
    if (/\bindex:\s*true/.test(src)) found.add('index');
  }
  return [...found];
}

let browser: Browser;
let session: Session;
let ids: Ids;

beforeAll(async () => {
  browser = await launchBrowser();
  // One context for all visits (each is still a full page load); console problems are per visit.
  session = await openSession(browser);
  const q = new URLSearchParams({ user_id: demoUserId(), page_size: '1' });
  for (const s of ALL_SOURCES) q.append('content_source_types', s);
  const content = (await api<{ items: { id: number }[] }>(`/api/v1/content/unified?${q}`)).items[0].id;
  const cats = (await api<{ items: { id: string; name: string }[] }>(`/api/v1/bookmark-categories/?user_id=${demoUserId()}&limit=1000`)).items;
  // A category with bookmarks in it makes a more telling screenshot than an empty one.
  let category = cats[0].id;
  for (const c of cats) {
    const b = await api<{ total: number }>(`/api/v1/bookmark-categories/${c.id}/bookmarks?user_id=${demoUserId()}&limit=1`);
    if (b.total > 0) {
      category = c.id;
      break;
    }
  }
  const nodes = await hierarchy();
  const tag = (nodes.find((n) => n.parent && nodes.some((c) => c.parent === n.id)) ?? nodes[0]).id;
  const notification = (await api<{ items: { id: number }[] }>(`/api/v1/notifications/?user_id=${demoUserId()}&limit=1`)).items[0].id;
  ids = { content, category, tag, notification };
});
afterAll(async () => {
  await session?.close();
  await browser?.close();
});

test('every route of the router has a visit below', () => {
  const patterns = routerPatterns();
  expect(patterns.length).toBeGreaterThan(10);
  expect(patterns.filter((p) => !(p in ROUTES))).toEqual([]);
});

describe('pages', () => {
  for (const [pattern, visit] of Object.entries(ROUTES)) {
    test(`${pattern} ${visit.kind === 'page' ? `renders (${visit.shot}.png)` : 'redirects'}`, async () => {
      const { page, problems } = session;
      problems.errors.length = 0;
      await page.goto(visit.url(ids));
      if (visit.kind === 'redirect') {
        const to = visit.to(ids);
        await page.waitForURL((u) => u.pathname === to);
        await page.locator('main [data-testid$="-page"]').first().waitFor();
      } else {
        await page.getByTestId(visit.testId).waitFor({ timeout: 30_000 });
        expect(new URL(page.url()).pathname).toBe(visit.url(ids).split('?')[0]);
        // Its data arrives: a page still showing skeletons after 15 s fails here.
        await settle(page);
        await screenshot(page, visit.shot);
      }
      session.assertClean();
    });
  }
});

test('the sidebar lists every page by default (admin pages for the admin), and Settings can hide one', async () => {
  // A fresh context: no stored UI settings. The open-mode user is the demo administrator.
  const s = await openSession(browser);
  const { page } = s;
  try {
    await page.goto('/dashboard');
    const sidebar = page.getByTestId('sidebar');
    for (const key of ['dashboard', 'gallery', 'generate', 'tags', 'recommendations', 'notifications', 'flagged', 'settings']) {
      await sidebar.getByTestId(`nav-${key}`).waitFor();
    }
    await sidebar.getByTestId('nav-recommendations').click();
    await page.waitForURL((u) => u.pathname === '/recommendations');
    await page.getByTestId('recommendations-page').waitFor();
    await sidebar.getByTestId('nav-flagged').click();
    await page.waitForURL((u) => u.pathname === '/admin/flagged-content');
    await page.getByTestId('flagged-content-page').waitFor();

    // Hiding a page in Settings removes it from the sidebar, across reloads; showing it brings it back.
    await page.goto('/settings');
    const toggle = page.getByTestId('settings-page-recommendations');
    expect(await toggle.isChecked()).toBe(true);
    await toggle.uncheck();
    await sidebar.getByTestId('nav-recommendations').waitFor({ state: 'detached' });
    await page.reload();
    await page.getByTestId('settings-page').waitFor();
    expect(await page.getByTestId('settings-page-recommendations').isChecked()).toBe(false);
    expect(await sidebar.getByTestId('nav-recommendations').count()).toBe(0);
    await sidebar.getByTestId('nav-flagged').waitFor();
    await page.getByTestId('settings-page-recommendations').check();
    await sidebar.getByTestId('nav-recommendations').waitFor();
    s.assertClean();
  } finally {
    await s.close();
  }
});

test('old detail URLs redirect at once, before the session check has answered, replacing the history entry', async () => {
  const s = await openSession(browser);
  const { page } = s;
  try {
    // Hold the auth configuration (the layout's session check waits on it) until the address has changed.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let configRequests = 0;
    await page.route('**/api/v1/auth/config', async (route) => {
      configRequests++;
      await held;
      // The page that asked may be gone by now (a later goto); its request then needs nothing.
      await route.continue().catch(() => undefined);
    });
    await page.goto('/notifications');
    await page.waitForURL((u) => u.pathname === '/notifications');
    for (const from of ['dashboard', 'gallery']) {
      await page.goto(`/${from}/${ids.content}`);
      await page.waitForURL((u) => u.pathname === `/view/${ids.content}`);
      // The redirect may come before the layout even asks for the session; the page then asks
      // (and is held), which shows it was not the redirect that waited.
      await expect.poll(() => configRequests, { timeout: 10_000 }).toBeGreaterThan(0);
      // Still held: the page itself waits for the session, the redirect did not.
      expect(await page.getByTestId('image-view-page').count()).toBe(0);
    }
    release();
    await page.getByTestId('image-view-page').waitFor();
    // The old address left no history entry: Back goes to the page before it.
    await page.goBack();
    await page.waitForURL((u) => u.pathname === `/view/${ids.content}`);
    await page.goBack();
    await page.waitForURL((u) => u.pathname === '/notifications');
    s.assertClean();
  } finally {
    await s.close();
  }
});
