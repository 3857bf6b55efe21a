/**
 * Gallery benchmark (issue 3): the unified gallery and the tag reads over HTTP, at concurrency 1
 * (p50/p95/p99) and at --concurrency (req/s), against our own API on a seeded PostgreSQL or
 * against any --target implementing the API, side by side with ratios. See --help.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ArgumentError, parseArgs, USAGE, type BenchOptions, type Target } from './args.ts';
import { CpuMeter } from './cpu.ts';
import { describeDataset, REPO_ROOT, seedIfNeeded, type DatasetFacts } from './database.ts';
import { discoverFixtures } from './discover.ts';
import { upsertSection } from './docs.ts';
import { getJson, latencySeries, throughput } from './measure.ts';
import { startApi, type StartedApi } from './server.ts';
import { summarize } from './stats.ts';
import { fmtCount, fmtMs, fmtRate, renderMarkdown, renderText, resultsTable, type ResultGrid, type VariantResult } from './table.ts';
import { buildVariants, galleryParams, LATENCY_TARGET_P95_MS, selectVariants, THROUGHPUT_TARGET_RPS, type Fixtures, type Variant } from './variants.ts';

const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

function progressLine(text: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r${text}\x1b[K`);
}

function machine(): string {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

async function measureVariant(
  o: BenchOptions,
  variant: Variant,
  targets: Target[],
  variantsByTarget: Map<string, Variant[]>,
  meters: Map<string, CpuMeter>,
): Promise<Map<string, VariantResult>> {
  const out = new Map<string, VariantResult>();
  const urlOf = (t: Target) => `${t.url}${(variantsByTarget.get(t.name) ?? []).find((v) => v.id === variant.id)?.path ?? variant.path}`;
  for (const t of targets) {
    const label = `${variant.id} @ ${t.name}`;
    const meter = meters.get(t.name);
    const stopMeter = meter ? await meter.start() : null;
    const series = await latencySeries(urlOf(t), {
      warmup: o.warmup,
      requests: o.requests,
      maxSeconds: o.maxSeconds,
      onProgress: (done, total) => {
        if (done % 10 === 0 || done === total) progressLine(`  ${label}: c=1 ${done}/${total}`);
      },
    });
    progressLine('');
    const latency = series.samples.length ? summarize(series.samples) : null;
    const note = series.truncated ? ` (stopped at ${series.samples.length} after ${o.maxSeconds} s)` : '';
    const cpu = stopMeter ? await stopMeter(o.warmup + series.samples.length) : null;
    out.set(t.name, { latency, rps: null, error: series.error, cpu });
    log(
      series.error
        ? `  ${label}: c=1 FAILED after ${series.samples.length} requests: ${series.error}`
        : `  ${label}: c=1 p50 ${fmtMs(latency?.p50)} ms, p95 ${fmtMs(latency?.p95)} ms, p99 ${fmtMs(latency?.p99)} ms, ${series.bytes.toLocaleString('en-US')} B/response${cpu ? `, CPU/request: API ${fmtMs(cpu.apiMs)} ms + DB ${fmtMs(cpu.dbMs)} ms` : ''}${note}`,
    );
  }
  if (o.duration > 0) {
    for (const t of targets) {
      const r = out.get(t.name) as VariantResult;
      if (r.error) continue;
      progressLine(`  ${variant.id} @ ${t.name}: c=${o.concurrency} for ${o.duration} s…`);
      const tp = await throughput(urlOf(t), o.concurrency, o.duration);
      progressLine('');
      const bad = tp.non2xx + tp.errors + tp.timeouts;
      r.rps = tp.rps;
      if (bad > 0) r.error = `${tp.non2xx} non-2xx, ${tp.errors} errors, ${tp.timeouts} timeouts at c=${o.concurrency}`;
      log(`  ${variant.id} @ ${t.name}: c=${o.concurrency} ${fmtRate(tp.rps)} req/s (p50 ${tp.p50} ms, p99 ${tp.p99} ms under load)${bad ? ` — ${r.error}` : ''}`);
    }
  }
  return out;
}

function fixtureLines(t: Target, f: Fixtures): string[] {
  return [
    `${t.name}: common tags ${f.commonTags.map((x) => `${x.name} (${x.cardinality.toLocaleString('en-US')})`).join(', ')}`,
    `${t.name}: rare tag ${f.rareTag.name} (${f.rareTag.cardinality.toLocaleString('en-US')}); search term "${f.searchTerm}"; deep cursor after ${f.deepDepth.toLocaleString('en-US')} items`,
  ];
}

function reportSection(
  o: BenchOptions,
  targets: Target[],
  variants: Variant[],
  grid: ResultGrid,
  facts: DatasetFacts | null,
  fixtures: Map<string, Fixtures>,
  itemCount: number,
  load: { before: number[]; after: number[] },
): { heading: string; body: string } {
  const heading = `## Gallery at ${fmtCount(itemCount)} items`;
  const lines: string[] = [];
  lines.push(`Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run bench:gallery -w bench\` (bench/gallery/run.ts).`);
  lines.push('');
  lines.push(`- **Machine:** ${machine()}. The API, PostgreSQL and the load generator share these cores; load average ${load.before.map((x) => x.toFixed(1)).join(' / ')} before the run and ${load.after.map((x) => x.toFixed(1)).join(' / ')} after it (1 / 5 / 15 min), so other work ran beside it when these exceed 2.`);
  if (facts) {
    lines.push(
      `- **Dataset:** ${(facts.regularItems + facts.autoItems).toLocaleString('en-US')} items (${facts.regularItems.toLocaleString('en-US')} regular + ${facts.autoItems.toLocaleString('en-US')} auto), ${facts.tagLinks.toLocaleString('en-US')} tag links, ${facts.tags} tags; PostgreSQL ${facts.serverVersion}, database ${facts.databaseSize}.`,
    );
  }
  lines.push(
    `- **Servers measured:** ${targets.map((t) => `\`${t.name}\` = ${t.url}`).join(', ')}. Our API ran as \`genonaut api\` (distributed mode: pool of 10, in-memory cache, rate limit off, log level warn)${targets.some((t) => t.name === 'genonaut-uncached') ? "; `genonaut` with its gallery page cache (docs/architecture.md), `genonaut-uncached` the same code with `PAGE_CACHE_ENABLED=false`, so every request runs its queries. A c=1 series repeats one request, so on `genonaut` all but the first gallery answers are cache hits: the uncached column is the query path's latency" : ''}.`,
  );
  lines.push(
    `- **Method:** per variant and target, ${o.warmup} warm-up then ${o.requests} sequential requests on one keep-alive connection (c=1; p50/p95/p99 of the time to the last body byte), then ${o.duration} s of autocannon at c=${o.concurrency} (req/s = 2xx answers per second). Gallery requests are the web app's: all four \`content_source_types\`, \`user_id\`, \`page_size=${o.pageSize}\`, newest first unless stated.`,
  );
  for (const [name, f] of fixtures) {
    lines.push(`- **Fixtures (${name}, discovered through the API):** ${fixtureLines({ name, url: '' }, f).map((l) => l.replace(`${name}: `, '')).join('; ')}.`);
  }
  lines.push(
    `- **Targets of issue 3:** every gallery variant p95 < ${LATENCY_TARGET_P95_MS} ms at c=1; first page ≥ ${THROUGHPUT_TARGET_RPS.toLocaleString('en-US')} req/s at c=32.`,
  );
  lines.push('');
  lines.push(renderMarkdown(resultsTable(variants, targets, grid, o.concurrency)));
  lines.push('');
  lines.push('| variant | request |');
  lines.push('| --- | --- |');
  for (const v of variants) lines.push(`| ${v.id} | ${v.title.replace(/\|/g, '\\|')} |`);
  lines.push('');
  lines.push('The SQL behind each variant and its plan at this scale: `docs/queries/`.');
  return { heading, body: lines.join('\n') };
}

async function main(): Promise<void> {
  let o: BenchOptions;
  try {
    o = parseArgs(process.argv.slice(2), process.env);
  } catch (err) {
    if (err instanceof ArgumentError) {
      process.stderr.write(`${err.message}\n\n${USAGE}\n`);
      process.exit(2);
    }
    throw err;
  }
  if (o.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let apis: StartedApi[] = [];
  const stopApi = async () => {
    await Promise.all(apis.map((a) => a.stop()));
    apis = [];
  };
  process.once('SIGINT', () => {
    log('interrupted: stopping the API we started');
    void stopApi().then(() => process.exit(130));
  });
  try {
    const started = Date.now();
    let itemCount = 0;
    let facts: DatasetFacts | null = null;
    if (o.databaseUrl) {
      const seeded = await seedIfNeeded(o.databaseUrl, o.seedItems, o.reset, log);
      itemCount = seeded.items;
      facts = await describeDataset(o.databaseUrl);
      log(
        `dataset: ${(facts.regularItems + facts.autoItems).toLocaleString('en-US')} items, ${facts.tagLinks.toLocaleString('en-US')} tag links, ${facts.tags} tags, ${facts.databaseSize}`,
      );
    }
    let targets = o.targets;
    if (targets.length === 0) {
      if (!o.databaseUrl) throw new Error('no --target and no --database-url: nothing to measure');
      targets = [];
      if (o.pageCache !== 'off') {
        const api = await startApi(o.databaseUrl, log, { PAGE_CACHE_ENABLED: 'true' });
        apis.push(api);
        targets.push({ name: 'genonaut', url: api.url, pid: api.pid });
      }
      if (o.pageCache !== 'on') {
        const api = await startApi(o.databaseUrl, log, { PAGE_CACHE_ENABLED: 'false' });
        apis.push(api);
        targets.push({ name: o.pageCache === 'off' ? 'genonaut' : 'genonaut-uncached', url: api.url, pid: api.pid });
      }
    }

    const fixtures = new Map<string, Fixtures>();
    const variantsByTarget = new Map<string, Variant[]>();
    for (const t of targets) {
      log(`${t.name}: discovering tags, a search term and a deep cursor through the API…`);
      const f = await discoverFixtures(t, o, log);
      fixtures.set(t.name, f);
      for (const l of fixtureLines(t, f)) log(l);
      variantsByTarget.set(t.name, selectVariants(buildVariants(f), o.only));
    }
    const variants = variantsByTarget.get(targets[0]?.name ?? '') as Variant[];
    if (!itemCount) itemCount = Number((await fetchTotal(targets[0] as Target, fixtures.get(targets[0]?.name ?? '') as Fixtures)) ?? 0);

    // CPU per request is only known for the API we started (its pid and its backends).
    const meters = new Map<string, CpuMeter>();
    for (const t of targets) if (t.pid) meters.set(t.name, CpuMeter.forApi(t.pid, o.databaseUrl));
    const loadBefore = os.loadavg();
    const grid: ResultGrid = new Map();
    for (const [i, v] of variants.entries()) {
      log(`[${i + 1}/${variants.length}] ${v.id}: ${v.title}`);
      grid.set(v.id, await measureVariant(o, v, targets, variantsByTarget, meters));
    }

    const load = { before: loadBefore, after: os.loadavg() };
    const table = resultsTable(variants, targets, grid, o.concurrency);
    process.stdout.write(`\nGallery benchmark, ${fmtCount(itemCount)} items, c=1 over ${o.requests} requests, c=${o.concurrency} for ${o.duration} s\n\n`);
    process.stdout.write(`${renderText(table)}\n\n`);
    if (targets.length > 1) process.stdout.write(`ratios: other/${targets[0]?.name}; p50 below 1× is faster, req/s above 1× is faster\n`);
    if (o.out) {
      const file = path.resolve(REPO_ROOT, o.out);
      const { heading, body } = reportSection(o, targets, variants, grid, facts, fixtures, itemCount, load);
      const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
      writeFileSync(file, upsertSection(before, heading, body));
      log(`wrote "${heading}" in ${path.relative(REPO_ROOT, file)}`);
    }
    log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await stopApi();
  }
}

/** The gallery's total_count as the target reports it (names the dataset when we have no database). */
async function fetchTotal(t: Target, f: Fixtures): Promise<number | null> {
  const page = await getJson<{ pagination: { total_count?: number } }>(`${t.url}/api/v1/content/unified?${galleryParams(f)}`);
  return page.pagination.total_count ?? null;
}

main().catch((err: unknown) => {
  log(`failed: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
