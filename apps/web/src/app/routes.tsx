import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { Navigate, useParams, type RouteObject } from 'react-router';
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

/** Old detail URLs (/dashboard/:id, /gallery/:id) keep working. */
function ToView() {
  const { id } = useParams();
  return <Navigate to={`/view/${id ?? ''}`} replace />;
}

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
    children: [
      { index: true, element: <Navigate to="/dashboard" replace /> },
      { path: 'dashboard', element: page(pages.dashboard) },
      { path: 'dashboard/:id', element: <ToView /> },
      { path: 'gallery', element: page(pages.gallery) },
      { path: 'gallery/:id', element: <ToView /> },
      { path: 'view/:id', element: page(pages.view) },
      { path: 'generate', element: page(pages.generate) },
      { path: 'generate/history', element: page(pages.generate) },
      { path: 'generation', element: <Navigate to="/generate" replace /> },
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
      { path: 'search-history', element: <Navigate to="/settings/search-history" replace /> },
      { path: 'settings/analytics', element: adminPage(pages.analytics) },
      { path: 'analytics', element: <Navigate to="/settings/analytics" replace /> },
      { path: 'admin/flagged-content', element: adminPage(pages.flagged) },
      { path: '*', element: page(pages.notFound) },
    ],
  },
];
