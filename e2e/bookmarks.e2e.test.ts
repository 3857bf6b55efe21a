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

    // Delete, from the category list (its bookmark goes back to Uncategorized).
    // (Deleting from the category's own page is not used here: see the note at the end of this file.)
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

// Known web-app bug (reported, not worked around in the assertions above): deleting a category from
// its own page (/bookmarks/:id → Edit → Delete) races the page's refetch of the deleted category.
// The delete invalidates every bookmark query; the category query refetches (404), the page swaps to
// its "Category not found" view, which unmounts the dialog, so the mutate() onSuccess that should
// navigate back to /bookmarks never runs and the user is left on "Category not found" (plus three
// 404 lines in the console). Seen in one run of two here.
