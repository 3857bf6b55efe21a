import { describe, expect, it } from 'vitest';
import { ArgumentError, DEFAULT_DATABASE_URL, DEFAULT_USER_ID, parseArgs, parseTarget } from '../gallery/args.ts';

describe('parseArgs', () => {
  it('has defaults that start our own API on the benchmark database', () => {
    const o = parseArgs([]);
    expect(o.targets).toEqual([]);
    expect(o.databaseUrl).toBe(DEFAULT_DATABASE_URL);
    expect(o).toMatchObject({ seedItems: 1_200_000, requests: 200, warmup: 20, concurrency: 32, duration: 5, pageSize: 25, userId: DEFAULT_USER_ID, out: null });
  });

  it('measures our API with and without its page cache unless told one of them', () => {
    expect(parseArgs([]).pageCache).toBe('both');
    expect(parseArgs(['--page-cache', 'off']).pageCache).toBe('off');
    expect(parseArgs(['--page-cache=on']).pageCache).toBe('on');
    expect(() => parseArgs(['--page-cache', 'sometimes'])).toThrow(ArgumentError);
  });

  it('takes the database from BENCH_DATABASE_URL unless --database-url is given', () => {
    expect(parseArgs([], { BENCH_DATABASE_URL: 'postgres://x@127.0.0.1/a' }).databaseUrl).toBe('postgres://x@127.0.0.1/a');
    expect(parseArgs(['--database-url', 'postgres://y@127.0.0.1/b'], { BENCH_DATABASE_URL: 'postgres://x@127.0.0.1/a' }).databaseUrl).toBe(
      'postgres://y@127.0.0.1/b',
    );
  });

  it('reads repeatable targets in order, with names, and leaves the database alone unless asked', () => {
    const o = parseArgs(['--target', 'http://127.0.0.1:8001/', '--target=orig=http://localhost:9000']);
    expect(o.targets).toEqual([
      { name: 't1', url: 'http://127.0.0.1:8001' },
      { name: 'orig', url: 'http://localhost:9000' },
    ]);
    expect(o.databaseUrl).toBeNull();
    expect(parseArgs(['--target', 'http://127.0.0.1:1', '--database-url', 'postgres://p@127.0.0.1/db']).databaseUrl).toBe('postgres://p@127.0.0.1/db');
  });

  it('parses numbers, flags and lists in both --flag value and --flag=value forms', () => {
    const o = parseArgs(['--requests=50', '--warmup', '0', '--concurrency', '8', '--duration', '0', '--seed-items', '0', '--reset', '--only', 'first-page, search', '--out', 'docs/benchmarks.md']);
    expect(o).toMatchObject({ requests: 50, warmup: 0, concurrency: 8, duration: 0, seedItems: 0, reset: true, only: ['first-page', 'search'], out: 'docs/benchmarks.md' });
  });

  it('rejects unknown options, missing values, bad numbers and non-UUID users', () => {
    expect(() => parseArgs(['--speed'])).toThrow(ArgumentError);
    expect(() => parseArgs(['--requests'])).toThrow(/needs a value/);
    expect(() => parseArgs(['--requests', '--duration', '3'])).toThrow(/needs a value/);
    expect(() => parseArgs(['--requests', '0'])).toThrow(/integer ≥ 1/);
    expect(() => parseArgs(['--concurrency', '2.5'])).toThrow(ArgumentError);
    expect(() => parseArgs(['--user-id', 'admin'])).toThrow(/UUID/);
  });

  it('rejects two targets with the same name', () => {
    expect(() => parseArgs(['--target', 'a=http://127.0.0.1:1', '--target', 'a=http://127.0.0.1:2'])).toThrow(/two targets/);
  });
});

describe('parseTarget', () => {
  it('accepts loopback hosts only', () => {
    expect(parseTarget('http://[::1]:8001', 0)).toEqual({ name: 't1', url: 'http://[::1]:8001' });
    expect(parseTarget('https://127.0.0.2:8443/base/', 1)).toEqual({ name: 't2', url: 'https://127.0.0.2:8443/base' });
    expect(() => parseTarget('http://10.0.0.5:8001', 0)).toThrow(/loopback/);
    expect(() => parseTarget('http://example.com', 0)).toThrow(/loopback/);
    expect(() => parseTarget('http://127.0.0.1.example.com', 0)).toThrow(/loopback/);
  });

  it('rejects other schemes and non-URLs', () => {
    expect(() => parseTarget('ftp://127.0.0.1', 0)).toThrow(/http/);
    expect(() => parseTarget('not a url', 0)).toThrow(/not a URL/);
  });
});
