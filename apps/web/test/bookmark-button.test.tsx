import { ThemeProvider } from '@mui/material/styles';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Bookmark } from '../src/api/bookmarks';
import { BookmarkButton } from '../src/components/BookmarkButton';
import { bookmarkButtonRules } from '../src/components/bookmark-button-style';
import { CurrentUserProvider } from '../src/lib/current-user';
import { buildTheme } from '../src/lib/theme';

const DEMO = '00000000-0000-4000-8000-000000000001';
const ITEM = { content_id: 42, content_source_type: 'items' as const };
const BOOKMARK: Bookmark = {
  id: 'b0000000-0000-4000-8000-000000000042',
  user_id: DEMO,
  content_id: 42,
  content_source_type: 'items',
  note: null,
  pinned: false,
  is_public: false,
  created_at: '2026-11-01T10:00:00Z',
  updated_at: '2026-11-01T10:00:00Z',
};

const json = (data: unknown, status = 200) => new Response(JSON.stringify(data), { status, headers: { 'content-type': 'application/json' } });

/** The endpoints the button and its dialog call; records every request as "METHOD path". */
function serve() {
  const calls: string[] = [];
  const bodies: unknown[] = [];
  vi.stubGlobal('fetch', async (input: Request) => {
    const url = new URL(input.url);
    if (url.pathname === '/api/v1/auth/config') return json({ mode: 'open', demo_user_id: DEMO });
    calls.push(`${input.method} ${url.pathname}`);
    if (url.pathname === '/api/v1/bookmarks/' && input.method === 'POST') {
      bodies.push(await input.json());
      return json(BOOKMARK, 201);
    }
    if (url.pathname === '/api/v1/bookmark-categories/') return json({ items: [], total: 0, skip: 0, limit: 1000 });
    if (url.pathname === `/api/v1/bookmarks/${BOOKMARK.id}/categories`) return json({ items: [] });
    if (url.pathname === '/api/v1/bookmarks/check-batch') return json({ bookmarks: {} });
    return json({ detail: `unexpected ${input.method} ${url.pathname}` }, 404);
  });
  return { calls, bodies };
}

function renderButton(node: ReactNode, mode: 'light' | 'dark' = 'light') {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <CurrentUserProvider>
        <ThemeProvider theme={buildTheme(mode)}>{node}</ThemeProvider>
      </CurrentUserProvider>
    </QueryClientProvider>,
  );
}

