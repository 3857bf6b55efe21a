import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.ts';
import { queueDepthEmfLine, startQueueDepthMetric, startQueueDepthPublisher, type QueueDepthPublisher } from '../../../src/jobs/queue-metric.ts';
import { MemoryJobQueue } from '../../../src/platform/queue/memory-queue.ts';

/** Checks a line the way CloudWatch reads an EMF event: every declared metric and dimension is a top-level member. */
function parseEmf(line: string) {
  const doc = JSON.parse(line) as Record<string, unknown> & {
    _aws: { Timestamp: number; CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: string }> }> };
  };
  for (const directive of doc._aws.CloudWatchMetrics) {
    for (const set of directive.Dimensions) for (const d of set) expect(typeof doc[d], `dimension ${d}`).toBe('string');
    for (const m of directive.Metrics) expect(typeof doc[m.Name], `metric ${m.Name}`).toBe('number');
  }
  return doc;
}

describe('queueDepthEmfLine', () => {
  it('is one JSON line declaring <namespace>/QueueDepth with the Environment dimension (what infra/main/autoscaling.tf reads)', () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    const line = queueDepthEmfLine({ namespace: 'Genonaut', environment: 'prod' }, { waiting: 7, active: 3 }, at);
    expect(line).not.toContain('\n');
    const doc = parseEmf(line);
    expect(doc).toEqual({
      _aws: {
        Timestamp: at.getTime(),
        CloudWatchMetrics: [{ Namespace: 'Genonaut', Dimensions: [['Environment']], Metrics: [{ Name: 'QueueDepth', Unit: 'Count' }] }],
      },
      Environment: 'prod',
      QueueDepth: 10,
      QueueWaiting: 7,
      QueueActive: 3,
    });
  });

  it('reports an empty queue as 0, not as a missing value', () => {
    const doc = parseEmf(queueDepthEmfLine({ namespace: 'Other/NS', environment: 'dev' }, { waiting: 0, active: 0 }, new Date(0)));
    expect(doc.QueueDepth).toBe(0);
    expect(doc._aws.CloudWatchMetrics[0]?.Namespace).toBe('Other/NS');
    expect(doc._aws.Timestamp).toBe(0);
  });
});

describe('queue-depth publisher on the in-process queue', () => {
  const publishers: QueueDepthPublisher[] = [];
  const queues: MemoryJobQueue[] = [];
  const releases: Array<() => void> = [];
  afterEach(async () => {
    for (const p of publishers.splice(0)) await p.stop();
    for (const r of releases.splice(0)) r();
    for (const q of queues.splice(0)) await q.close();
  });

  /** A queue with `running` jobs held by their handler and `waiting` more behind them. */
  async function busyQueue(running: number, waiting: number) {
    const queue = new MemoryJobQueue();
    queues.push(queue);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    releases.push(release);
    await queue.process(() => gate, running);
    for (let id = 1; id <= running + waiting; id++) await queue.enqueue(id);
    return { queue, release };
  }

  it('publishes waiting + active of the real queue at once and then every interval', async () => {
    const { queue, release } = await busyQueue(2, 3);
    expect(await queue.counts()).toMatchObject({ waiting: 3, active: 2 });
    const lines: string[] = [];
    const publisher = startQueueDepthPublisher({ queue, intervalMs: 25, namespace: 'Genonaut', environment: 'test', write: (l) => lines.push(l) });
    publishers.push(publisher);
    await vi.waitFor(() => expect(lines.length).toBeGreaterThanOrEqual(1));
    expect(parseEmf(lines[0] as string)).toMatchObject({ QueueDepth: 5, QueueWaiting: 3, QueueActive: 2, Environment: 'test' });

    // The jobs finish: later samples follow the queue down to 0.
    release();
    await vi.waitFor(() => expect(lines.map((l) => JSON.parse(l).QueueDepth as number)).toContain(0), { timeout: 2000 });
    const depths = lines.map((l) => JSON.parse(l).QueueDepth as number);
    expect(depths.length).toBeGreaterThanOrEqual(2);
    expect(await publisher.publishOnce()).toBe(0);
  });

  it('skips a sample whose read fails and keeps publishing', async () => {
    const { queue } = await busyQueue(1, 0);
    const real = queue.counts.bind(queue);
    let calls = 0;
    queue.counts = async () => {
      calls++;
      if (calls === 1) throw new Error('redis down');
      return real();
    };
    const lines: string[] = [];
    const errors: unknown[] = [];
    publishers.push(
      startQueueDepthPublisher({ queue, intervalMs: 10, namespace: 'Genonaut', environment: 'test', write: (l) => lines.push(l), onError: (e) => errors.push(e) }),
    );
    await vi.waitFor(() => expect(lines.length).toBeGreaterThanOrEqual(1));
    expect(errors).toHaveLength(1);
    expect(JSON.parse(lines[0] as string).QueueDepth).toBe(1);
  });

  it('stops: no line after stop()', async () => {
    const { queue } = await busyQueue(1, 1);
    const lines: string[] = [];
    const publisher = startQueueDepthPublisher({ queue, intervalMs: 10, namespace: 'Genonaut', environment: 'test', write: (l) => lines.push(l) });
    await vi.waitFor(() => expect(lines.length).toBeGreaterThanOrEqual(1));
    await publisher.stop();
    const count = lines.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(lines.length).toBe(count);
  });
});

