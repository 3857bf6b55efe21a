import type { Runtime } from '../platform/runtime.ts';
import { AuthService } from './auth/auth.service.ts';
import { RecommendationsService } from './recommendations/recommendations.service.ts';
import { InteractionsService } from './interactions/interactions.service.ts';
import { SystemService } from './system/system.service.ts';
import { BookmarksService } from './bookmarks/bookmarks.service.ts';
import { ModerationService } from './moderation/moderation.service.ts';
import { AnalyticsService } from './analytics/analytics.service.ts';
import { SearchHistoryService } from './search-history/search-history.service.ts';
import { NotificationsService } from './notifications/notifications.service.ts';
import { ModelsService } from './models/models.service.ts';
import { GenerationService } from './generation/generation.service.ts';
import { TagsService } from './tags/tags.service.ts';
import { ImagesService } from './images/images.service.ts';
import { UsersService } from './users/users.service.ts';
import { ContentService } from './content/content.service.ts';
import { UnifiedGalleryService } from './content/unified.service.ts';

/**
 * Every module's service, built once per process. Modules call each other only through here.
 * Add a line per module.
 */
export function createServices(runtime: Runtime) {
  return {
    runtime,
    auth: new AuthService(runtime),
    recommendations: new RecommendationsService(runtime),
    interactions: new InteractionsService(runtime),
    system: new SystemService(runtime),
    bookmarks: new BookmarksService(runtime),
    moderation: new ModerationService(runtime),
    analytics: new AnalyticsService(runtime),
    searchHistory: new SearchHistoryService(runtime),
    notifications: new NotificationsService(runtime),
    models: new ModelsService(runtime),
    generation: new GenerationService(runtime),
    tags: new TagsService(runtime),
    images: new ImagesService(runtime),
    users: new UsersService(runtime),
    content: new ContentService(runtime, 'items'),
    contentAuto: new ContentService(runtime, 'auto'),
    gallery: new UnifiedGalleryService(runtime),
  };
}

export type Services = ReturnType<typeof createServices>;