/** The tooltip on screen, if any (a closing one stays in the document, marked closed, until its transition ends). */
const shownTooltip = () => document.querySelector<HTMLElement>('[role="tooltip"]:not(.MuiTooltip-popperClose)');

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('BookmarkButton', () => {
  it('is a native button with its state in the label, and mounts no MUI button, icon or tooltip', () => {
    serve();
    const { container } = renderButton(
      <>
        <BookmarkButton item={ITEM} bookmark={null} />
        <BookmarkButton item={{ ...ITEM, content_id: 43 }} bookmark={BOOKMARK} size="medium" />
      </>,
    );
    const add = screen.getByRole('button', { name: 'Add bookmark' });
    const manage = screen.getByRole('button', { name: 'Manage bookmark' });
    expect(add.tagName).toBe('BUTTON');
    expect(add.getAttribute('type')).toBe('button');
    expect(add.getAttribute('aria-pressed')).toBe('false');
    expect(add.dataset.bookmarked).toBe('false');
    expect(manage.getAttribute('aria-pressed')).toBe('true');
    expect(manage.dataset.bookmarked).toBe('true');
    expect(manage.dataset.size).toBe('medium');
    // Outline icon for "add", filled for "manage".
    expect(add.querySelector('path')?.getAttribute('d')).not.toBe(manage.querySelector('path')?.getAttribute('d'));
    expect(container.querySelector('[class*="Mui"]')).toBeNull();
    expect(document.querySelector('[role="tooltip"]')).toBeNull();
  });

  it('styles light and dark from the theme, one sheet per theme', () => {
    serve();
    const light = renderButton(<BookmarkButton item={ITEM} bookmark={null} />, 'light');
    const lightClass = screen.getByTestId('bookmark-button').className;
    light.unmount();
    renderButton(<BookmarkButton item={ITEM} bookmark={null} />, 'dark');
    const darkClass = screen.getByTestId('bookmark-button').className;
    expect(lightClass).toMatch(/^gn-bookmark-button-\d+$/);
    expect(darkClass).not.toBe(lightClass);
    const sheet = (name: string) => document.head.querySelector(`style[data-genonaut="${name}"]`)?.textContent ?? '';
    const lightTheme = buildTheme('light');
    const darkTheme = buildTheme('dark');
    expect(sheet(lightClass)).toContain(`.${lightClass}[aria-pressed="true"]{color:${lightTheme.palette.primary.main};}`);
    expect(sheet(lightClass)).toContain(`color:${lightTheme.palette.action.active};`);
    expect(sheet(darkClass)).toContain(`color:${darkTheme.palette.action.active};`);
    expect(sheet(lightClass)).toContain(`.${lightClass}:focus-visible{outline:2px solid ${lightTheme.palette.primary.main}`);
    expect(bookmarkButtonRules(lightTheme)).not.toBe(bookmarkButtonRules(darkTheme));

    // A theme built again (the theme toggle does) reuses its sheet.
    const sheets = document.head.querySelectorAll('style[data-genonaut]').length;
    renderButton(<BookmarkButton item={{ ...ITEM, content_id: 44 }} bookmark={null} />, 'light');
    expect(screen.getAllByTestId('bookmark-button').at(-1)?.className).toBe(lightClass);
    expect(document.head.querySelectorAll('style[data-genonaut]').length).toBe(sheets);
  });

  it('shows the MUI tooltip after the theme delay on hover, and hides it on leave', async () => {
    serve();
    renderButton(<BookmarkButton item={ITEM} bookmark={null} />);
    const button = screen.getByRole('button', { name: 'Add bookmark' });
    vi.useFakeTimers();
    act(() => {
      fireEvent.pointerEnter(button, { pointerType: 'mouse' });
    });
    act(() => void vi.advanceTimersByTime(300));
    expect(shownTooltip()).toBeNull();
    act(() => void vi.advanceTimersByTime(150));
    expect(shownTooltip()?.textContent).toBe('Add bookmark');
    expect(shownTooltip()?.className).toContain('MuiTooltip-popper');
    act(() => {
      fireEvent.pointerLeave(button, { pointerType: 'mouse' });
    });
    act(() => void vi.advanceTimersByTime(1000));
    expect(shownTooltip()).toBeNull();
    // The button itself stayed the same element.
    expect(screen.getByRole('button', { name: 'Add bookmark' })).toBe(button);
  });

  it('shows the tooltip on keyboard focus without losing the focus, and Escape hides it', () => {
    serve();
    renderButton(<BookmarkButton item={ITEM} bookmark={BOOKMARK} />);
    const button = screen.getByRole('button', { name: 'Manage bookmark' });
    vi.useFakeTimers();
    act(() => button.focus());
    act(() => void vi.advanceTimersByTime(450));
    expect(shownTooltip()?.textContent).toBe('Manage bookmark');
    expect(document.activeElement).toBe(button);
    act(() => {
      fireEvent.keyDown(document, { key: 'Escape' });
    });
    act(() => void vi.advanceTimersByTime(1000));
    expect(shownTooltip()).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('shows the tooltip after a long press on a touch screen, for a while after the finger lifts', () => {
    serve();
    renderButton(<BookmarkButton item={ITEM} bookmark={null} />);
    const button = screen.getByRole('button', { name: 'Add bookmark' });
    vi.useFakeTimers();
    // A tap shows nothing.
    act(() => {
      fireEvent.pointerDown(button, { pointerType: 'touch' });
    });
    act(() => void vi.advanceTimersByTime(200));
    act(() => {
      fireEvent.pointerUp(button, { pointerType: 'touch' });
    });
    act(() => void vi.advanceTimersByTime(2000));
    expect(shownTooltip()).toBeNull();
    // A long press does.
    act(() => {
      fireEvent.pointerDown(button, { pointerType: 'touch' });
    });
    act(() => void vi.advanceTimersByTime(750));
    expect(shownTooltip()?.textContent).toBe('Add bookmark');
    act(() => {
      fireEvent.pointerUp(button, { pointerType: 'touch' });
    });
    act(() => void vi.advanceTimersByTime(1000));
    expect(shownTooltip()?.textContent).toBe('Add bookmark');
    act(() => void vi.advanceTimersByTime(600));
    expect(shownTooltip()).toBeNull();
  });

  it('adds a bookmark at once (optimistic) with one request', async () => {
    const { calls, bodies } = serve();
    renderButton(<BookmarkButton item={ITEM} bookmark={null} />);
    const button = screen.getByRole('button', { name: 'Add bookmark' });
    fireEvent.click(button);
    expect(button.getAttribute('aria-pressed')).toBe('true');
    expect(button.getAttribute('aria-label')).toBe('Manage bookmark');
    await waitFor(() => expect(bodies).toHaveLength(1));
    expect(bodies[0]).toMatchObject(ITEM);
    // A second click while the first is on its way sends nothing more.
    fireEvent.click(button);
    expect(calls.filter((c) => c === 'POST /api/v1/bookmarks/')).toHaveLength(1);
  });

  it('opens the manage dialog (loaded on demand) for a bookmarked item', async () => {
    const { calls } = serve();
    renderButton(<BookmarkButton item={ITEM} bookmark={BOOKMARK} />);
    expect(screen.queryByTestId('manage-bookmark-dialog')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Manage bookmark' }));
    const dialog = await screen.findByTestId('manage-bookmark-dialog', {}, { timeout: 5000 });
    expect(dialog.textContent).toContain('Manage bookmark');
    await waitFor(() => expect(calls).toContain(`GET /api/v1/bookmarks/${BOOKMARK.id}/categories`));
    expect(calls.filter((c) => c.startsWith('POST'))).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByTestId('manage-bookmark-dialog')).toBeNull());
  });
});
