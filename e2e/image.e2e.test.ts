import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { api, baseURL, contentItem, demoUserId, launchBrowser, openSession, screenshot } from './support/browser.ts';
import { tileIds, waitFor, waitForGallery } from './support/app.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function myRating(contentId: number): Promise<number | null> {
  const res = await fetch(`${baseURL()}/api/v1/interactions/user/${demoUserId()}/content/${contentId}/rate`);
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`rating lookup: ${res.status}`);
  return ((await res.json()) as { rating: number | null }).rating;
}

interface ItemTag {
  id: string;
  name: string;
  average_rating: number | null;
  rating_count: number;
}

/** The item's tags as the API lists them (by name). */
async function itemTags(contentId: number, source: 'items' | 'auto'): Promise<ItemTag[]> {
  return api<ItemTag[]>(`/api/v1/${source === 'auto' ? 'content-auto' : 'content'}/${contentId}/tags`);
}

async function bookmarked(contentId: number, source: 'items' | 'auto'): Promise<boolean> {
  const q = new URLSearchParams({ user_id: demoUserId(), content_id: String(contentId), content_source_type: source });
  return (await api<{ bookmarked: boolean }>(`/api/v1/bookmarks/check?${q}`)).bookmarked;
}

test('open an image from the gallery, rate it and bookmark it; both persist after a reload', async () => {
  const s = await openSession(browser);
  const { page } = s;
  try {
    await page.goto('/gallery');
    await waitForGallery(page);
    // An item the demo user has neither rated nor bookmarked yet.
    let target: { id: number; source: 'items' | 'auto' } | null = null;
    for (const id of await tileIds(page)) {
      const { source } = await contentItem(id);
      if ((await myRating(id)) === null && !(await bookmarked(id, source))) {
        target = { id, source };
        break;
      }
    }
    if (!target) throw new Error('every tile on the first page is already rated or bookmarked');

    await page.locator(`[data-testid="gallery-tile"][data-content-id="${target.id}"] a`).first().click();
    await page.waitForURL((u) => u.pathname === `/view/${target!.id}`);
    await page.getByTestId('image-view-page').waitFor();
    const bookmark = page.getByTestId('image-view-page').getByTestId('bookmark-button');
    await page.waitForSelector('[data-testid="image-view-page"] [data-testid="bookmark-button"][data-bookmarked="false"]');

    // Rate 4 of 5.
    const rating = page.getByTestId('image-view-rating');
    // The value is the server's (a controlled Rating), so it turns on after the round trip: click the 4th star's label.
    const fourId = await rating.getByRole('radio', { name: '4 Stars' }).getAttribute('id');
    await rating.locator(`label[for="${fourId}"]`).click();
    await waitFor('the rating to reach the API', async () => (await myRating(target!.id)) === 4);

    // Bookmark.
    await bookmark.click();
    await waitFor('the bookmark to reach the API', () => bookmarked(target!.id, target!.source));
    await page.waitForSelector('[data-testid="image-view-page"] [data-testid="bookmark-button"][data-bookmarked="true"]');
    await screenshot(page, 'view');

    await page.reload();
    await page.getByTestId('image-view-page').waitFor();
    await page.waitForSelector('[data-testid="image-view-page"] [data-testid="bookmark-button"][data-bookmarked="true"]');
    await waitFor('the stored rating to show', async () => rating.getByRole('radio', { name: '4 Stars' }).isChecked());
    expect(await rating.getByRole('radio', { name: '3 Stars' }).isChecked()).toBe(false);
    expect(await myRating(target.id)).toBe(4);
    expect(await bookmarked(target.id, target.source)).toBe(true);
    s.assertClean();
  } finally {
    await s.close();
  }
});

