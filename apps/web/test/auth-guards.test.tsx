import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { Outlet, RouterProvider, createMemoryRouter, type RouteObject } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GuestOnly, RequireAdmin, RequireSession, safeNext } from '../src/app/guards';
import { Sidebar } from '../src/app/layout/Sidebar';
import { routes as appRoutes } from '../src/app/routes';
import LoginPage from '../src/features/auth/LoginPage';
import { session } from '../src/lib/auth-session';
import { CurrentUserProvider, useAuthActions, useUserId } from '../src/lib/current-user';
import { UiSettingsProvider } from '../src/lib/ui-settings';

const DEMO = '00000000-0000-4000-8000-000000000001';

function account(role: 'user' | 'admin') {
  return { id: `${role}-id`, username: role, email: `${role}@x.test`, created_at: '2025-01-01T00:00:00', updated_at: '2025-01-01T00:00:00', preferences: {}, is_active: true, role };
}

/** The server's auth contract as far as these pages use it; every other route answers {}. */
function serve(opts: { mode: 'open' | 'required'; cookieRole?: 'user' | 'admin' | null; loginRole?: 'user' | 'admin' }) {
  const calls: string[] = [];
  const csrfOnRefresh: (string | null)[] = [];
  vi.stubGlobal('fetch', async (input: Request) => {
    const path = new URL(input.url).pathname;
    calls.push(`${input.method} ${path}`);
    const body = (data: unknown, status = 200) => new Response(JSON.stringify(data), { status, headers: { 'content-type': 'application/json' } });
    if (path === '/api/v1/auth/config') return body({ mode: opts.mode, demo_user_id: opts.mode === 'open' ? DEMO : null });
    if (path === '/api/v1/auth/refresh') {
      csrfOnRefresh.push(input.headers.get('x-csrf-token'));
      return opts.cookieRole ? body({ access_token: 'tok-r', token_type: 'bearer', expires_in: 900, user: account(opts.cookieRole) }) : body({ detail: 'No session' }, 401);
    }
    if (path === '/api/v1/auth/login') {
      const sent = (await input.json()) as { username: string; password: string };
      if (sent.password !== 'right-password') return body({ detail: 'Invalid username or password' }, 401);
      return body({ access_token: 'tok-l', token_type: 'bearer', expires_in: 900, user: account(opts.loginRole ?? 'user') });
    }
    if (path === '/api/v1/auth/logout') return body({ success: true });
    return body({});
  });
  return { calls, csrfOnRefresh };
}

function UserProbe() {
  const { logout } = useAuthActions();
  return (
    <div>
      <span data-testid="acting-user">{useUserId()}</span>
      <button onClick={() => void logout()}>log out</button>
    </div>
  );
}

const testRoutes: RouteObject[] = [
  {
    path: '/login',
    element: (
      <GuestOnly>
        <LoginPage />
      </GuestOnly>
    ),
  },
  {
    element: (
      <RequireSession>
        <Sidebar isDesktop open onClose={() => undefined} />
        <UserProbe />
        <Outlet />
      </RequireSession>
    ),
    children: [
      { path: '/dashboard', element: <p>dashboard page</p> },
      { path: '/gallery', element: <p>gallery page</p> },
      {
        path: '/admin/flagged-content',
        element: (
          <RequireAdmin>
            <p>flagged page</p>
          </RequireAdmin>
        ),
      },
    ],
  },
];

function renderAt(path: string, routes = testRoutes) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  render(
    <QueryClientProvider client={client}>
      <CurrentUserProvider>
        <UiSettingsProvider>
          <RouterProvider router={router} />
        </UiSettingsProvider>
      </CurrentUserProvider>
    </QueryClientProvider>,
  );
  return router;
}

const where = (router: ReturnType<typeof createMemoryRouter>) => router.state.location.pathname + router.state.location.search;

beforeEach(() => {
  window.localStorage.clear();
  // Show every hideable page so the sidebar test sees what the role allows, not the defaults.
  window.localStorage.setItem('ui-settings', JSON.stringify({ hiddenPages: [] }));
  document.cookie = 'gn_csrf=csrf-cookie-value';
});

afterEach(() => {
  session.clear();
  session.setMode('open');
  vi.unstubAllGlobals();
});

