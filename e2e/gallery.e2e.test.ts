import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, openSession, screenshot } from './support/browser.ts';
import { hierarchy, idsWithTag, tileIds, totalItems, waitFor, waitForGallery } from './support/app.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A tag that a good share of items carry, but not all: filtering by it must change the grid. */
async function pickTag(candidates: { name: string }[], total: number): Promise<{ name: string; ids: Set<number> }> {
  for (const c of candidates) {
    const ids = await idsWithTag(c.name);
    if (ids.size >= 5 && ids.size < total) return { name: c.name, ids };
  }
  throw new Error('no tag with between 5 items and all items in the demo data');
}

test('browse the gallery and filter it by a tag from the tag picker', async () => {
  const s = await openSession(browser);
  const { page } = s;
  try {
    await page.goto('/gallery');
    await waitForGallery(page);
    const before = await tileIds(page);
    expect(before.length).toBeGreaterThan(0);

    const total = await totalItems();
    const nodes = await hierarchy();
    // Leaf tags (no children) are what items are tagged with in the demo data.
    const parents = new Set(nodes.map((n) => n.parent).filter(Boolean));
    const tag = await pickTag(nodes.filter((n) => !parents.has(n.id) && /^[a-z-]+$/.test(n.name)), total);

    await page.getByTestId('tag-picker-search').fill(tag.name);
    const option = page.getByTestId('tag-picker-option').filter({ has: page.getByText(tag.name, { exact: true }) }).first();
    await option.click();

    await page.waitForURL((u) => u.searchParams.get('tags') === tag.name);
    await page.getByTestId('tag-picker-selected-chip').first().waitFor();
    expect(await page.getByTestId('tag-picker-selected-chip').allTextContents()).toEqual([tag.name]);
    const after = await waitFor('the grid to show only items with the tag', async () => {
      await waitForGallery(page);
      const ids = await tileIds(page);
      return ids.length > 0 && ids.every((id) => tag.ids.has(id)) ? ids : null;
    });
    // The tiles changed: something shown before is gone (the first page was not all tagged).
    expect(before.some((id) => !tag.ids.has(id))).toBe(true);
    expect(after).not.toEqual(before);
    expect(await page.getByTestId('gallery-summary').textContent()).toContain(`${tag.ids.size.toLocaleString('en-US')} results`);
    await screenshot(page, 'gallery-filtered');
    s.assertClean();
  } finally {
    await s.close();
  }
});

test('browse the tag tree, select a tag and show it in the gallery', async () => {
  const s = await openSession(browser);
  const { page } = s;
  try {
    const nodes = await hierarchy();
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const total = await totalItems();
    // A child of a root: one expand in the tree reveals it.
    const candidates = nodes.filter((n) => n.parent && byId.get(n.parent)?.parent === null);
    let chosen: { node: (typeof nodes)[number]; ids: Set<number> } | null = null;
    for (const n of candidates) {
      const ids = await idsWithTag(n.name);
      if (ids.size >= 3 && ids.size < total) {
        chosen = { node: n, ids };
        break;
      }
    }
    if (!chosen) throw new Error('no second-level tag with items in the demo data');
    const root = byId.get(chosen.node.parent as string)!;

    await page.goto('/tags');
    const rootNode = page.locator(`[data-testid="tag-tree-node"][data-tag-id="${root.id}"]`);
    await rootNode.waitFor({ state: 'visible' });
    expect(await rootNode.getAttribute('aria-expanded')).toBe('false');
    const child = page.locator(`[data-testid="tag-tree-node"][data-tag-id="${chosen.node.id}"]`);
    expect(await child.count()).toBe(0);

    await rootNode.getByTestId('tag-tree-toggle').click();
    await child.waitFor({ state: 'visible' });
    expect(await rootNode.getAttribute('aria-expanded')).toBe('true');
    expect(await child.getAttribute('aria-level')).toBe('2');

    // The selection lives in the URL, so the checkbox turns on after the router has navigated.
    await child.getByRole('checkbox', { name: `Select ${chosen.node.name}` }).click();
    await page.waitForURL((u) => u.searchParams.get('selected') === chosen!.node.name);
    await page.waitForSelector(`[data-testid="tag-tree-node"][data-tag-id="${chosen.node.id}"][aria-selected="true"]`);
    expect(await child.getByRole('checkbox').isChecked()).toBe(true);
    await screenshot(page, 'tags-expanded');

    await page.getByTestId('tags-apply').click();
    await page.waitForURL((u) => u.pathname === '/gallery' && u.searchParams.get('tags') === chosen!.node.name);
    await waitForGallery(page);
    const ids = await waitFor('tagged tiles', async () => {
      const got = await tileIds(page);
      return got.length > 0 && got.every((id) => chosen!.ids.has(id)) ? got : null;
    });
    expect(ids.length).toBeLessThanOrEqual(chosen.ids.size);
    s.assertClean();
  } finally {
    await s.close();
  }
});

/** Geometry of the grid tiles on screen: the tile, its picture box, and the picture's own size once loaded. */
async function tileShapes(page: Page) {
  return page.$$eval('[data-testid="gallery-tile"]', (tiles) =>
    tiles
      .map((t) => {
        const r = t.getBoundingClientRect();
        const box = (t.querySelector('a') as HTMLElement).getBoundingClientRect();
        const img = t.querySelector('img') as HTMLImageElement | null;
        return {
          id: Number(t.getAttribute('data-content-id')),
          top: Math.round(r.top),
          bottom: r.bottom,
          height: r.height,
          box: { width: box.width, height: box.height },
          natural: img && img.complete && img.naturalWidth > 0 ? { width: img.naturalWidth, height: img.naturalHeight } : null,
        };
      })
      .filter((t) => t.bottom > 0 && t.top < window.innerHeight),
  );
}

