import { describe, expect, it } from 'vitest';
import { SeedAnchorError, isSeedAnchor, parseSeedAnchor, resolveSeedAnchor } from '../../../src/db/seed/anchor.ts';

const NOW = Date.parse('2026-11-29T09:20:01.500Z');

describe('seed anchor', () => {
  it('parses the fixed, now, date and date-time forms', () => {
    expect(parseSeedAnchor('')).toEqual({ kind: 'fixed' });
    expect(parseSeedAnchor(' fixed ')).toEqual({ kind: 'fixed' });
    expect(parseSeedAnchor('now')).toEqual({ kind: 'now' });
    expect(parseSeedAnchor('NOW')).toEqual({ kind: 'now' });
    expect(parseSeedAnchor('2026-11-15')).toEqual({ kind: 'at', ms: Date.UTC(2026, 10, 15) });
    expect(parseSeedAnchor('2024-02-29')).toEqual({ kind: 'at', ms: Date.UTC(2024, 1, 29) });
    expect(parseSeedAnchor('2026-11-15T18:30:00Z')).toEqual({ kind: 'at', ms: Date.UTC(2026, 10, 15, 18, 30) });
    expect(parseSeedAnchor('2026-11-15T18:30Z')).toEqual({ kind: 'at', ms: Date.UTC(2026, 10, 15, 18, 30) });
    expect(parseSeedAnchor('2026-11-15T18:30:00.25+01:30')).toEqual({ kind: 'at', ms: Date.UTC(2026, 10, 15, 17, 0, 0, 250) });
    expect(parseSeedAnchor('2026-11-15T00:30:00-02:00')).toEqual({ kind: 'at', ms: Date.UTC(2026, 10, 15, 2, 30) });
  });

  it('refuses anything else with a message naming the accepted forms', () => {
    for (const bad of ['yesterday', 'now+1', '2026-13-01', '2026-02-30', '2023-02-29', '26-11-01', '2026-11-01 10:00', '2026-11-01T25:00Z', '2026-11-01T10:61Z', '1999-12-31', '2026-11-01T10:00+15:00']) {
      expect(() => parseSeedAnchor(bad), bad).toThrow(SeedAnchorError);
      expect(() => parseSeedAnchor(bad), bad).toThrow(/"now"/);
      expect(isSeedAnchor(bad), bad).toBe(false);
    }
    expect(() => parseSeedAnchor('2026-02-30')).toThrow(/not a calendar date/);
    expect(() => parseSeedAnchor('2026-11-01T10:00:00')).toThrow(/no time zone/);
    for (const good of ['', 'fixed', 'now', '2026-11-01', '2026-11-01T10:00:00Z']) expect(isSeedAnchor(good), good).toBe(true);
  });

  it('resolves: fixed by the seed, now = the start of the UTC day, dates as given', () => {
    expect(new Date(resolveSeedAnchor('', 42, NOW)).toISOString()).toBe('2026-10-30T00:00:00.000Z');
    expect(new Date(resolveSeedAnchor('fixed', 7, NOW)).toISOString()).toBe('2026-10-25T00:00:00.000Z');
    // The fixed anchor does not read the clock.
    expect(resolveSeedAnchor('', 42, 0)).toBe(resolveSeedAnchor('', 42, NOW));
    expect(new Date(resolveSeedAnchor('now', 42, NOW)).toISOString()).toBe('2026-11-29T00:00:00.000Z');
    expect(resolveSeedAnchor('now', 42, NOW)).toBe(resolveSeedAnchor('now', 7, Date.parse('2026-11-29T23:59:59.999Z')));
    expect(resolveSeedAnchor('now', 42, Date.parse('2026-11-30T00:00:00Z'))).toBe(Date.UTC(2026, 10, 30));
    expect(resolveSeedAnchor('2026-11-15T18:30:00Z', 42, NOW)).toBe(Date.UTC(2026, 10, 15, 18, 30));
    expect(resolveSeedAnchor({ kind: 'at', ms: NOW }, 42, NOW)).toBe(NOW);
  });

  it('refuses an anchor in the future', () => {
    expect(() => resolveSeedAnchor('2026-11-30', 42, NOW)).toThrow(/lies in the future/);
    expect(() => resolveSeedAnchor('2026-11-29T09:20:02Z', 42, NOW)).toThrow(SeedAnchorError);
  });
});