describe('required mode', () => {
  it('sends a visitor without a session to /login?next=… and back after logging in', async () => {
    const server = serve({ mode: 'required', cookieRole: null, loginRole: 'user' });
    const router = renderAt('/gallery?sort=new');
    await screen.findByTestId('login-page');
    expect(where(router)).toBe(`/login?next=${encodeURIComponent('/gallery?sort=new')}`);
    expect(screen.queryByText('gallery page')).toBeNull();
    // The start-up restore tried the refresh cookie, with the CSRF header from the gn_csrf cookie.
    expect(server.csrfOnRefresh).toEqual(['csrf-cookie-value']);

    fireEvent.change(screen.getByTestId('auth-username'), { target: { value: 'someone' } });
    fireEvent.change(screen.getByTestId('auth-password'), { target: { value: 'wrong-password' } });
    fireEvent.click(screen.getByTestId('auth-submit'));
    expect((await screen.findByTestId('auth-error')).textContent).toMatch(/wrong username or password/i);
    // A failed login is not an expired session: no refresh attempt beyond the start-up one.
    expect(server.calls.filter((c) => c.endsWith('/auth/refresh'))).toHaveLength(1);

    fireEvent.change(screen.getByTestId('auth-password'), { target: { value: 'right-password' } });
    fireEvent.click(screen.getByTestId('auth-submit'));
    await screen.findByText('gallery page');
    expect(where(router)).toBe('/gallery?sort=new');
    expect(screen.getByTestId('acting-user').textContent).toBe('user-id');
  });

  it('restores the session from the refresh cookie on start, without a login', async () => {
    serve({ mode: 'required', cookieRole: 'admin' });
    const router = renderAt('/dashboard');
    await screen.findByText('dashboard page');
    expect(where(router)).toBe('/dashboard');
    expect(screen.getByTestId('acting-user').textContent).toBe('admin-id');
    expect(session.accessToken).toBe('tok-r');
  });

  it('logging out lands on /login', async () => {
    const server = serve({ mode: 'required', cookieRole: 'user' });
    const router = renderAt('/dashboard');
    await screen.findByText('dashboard page');
    await act(async () => fireEvent.click(screen.getByText('log out')));
    await screen.findByTestId('login-page');
    expect(router.state.location.pathname).toBe('/login');
    expect(server.calls).toContain('POST /api/v1/auth/logout');
    expect(session.accessToken).toBeNull();
  });

  it('shows users no admin entries and answers admin pages with an explanation', async () => {
    serve({ mode: 'required', cookieRole: 'user' });
    renderAt('/admin/flagged-content');
    await screen.findByTestId('forbidden-page');
    expect(screen.queryByText('flagged page')).toBeNull();
    expect(screen.getByTestId('nav-gallery')).toBeTruthy();
    expect(screen.getByTestId('nav-settings')).toBeTruthy();
    expect(screen.queryByTestId('nav-flagged')).toBeNull();
    expect(screen.queryByTestId('nav-analytics')).toBeNull();
  });

  it('shows administrators the admin pages and their entries', async () => {
    serve({ mode: 'required', cookieRole: 'admin' });
    renderAt('/admin/flagged-content');
    await screen.findByText('flagged page');
    expect(screen.getByTestId('nav-flagged')).toBeTruthy();
    expect(screen.getByTestId('nav-analytics')).toBeTruthy();
  });

  it('the app routes keep a signed-out visitor away from admin pages and the layout', async () => {
    serve({ mode: 'required', cookieRole: null });
    const router = renderAt('/settings/analytics', appRoutes);
    await screen.findByTestId('login-page');
    expect(where(router)).toBe(`/login?next=${encodeURIComponent('/settings/analytics')}`);
    expect(screen.queryByTestId('app-bar')).toBeNull();
  });
});

describe('open mode', () => {
  it('acts as the demo user with everything visible, and /login bounces to the dashboard', async () => {
    const server = serve({ mode: 'open' });
    const router = renderAt('/login');
    await screen.findByText('dashboard page');
    expect(router.state.location.pathname).toBe('/dashboard');
    expect(screen.getByTestId('acting-user').textContent).toBe(DEMO);
    expect(screen.getByTestId('nav-analytics')).toBeTruthy();
    expect(server.calls.some((c) => c.includes('/auth/refresh'))).toBe(false);
  });

  it('admin pages open for everyone', async () => {
    serve({ mode: 'open' });
    renderAt('/admin/flagged-content');
    await screen.findByText('flagged page');
  });
});

describe('safeNext', () => {
  it('only follows paths of this app', () => {
    expect(safeNext('/gallery?x=1#y')).toBe('/gallery?x=1#y');
    expect(safeNext(null)).toBe('/dashboard');
    expect(safeNext('https://evil.test/')).toBe('/dashboard');
    expect(safeNext('//evil.test/')).toBe('/dashboard');
    expect(safeNext('/\\evil.test')).toBe('/dashboard');
    expect(safeNext('/login?next=/x')).toBe('/dashboard');
  });
});
