import { EventEmitter } from 'node:events';
import type { EventBus, EventHandler } from './event-bus.ts';

/** In-process pub/sub for embedded mode. Payloads are copied, as they would be over Redis. */
export class MemoryEventBus implements EventBus {
  readonly kind = 'memory' as const;
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  async publish(channel: string, payload: unknown): Promise<void> {
    const copy = JSON.stringify(payload);
    // Delivered asynchronously like a network bus, so publishers never run subscriber code inline.
    queueMicrotask(() => this.emitter.emit(channel, JSON.parse(copy)));
  }

  async subscribe(channel: string, handler: EventHandler): Promise<() => Promise<void>> {
    this.emitter.on(channel, handler);
    return async () => {
      this.emitter.off(channel, handler);
    };
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}
