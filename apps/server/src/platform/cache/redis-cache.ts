import type { Redis } from 'ioredis';
import type { Cache } from './cache.ts';

/** Redis-backed cache shared by every process of a distributed deployment. */
export class RedisCache implements Cache {
  readonly kind = 'redis' as const;

  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
  ) {}

  private k(key: string): string {
    return `${this.namespace}:cache:${key}`;
  }

  async get<T>(key: string): Promise<T | undefined> {
    const raw = await this.redis.get(this.k(key));
    return raw === null ? undefined : (JSON.parse(raw) as T);
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.k(key), JSON.stringify(value), 'EX', Math.max(1, Math.ceil(ttlSeconds)));
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.k(key));
  }

  async deletePrefix(prefix: string): Promise<void> {
    const pattern = `${this.k(prefix).replace(/[*?[\]\\]/g, '\\$&')}*`;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length) await this.redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }

  async increment(key: string, ttlSeconds: number): Promise<number> {
    const [[, count]] = (await this.redis
      .multi()
      .incr(this.k(key))
      .expire(this.k(key), Math.max(1, Math.ceil(ttlSeconds)), 'NX')
      .exec()) as [[Error | null, number], unknown];
    return count;
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.redis.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    // The connection belongs to the runtime, which closes it once for every adapter.
  }
}
