import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { api, launchBrowser, openSession, screenshot } from './support/browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface JobEvent {
  job_id?: number;
  status?: string;
  progress?: number;
  content_id?: number;
  type?: string;
}

test('generate an image and watch it complete: live progress to 100, result links to its item', async () => {
  const s = await openSession(browser);
  const { page, context } = s;
  try {
    // Every value the progress bar shows, recorded in the page as React commits it.
    await context.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __progress: string[] }).__progress = seen;
      new MutationObserver((records) => {
        for (const r of records) {
          const nodes = r.type === 'attributes' ? [r.target] : [...r.addedNodes];
          for (const n of nodes) {
            if (!(n instanceof Element)) continue;
            const bars = n.matches('[data-testid="generation-progress"]') ? [n] : [...n.querySelectorAll('[data-testid="generation-progress"]')];
            for (const b of bars) seen.push(b.getAttribute('data-progress') ?? '');
          }
        }
      }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-progress'] });
    });
    const frames: JobEvent[] = [];
    page.on('websocket', (ws) => {
      if (!ws.url().includes('/ws/jobs/')) return;
      ws.on('framereceived', (f) => {
        try {
          frames.push(JSON.parse(String(f.payload)) as JobEvent);
        } catch {
          // not JSON: not an event
        }
      });
    });

    await page.goto('/generate');
    await page.getByTestId('generate-page').waitFor();
    const prompt = `e2e lighthouse on a cliff at dawn ${Date.now()}`;
    await page.getByTestId('generation-prompt').fill(prompt);
    // The checkpoint list loads from the API; the form submits the first one by default.
    await page.waitForFunction(() => (document.querySelector('[data-testid="generation-checkpoint"]') as HTMLInputElement | null)?.value);
    await page.getByTestId('generate-button').click();

    await page.waitForSelector('[data-testid="generation-status"][data-status="completed"]', { timeout: 60_000 });
    const progress = frames.filter((f) => f.status === 'processing' && typeof f.progress === 'number').map((f) => f.progress as number);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(100);
    const done = frames.find((f) => f.status === 'completed');
    expect(done?.content_id).toBeTypeOf('number');
    const jobId = done!.job_id!;
    const contentId = done!.content_id!;

    // The bar was driven by those events: it showed increasing percentages up to 100.
    const shown = (await page.evaluate(() => (window as unknown as { __progress: string[] }).__progress)).filter((v) => v !== '').map(Number);
    expect(shown.length).toBeGreaterThan(1);
    expect(shown).toEqual([...shown].sort((a, b) => a - b));
    expect(Math.max(...shown)).toBe(100);

    // The finished job's thumbnail appears and links to its item.
    const result = page.getByTestId('generation-results').locator('a').first();
    expect(await result.getAttribute('href')).toBe(`/view/${contentId}`);
    await page.waitForFunction(() => {
      const img = document.querySelector('[data-testid="generation-results"] img') as HTMLImageElement | null;
      return Boolean(img && img.complete && img.naturalWidth > 0);
    });
    await screenshot(page, 'generate-completed');

    const job = await api<{ status: string; content_id: number | null }>(`/api/v1/generation-jobs/${jobId}`);
    expect(job.status).toBe('completed');
    expect(job.content_id).toBe(contentId);

    await result.click();
    await page.waitForURL((u) => u.pathname === `/view/${contentId}`);
    await expect(page.getByTestId('image-view-prompt').textContent()).resolves.toBe(prompt);
    s.assertClean();
  } finally {
    await s.close();
  }
});
