import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { api, contentItem, demoUserId, launchBrowser, openSession, screenshot, settle } from './support/browser.ts';
import { waitFor } from './support/app.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface Rec {
  id: number;
  content_item_id: number | null;
  is_served: boolean;
}

test('recommendations show their items (thumbnail, title, creator, score, reason) linking to the item; mark as served', async () => {
  const s = await openSession(browser);
  const { page } = s;
  try {
    // A recommendation of a public item by someone else, best score so it is on the first page.
    const q = new URLSearchParams({ user_id: demoUserId(), page_size: '50', content_source_types: 'community-regular' });
    const candidates = (await api<{ items: { id: number; creator_id: string }[] }>(`/api/v1/content/unified?${q}`)).items;
    const pick = candidates.find((c) => c.creator_id !== demoUserId());
    expect(pick, 'a community item to recommend').toBeTruthy();
    const { item } = await contentItem(pick!.id);
    const rec = await api<Rec>('/api/v1/recommendations/', {
      method: 'POST',
      body: JSON.stringify({ user_id: demoUserId(), content_item_id: item.id, recommendation_score: 1, algorithm_version: 'e2e-v1', metadata: { reason: 'similar_tags' } }),
    });

    await page.goto('/recommendations?unserved=1');
    await page.getByTestId('recommendations-page').waitFor();
    const row = page.locator(`[data-testid="recommendation-row"][data-recommendation-id="${rec.id}"]`);
    await row.waitFor();
    await settle(page);
    await screenshot(page, 'recommendations-items');

    // The item itself, as the content API has it, not an id.
    expect(await row.getByTestId('recommendation-title').textContent()).toBe(item.title);
    expect(await row.textContent()).toContain(`by ${String(item.creator_username)}`);
    expect(await row.getByTestId('recommendation-score').textContent()).toBe('Score 100%');
    expect(await row.getByTestId('recommendation-reason').textContent()).toBe('Shares tags with what you like');
    const img = row.locator('img');
    await waitFor('the thumbnail to load', () => img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0));
    expect(await row.getByTestId('recommendation-title').getAttribute('href')).toBe(`/view/${item.id}`);

    // Every row on the page carries its item's title (one request for the page, no per-row look-ups).
    const titles = await page.getByTestId('recommendation-title').allTextContents();
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.filter((t) => /^Content #\d+$/.test(t))).toEqual([]);

    // Mark as served: the API agrees and the row leaves the unserved list.
    await row.getByTestId('recommendation-mark-served').click();
    await row.waitFor({ state: 'detached' });
    expect((await api<Rec>(`/api/v1/recommendations/${rec.id}`)).is_served).toBe(true);

    // Shown as served in the full list; the title links to the item page.
    await page.goto('/recommendations');
    const served = page.locator(`[data-testid="recommendation-row"][data-recommendation-id="${rec.id}"]`);
    await served.waitFor();
    expect(await served.getAttribute('data-served')).toBe('1');
    expect(await served.getByTestId('recommendation-mark-served').count()).toBe(0);
    await served.getByTestId('recommendation-title').click();
    await page.waitForURL((u) => u.pathname === `/view/${item.id}`);
    await page.getByTestId('image-view-page').waitFor();
    s.assertClean();
  } finally {
    await s.close();
  }
});

test('"Get new recommendations" from the empty state runs the recommender: progress while it runs, then the new list as the API has it; previous/next step through it', async () => {
  const s = await openSession(browser);
  const { page } = s;
  try {
    // Nothing unserved left, so the unserved view starts empty.
    const listUnserved = (limit: number) => api<{ items: Rec[]; total: number }>(`/api/v1/recommendations/user/${demoUserId()}/recommendations?unserved_only=true&limit=${limit}`);
    for (let left = await listUnserved(100); left.items.length > 0; left = await listUnserved(100)) {
      await api('/api/v1/recommendations/served', { method: 'POST', body: JSON.stringify({ recommendation_ids: left.items.map((r) => r.id) }) });
    }

    // Hold the request until the page has shown its progress.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/v1/recommendations/generate', async (route) => {
      await held;
      // The page that asked may be gone by now (a later goto); its request then needs nothing.
      await route.continue().catch(() => undefined);
    });

    await page.goto('/recommendations?unserved=1');
    await page.getByTestId('empty-state').waitFor();
    const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/recommendations/generate');
    await page.getByTestId('recommendations-generate-empty').click();
    await page.getByTestId('recommendations-generating').waitFor();
    const headerButton = page.getByTestId('recommendations-generate');
    expect(await headerButton.isDisabled()).toBe(true);
    expect(await headerButton.textContent()).toBe('Finding recommendations…');
    await screenshot(page, 'recommendations-generating');
    release();

    const res = await answer;
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { algorithm_version: string; recommendations: Rec[] };
    expect(body.recommendations.length).toBeGreaterThan(0);
    const result = page.getByTestId('recommendations-generate-result');
    await result.waitFor();
    expect(await result.textContent()).toContain(`${body.recommendations.length} new recommendation`);
    await page.getByTestId('recommendations-generating').waitFor({ state: 'detached' });
    expect(await headerButton.isDisabled()).toBe(false);

    // The list shows the stored unserved recommendations (just made), best first, each marked new.
    const stored = await listUnserved(20);
    expect(stored.total).toBe(body.recommendations.length);
    const rows = page.getByTestId('recommendation-row');
    await waitFor('the refreshed rows', async () => (await rows.count()) === stored.items.length);
    expect(await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-recommendation-id'))))).toEqual(stored.items.map((r) => r.id));
    expect(new Set(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-new'))))).toEqual(new Set(['1']));
    await settle(page);
    await screenshot(page, 'recommendations-generated');

    // Previous/next on the item page follow the rows.
    const contentIds = (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-content-id')))).filter((v): v is string => Boolean(v)).map(Number);
    expect(contentIds.length).toBeGreaterThanOrEqual(2);
    await rows.first().getByTestId('recommendation-title').click();
    await page.waitForURL((u) => u.pathname === `/view/${contentIds[0]}`);
    await page.getByTestId('image-view-page').waitFor();
    expect(await page.getByTestId('image-view-prev').getAttribute('aria-disabled')).toBe('true');
    await page.getByTestId('image-view-next').click();
    await page.waitForURL((u) => u.pathname === `/view/${contentIds[1]}`);
    await waitFor('the second row’s position', async () => (await page.getByTestId('image-view-position').textContent()) === `2 / ${contentIds.length}`);
    s.assertClean();
  } finally {
    await s.close();
  }
});
