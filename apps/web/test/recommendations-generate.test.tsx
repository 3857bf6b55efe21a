import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { RouterProvider, createMemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import RecommendationsPage from '../src/features/recommendations/RecommendationsPage';
import { generateSummary } from '../src/features/recommendations/reason';
import { CurrentUserProvider } from '../src/lib/current-user';

const DEMO = '00000000-0000-4000-8000-000000000001';

interface Rec {
  id: number;
  user_id: string;
  content_item_id: number | null;
  recommendation_score: number;
  algorithm_version: string;
  created_at: string;
  is_served: boolean;
  rec_metadata: Record<string, unknown>;
  content: { id: number; title: string; creator_username: string } | null;
}

function rec(id: number, contentId: number, score: number): Rec {
  return {
    id,
    user_id: DEMO,
    content_item_id: contentId,
    recommendation_score: score,
    algorithm_version: 'hybrid-cooc-tags-v1',
    created_at: '2025-01-01T00:00:00Z',
    is_served: false,
    rec_metadata: { reason: 'popular' },
    content: { id: contentId, title: `Item ${contentId}`, creator_username: 'maker' },
  };
}

const json = (data: unknown, status = 200) => new Response(JSON.stringify(data), { status, headers: { 'content-type': 'application/json' } });

/**
 * The recommendation endpoints as the page uses them. `generate` decides each POST's answer and
 * may hold it (a promise); a successful one replaces the unserved rows, as the server does.
 */
function serve(generate: (body: unknown) => Promise<{ status: number; recs?: Rec[]; detail?: string }>) {
  const state = { rows: [] as Rec[], listCalls: 0, bodies: [] as unknown[] };
  vi.stubGlobal('fetch', async (input: Request) => {
    const url = new URL(input.url);
    if (url.pathname === '/api/v1/auth/config') return json({ mode: 'open', demo_user_id: DEMO });
    if (url.pathname === `/api/v1/recommendations/user/${DEMO}/recommendations`) {
      state.listCalls++;
      const unserved = url.searchParams.get('unserved_only') === 'true';
      const items = state.rows.filter((r) => !unserved || !r.is_served).sort((a, b) => b.recommendation_score - a.recommendation_score);
      return json({ items, total: items.length, skip: 0, limit: 20 });
    }
    if (url.pathname === '/api/v1/recommendations/generate' && input.method === 'POST') {
      const body: unknown = await input.json();
      state.bodies.push(body);
      const answer = await generate(body);
      if (answer.status !== 200) return json({ detail: answer.detail }, answer.status);
      const fresh = answer.recs ?? [];
      state.rows = [...state.rows.filter((r) => r.is_served), ...fresh];
      return json({ algorithm_version: 'hybrid-cooc-tags-v1', recommendations: fresh.map(({ content: _content, ...r }) => r) });
    }
    return json({ detail: `unexpected ${input.method} ${url.pathname}` }, 404);
  });
  return state;
}

function renderPage(path = '/recommendations') {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter([{ path: '/recommendations', element: <RecommendationsPage /> }], { initialEntries: [path] });
  render(
    <QueryClientProvider client={client}>
      <CurrentUserProvider>
        <RouterProvider router={router} />
      </CurrentUserProvider>
    </QueryClientProvider>,
  );
  return router;
}

beforeEach(() => window.sessionStorage.clear());
afterEach(() => vi.unstubAllGlobals());

describe('Get new recommendations', () => {
  it('from the empty state: shows progress while the recommender runs, then the refreshed list with the new rows and how many there are', async () => {
    let release: (v: { status: number; recs: Rec[] }) => void = () => undefined;
    const server = serve(() => new Promise((resolve) => (release = resolve)));
    renderPage();
    const emptyAction = await screen.findByTestId('recommendations-generate-empty');
    expect(screen.getByTestId('empty-state').textContent).toContain('No recommendations yet.');
    const listedBefore = server.listCalls;

    fireEvent.click(emptyAction);
    await screen.findByTestId('recommendations-generating');
    for (const id of ['recommendations-generate', 'recommendations-generate-empty']) {
      const button = screen.getByTestId(id) as HTMLButtonElement;
      expect(button.disabled).toBe(true);
      expect(button.textContent).toBe('Finding recommendations…');
    }
    expect(server.bodies).toEqual([{ user_id: DEMO, algorithm_version: 'latest', limit: 50 }]);

    release({ status: 200, recs: [rec(11, 101, 0.9), rec(12, 102, 0.4)] });
    const result = await screen.findByTestId('recommendations-generate-result');
    expect(result.textContent).toContain('2 new recommendations');
    // The list was fetched again and shows the new rows, marked new, linking to their items.
    expect(server.listCalls).toBeGreaterThan(listedBefore);
    const rows = screen.getAllByTestId('recommendation-row');
    expect(rows.map((r) => r.getAttribute('data-recommendation-id'))).toEqual(['11', '12']);
    expect(rows.map((r) => r.getAttribute('data-new'))).toEqual(['1', '1']);
    expect(within(rows[0] as HTMLElement).getByTestId('recommendation-title').getAttribute('href')).toBe('/view/101');
    expect(screen.queryByTestId('recommendations-generating')).toBeNull();
    expect(screen.queryByTestId('empty-state')).toBeNull();
    expect((screen.getByTestId('recommendations-generate') as HTMLButtonElement).disabled).toBe(false);
    // The rows' items are the image view's previous/next list.
    expect(JSON.parse(window.sessionStorage.getItem('view-sequence:recommendations') ?? '[]')).toEqual([101, 102]);
  });

  it("shows the server's error in place, with a way to try again that works", async () => {
    let fail = true;
    const server = serve(async () => (fail ? { status: 422, detail: 'Cannot generate recommendations for inactive users' } : { status: 200, recs: [rec(21, 201, 0.5)] }));
    renderPage();
    fireEvent.click(await screen.findByTestId('recommendations-generate'));
    const error = await screen.findByTestId('recommendations-generate-error');
    expect(error.textContent).toContain('Could not get new recommendations: Cannot generate recommendations for inactive users.');
    expect(screen.queryByTestId('recommendations-generate-result')).toBeNull();

    fail = false;
    fireEvent.click(within(error).getByRole('button', { name: 'Try again' }));
    expect((await screen.findByTestId('recommendations-generate-result')).textContent).toContain('1 new recommendation,');
    expect(screen.queryByTestId('recommendations-generate-error')).toBeNull();
    expect(server.bodies).toHaveLength(2);
    expect(screen.getAllByTestId('recommendation-row')).toHaveLength(1);
  });

  it('says so when the recommender found nothing new', async () => {
    serve(async () => ({ status: 200, recs: [] }));
    renderPage('/recommendations?unserved=1');
    fireEvent.click(await screen.findByTestId('recommendations-generate-empty'));
    const result = await screen.findByTestId('recommendations-generate-result');
    expect(result.textContent).toBe(generateSummary(0));
    expect(screen.getByTestId('empty-state').textContent).toContain('every recommendation has been served');
  });

  it('goes back to the first page, where the best new ones are', async () => {
    serve(async () => ({ status: 200, recs: [rec(31, 301, 0.7)] }));
    const router = renderPage('/recommendations?unserved=1&page=3');
    fireEvent.click(await screen.findByTestId('recommendations-generate'));
    await screen.findByTestId('recommendations-generate-result');
    expect(router.state.location.search).toBe('?unserved=1');
  });
});
