import type { Browser } from 'playwright-core';
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
