import type { Target } from './args.ts';
import type { LatencySummary } from './stats.ts';
import { LATENCY_TARGET_P95_MS, THROUGHPUT_TARGET_RPS, THROUGHPUT_TARGET_VARIANT, type Variant } from './variants.ts';

/** What one variant measured on one target. */
export interface VariantResult {
  latency: LatencySummary | null;
  /** 2xx responses per second at the throughput concurrency; null when not run. */
  rps: number | null;
  /** Why the variant has no (or partial) figures: a non-200 answer, a transport error. */
  error: string | null;
  /** CPU ms per request of the API process and of its database backends (c=1 series), when known. */
  cpu?: { apiMs: number; dbMs: number } | null;
}

/** results.get(variantId).get(targetName) */
export type ResultGrid = Map<string, Map<string, VariantResult>>;

export interface Table {
  headers: string[];
  rows: string[][];
  /** 'l' or 'r' per column. */
  align: Array<'l' | 'r'>;
}

export function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 10) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  return Math.round(ms).toLocaleString('en-US');
}

export function fmtRate(rps: number | null | undefined): string {
  if (rps === null || rps === undefined || !Number.isFinite(rps)) return '–';
  return Math.round(rps).toLocaleString('en-US');
}

/** `value / reference` as "1.23×"; "–" when either is missing or the reference is zero. */
export function fmtRatio(value: number | null | undefined, reference: number | null | undefined): string {
  if (value == null || reference == null || !Number.isFinite(value) || !Number.isFinite(reference) || reference === 0) return '–';
  return `${(value / reference).toFixed(2)}×`;
}

/** 1,200,000 → "1.2 M", 20,000 → "20 k", 950 → "950". */
export function fmtCount(n: number): string {
  const trim = (x: number) => String(Number(x.toPrecision(3)));
  if (n >= 1_000_000) return `${trim(n / 1_000_000)} M`;
  if (n >= 1_000) return `${trim(n / 1_000)} k`;
  return String(n);
}

/** Which issue-3 targets a result misses; empty = meets every target that applies to it. */
export function verdict(variant: Variant, r: VariantResult | undefined): string {
  if (!r || r.error) return 'error';
  if (variant.group !== 'gallery') return '';
  const misses: string[] = [];
  if (variant.group === 'gallery' && r.latency && r.latency.p95 >= LATENCY_TARGET_P95_MS) misses.push(`p95 ≥ ${LATENCY_TARGET_P95_MS} ms`);
  if (variant.id === THROUGHPUT_TARGET_VARIANT && r.rps !== null && r.rps < THROUGHPUT_TARGET_RPS)
    misses.push(`< ${THROUGHPUT_TARGET_RPS.toLocaleString('en-US')} req/s`);
  return misses.length ? `FAIL (${misses.join(', ')})` : 'pass';
}

/**
 * One row per variant; per target its p50/p95/p99 at concurrency 1 and req/s at `concurrency`,
 * then, for every target after the first, its ratios to the first (p50: below 1 is faster;
 * req/s: above 1 is faster), and a pass/fail column per target.
 */
export function resultsTable(variants: readonly Variant[], targets: readonly Target[], grid: ResultGrid, concurrency: number): Table {
  const multi = targets.length > 1;
  const headers = ['variant'];
  const align: Array<'l' | 'r'> = ['l'];
  for (const t of targets) {
    const p = multi ? `${t.name} ` : '';
    headers.push(`${p}p50 ms`, `${p}p95 ms`, `${p}p99 ms`, `${p}req/s @${concurrency}`);
    align.push('r', 'r', 'r', 'r');
  }
  for (const t of targets.slice(1)) {
    headers.push(`${t.name}/${targets[0]?.name} p50`, `${t.name}/${targets[0]?.name} req/s`);
    align.push('r', 'r');
  }
  const withCpu = targets.filter((t) => variants.some((v) => grid.get(v.id)?.get(t.name)?.cpu));
  for (const t of withCpu) {
    const p = multi ? `${t.name} ` : '';
    headers.push(`${p}API CPU ms/req`, `${p}DB CPU ms/req`);
    align.push('r', 'r');
  }
  for (const t of targets) {
    headers.push(multi ? `${t.name} targets` : 'targets');
    align.push('l');
  }
  const rows = variants.map((v) => {
    const byTarget = grid.get(v.id) ?? new Map<string, VariantResult>();
    const row = [v.id];
    for (const t of targets) {
      const r = byTarget.get(t.name);
      row.push(fmtMs(r?.latency?.p50), fmtMs(r?.latency?.p95), fmtMs(r?.latency?.p99), fmtRate(r?.rps));
    }
    const ref = byTarget.get(targets[0]?.name ?? '');
    for (const t of targets.slice(1)) {
      const r = byTarget.get(t.name);
      row.push(fmtRatio(r?.latency?.p50, ref?.latency?.p50), fmtRatio(r?.rps, ref?.rps));
    }
    for (const t of withCpu) {
      const cpu = byTarget.get(t.name)?.cpu;
      row.push(fmtMs(cpu?.apiMs), fmtMs(cpu?.dbMs));
    }
    for (const t of targets) row.push(verdict(v, byTarget.get(t.name)));
    return row;
  });
  return { headers, rows, align };
}

export function renderText(t: Table): string {
  const widths = t.headers.map((h, i) => Math.max(h.length, ...t.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (t.align[i] === 'r' ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return [line(t.headers), widths.map((w) => '-'.repeat(w)).join('  '), ...t.rows.map(line)].join('\n');
}

export function renderMarkdown(t: Table): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|');
  const sep = t.align.map((a) => (a === 'r' ? '---:' : '---'));
  return [t.headers, sep, ...t.rows].map((cells) => `| ${cells.map(esc).join(' | ')} |`).join('\n');
}
