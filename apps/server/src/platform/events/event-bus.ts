export type EventHandler = (payload: unknown) => void;

/**
 * Publish/subscribe between the parts of the system: a job's progress published by a worker
 * reaches the WebSocket clients of every API process.
 */
export interface EventBus {
  readonly kind: 'redis' | 'memory';
  publish(channel: string, payload: unknown): Promise<void>;
  /** Returns a function that removes this subscription. */
  subscribe(channel: string, handler: EventHandler): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
