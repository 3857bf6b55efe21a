/**
 * Writes docs/queries/<variant>.md: the SQL statements the Genonaut API runs for each benchmark
 * variant, captured from the real server (in this process, on the benchmark database), with the
 * `EXPLAIN (ANALYZE, BUFFERS)` of each read at that scale.
 *
 *   tsx bench/gallery/explain.ts [--database-url URL] [--out-dir docs/queries] [--only a,b]
 *
 * Each variant is requested twice over HTTP: first with an empty cache (every statement the
 * request can run), then again (what still runs once the cache is warm). A statement is explained
 * four times and the fastest run is kept (warm buffers, least disturbed by other work).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { loadConfig } from '../../apps/server/src/config/load-config.ts';
import type { Database, QueryResult, Transaction } from '../../apps/server/src/db/database.ts';
import { createServices } from '../../apps/server/src/modules/services.ts';
import { MemoryCache } from '../../apps/server/src/platform/cache/memory-cache.ts';
import { createRuntime, openDatabase } from '../../apps/server/src/platform/runtime.ts';
import { buildHttpApp } from '../../apps/server/src/roles.ts';
import { DEFAULT_DATABASE_URL, DEFAULT_USER_ID } from './args.ts';
import { describeDataset, REPO_ROOT } from './database.ts';
import { discoverFixtures } from './discover.ts';
import { buildVariants, selectVariants, type Variant } from './variants.ts';

interface Captured {
  text: string;
  params: unknown[];
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/** The database with every statement recorded while `capturing` is on. */
function recording(db: Database): { db: Database; start(): void; stop(): Captured[] } {
  let buffer: Captured[] | null = null;
  const note = (text: string, params?: readonly unknown[]) => buffer?.push({ text, params: [...(params ?? [])] });
  const wrapped: Database = {
    kind: db.kind,
    query<R>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      note(text, params);
      return db.query<R>(text, params);
    },
    exec: (sql) => db.exec(sql),
    transaction: <T>(fn: (tx: Transaction) => Promise<T>) =>
      db.transaction((tx) =>
        fn({
          query: <R>(text: string, params?: readonly unknown[]) => {
            note(text, params);
            return tx.query<R>(text, params);
          },
          exec: (sql) => tx.exec(sql),
        }),
      ),
    copyFrom: (table, columns, lines) => db.copyFrom(table, columns, lines),
    listen: (channel, onFeed) => db.listen(channel, onFeed),
    close: () => db.close(),
  };
  return {
    db: wrapped,
    start: () => {
      buffer = [];
    },
    stop: () => {
      const out = buffer ?? [];
      buffer = null;
      return out;
    },
  };
}

function arg(argv: string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
}

/** Statements that are the same text and parameters are one statement run several times. */
function key(c: Captured): string {
  return `${c.text}\u0000${JSON.stringify(c.params)}`;
}

function isRead(text: string): boolean {
  return /^\s*(select|with)\b/i.test(text);
}

function dedent(sql: string): string {
  const lines = sql.replace(/\s+$/, '').split('\n');
  const indents = lines.slice(1).filter((l) => l.trim()).map((l) => /^ */.exec(l)?.[0].length ?? 0);
  const cut = indents.length ? Math.min(...indents) : 0;
  return [lines[0]?.trim() ?? '', ...lines.slice(1).map((l) => l.slice(Math.min(cut, /^ */.exec(l)?.[0].length ?? 0)))].join('\n');
}

