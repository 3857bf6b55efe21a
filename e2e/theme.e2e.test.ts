import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, openSession, screenshot } from './support/browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** What the user sees: the resolved mode on <html>, the body background, and the toggle's label. */
async function themeState(page: Page) {
  return page.evaluate(() => ({
    mode: document.documentElement.dataset.theme,
    background: getComputedStyle(document.body).backgroundColor,
    stored: localStorage.getItem('theme-mode'),
    toggle: document.querySelector('[data-testid="theme-toggle"]')?.getAttribute('aria-label'),
  }));
}

const LIGHT_BG = 'rgb(248, 250, 252)';
const DARK_BG = 'rgb(15, 23, 42)';

test('switch the theme; the choice persists across a reload', async () => {
  // The system preference is light, so the first visit is light.
  const s = await openSession(browser, { colorScheme: 'light' });
  const { page } = s;
  try {
    await page.goto('/dashboard');
    await page.getByTestId('dashboard-page').waitFor();
    await page.getByTestId('theme-toggle').waitFor();
    expect(await themeState(page)).toMatchObject({ mode: 'light', background: LIGHT_BG, toggle: 'Switch to dark theme' });

    await page.getByTestId('theme-toggle').click();
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    expect(await themeState(page)).toEqual({ mode: 'dark', background: DARK_BG, stored: 'dark', toggle: 'Switch to light theme' });

    await page.reload();
    await page.getByTestId('dashboard-page').waitFor();
    expect(await themeState(page)).toEqual({ mode: 'dark', background: DARK_BG, stored: 'dark', toggle: 'Switch to light theme' });
    await screenshot(page, 'dashboard-dark');

    // Another page of the app in the same (stored) theme, then back to light, again surviving a reload.
    await page.goto('/gallery');
    await page.getByTestId('gallery-page').waitFor();
    expect((await themeState(page)).mode).toBe('dark');
    await page.getByTestId('theme-toggle').click();
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
    await page.reload();
    await page.getByTestId('gallery-page').waitFor();
    expect(await themeState(page)).toEqual({ mode: 'light', background: LIGHT_BG, stored: 'light', toggle: 'Switch to dark theme' });
    s.assertClean();
  } finally {
    await s.close();
  }
});
