import { DomainValidationError, ForbiddenError, NotFoundError } from '../../platform/http/errors.ts';
import type { Runtime } from '../../platform/runtime.ts';
import { ownerScope, type Access } from '../auth/access.ts';
import { visibleContentSource } from '../auth/access.queries.ts';
import {
  countNotifications,
  deleteNotification,
  findNotification,
  insertNotification,
  jobExists,
  listNotifications,
  markAllRead,
  markRead,
  markUnread,
  userNotificationSetting,
  type NotificationType,
} from './notifications.queries.ts';
import { toNotification, type NotificationWire } from './notifications.schemas.ts';

export interface NotifyInput {
  title: string;
  message: string;
  notification_type: NotificationType;
  related_job_id?: number | null;
  related_content_id?: number | null;
}

/** The EventBus channel a user's new notifications are published on. */
export function notificationChannel(userId: string): string {
  return `notifications:${userId}`;
}

export const NOTIFICATIONS_DISABLED = 'User has notifications disabled';

/**
 * In-app notifications. A user receives them unless their preferences say
 * `notifications_enabled: false` (the original required an explicit `true`, so new users got none).
 */
export class NotificationsService {
  constructor(private readonly runtime: Runtime) {}

  async list(userId: string, opts: { skip: number; limit: number; unreadOnly: boolean; types: readonly string[] | null }) {
    const filter = { userId, unreadOnly: opts.unreadOnly, types: opts.types };
    const { db } = this.runtime;
    const [rows, total] = await Promise.all([listNotifications(db, filter, opts.skip, opts.limit), countNotifications(db, filter)]);
    return { items: rows.map(toNotification), total, skip: opts.skip, limit: opts.limit };
  }

  async get(userId: string, id: number) {
    const row = await findNotification(this.runtime.db, userId, id);
    if (!row) throw new NotFoundError('Notification', id);
    return toNotification(row);
  }

  async unreadCount(userId: string) {
    return { unread_count: await countNotifications(this.runtime.db, { userId, unreadOnly: true, types: null }) };
  }

  async markRead(userId: string, id: number) {
    const row = await markRead(this.runtime.db, userId, id);
    if (!row) throw new NotFoundError('Notification', id);
    return toNotification(row);
  }

  async markUnread(userId: string, id: number) {
    const row = await markUnread(this.runtime.db, userId, id);
    if (!row) throw new NotFoundError('Notification', id);
    return toNotification(row);
  }

  async markAllRead(userId: string) {
    const n = await markAllRead(this.runtime.db, userId);
    return { success: true, message: `Marked ${n} notifications as read` };
  }

  async delete(userId: string, id: number) {
    if ((await deleteNotification(this.runtime.db, userId, id)) === 0) throw new NotFoundError('Notification', id);
    return { success: true, message: `Notification ${id} deleted successfully` };
  }

  /**
   * `POST /notifications/`: like notify(), but a user who turned notifications off is a 403. In
   * required mode a related job of another user, or another user's private content item, answers
   * exactly like a missing one (docs/security.md).
   */
  async create(access: Access, userId: string, input: NotifyInput): Promise<NotificationWire> {
    const created = await this.notify(userId, input, access);
    if (!created) throw new ForbiddenError(NOTIFICATIONS_DISABLED);
    return created;
  }

  /**
   * Creates a notification and publishes it on `notifications:<user_id>`. Returns null (and stores
   * nothing) when the user turned notifications off. Unknown user or related job/content → 404;
   * blank title or message → 422. Used by the generation pipeline. `access` limits the related job
   * and content to what that caller may see (null = unrestricted, for internal callers).
   */
  async notify(userId: string, input: NotifyInput, access: Access = null): Promise<NotificationWire | null> {
    const title = input.title.trim();
    const message = input.message.trim();
    if (!title) throw new DomainValidationError('Notification title cannot be empty');
    if (!message) throw new DomainValidationError('Notification message cannot be empty');
    const { db, events } = this.runtime;
    const setting = await userNotificationSetting(db, userId);
    if (!setting.exists) throw new NotFoundError('User', userId);
    if (setting.enabled === false) return null;
    const relatedJobId = input.related_job_id ?? null;
    const relatedContentId = input.related_content_id ?? null;
    if (relatedJobId !== null && !(await jobExists(db, relatedJobId, ownerScope(access)))) throw new NotFoundError('GenerationJob', relatedJobId);
    let source: 'items' | 'auto' = 'items';
    if (relatedContentId !== null) {
      const found = await visibleContentSource(db, access, relatedContentId);
      if (!found) throw new NotFoundError('ContentItem', relatedContentId);
      source = found;
    }
    const row = await insertNotification(db, {
      userId,
      title: title.slice(0, 255),
      message,
      type: input.notification_type,
      relatedJobId,
      relatedContentId,
      relatedContentSource: source,
    });
    const wire = toNotification(row);
    await events.publish(notificationChannel(userId), wire).catch((err: unknown) => {
      this.runtime.logger.warn({ err, userId }, 'notification publish failed');
    });
    return wire;
  }
}
