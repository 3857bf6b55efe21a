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