/** Runs the statement's EXPLAIN ANALYZE `runs` times and keeps the fastest (least disturbed by other load). */
async function explain(client: pg.Client, c: Captured, runs = 4): Promise<{ plan: string; ms: number | null }> {
  const sql = `EXPLAIN (ANALYZE, BUFFERS) ${c.text}`;
  let best: { plan: string; ms: number | null } | null = null;
  for (let i = 0; i < runs; i++) {
    const res = await client.query<{ 'QUERY PLAN': string }>(sql, c.params);
    const plan = res.rows.map((r) => r['QUERY PLAN']).join('\n');
    const m = /Execution Time: ([\d.]+) ms/.exec(plan);
    const ms = m ? Number(m[1]) : null;
    if (!best || (ms !== null && (best.ms === null || ms < best.ms))) best = { plan, ms };
  }
  return best as { plan: string; ms: number | null };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const databaseUrl = arg(argv, '--database-url') ?? process.env.BENCH_DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const outDir = path.resolve(REPO_ROOT, arg(argv, '--out-dir') ?? 'docs/queries');
  const only = (arg(argv, '--only') ?? '').split(',').filter(Boolean);
  const pageSize = Number(arg(argv, '--page-size') ?? 25);

  const config = loadConfig({
    env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: '', RATE_LIMIT_PER_MINUTE: '0', AUTH_MODE: 'open', LOG_LEVEL: 'warn' },
  });
  const rec = recording(await openDatabase(config, 'bench-explain'));
  const runtime = await createRuntime(config, { db: rec.db, logger: pino({ level: 'warn' }) });
  const app = await buildHttpApp(runtime, createServices(runtime));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'bench-explain' });
  await client.connect();
  await client.query(`SET timezone = 'UTC'`);
  try {
    const facts = await describeDataset(databaseUrl);
    const items = facts.regularItems + facts.autoItems;
    const fixtures = await discoverFixtures({ name: 'genonaut', url }, { userId: DEFAULT_USER_ID, pageSize, searchTerm: arg(argv, '--search-term') ?? null }, log);
    const variants: Variant[] = selectVariants(buildVariants(fixtures), only);
    mkdirSync(outDir, { recursive: true });
    const summary: string[] = [];
    for (const v of variants) {
      log(`${v.id}: capturing…`);
      runtime.cache = new MemoryCache();
      const get = async () => {
        const res = await fetch(`${url}${v.path}`);
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${v.id}: HTTP ${res.status}`);
      };
      rec.start();
      await get();
      const cold = rec.stop();
      rec.start();
      await get();
      const warmKeys = new Set(rec.stop().map(key));
      const seen = new Set<string>();
      const statements = cold.filter((c) => (seen.has(key(c)) ? false : (seen.add(key(c)), true)));

      const parts: string[] = [];
      let total = 0;
      for (const [i, c] of statements.entries()) {
        const warm = warmKeys.has(key(c));
        const head = `### ${i + 1}. ${warm ? 'runs on every request' : 'first request only (cached afterwards)'}`;
        const body = [head, '', '```sql', dedent(c.text), '```', '', `Parameters: \`${JSON.stringify(c.params)}\``, ''];
        if (isRead(c.text) && !/^\s*explain\b/i.test(c.text)) {
          const { plan, ms } = await explain(client, c);
          if (ms !== null && warm) total += ms;
          body.push(`Execution ${ms ?? '?'} ms (fastest of 4 runs, warm buffers):`, '', '```text', plan, '```', '');
        } else {
          body.push('(not explained: not a plain read)', '');
        }
        parts.push(body.join('\n'));
      }
      const warmCount = statements.filter((c) => warmKeys.has(key(c))).length;
      const doc = [
        `# ${v.id}: ${v.title}`,
        '',
        `\`GET ${v.path}\``,
        '',
        `Captured ${new Date().toISOString().slice(0, 10)} by \`npm run explain:gallery -w bench\` from the API's own statements on the benchmark database: ${items.toLocaleString('en-US')} items, ${facts.tagLinks.toLocaleString('en-US')} tag links, PostgreSQL ${facts.serverVersion}, ${os.cpus().length} cores.`,
        '',
        `${statements.length} statement(s) on the first request, ${warmCount} once the cache is warm; their execution time on a warm cache: ${total.toFixed(2)} ms.`,
        '',
        ...parts,
      ].join('\n');
      writeFileSync(path.join(outDir, `${v.id}.md`), doc);
      summary.push(`${v.id.padEnd(16)} ${String(statements.length).padStart(3)} cold ${String(warmCount).padStart(3)} warm  ${total.toFixed(2).padStart(9)} ms`);
    }
    log(summary.join('\n'));
  } finally {
    await client.end();
    await app.close();
    await runtime.close();
  }
}

main().catch((err: unknown) => {
  log(`failed: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
