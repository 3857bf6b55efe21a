import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableEngines } from '../support/test-databases.ts';
import { createTestSystem, type TestSystem } from '../support/test-app.ts';
import { insertContent, insertJob, insertNotificationAt, insertUser } from '../support/fixtures-activity.ts';

const NOTIFICATION_KEYS = [
  'created_at',
  'id',
  'message',
  'notification_type',
  'read_at',
  'read_status',
  'related_content_id',
  'related_job_id',
  'title',
  'user_id',
].sort();

describe.each(availableEngines())('notifications API on %s', (engine) => {
  let sys: TestSystem;
  const base = '/api/v1/notifications';
  beforeAll(async () => {
    sys = await createTestSystem(engine);
  });
  afterAll(async () => {
    await sys?.close();
  });

  it('creates with 201 and publishes on notifications:<user_id>', async () => {
    const user = await insertUser(sys.runtime.db);
    const job = await insertJob(sys.runtime.db, user);
    const content = await insertContent(sys.runtime.db, user, 'auto');
    const received: unknown[] = [];
    const unsubscribe = await sys.runtime.events.subscribe(`notifications:${user}`, (p) => received.push(p));
    try {
      const res = await sys.app.inject({
        method: 'POST',
        url: `${base}/`,
        payload: { user_id: user, title: ' Done ', message: 'Your image is ready', notification_type: 'job_completed', related_job_id: job, related_content_id: content },
      });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(Object.keys(body).sort()).toEqual(NOTIFICATION_KEYS);
      expect(body).toMatchObject({
        user_id: user,
        title: 'Done',
        message: 'Your image is ready',
        notification_type: 'job_completed',
        read_status: false,
        related_job_id: job,
        related_content_id: content,
        read_at: null,
      });
      expect(body.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/);
      await expect.poll(() => received.length, { timeout: 3000 }).toBe(1);
      expect(received[0]).toEqual(body);
      const stored = await sys.runtime.db.query<{ related_content_source_type: string }>(
        'SELECT related_content_source_type FROM user_notifications WHERE id = $1',
        [body.id],
      );
      expect(stored.rows[0].related_content_source_type).toBe('auto');
    } finally {
      await unsubscribe();
    }
  });

  it('notify() publishes live and returns null for a user who turned notifications off', async () => {
    const user = await insertUser(sys.runtime.db);
    const received: Array<{ title: string }> = [];
    const unsubscribe = await sys.runtime.events.subscribe(`notifications:${user}`, (p) => received.push(p as { title: string }));
    try {
      const n = await sys.services.notifications.notify(user, { title: 'Generation Failed', message: 'boom', notification_type: 'job_failed' });
      expect(n?.notification_type).toBe('job_failed');
      await expect.poll(() => received.map((r) => r.title), { timeout: 3000 }).toEqual(['Generation Failed']);
    } finally {
      await unsubscribe();
    }
    const off = await insertUser(sys.runtime.db, { notifications_enabled: false });
    expect(await sys.services.notifications.notify(off, { title: 't', message: 'm', notification_type: 'system' })).toBeNull();
    const count = (await sys.app.inject({ url: `${base}/unread/count?user_id=${off}` })).json();
    expect(count).toEqual({ unread_count: 0 });
  });

  it('§7.28: notifications are on by default; an explicit opt-out gives 403 on create', async () => {
    const fresh = await insertUser(sys.runtime.db);
    const ok = await sys.app.inject({ method: 'POST', url: `${base}/`, payload: { user_id: fresh, title: 't', message: 'm', notification_type: 'system' } });
    expect(ok.statusCode).toBe(201);
    const on = await insertUser(sys.runtime.db, { notifications_enabled: true });
    expect((await sys.app.inject({ method: 'POST', url: `${base}/`, payload: { user_id: on, title: 't', message: 'm', notification_type: 'system' } })).statusCode).toBe(201);
    const off = await insertUser(sys.runtime.db, { notifications_enabled: false });
    const denied = await sys.app.inject({ method: 'POST', url: `${base}/`, payload: { user_id: off, title: 't', message: 'm', notification_type: 'system' } });
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toEqual({ detail: 'User has notifications disabled' });
  });

  it('create: unknown user/job/content → 404, blank text → 422, bad enum → 422', async () => {
    const missing = randomUUID();
    const nouser = await sys.app.inject({ method: 'POST', url: `${base}/`, payload: { user_id: missing, title: 't', message: 'm', notification_type: 'system' } });
    expect(nouser.statusCode).toBe(404);
    expect(nouser.json()).toEqual({ detail: `User with id ${missing} not found` });
    const user = await insertUser(sys.runtime.db);
    const nojob = await sys.app.inject({ method: 'POST', url: `${base}/`, payload: { user_id: user, title: 't', message: 'm', notification_type: 'system', related_job_id: 999999 } });
    expect(nojob.statusCode).toBe(404);
    expect(nojob.json().detail).toBe('GenerationJob with id 999999 not found');
    const nocontent = await sys.app.inject({ method: 'POST', url: `${base}/`, payload: { user_id: user, title: 't', message: 'm', notification_type: 'system', related_content_id: 999999 } });
    expect(nocontent.statusCode).toBe(404);
    const blank = await sys.app.inject({ method: 'POST', url: `${base}/`, payload: { user_id: user, title: '   ', message: 'm', notification_type: 'system' } });
    expect(blank.statusCode).toBe(422);
    expect(blank.json()).toEqual({ detail: 'Notification title cannot be empty' });
    const badType = await sys.app.inject({ method: 'POST', url: `${base}/`, payload: { user_id: user, title: 't', message: 'm', notification_type: 'spam' } });
    expect(badType.statusCode).toBe(422);
    expect(Array.isArray(badType.json().detail)).toBe(true);
  });

  it('lists newest first with skip/limit, unread_only and repeated notification_types; total uses the filters', async () => {
    const user = await insertUser(sys.runtime.db);
    const other = await insertUser(sys.runtime.db);
    const a = await insertNotificationAt(sys.runtime.db, user, '2025-01-01 10:00:00', { type: 'system' });
    const b = await insertNotificationAt(sys.runtime.db, user, '2025-01-02 10:00:00', { type: 'job_failed', read: true });
    const c = await insertNotificationAt(sys.runtime.db, user, '2025-01-03 10:00:00', { type: 'job_completed' });
    await insertNotificationAt(sys.runtime.db, other, '2025-01-04 10:00:00');

    const all = await sys.app.inject({ url: `${base}/?user_id=${user}` });
    expect(all.statusCode).toBe(200);
    const body = all.json();
    expect(Object.keys(body).sort()).toEqual(['items', 'limit', 'skip', 'total']);
    expect(body.items.map((n: { id: number }) => n.id)).toEqual([c, b, a]);
    expect(body).toMatchObject({ total: 3, skip: 0, limit: 10 });
    expect(Object.keys(body.items[0]).sort()).toEqual(NOTIFICATION_KEYS);
    expect(body.items[1].read_at).toBe('2025-01-02T10:00:00');

    const paged = (await sys.app.inject({ url: `${base}?user_id=${user}&skip=1&limit=1` })).json();
    expect(paged).toMatchObject({ total: 3, skip: 1, limit: 1 });
    expect(paged.items.map((n: { id: number }) => n.id)).toEqual([b]);

    const unread = (await sys.app.inject({ url: `${base}/?user_id=${user}&unread_only=true` })).json();
    expect(unread.items.map((n: { id: number }) => n.id)).toEqual([c, a]);
    expect(unread.total).toBe(2);

    const typed = (await sys.app.inject({ url: `${base}/?user_id=${user}&notification_types=system&notification_types=job_failed` })).json();
    expect(typed.items.map((n: { id: number }) => n.id)).toEqual([b, a]);
    const single = (await sys.app.inject({ url: `${base}/?user_id=${user}&notification_types=job_completed` })).json();
    expect(single.items.map((n: { id: number }) => n.id)).toEqual([c]);
    expect((await sys.app.inject({ url: `${base}/?user_id=${user}&notification_types=spam` })).statusCode).toBe(422);
    expect((await sys.app.inject({ url: `${base}/` })).statusCode).toBe(422);
  });

  it('get, read, unread, read-all, unread count and delete are scoped to the user', async () => {
    const user = await insertUser(sys.runtime.db);
    const other = await insertUser(sys.runtime.db);
    const n1 = await insertNotificationAt(sys.runtime.db, user, '2025-02-01 10:00:00');
    const n2 = await insertNotificationAt(sys.runtime.db, user, '2025-02-02 10:00:00');
    await insertNotificationAt(sys.runtime.db, user, '2025-02-03 10:00:00');
    const count = () => sys.app.inject({ url: `${base}/unread/count?user_id=${user}` }).then((r) => r.json().unread_count);
    expect(await count()).toBe(3);

    const got = await sys.app.inject({ url: `${base}/${n1}?user_id=${user}` });
    expect(got.statusCode).toBe(200);
    expect(Object.keys(got.json()).sort()).toEqual(NOTIFICATION_KEYS);
    const foreign = await sys.app.inject({ url: `${base}/${n1}?user_id=${other}` });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toEqual({ detail: `Notification with id ${n1} not found` });

    const read = await sys.app.inject({ method: 'PUT', url: `${base}/${n1}/read?user_id=${user}`, payload: {} });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: n1, read_status: true });
    expect(read.json().read_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const firstReadAt = read.json().read_at;
    const again = (await sys.app.inject({ method: 'PUT', url: `${base}/${n1}/read?user_id=${user}` })).json();
    expect(again.read_at).toBe(firstReadAt);
    expect(await count()).toBe(2);

    const unread = await sys.app.inject({ method: 'PUT', url: `${base}/${n1}/unread?user_id=${user}` });
    expect(unread.json()).toMatchObject({ id: n1, read_status: false, read_at: null });
    expect(await count()).toBe(3);
    expect((await sys.app.inject({ method: 'PUT', url: `${base}/${n1}/read?user_id=${other}` })).statusCode).toBe(404);
    expect((await sys.app.inject({ method: 'PUT', url: `${base}/999999/unread?user_id=${user}` })).statusCode).toBe(404);

    await sys.app.inject({ method: 'PUT', url: `${base}/${n2}/read?user_id=${user}` });
    const all = await sys.app.inject({ method: 'PUT', url: `${base}/read-all?user_id=${user}` });
    expect(all.statusCode).toBe(200);
    expect(all.json()).toEqual({ success: true, message: 'Marked 2 notifications as read' });
    expect(await count()).toBe(0);

    const del = await sys.app.inject({ method: 'DELETE', url: `${base}/${n1}?user_id=${user}` });
    expect(del.json()).toEqual({ success: true, message: `Notification ${n1} deleted successfully` });
    expect((await sys.app.inject({ method: 'DELETE', url: `${base}/${n1}?user_id=${user}` })).statusCode).toBe(404);
    expect((await sys.app.inject({ url: `${base}/?user_id=${user}` })).json().total).toBe(2);
  });

  it('non-finite skip/limit/ids are 422, never 500', async () => {
    const user = await insertUser(sys.runtime.db);
    for (const url of [`${base}/?user_id=${user}&skip=1e309`, `${base}/?user_id=${user}&limit=1e309`, `${base}/1e309?user_id=${user}`]) {
      expect((await sys.app.inject({ url })).statusCode, url).toBe(422);
    }
    const body = await sys.app.inject({ method: 'POST', url: `${base}/`, payload: { user_id: user, title: 't', message: 'm', notification_type: 'system', related_job_id: 1e308 } });
    expect(body.statusCode).toBe(422);
  });

  it('rejects ids out of the integer range with 422, not 500', async () => {
    const user = await insertUser(sys.runtime.db);
    for (const id of ['abc', '99999999999999999999', '0']) {
      const res = await sys.app.inject({ url: `${base}/${id}?user_id=${user}` });
      expect(res.statusCode, id).toBe(422);
    }
  });
});
