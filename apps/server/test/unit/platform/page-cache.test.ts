import { describe, expect, it } from 'vitest';
import type { ChangeFeed, Database } from '../../../src/db/database.ts';
import { CATALOGUE_CHANNEL, PageCache } from '../../../src/platform/cache/page-cache.ts';

/** A database whose change feed the test drives by hand. */
function feedDb() {
  let onFeed: ((payload: string | null) => void) | null = null;
  let live = true;
  const channels: string[] = [];
  const db = {
    async listen(channel: string, handler: (payload: string | null) => void): Promise<ChangeFeed> {
      channels.push(channel);
      onFeed = handler;
      return { isLive: () => live, stop: async () => undefined };
    },
  } as unknown as Database;
  return {
    db,
    channels,
    notify: (payload: string | null) => onFeed?.(payload),
    setLive: (v: boolean) => {
      live = v;
    },
  };
}

const options = { enabled: true, maxEntries: 10, maxBytes: 1_000_000, ttlMs: 60_000 };

describe('PageCache', () => {
  it('serves nothing until it follows a change feed', async () => {
    const pages = new PageCache(options);
    pages.store(pages.version, 'k', 'body');
    expect(pages.get('k')).toBeUndefined();
    const f = feedDb();
    await pages.follow(f.db);
    expect(f.channels).toEqual([CATALOGUE_CHANNEL]);
    pages.store(pages.version, 'k', 'body');
    expect(pages.get('k')).toBe('body');
  });

  it('refuses a page computed while the catalogue changed', async () => {
    const pages = new PageCache(options);
    const f = feedDb();
    await pages.follow(f.db);
    const version = pages.version;
    f.notify('content_items');
    pages.store(version, 'k', 'stale');
    expect(pages.get('k')).toBeUndefined();
    pages.store(pages.version, 'k', 'fresh');
    expect(pages.get('k')).toBe('fresh');
  });

  it('empties on every notification and serves nothing while the feed is not live', async () => {
    const pages = new PageCache(options);
    const f = feedDb();
    await pages.follow(f.db);
    pages.store(pages.version, 'a', '1');
    f.notify(null);
    expect(pages.get('a')).toBeUndefined();
    pages.store(pages.version, 'a', '1');
    f.setLive(false);
    expect(pages.active).toBe(false);
    expect(pages.get('a')).toBeUndefined();
    pages.store(pages.version, 'b', '2');
    f.setLive(true);
    expect(pages.get('b')).toBeUndefined();
  });

  it('keeps within its entry and byte bounds, and does nothing when disabled', async () => {
    const small = new PageCache({ ...options, maxEntries: 2 });
    await small.follow(feedDb().db);
    for (const k of ['a', 'b', 'c']) small.store(small.version, k, k);
    expect(small.size).toBe(2);
    expect(small.get('a')).toBeUndefined();
    const bytes = new PageCache({ ...options, maxBytes: 2048 });
    await bytes.follow(feedDb().db);
    bytes.store(bytes.version, 'big', 'x'.repeat(2000));
    expect(bytes.get('big')).toBeUndefined();
    const off = new PageCache({ ...options, enabled: false });
    await off.follow(feedDb().db);
    off.store(off.version, 'k', 'v');
    expect(off.active).toBe(false);
    expect(off.get('k')).toBeUndefined();
  });
});
