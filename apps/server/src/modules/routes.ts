import type { TypedApp } from '../platform/http/app.ts';
import type { Services } from './services.ts';
import { registerAuthHooks } from './auth/auth.hooks.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { registerRouteAnalytics } from '../jobs/route-analytics.ts';
import { generationRoutes } from './generation/generation.routes.ts';
import { recommendationsRoutes } from './recommendations/recommendations.routes.ts';
import { interactionsRoutes } from './interactions/interactions.routes.ts';
import { systemRoutes } from './system/system.routes.ts';
import { bookmarksRoutes } from './bookmarks/bookmarks.routes.ts';
import { bookmarkCategoriesRoutes } from './bookmarks/bookmark-categories.routes.ts';
import { moderationRoutes } from './moderation/moderation.routes.ts';
import { analyticsRoutes } from './analytics/analytics.routes.ts';
import { searchHistoryRoutes } from './search-history/search-history.routes.ts';
import { notificationsRoutes } from './notifications/notifications.routes.ts';
import { modelsRoutes } from './models/models.routes.ts';
import { tagsRoutes } from './tags/tags.routes.ts';
import { imagesRoutes } from './images/images.routes.ts';
import { usersRoutes } from './users/users.routes.ts';
import { contentRoutes } from './content/content.routes.ts';

/** Every module's routes, registered on one app. Add a line per module. */
export async function registerRoutes(app: TypedApp, services: Services): Promise<void> {
  // First: the hooks that resolve the caller apply to every route registered after them.
  await registerAuthHooks(app, services.runtime, services.auth);
  await registerRouteAnalytics(app, services.runtime);
  await authRoutes(app, services);
  await systemRoutes(app, services);
  await bookmarksRoutes(app, services);
  await bookmarkCategoriesRoutes(app, services);
  await moderationRoutes(app, services);
  await analyticsRoutes(app, services);
  await searchHistoryRoutes(app, services);
  await notificationsRoutes(app, services);
  await modelsRoutes(app, services);
  await tagsRoutes(app, services);
  await imagesRoutes(app, services);
  await usersRoutes(app, services);
  await contentRoutes(app, services);
  await interactionsRoutes(app, services);
  await recommendationsRoutes(app, services);
  await generationRoutes(app, services);
}
