import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { api, baseURL, contentItem, demoUserId, launchBrowser, openSession, screenshot } from './support/browser.ts';
import { waitFor } from './support/app.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface Category {
  id: string;
  name: string;
  parent_id: string | null;
}

async function categories(): Promise<Category[]> {
  return (await api<{ items: Category[] }>(`/api/v1/bookmark-categories/?user_id=${demoUserId()}&limit=1000`)).items;
}

async function membershipNames(bookmarkId: string): Promise<string[]> {
  const all = new Map((await categories()).map((c) => [c.id, c.name]));
  const m = await api<{ items: { category_id: string }[] }>(`/api/v1/bookmarks/${bookmarkId}/categories`);
  return m.items.map((x) => all.get(x.category_id) ?? x.category_id).sort();
}

test('manage bookmarks: create a category, move a bookmark into it, rename it, delete it', async () => {
  const s = await openSession(browser);
  const { page } = s;
  const name = `E2E picks ${Date.now().toString(36)}`;
  const renamed = `${name} (renamed)`;
  try {
    await page.goto('/bookmarks');
    await page.getByTestId('bookmarks-page').waitFor();

    // Create.
    await page.getByTestId('bookmarks-add-category').click();
    await page.getByTestId('category-name').fill(name);
    await page.getByTestId('category-save').click();
    await page.getByTestId('category-dialog').waitFor({ state: 'detached' });
    const link = page.getByTestId('bookmark-category-link').filter({ hasText: name });
    await link.waitFor();
    const created = await waitFor('the category in the API', async () => (await categories()).find((c) => c.name === name));
    expect(created.parent_id).toBeNull();

    // Move the first bookmark of "All bookmarks" into it (out of whatever categories it was in).
    const tile = page.getByTestId('bookmarks-grid').getByTestId('gallery-tile').first();
    await tile.waitFor();
    const contentId = Number(await tile.getAttribute('data-content-id'));
    const { source } = await contentItem(contentId);
    const check = await api<{ bookmarked: boolean; bookmark: { id: string } | null }>(
      `/api/v1/bookmarks/check?user_id=${demoUserId()}&content_id=${contentId}&content_source_type=${source}`,
    );
    expect(check.bookmarked).toBe(true);
    const bookmarkId = check.bookmark!.id;

    await tile.getByTestId('bookmark-button').click();
    const dialog = page.getByTestId('manage-bookmark-dialog');
    await dialog.waitFor();
    const combo = dialog.getByRole('combobox', { name: 'Categories' });
    // Wait for the current memberships to load into the field before editing it.
    await waitFor('memberships in the dialog', async () => (await api<{ items: unknown[] }>(`/api/v1/bookmarks/${bookmarkId}/categories`)).items.length === 0 || (await dialog.locator('.MuiChip-root').count()) > 0);
    while ((await dialog.locator('.MuiChip-root .MuiChip-deleteIcon').count()) > 0) {
      await dialog.locator('.MuiChip-root .MuiChip-deleteIcon').first().click();
    }
    await combo.click();
    await combo.fill(name);
    await page.getByRole('option', { name }).click();
    await page.keyboard.press('Escape');
    await dialog.getByTestId('save-bookmark').click();
    await dialog.waitFor({ state: 'detached' });
    await waitFor('the bookmark to be only in the new category', async () => JSON.stringify(await membershipNames(bookmarkId)) === JSON.stringify([name]));

    // The category page lists it.
    await link.click();
    await page.waitForURL((u) => u.pathname === `/bookmarks/${created.id}`);
    await page.getByTestId('bookmark-category-page').waitFor();
    await page.locator(`[data-testid="bookmarks-grid"] [data-testid="gallery-tile"][data-content-id="${contentId}"]`).waitFor();
    expect(await page.getByTestId('bookmarks-grid').getByTestId('gallery-tile').count()).toBe(1);
    await screenshot(page, 'bookmark-category');

    // Rename.
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByTestId('category-name').fill(renamed);
    await page.getByTestId('category-save').click();
    await page.getByTestId('category-dialog').waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: renamed }).waitFor();
    await waitFor('the new name in the API', async () => (await api<Category>(`/api/v1/bookmark-categories/${created.id}`)).name === renamed);

    // Delete, from the category list (its bookmark goes back to Uncategorized). Deleting from the
    // category's own page is the next test.
    await page.locator('.MuiBreadcrumbs-root').getByRole('link', { name: 'Bookmarks', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/bookmarks');
    await page.getByRole('button', { name: `Edit ${renamed}` }).click();
    await page.getByTestId('category-dialog').getByRole('button', { name: 'Delete category' }).click();
    await page.getByRole('dialog', { name: `Delete “${renamed}”?` }).getByRole('button', { name: 'Delete category' }).click();
    await page.getByTestId('category-dialog').waitFor({ state: 'detached' });
    await page.getByTestId('bookmark-category-link').filter({ hasText: renamed }).waitFor({ state: 'detached' });
    const gone = await fetch(`${baseURL()}/api/v1/bookmark-categories/${created.id}`);
    expect(gone.status).toBe(404);
    expect(await membershipNames(bookmarkId)).toEqual(['Uncategorized']);
    s.assertClean();
  } finally {
    await s.close();
  }
});

