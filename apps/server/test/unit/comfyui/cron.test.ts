import { describe, expect, it } from 'vitest';
import { cronMatches, nextRun, parseCron } from '../../../src/jobs/cron.ts';

describe('cron (UTC, 5 fields)', () => {
  it('matches the default schedules', () => {
    expect(cronMatches(parseCron('0 0 * * *'), new Date('2026-01-02T00:00:30Z'))).toBe(true);
    expect(cronMatches(parseCron('0 0 * * *'), new Date('2026-01-02T01:00:00Z'))).toBe(false);
    expect(cronMatches(parseCron('*/10 * * * *'), new Date('2026-01-02T05:40:00Z'))).toBe(true);
    expect(cronMatches(parseCron('*/10 * * * *'), new Date('2026-01-02T05:41:00Z'))).toBe(false);
    expect(nextRun(parseCron('5 * * * *'), new Date('2026-01-02T05:05:00Z'))?.toISOString()).toBe('2026-01-02T06:05:00.000Z');
    expect(nextRun(parseCron('7 * * * *'), new Date('2026-01-02T05:00:59Z'))?.toISOString()).toBe('2026-01-02T05:07:00.000Z');
  });

  it('supports lists, ranges, steps, Sunday as 0 or 7, and OR of the two day fields', () => {
    const spec = parseCron('0,30 9-17/4 * * 7');
    expect(cronMatches(spec, new Date('2026-01-04T13:30:00Z'))).toBe(true); // a Sunday
    expect(cronMatches(spec, new Date('2026-01-05T13:30:00Z'))).toBe(false);
    expect(cronMatches(parseCron('0 0 1 * 1'), new Date('2026-01-05T00:00:00Z'))).toBe(true); // Monday, not the 1st
  });

  it.each(['* * * *', '61 * * * *', 'a * * * *', '*/0 * * * *', '5-1 * * * *'])('rejects %s', (expr) => {
    expect(() => parseCron(expr)).toThrow();
  });
});

describe('cron with a leading seconds field (6 fields)', () => {
  it('matches only the listed seconds of a matching minute; 5 fields keep matching the whole minute', () => {
    const every5 = parseCron('*/5 * * * * *');
    expect(cronMatches(every5, new Date('2026-01-02T05:41:10Z'))).toBe(true);
    expect(cronMatches(every5, new Date('2026-01-02T05:41:11Z'))).toBe(false);
    expect(cronMatches(parseCron('30 0 0 * * *'), new Date('2026-01-02T00:00:30Z'))).toBe(true);
    expect(cronMatches(parseCron('30 0 0 * * *'), new Date('2026-01-02T00:00:31Z'))).toBe(false);
    expect(cronMatches(parseCron('0 0 * * *'), new Date('2026-01-02T00:00:31Z'))).toBe(true);
  });

  it('nextRun steps by seconds, strictly after `from`, across minute and day boundaries', () => {
    expect(nextRun(parseCron('*/5 * * * * *'), new Date('2026-01-02T05:41:10.000Z'))?.toISOString()).toBe('2026-01-02T05:41:15.000Z');
    expect(nextRun(parseCron('*/5 * * * * *'), new Date('2026-01-02T05:41:12.300Z'))?.toISOString()).toBe('2026-01-02T05:41:15.000Z');
    expect(nextRun(parseCron('*/20 * * * * *'), new Date('2026-01-02T05:41:45.000Z'))?.toISOString()).toBe('2026-01-02T05:42:00.000Z');
    expect(nextRun(parseCron('15 0 0 * * *'), new Date('2026-01-02T00:00:15.000Z'))?.toISOString()).toBe('2026-01-03T00:00:15.000Z');
  });

  it.each(['60 * * * * *', '*/0 * * * * *', '* * * * * * *'])('rejects %s', (expr) => {
    expect(() => parseCron(expr)).toThrow();
  });
});
