import type { Redis } from 'ioredis';
import type { EventBus, EventHandler } from './event-bus.ts';

/** Redis pub/sub: one subscriber connection per process, fanned out to local handlers. */
export class RedisEventBus implements EventBus {
  readonly kind = 'redis' as const;
  private readonly handlers = new Map<string, Set<EventHandler>>();

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly namespace: string,
  ) {
    subscriber.on('message', (fullChannel: string, message: string) => {
      const local = this.handlers.get(fullChannel);
      if (!local) return;
      let payload: unknown;
      try {
        payload = JSON.parse(message);
      } catch {
        return;
      }
      for (const handler of local) handler(payload);
    });
  }

  private ch(channel: string): string {
    return `${this.namespace}:${channel}`;
  }

  async publish(channel: string, payload: unknown): Promise<void> {
    await this.publisher.publish(this.ch(channel), JSON.stringify(payload));
  }

  async subscribe(channel: string, handler: EventHandler): Promise<() => Promise<void>> {
    const full = this.ch(channel);
    let set = this.handlers.get(full);
    if (!set) {
      set = new Set();
      this.handlers.set(full, set);
      await this.subscriber.subscribe(full);
    }
    set.add(handler);
    return async () => {
      const current = this.handlers.get(full);
      if (!current) return;
      current.delete(handler);
      if (current.size === 0) {
        this.handlers.delete(full);
        await this.subscriber.unsubscribe(full);
      }
    };
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