test("delete a category from its own page: back to its parent, the deleted category is never fetched again", async () => {
  const s = await openSession(browser);
  const { page } = s;
  const stamp = Date.now().toString(36);
  const user = demoUserId();
  const create = (name: string, parent_id: string | null) =>
    api<Category>(`/api/v1/bookmark-categories/?user_id=${user}`, { method: 'POST', body: JSON.stringify({ name, description: null, parent_id, is_public: false }) });
  const parent = await create(`E2E parent ${stamp}`, null);
  const child = await create(`E2E child ${stamp}`, parent.id);
  try {
    // Every request the page makes for the child category after the DELETE was sent.
    let deleteSent = false;
    const afterDelete: string[] = [];
    page.on('request', (req) => {
      const { pathname } = new URL(req.url());
      if (!pathname.startsWith(`/api/v1/bookmark-categories/${child.id}`)) return;
      if (req.method() === 'DELETE') deleteSent = true;
      else if (deleteSent) afterDelete.push(`${req.method()} ${pathname}`);
    });
    // Records whether the "Category not found" view ever appears, however briefly.
    await page.addInitScript(() => {
      const w = window as unknown as { sawNotFound: boolean };
      w.sawNotFound = false;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="bookmark-category-not-found"]')) w.sawNotFound = true;
      }).observe(document, { childList: true, subtree: true });
    });

    await page.goto(`/bookmarks/${child.id}`);
    await page.getByRole('heading', { name: child.name }).waitFor();
    const historyLength = await page.evaluate(() => window.history.length);
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByTestId('category-dialog').getByRole('button', { name: 'Delete category' }).click();
    await page.getByRole('dialog', { name: `Delete “${child.name}”?` }).getByRole('button', { name: 'Delete category' }).click();

    await page.waitForURL((u) => u.pathname === `/bookmarks/${parent.id}`);
    await page.getByRole('heading', { name: parent.name }).waitFor();
    await page.getByTestId('category-dialog').waitFor({ state: 'detached' });
    expect(deleteSent).toBe(true);
    expect((await fetch(`${baseURL()}/api/v1/bookmark-categories/${child.id}`)).status).toBe(404);
    // Settle: a late refetch of the deleted category would land here.
    await page.waitForLoadState('networkidle');
    expect(afterDelete).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { sawNotFound: boolean }).sawNotFound)).toBe(false);
    // The deleted page was replaced in the history: Back leaves the bookmarks pages instead of showing it again.
    expect(await page.evaluate(() => window.history.length)).toBe(historyLength);
    s.assertClean();
  } finally {
    await s.close();
    await fetch(`${baseURL()}/api/v1/bookmark-categories/${child.id}`, { method: 'DELETE' });
    await fetch(`${baseURL()}/api/v1/bookmark-categories/${parent.id}`, { method: 'DELETE' });
  }
});

test('the tiles’ bookmark button: tooltip on hover and on keyboard focus, focus ring, Enter opens the dialog, light and dark', async () => {
  const s = await openSession(browser);
  const { page } = s;
  try {
    await page.goto('/bookmarks');
    const tile = page.getByTestId('bookmarks-grid').getByTestId('gallery-tile').first();
    await tile.waitFor();
    const button = tile.getByTestId('bookmark-button');
    const tooltip = page.getByRole('tooltip', { name: 'Manage bookmark' });
    const look = () =>
      button.evaluate((el) => {
        const cs = getComputedStyle(el);
        return { tag: el.tagName, width: cs.width, height: cs.height, color: cs.color, outline: `${cs.outlineStyle} ${cs.outlineWidth}`, focused: document.activeElement === el };
      });
    // A native button the size of the small IconButton it replaced, in the primary colour when bookmarked.
    expect(await look()).toMatchObject({ tag: 'BUTTON', width: '30px', height: '30px', color: 'rgb(99, 102, 241)', outline: 'none 0px', focused: false });
    expect(await page.getByRole('tooltip').count()).toBe(0);

    // Hover: the tooltip after the delay; away: gone.
    await button.hover();
    await tooltip.waitFor();
    await page.mouse.move(0, 0);
    await tooltip.waitFor({ state: 'hidden' });

    // Keyboard: Tab from the picture link lands on the button, with the focus ring and the tooltip.
    await tile.getByRole('link').first().focus();
    await page.keyboard.press('Tab');
    await tooltip.waitFor();
    expect(await look()).toMatchObject({ outline: 'solid 2px', focused: true });
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('manage-bookmark-dialog');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // Dark theme: an item not bookmarked yet shows the theme's plain icon colour (white in dark, grey in light).
    const unbookmarked = page.locator('[data-testid="bookmark-button"][data-bookmarked="false"]').first();
    const colour = async (mode: 'light' | 'dark') => {
      await page.evaluate((m) => window.localStorage.setItem('theme-mode', m), mode);
      await page.goto('/gallery');
      await unbookmarked.waitFor();
      return unbookmarked.evaluate((el) => getComputedStyle(el).color);
    };
    expect(await colour('dark')).toBe('rgb(255, 255, 255)');
    expect(await colour('light')).toBe('rgba(0, 0, 0, 0.54)');
    s.assertClean();
  } finally {
    await s.close();
  }
});
