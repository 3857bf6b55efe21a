import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { api, demoUserId, launchBrowser, openSession, screenshot } from './support/browser.ts';
import { waitFor } from './support/app.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface Trends {
  interval: string;
  data_points: { timestamp: string; successful_generations: number; p50_duration_ms: number | null }[];
}

/** Marks of a line chart that lie inside its drawing (a mark at an undefined place is off the SVG). */
async function marksInside(chart: Locator): Promise<number> {
  return chart.evaluate((el) => {
    return [...el.querySelectorAll('.MuiLineChart-mark')].filter((m) => {
      const svg = m.closest('svg');
      if (!svg) return false;
      const box = svg.getBoundingClientRect();
      const r = m.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom;
    }).length;
  });
}

test('generation charts show a period with one active day: marks for the single points, percentiles in order', async () => {
  // One finished generation today: the daily trend is then one point (a fresh server has no other
  // generation events; other journeys' generations are today too).
  const checkpoints = await api<{ items: { filename: string }[] }>('/api/v1/checkpoint-models/');
  const job = await api<{ id: number }>('/api/v1/generation-jobs/', {
    method: 'POST',
    body: JSON.stringify({ user_id: demoUserId(), job_type: 'image', prompt: 'a lighthouse at dusk, e2e analytics', checkpoint_model: checkpoints.items[0]!.filename, width: 512, height: 512 }),
  });
  await waitFor('the job to complete', async () => (await api<{ status: string }>(`/api/v1/generation-jobs/${job.id}`)).status === 'completed', 60_000, 300);
  const trends = await api<Trends>('/api/v1/analytics/generation/trends?days=7&interval=daily');
  const activeDays = trends.data_points.filter((p) => p.p50_duration_ms !== null).length;
  expect(activeDays).toBeGreaterThanOrEqual(1);

  const s = await openSession(browser);
  const { page } = s;
  try {
    await page.goto('/settings/analytics');
    const counts = page.getByTestId('analytics-generation-counts');
    const durations = page.getByTestId('analytics-generation-durations');
    // Outcomes: every day of the 7-day period (zero where nothing happened), three series, all marked.
    await waitFor('the outcome marks', async () => (await marksInside(counts)) >= 7 * 3);
    // Durations: only the days with finished generations have values; each is a lone point that
    // only its mark shows (p50, p95 and p99).
    await waitFor('the duration marks', async () => (await marksInside(durations)) === activeDays * 3);
    await page.getByTestId('analytics-generation').scrollIntoViewIfNeeded();
    await screenshot(page, 'analytics-generation-single-day');

    // The overview's percentiles read in order (p50 ≤ p95 ≤ p99) and in the units the API gives.
    const overview = await api<{ p50_duration_ms: number; p95_duration_ms: number; p99_duration_ms: number }>('/api/v1/analytics/generation/overview?days=7');
    expect(overview.p50_duration_ms).toBeLessThanOrEqual(overview.p95_duration_ms);
    expect(overview.p95_duration_ms).toBeLessThanOrEqual(overview.p99_duration_ms);
    // As the page words them: a decimal under 10 ms, whole ms under a second, then seconds.
    const shown = (ms: number) => (ms < 10 ? `${Math.round(ms * 10) / 10} ms` : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);
    const text = await page.getByTestId('analytics-generation').textContent();
    expect(text).toContain(`p50 / p95 / p99 duration${shown(overview.p50_duration_ms)} / ${shown(overview.p95_duration_ms)} / ${shown(overview.p99_duration_ms)}`);
    s.assertClean();
  } finally {
    await s.close();
  }
});
