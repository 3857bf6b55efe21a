import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { replace, type LoaderFunctionArgs, type RouteObject } from 'react-router';
import { GuestOnly, RequireAdmin, RequireSession } from './guards';
import { AppLayout } from './layout/AppLayout';
import { RouteFallback } from './RouteFallback';

// Every page is its own chunk; the first paint loads the layout and one page only.
const pages = {
  dashboard: lazy(() => import('../features/content/DashboardPage')),
  gallery: lazy(() => import('../features/content/GalleryPage')),
  view: lazy(() => import('../features/content/ImageViewPage')),
  generate: lazy(() => import('../features/generation/GeneratePage')),
  bookmarks: lazy(() => import('../features/bookmarks/BookmarksPage')),
  bookmarkCategory: lazy(() => import('../features/bookmarks/BookmarkCategoryPage')),
  tags: lazy(() => import('../features/tags/TagsPage')),
  tagDetail: lazy(() => import('../features/tags/TagDetailPage')),
  recommendations: lazy(() => import('../features/recommendations/RecommendationsPage')),
  notifications: lazy(() => import('../features/notifications/NotificationsPage')),
  notificationDetail: lazy(() => import('../features/notifications/NotificationDetailPage')),
  settings: lazy(() => import('../features/users/SettingsPage')),
  searchHistory: lazy(() => import('../features/search-history/SearchHistoryPage')),
  analytics: lazy(() => import('../features/analytics/AnalyticsPage')),
  flagged: lazy(() => import('../features/moderation/FlaggedContentPage')),
  login: lazy(() => import('../features/auth/LoginPage')),
  notFound: lazy(() => import('./NotFoundPage')),
};

function page(Page: LazyExoticComponent<ComponentType>) {
  return (
    <Suspense fallback={<RouteFallback />}>
      <Page />
    </Suspense>
  );
}

/**
 * A route that only moves elsewhere. It redirects from a loader, which the router runs before
 * anything renders: the address changes at once (replacing the history entry), without waiting
 * for the session check the layout's guard makes; the target route does that check itself.
 */
function redirectTo(to: string | ((args: LoaderFunctionArgs) => string)): Pick<RouteObject, 'loader' | 'element'> {
  return { loader: (args) => replace(typeof to === 'string' ? to : to(args)), element: null };
}

/** Old detail URLs (/dashboard/:id, /gallery/:id) keep working. */
const toView = redirectTo(({ params }) => `/view/${encodeURIComponent(params.id ?? '')}`);

/** Admin-only areas (analytics, moderation): administrators in required mode, everyone in open mode. */
function adminPage(Page: LazyExoticComponent<ComponentType>) {
  return <RequireAdmin>{page(Page)}</RequireAdmin>;
}

export const routes: RouteObject[] = [
  { path: '/login', element: <GuestOnly>{page(pages.login)}</GuestOnly> },
  { path: '/signup', element: <GuestOnly>{page(pages.login)}</GuestOnly> },
  {
    element: (
      <RequireSession>
        <AppLayout />
      </RequireSession>
    ),
    // Shown while a redirect route's loader runs on a first load (an instant), instead of the layout.
    hydrateFallbackElement: <RouteFallback />,
    children: [
      { index: true, ...redirectTo('/dashboard') },
      { path: 'dashboard', element: page(pages.dashboard) },
      { path: 'dashboard/:id', ...toView },
      { path: 'gallery', element: page(pages.gallery) },
      { path: 'gallery/:id', ...toView },
      { path: 'view/:id', element: page(pages.view) },
      { path: 'generate', element: page(pages.generate) },
      { path: 'generate/history', element: page(pages.generate) },
      { path: 'generation', ...redirectTo('/generate') },
      { path: 'bookmarks', element: page(pages.bookmarks) },
      { path: 'bookmarks/:categoryId', element: page(pages.bookmarkCategory) },
      { path: 'tags', element: page(pages.tags) },
      { path: 'tags/:tagId', element: page(pages.tagDetail) },
      { path: 'recommendations', element: page(pages.recommendations) },
      { path: 'notifications', element: page(pages.notifications) },
      { path: 'notification/:id', element: page(pages.notificationDetail) },
      { path: 'notifications/:id', element: page(pages.notificationDetail) },
      { path: 'settings', element: page(pages.settings) },
      { path: 'settings/search-history', element: page(pages.searchHistory) },
      { path: 'search-history', ...redirectTo('/settings/search-history') },
      { path: 'settings/analytics', element: adminPage(pages.analytics) },
      { path: 'analytics', ...redirectTo('/settings/analytics') },
      { path: 'admin/flagged-content', element: adminPage(pages.flagged) },
      { path: '*', element: page(pages.notFound) },
    ],
  },
];
