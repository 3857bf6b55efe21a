/** App-level helpers shared by the journeys: gallery readiness, tile ids, API views of the same data. */
import type { Page } from 'playwright-core';
import { api, demoUserId } from './browser.ts';

export const ALL_SOURCES = ['user-regular', 'user-auto', 'community-regular', 'community-auto'];

/** Polls `fn` until it returns a truthy value; the last error/value is in the timeout message. */
export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 20_000, everyMs = 150): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The gallery has loaded its query and shows at least one tile. */
export async function waitForGallery(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="gallery-page"][data-app-ready="1"]', { timeout: 30_000 });
  await page.getByTestId('gallery-tile').first().waitFor({ state: 'visible', timeout: 30_000 });
}

/** Content ids of the tiles the virtualised grid has rendered (what is on screen plus overscan). */
export async function tileIds(page: Page): Promise<number[]> {
  return page.$$eval('[data-testid="gallery-tile"]', (els) => els.map((e) => Number(e.getAttribute('data-content-id'))));
}

export interface UnifiedPage {
  items: { id: number; title: string; source_type: string }[];
  pagination: { total_count: number };
}

/** Every item carrying a tag (by name, resolved on the server), across all four sources. */
export async function idsWithTag(tagName: string): Promise<Set<number>> {
  const q = new URLSearchParams({ user_id: demoUserId(), page_size: '1000' });
  for (const s of ALL_SOURCES) q.append('content_source_types', s);
  q.append('tag_names', tagName);
  const page = await api<UnifiedPage>(`/api/v1/content/unified?${q}`);
  return new Set(page.items.map((i) => i.id));
}

export interface HierarchyNode {
  id: string;
  name: string;
  parent: string | null;
}

export async function hierarchy(): Promise<HierarchyNode[]> {
  const h = await api<{ nodes: { id: string; name: string; parent?: string | null }[] }>('/api/v1/tags/hierarchy');
  return h.nodes.map((n) => ({ id: n.id, name: n.name, parent: n.parent ?? null }));
}

/** The set is a strict subset of everything, so filtering by it visibly changes the grid. */
export async function totalItems(): Promise<number> {
  const q = new URLSearchParams({ user_id: demoUserId(), page_size: '1' });
  for (const s of ALL_SOURCES) q.append('content_source_types', s);
  return (await api<UnifiedPage>(`/api/v1/content/unified?${q}`)).pagination.total_count;
}
