import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, waitFor } from '@testing-library/react';
import { RouterProvider, createMemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { routes } from '../src/app/routes';
import { CurrentUserProvider } from '../src/lib/current-user';
import { UiSettingsProvider } from '../src/lib/ui-settings';

afterEach(() => vi.unstubAllGlobals());

/** The app's routes with a server that never answers: the session check stays pending throughout. */
function renderStalled(path: string) {
  const requests: string[] = [];
  vi.stubGlobal('fetch', (input: Request) => {
    requests.push(new URL(input.url).pathname);
    return new Promise<Response>(() => undefined);
  });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter(routes, { initialEntries: ['/notifications', path], initialIndex: 1 });
  render(
    <QueryClientProvider client={client}>
      <CurrentUserProvider>
        <UiSettingsProvider>
          <RouterProvider router={router} />
        </UiSettingsProvider>
      </CurrentUserProvider>
    </QueryClientProvider>,
  );
  return { router, requests };
}

describe('redirect routes', () => {
  it.each([
    ['/dashboard/42', '/view/42'],
    ['/gallery/7', '/view/7'],
    ['/', '/dashboard'],
    ['/generation', '/generate'],
    ['/search-history', '/settings/search-history'],
    ['/analytics', '/settings/analytics'],
  ])('%s moves to %s at once, replacing its history entry, while the session check is still pending', async (from, to) => {
    const { router, requests } = renderStalled(from);
    await waitFor(() => expect(router.state.location.pathname).toBe(to));
    expect(router.state.historyAction).toBe('REPLACE');
    // Back goes to the page before, not to the old address (which would redirect again).
    await router.navigate(-1);
    expect(router.state.location.pathname).toBe('/notifications');
    // Nothing answered: the redirect did not wait for the auth configuration.
    expect(requests).toContain('/api/v1/auth/config');
  });
});
