import type { Browser } from 'playwright-core';
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