test("the opened item's tags show as chips in the chosen order (kept after a reload); a chip opens the tag's page", async () => {
  const s = await openSession(browser);
  const { page } = s;
  try {
    await page.goto('/gallery');
    await waitForGallery(page);
    // A tile whose item has several tags, some rated by the seeded users, so both orders are visible.
    let target: { id: number; tags: ItemTag[] } | null = null;
    for (const id of await tileIds(page)) {
      const tags = await itemTags(id, (await contentItem(id)).source);
      if (tags.length >= 2 && tags.some((t) => t.average_rating !== null)) {
        target = { id, tags };
        break;
      }
    }
    if (!target) throw new Error('no tile on the first page has two or more tags with a rating');
    const byApi = target.tags.map((t) => t.name);

    await page.locator(`[data-testid="gallery-tile"][data-content-id="${target.id}"] a`).first().click();
    await page.waitForURL((u) => u.pathname === `/view/${target!.id}`);
    const chips = page.getByTestId('image-view-tags').getByTestId('image-view-tag');
    await chips.first().waitFor();
    const shown = () => chips.evaluateAll((els) => els.map((e) => e.getAttribute('data-tag-name') ?? ''));
    // Name (A-Z) by default: the same tags as the API, in name order ignoring case.
    const nameOrder = [...byApi].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true }));
    expect(await shown()).toEqual(nameOrder);
    expect(await page.getByTestId('image-view-no-tags').count()).toBe(0);

    // Rating (High to Low): rated tags first by falling average, unrated ones after them.
    await page.getByTestId('image-view-tag-sort').getByRole('combobox').click();
    await page.getByRole('option', { name: 'Rating (High to Low)' }).click();
    const rating = new Map(target.tags.map((t) => [t.name, t.average_rating]));
    const ratingsShown = async () => (await shown()).map((n) => rating.get(n) ?? null);
    await waitFor('the chips to follow the rating order', async () => {
      const r = await ratingsShown();
      const rated = r.filter((x): x is number => x !== null);
      return r.length === byApi.length && r.slice(0, rated.length).every((x) => x !== null) && rated.every((x, i) => i === 0 || (rated[i - 1] as number) >= x);
    });
    expect(new Set(await shown())).toEqual(new Set(byApi));
    expect(await page.evaluate(() => window.localStorage.getItem('viewPageTagSortPreference'))).toBe('"rating-desc"');

    // The order is remembered.
    await page.reload();
    await chips.first().waitFor();
    expect(await page.getByTestId('image-view-tag-sort').getByRole('combobox').textContent()).toBe('Rating (High to Low)');
    const afterReload = await shown();
    const first = afterReload[0] as string;
    expect(rating.get(first)).toBe(Math.max(...target.tags.map((t) => t.average_rating ?? -1)));

    // A chip goes to that tag's page.
    await chips.first().click();
    await page.waitForURL((u) => u.pathname === `/tags/${encodeURIComponent(first)}`);
    await page.getByTestId('tag-detail-page').waitFor();
    await page.getByRole('heading', { level: 1, name: `Tag: ${first}`, exact: true }).waitFor();
    s.assertClean();
  } finally {
    await s.close();
  }
});

/** The view page shows `id`, opened through the SPA (no reload), with the list's position. */
async function onItem(page: Page, id: number, position: string): Promise<void> {
  await page.waitForURL((u) => u.pathname === `/view/${id}`);
  await page.getByTestId('image-view-page').waitFor();
  await waitFor(`position ${position} on item ${id}`, async () => (await page.getByTestId('image-view-position').textContent()) === position);
}

async function stepState(page: Page): Promise<{ prev: boolean; next: boolean }> {
  const enabled = async (testId: string) => (await page.getByTestId(testId).getAttribute('aria-disabled')) !== 'true';
  return { prev: await enabled('image-view-prev'), next: await enabled('image-view-next') };
}

const dataIds = (locator: Locator) => locator.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-content-id'))));