describe('startQueueDepthMetric (queue-metric.* config)', () => {
  const logger = { warn: () => undefined };

  it('is off unless queue-metric.interval-seconds is set', async () => {
    const config = loadConfig({ env: { ENV_TARGET: 'cloud-prod' } });
    expect(config.values['queue-metric']['interval-seconds']).toBe(0);
    const queue = new MemoryJobQueue();
    const lines: string[] = [];
    expect(startQueueDepthMetric(config, queue, logger, (l) => lines.push(l))).toBeNull();
    await queue.close();
    expect(lines).toEqual([]);
  });

  it('takes the interval, namespace and Environment dimension from the environment (as the ECS task definition sets them)', async () => {
    const queue = new MemoryJobQueue();
    await queue.enqueue(41);
    await queue.enqueue(42);
    const run = async (env: Record<string, string>) => {
      const config = loadConfig({ env: { ENV_TARGET: 'cloud-prod', ...env } });
      const lines: string[] = [];
      const publisher = startQueueDepthMetric(config, queue, logger, (l) => lines.push(l));
      expect(publisher).not.toBeNull();
      await vi.waitFor(() => expect(lines.length).toBeGreaterThanOrEqual(1));
      await publisher?.stop();
      return parseEmf(lines[0] as string);
    };
    // Empty environment = the target's (cloud-prod → prod), which is what infra/main's var.env names.
    const byTarget = await run({ QUEUE_METRIC_INTERVAL_SECONDS: '60' });
    expect(byTarget).toMatchObject({ Environment: 'prod', QueueDepth: 2 });
    expect(byTarget._aws.CloudWatchMetrics[0]?.Namespace).toBe('Genonaut');
    const explicit = await run({ QUEUE_METRIC_INTERVAL_SECONDS: '30', QUEUE_METRIC_NAMESPACE: 'Genonaut/Staging', QUEUE_METRIC_ENVIRONMENT: 'blue' });
    expect(explicit).toMatchObject({ Environment: 'blue', QueueDepth: 2 });
    expect(explicit._aws.CloudWatchMetrics[0]?.Namespace).toBe('Genonaut/Staging');
    await queue.close();
  });

  it('rejects namespaces CloudWatch would refuse', () => {
    expect(() => loadConfig({ env: { ENV_TARGET: 'cloud-prod', QUEUE_METRIC_NAMESPACE: 'AWS/ECS' } })).toThrow(/queue-metric\.namespace/);
    expect(() => loadConfig({ env: { ENV_TARGET: 'cloud-prod', QUEUE_METRIC_NAMESPACE: 'bad{name}' } })).toThrow(/queue-metric\.namespace/);
    expect(() => loadConfig({ env: { ENV_TARGET: 'cloud-prod', QUEUE_METRIC_INTERVAL_SECONDS: '-1' } })).toThrow(/queue-metric\.interval-seconds/);
  });
});
