import type { Logger } from 'pino';
import type { AppConfig } from '../config/config.schema.ts';
import type { JobQueue } from '../platform/queue/job-queue.ts';

/**
 * The queue-depth metric the worker autoscaling reads (infra/main/autoscaling.tf): CloudWatch
 * `<namespace>/QueueDepth` with the one dimension `Environment`. It is published without the AWS
 * SDK, as a CloudWatch embedded-metric-format (EMF) line on stdout: on ECS the awslogs driver
 * ships the line to CloudWatch Logs, which extracts the metric. See docs/infra.md, "Queue-depth metric".
 */

export const QUEUE_DEPTH_METRIC = 'QueueDepth';
export const QUEUE_METRIC_DIMENSION = 'Environment';

export interface QueueMetricTarget {
  /** CloudWatch namespace, e.g. `Genonaut`. */
  namespace: string;
  /** Value of the `Environment` dimension, e.g. `prod`. */
  environment: string;
}

export interface QueueDepthSample {
  waiting: number;
  active: number;
}

/**
 * One EMF log line (no trailing newline): the metric `QueueDepth` = waiting + active jobs, with
 * the waiting and active parts as plain properties (searchable in the logs, not metrics).
 */
export function queueDepthEmfLine(target: QueueMetricTarget, sample: QueueDepthSample, at: Date): string {
  return JSON.stringify({
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: target.namespace,
          Dimensions: [[QUEUE_METRIC_DIMENSION]],
          Metrics: [{ Name: QUEUE_DEPTH_METRIC, Unit: 'Count' }],
        },
      ],
    },
    [QUEUE_METRIC_DIMENSION]: target.environment,
    [QUEUE_DEPTH_METRIC]: sample.waiting + sample.active,
    QueueWaiting: sample.waiting,
    QueueActive: sample.active,
  });
}

export interface QueueDepthPublisherOptions extends QueueMetricTarget {
  queue: JobQueue;
  intervalMs: number;
  /** Where the line goes; stdout by default (one line per sample). */
  write?: (line: string) => void;
  /** A failed read of the queue skips that sample; it never stops the publisher. */
  onError?: (err: unknown) => void;
  now?: () => Date;
}

export interface QueueDepthPublisher {
  /** Reads the queue and writes one line; returns the depth written, null when the read failed. */
  publishOnce(): Promise<number | null>;
  stop(): Promise<void>;
}

const writeStdout = (line: string) => {
  process.stdout.write(`${line}\n`);
};

/** Publishes a sample now and then every `intervalMs` (the next one is timed after the previous ends). */
export function startQueueDepthPublisher(options: QueueDepthPublisherOptions): QueueDepthPublisher {
  const write = options.write ?? writeStdout;
  const now = options.now ?? (() => new Date());
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let inFlight: Promise<number | null> = Promise.resolve(null);

  const publishOnce = (): Promise<number | null> => {
    inFlight = (async () => {
      try {
        const counts = await options.queue.counts();
        const sample = { waiting: counts.waiting, active: counts.active };
        write(queueDepthEmfLine(options, sample, now()));
        return sample.waiting + sample.active;
      } catch (err) {
        options.onError?.(err);
        return null;
      }
    })();
    return inFlight;
  };

  const tick = async () => {
    await publishOnce();
    if (stopped) return;
    timer = setTimeout(() => void tick(), options.intervalMs);
    timer.unref();
  };
  void tick();

  return {
    publishOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
}

/**
 * The publisher as configured by `queue-metric.*`, or null when `interval-seconds` is 0 (the
 * default). An empty `queue-metric.environment` means the target's environment (dev|demo|test|prod).
 */
export function startQueueDepthMetric(
  config: AppConfig,
  queue: JobQueue,
  logger: Pick<Logger, 'warn'>,
  write?: (line: string) => void,
): QueueDepthPublisher | null {
  const c = config.values['queue-metric'];
  if (c['interval-seconds'] <= 0) return null;
  return startQueueDepthPublisher({
    queue,
    intervalMs: c['interval-seconds'] * 1000,
    namespace: c.namespace,
    environment: c.environment || config.environment,
    write,
    onError: (err) => logger.warn({ err }, 'queue-depth metric: reading the queue failed; sample skipped'),
  });
}
