import { describe, expect, it } from 'vitest';
import { summarize } from '../gallery/stats.ts';
import { fmtCount, fmtMs, fmtRate, fmtRatio, renderMarkdown, renderText, resultsTable, verdict, type ResultGrid } from '../gallery/table.ts';
import type { Variant } from '../gallery/variants.ts';

const first: Variant = { id: 'first-page', title: 'first page', group: 'gallery', path: '/a' };
const search: Variant = { id: 'search', title: 'search', group: 'gallery', path: '/b' };
const popular: Variant = { id: 'popular-tags', title: 'popular', group: 'tags', path: '/c' };

const lat = (...ms: number[]) => summarize(ms);

describe('formatting', () => {
  it('formats milliseconds with precision that shrinks as values grow', () => {
    expect(fmtMs(1.234)).toBe('1.23');
    expect(fmtMs(12.34)).toBe('12.3');
    expect(fmtMs(1234.5)).toBe('1,235');
    expect(fmtMs(null)).toBe('–');
  });

  it('formats rates, ratios and counts', () => {
    expect(fmtRate(1234.6)).toBe('1,235');
    expect(fmtRate(undefined)).toBe('–');
    expect(fmtRatio(3, 2)).toBe('1.50×');
    expect(fmtRatio(3, 0)).toBe('–');
    expect(fmtRatio(null, 2)).toBe('–');
    expect(fmtCount(1_200_000)).toBe('1.2 M');
    expect(fmtCount(1_234_567)).toBe('1.23 M');
    expect(fmtCount(20_000)).toBe('20 k');
    expect(fmtCount(950)).toBe('950');
  });
});

describe('verdict', () => {
  it('passes a gallery variant with p95 under 30 ms and fails one at or above it', () => {
    expect(verdict(search, { latency: lat(5, 6, 7), rps: 50, error: null })).toBe('pass');
    expect(verdict(search, { latency: lat(5, 30, 30, 30), rps: 50, error: null })).toBe('FAIL (p95 ≥ 30 ms)');
  });

  it('holds the first page to 1,000 req/s as well', () => {
    expect(verdict(first, { latency: lat(2, 3), rps: 999, error: null })).toBe('FAIL (< 1,000 req/s)');
    expect(verdict(first, { latency: lat(2, 3), rps: 1000, error: null })).toBe('pass');
  });

  it('has no target for tag reads, and reports errors', () => {
    expect(verdict(popular, { latency: lat(200), rps: 1, error: null })).toBe('');
    expect(verdict(search, { latency: null, rps: null, error: 'HTTP 500' })).toBe('error');
    expect(verdict(search, undefined)).toBe('error');
  });
});

describe('resultsTable', () => {
  const grid: ResultGrid = new Map([
    [
      'first-page',
      new Map([
        ['a', { latency: lat(2, 2, 2), rps: 2000, error: null }],
        ['b', { latency: lat(4, 4, 4), rps: 500, error: null }],
      ]),
    ],
    ['search', new Map([['a', { latency: lat(10, 10), rps: 100, error: null }]])],
  ]);

  it('puts each target side by side with ratios to the first target', () => {
    const t = resultsTable([first, search], [{ name: 'a', url: 'http://127.0.0.1:1' }, { name: 'b', url: 'http://127.0.0.1:2' }], grid, 32);
    expect(t.headers).toEqual([
      'variant',
      'a p50 ms',
      'a p95 ms',
      'a p99 ms',
      'a req/s @32',
      'b p50 ms',
      'b p95 ms',
      'b p99 ms',
      'b req/s @32',
      'b/a p50',
      'b/a req/s',
      'a targets',
      'b targets',
    ]);
    expect(t.rows[0]).toEqual(['first-page', '2.00', '2.00', '2.00', '2,000', '4.00', '4.00', '4.00', '500', '2.00×', '0.25×', 'pass', 'FAIL (< 1,000 req/s)']);
    // A target with no result for a variant shows dashes and an error verdict.
    expect(t.rows[1]).toEqual(['search', '10.0', '10.0', '10.0', '100', '–', '–', '–', '–', '–', '–', 'pass', 'error']);
  });

  it('uses plain headers for one target', () => {
    const t = resultsTable([search], [{ name: 'a', url: 'http://127.0.0.1:1' }], grid, 16);
    expect(t.headers).toEqual(['variant', 'p50 ms', 'p95 ms', 'p99 ms', 'req/s @16', 'targets']);
  });

  it('adds CPU-per-request columns for targets that measured them', () => {
    const withCpu: ResultGrid = new Map([['search', new Map([['a', { latency: lat(10), rps: 100, error: null, cpu: { apiMs: 1.5, dbMs: 0.25 } }]])]]);
    const t = resultsTable([search], [{ name: 'a', url: 'http://127.0.0.1:1' }], withCpu, 32);
    expect(t.headers).toEqual(['variant', 'p50 ms', 'p95 ms', 'p99 ms', 'req/s @32', 'API CPU ms/req', 'DB CPU ms/req', 'targets']);
    expect(t.rows[0]).toEqual(['search', '10.0', '10.0', '10.0', '100', '1.50', '0.25', 'pass']);
  });

  it('renders aligned text and a Markdown table', () => {
    const t = { headers: ['name', 'ms'], rows: [['x', '1.00'], ['longer', '10.0']], align: ['l', 'r'] as Array<'l' | 'r'> };
    expect(renderText(t)).toBe(['name      ms', '------  ----', 'x       1.00', 'longer  10.0'].join('\n'));
    expect(renderMarkdown({ ...t, rows: [['a|b', '1']] })).toBe(['| name | ms |', '| --- | ---: |', '| a\\|b | 1 |'].join('\n'));
  });
});