test('previous/next step through the dashboard section an item was opened from (buttons and arrow keys), disabled at its ends, kept across a reload', async () => {
  const s = await openSession(browser);
  const { page } = s;
  try {
    await page.goto('/dashboard');
    const section = page.getByTestId('dashboard-recent-community-regular');
    await section.getByTestId('gallery-tile').first().waitFor();
    const ids = await dataIds(section.getByTestId('gallery-tile'));
    // The section's list as the API has it: the five newest community items.
    const q = new URLSearchParams({ user_id: demoUserId(), content_source_types: 'community-regular', page: '1', page_size: '5', sort_field: 'created_at', sort_order: 'desc' });
    expect(ids).toEqual((await api<{ items: { id: number }[] }>(`/api/v1/content/unified?${q}`)).items.map((i) => i.id));
    expect(ids.length).toBeGreaterThanOrEqual(3);
    const n = ids.length;

    await section.locator(`[data-testid="gallery-tile"][data-content-id="${ids[0]}"] a`).first().click();
    await onItem(page, ids[0] as number, `1 / ${n}`);
    expect(await stepState(page)).toEqual({ prev: false, next: true });

    await page.getByTestId('image-view-next').click();
    await onItem(page, ids[1] as number, `2 / ${n}`);
    expect(await stepState(page)).toEqual({ prev: true, next: true });
    await page.keyboard.press('ArrowRight');
    await onItem(page, ids[2] as number, `3 / ${n}`);
    await page.keyboard.press('ArrowLeft');
    await onItem(page, ids[1] as number, `2 / ${n}`);

    // A reload keeps the list (session storage) and the link state naming it.
    await page.reload();
    await onItem(page, ids[1] as number, `2 / ${n}`);
    await page.getByTestId('image-view-prev').click();
    await onItem(page, ids[0] as number, `1 / ${n}`);

    // To the end of the section: next is disabled there, and the arrow key does nothing.
    for (let i = 1; i < n; i++) {
      await page.getByTestId('image-view-next').click();
      await onItem(page, ids[i] as number, `${i + 1} / ${n}`);
    }
    expect(await stepState(page)).toEqual({ prev: true, next: false });
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(300);
    expect(new URL(page.url()).pathname).toBe(`/view/${ids[n - 1]}`);

    // Stepping replaced the history entry: Back returns to the dashboard.
    await page.getByTestId('image-view-back').click();
    await page.waitForURL((u) => u.pathname === '/dashboard');

    // An item reached without a list (a typed address) offers neither.
    await page.goto(`/view/${ids[1]}`);
    await page.getByTestId('image-view-page').waitFor();
    expect(await stepState(page)).toEqual({ prev: false, next: false });
    expect(await page.getByTestId('image-view-position').count()).toBe(0);
    s.assertClean();
  } finally {
    await s.close();
  }
});

test('previous/next step through the bookmarks category page an item was opened from', async () => {
  const s = await openSession(browser);
  const { page } = s;
  try {
    // A category holding at least three bookmarks.
    const cats = (await api<{ items: { id: string }[] }>(`/api/v1/bookmark-categories/?user_id=${demoUserId()}&limit=1000`)).items;
    let category: string | null = null;
    for (const c of cats) {
      const b = await api<{ total: number }>(`/api/v1/bookmark-categories/${c.id}/bookmarks?user_id=${demoUserId()}&limit=1`);
      if (b.total >= 3) {
        category = c.id;
        break;
      }
    }
    if (!category) throw new Error('no bookmark category holds three bookmarks');

    await page.goto(`/bookmarks/${category}`);
    const grid = page.getByTestId('bookmarks-grid');
    await grid.getByTestId('gallery-tile').first().waitFor();
    const ids = await dataIds(grid.getByTestId('gallery-tile'));
    const n = ids.length;
    expect(n).toBeGreaterThanOrEqual(3);

    // Open the last one: nothing after it.
    await grid.locator(`[data-testid="gallery-tile"][data-content-id="${ids[n - 1]}"] a`).first().click();
    await onItem(page, ids[n - 1] as number, `${n} / ${n}`);
    expect(await stepState(page)).toEqual({ prev: true, next: false });
    await page.getByTestId('image-view-prev').click();
    await onItem(page, ids[n - 2] as number, `${n - 1} / ${n}`);
    await page.keyboard.press('ArrowLeft');
    await onItem(page, ids[n - 3] as number, `${n - 2} / ${n}`);
    await page.getByTestId('image-view-next').click();
    await onItem(page, ids[n - 2] as number, `${n - 1} / ${n}`);

    // Back lands on the category page it came from, not on the items stepped through.
    await page.getByTestId('image-view-back').click();
    await page.waitForURL((u) => u.pathname === `/bookmarks/${category}`);
    await page.getByTestId('bookmark-category-page').waitFor();
    s.assertClean();
  } finally {
    await s.close();
  }
});