test('grid tiles keep their own shape, one bookmark-status request per page, the URL follows the scroll', async () => {
  const s = await openSession(browser);
  const { page } = s;
  const unified: string[] = [];
  const loaded: number[][] = [];
  const checkBatch: number[] = [];
  const otherBookmarkCalls: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname === '/api/v1/content/unified' && url.searchParams.has('content_source_types')) unified.push(url.search);
    else if (url.pathname.startsWith('/api/v1/bookmarks/check-batch')) checkBatch.push((JSON.parse(r.postData() ?? '{}') as { content_items?: unknown[] }).content_items?.length ?? 0);
    else if (url.pathname.startsWith('/api/v1/bookmark')) otherBookmarkCalls.push(`${r.method()} ${url.pathname}`);
  });
  // The gallery asks for one page at a time, in order: the ids of the list as loaded.
  page.on('response', async (r) => {
    const url = new URL(r.url());
    if (url.pathname === '/api/v1/content/unified' && url.searchParams.has('content_source_types') && r.ok()) {
      loaded.push(((await r.json()) as { items: { id: number }[] }).items.map((i) => i.id));
    }
  });
  try {
    await page.goto('/gallery?size=s');
    await waitForGallery(page);
    // The pictures on screen have loaded, so each box has taken its picture's shape.
    const shapes = await waitFor('the pictures on screen to load', async () => {
      const got = await tileShapes(page);
      return got.length >= 3 && got.every((t) => t.natural) ? got : null;
    });
    for (const t of shapes) {
      const natural = t.natural!;
      const expected = Math.min(1.5, Math.max(0.5, natural.height / natural.width));
      // Its own shape (2:3 portrait at most; taller pictures are letterboxed)…
      expect(t.box.height / t.box.width, `tile ${t.id}`).toBeCloseTo(expected, 1);
      // …and no taller than picture + caption, whatever its neighbours are.
      expect(Math.abs(t.height - (t.box.height + 52)), `tile ${t.id}`).toBeLessThanOrEqual(2);
    }
    // The demo pictures come in portrait, square and landscape: a row holds tiles of different heights.
    const rows = new Map<number, number[]>();
    for (const t of shapes) rows.set(t.top, [...(rows.get(t.top) ?? []), Math.round(t.height)]);
    expect([...rows.values()].some((hs) => new Set(hs).size > 1)).toBe(true);
    await screenshot(page, 'gallery-grid-shapes');

    // Scroll on through at least three pages of 50.
    for (let i = 0; i < 60 && unified.length < 3; i++) {
      await page.mouse.wheel(0, 1500);
      await page.waitForTimeout(80);
    }
    await waitFor('a third page', async () => unified.length >= 3);
    // One check-batch request per loaded page, for that page's items; no bookmark request per tile.
    await waitFor('a status request for every page', async () => checkBatch.length >= unified.length);
    expect(checkBatch.length).toBe(unified.length);
    expect(checkBatch.every((n) => n > 0 && n <= 50)).toBe(true);
    expect(otherBookmarkCalls).toEqual([]);
    // Once the scroll stops, `p` names the page of the first row below the app bar (64 px).
    await waitFor('the scroll to settle', async () => {
      const y = await page.evaluate(() => window.scrollY);
      await page.waitForTimeout(300);
      return (await page.evaluate(() => window.scrollY)) === y;
    });
    const firstId = await page.$$eval('[data-testid="gallery-tile"]', (tiles) => {
      const rows = [...new Set(tiles.map((t) => t.parentElement!.parentElement!))];
      const row = rows.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top).find((r) => r.getBoundingClientRect().bottom + 12 > 64);
      return Number(row?.querySelector('[data-testid="gallery-tile"]')?.getAttribute('data-content-id'));
    });
    const index = loaded.flat().indexOf(firstId);
    expect(index).toBeGreaterThanOrEqual(50);
    const expectedPage = Math.floor(index / 50) + 1;
    await page.waitForURL((u) => u.searchParams.get('p') === String(expectedPage));
    s.assertClean();
  } finally {
    await s.close();
  }
});

test('at phone width the list rows and the grid fit the screen', async () => {
  const s = await openSession(browser, { viewport: { width: 375, height: 800 } });
  const { page } = s;
  try {
    for (const view of ['list', 'grid'] as const) {
      await page.goto(view === 'list' ? '/gallery?view=list' : '/gallery?size=xs');
      await page.waitForSelector('[data-testid="gallery-page"][data-app-ready="1"]');
      const cell = page.getByTestId(view === 'list' ? 'gallery-row' : 'gallery-tile').first();
      await cell.waitFor();
      const fit = await page.evaluate((testId) => {
        const cells = [...document.querySelectorAll(`[data-testid="${testId}"]`)] as HTMLElement[];
        return {
          pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
          columns: Number(document.querySelector('[data-testid="gallery-grid"]')?.getAttribute('data-columns')),
          // A row whose content is taller or wider than the row itself is cut off.
          clipped: cells.filter((c) => c.scrollHeight > c.clientHeight + 1 || c.scrollWidth > c.clientWidth + 1).map((c) => c.dataset.contentId),
          outside: cells.filter((c) => c.getBoundingClientRect().right > window.innerWidth).length,
        };
      }, view === 'list' ? 'gallery-row' : 'gallery-tile');
      expect(fit.pageOverflow, view).toBeLessThanOrEqual(0);
      expect(fit.clipped, view).toEqual([]);
      expect(fit.outside, view).toBe(0);
      expect(fit.columns, view).toBe(view === 'list' ? 1 : 2);
      await screenshot(page, `gallery-phone-${view}`);
    }
    s.assertClean();
  } finally {
    await s.close();
  }
});
