import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { ChangeFeed, Database } from '../../db/database.ts';

/** The NOTIFY channel the catalogue's triggers send on (migration 0012). */
export const CATALOGUE_CHANNEL = 'genonaut_catalogue_changed';

export interface PageCacheOptions {
  enabled: boolean;
  maxEntries: number;
  maxBytes: number;
  ttlMs: number;
}

/**
 * Serialised responses of hot read endpoints (the gallery), held in this process and dropped the
 * moment the catalogue changes. Freshness comes from the database's change feed, so it holds
 * whoever writes (another API process, a worker, the seeder, psql): the cache serves only while
 * the feed is live, and every notification or feed interruption empties it. Writes made by this
 * process also empty it directly (`invalidate()`), before their response is sent. The TTL only
 * bounds memory held by pages nobody asks for.
 *
 * A page computed while a change lands is not stored: `version` is taken before the computation
 * and `store()` refuses a page whose version is no longer current.
 */
export class PageCache {
  private readonly lru: LRUCache<string, string> | null;
  private feed: ChangeFeed | null = null;
  private current = 0;
  /** Tells this process's catalogue versions from other processes' in a shared cache. */
  private readonly epoch = randomUUID();

  constructor(options: PageCacheOptions) {
    this.lru = options.enabled
      ? new LRUCache<string, string>({
          max: options.maxEntries,
          maxSize: options.maxBytes,
          sizeCalculation: (body) => Math.max(1, body.length * 2),
          ttl: options.ttlMs,
          ttlAutopurge: false,
        })
      : null;
  }

  /** Serving from memory: enabled and following a live change feed. */
  get active(): boolean {
    return this.lru !== null && this.feed !== null && this.feed.isLive();
  }

  /** Taken before computing a page; `store()` needs it back unchanged. */
  get version(): number {
    return this.current;
  }

  /**
   * The catalogue state this process has seen, while the feed is live: it changes with every
   * invalidation and is unique to the process. Values derived from the catalogue that a page
   * embeds (totals, per-source stats) are cached under it, so they are never older than the pages
   * built from them. Null when not following a live feed (those caches then rely on explicit
   * invalidation by writers, as without the page cache).
   */
  get catalogueVersion(): string | null {
    return this.active ? `${this.epoch}.${this.current}` : null;
  }

  get(key: string): string | undefined {
    return this.active ? this.lru?.get(key) : undefined;
  }

  store(version: number, key: string, body: string): void {
    if (!this.active || version !== this.current) return;
    this.lru?.set(key, body);
  }

  /** Drops every page (a catalogue write, or the change feed lost or regained). */
  invalidate(): void {
    this.current++;
    this.lru?.clear();
  }

  get size(): number {
    return this.lru?.size ?? 0;
  }

  /** Starts following the database's change feed; until then nothing is served from memory. */
  async follow(db: Database): Promise<void> {
    if (!this.lru || this.feed) return;
    this.feed = await db.listen(CATALOGUE_CHANNEL, () => this.invalidate());
  }

  async stop(): Promise<void> {
    const feed = this.feed;
    this.feed = null;
    this.invalidate();
    await feed?.stop();
  }
}
