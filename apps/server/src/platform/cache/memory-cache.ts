import { LRUCache } from 'lru-cache';
import type { Cache } from './cache.ts';

/** In-process LRU for embedded mode: bounded by entry count, per-entry TTL. */
export class MemoryCache implements Cache {
  readonly kind = 'memory' as const;
  private readonly lru: LRUCache<string, { value: string }>;

  constructor(maxEntries = 10_000) {
    this.lru = new LRUCache({ max: maxEntries, ttlAutopurge: false });
  }

  async get<T>(key: string): Promise<T | undefined> {
    const hit = this.lru.get(key);
    return hit ? (JSON.parse(hit.value) as T) : undefined;
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    // Stored serialised so that callers never share (and mutate) one object, as with Redis.
    this.lru.set(key, { value: JSON.stringify(value) }, { ttl: ttlSeconds * 1000 });
  }

  async delete(key: string): Promise<void> {
    this.lru.delete(key);
  }

  async deletePrefix(prefix: string): Promise<void> {
    for (const key of [...this.lru.keys()]) if (key.startsWith(prefix)) this.lru.delete(key);
  }

  async increment(key: string, ttlSeconds: number): Promise<number> {
    const current = this.lru.get(key);
    const next = (current ? Number(JSON.parse(current.value)) : 0) + 1;
    const ttl = current ? this.lru.getRemainingTTL(key) : ttlSeconds * 1000;
    this.lru.set(key, { value: JSON.stringify(next) }, { ttl: Math.max(1, ttl) });
    return next;
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.lru.clear();
  }
}
