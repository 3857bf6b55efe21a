import pg from 'pg';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import copyStreams from 'pg-copy-streams';
import {
  PG_TYPES,
  StatementTimeoutError,
  isStatementTimeout,
  parseInt8,
  type ChangeFeed,
  type Database,
  type QueryResult,
  type Transaction,
} from './database.ts';

export interface PgDatabaseOptions {
  url: string;
  poolSize: number;
  statementTimeoutMs: number;
  lockTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
  applicationName?: string;
}

const identity = (v: string): string => v;
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === PG_TYPES.int8) return parseInt8;
    if (oid === PG_TYPES.numeric) return Number;
    if (oid === PG_TYPES.timestamp || oid === PG_TYPES.timestamptz || oid === PG_TYPES.date) return identity;
    return pg.types.getTypeParser(oid, format);
  },
};

async function run<R>(client: pg.Pool | pg.PoolClient, text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
  try {
    const res = await client.query({ text, values: params as unknown[] | undefined, types });
    return { rows: res.rows as R[], rowCount: res.rowCount ?? 0 };
  } catch (err) {
    if (isStatementTimeout(err)) throw new StatementTimeoutError(text, err);
    throw err;
  }
}

/** PostgreSQL over a connection pool (distributed mode). */
export class PgDatabase implements Database {
  readonly kind = 'pg' as const;
  private readonly pool: pg.Pool;

  constructor(private readonly options: PgDatabaseOptions) {
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize,
      statement_timeout: options.statementTimeoutMs,
      lock_timeout: options.lockTimeoutMs,
      idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs,
      application_name: options.applicationName ?? 'genonaut',
      options: '-c timezone=UTC',
    });
    // An idle client that loses its connection must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined);
  }

  query<R>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    return run<R>(this.pool, text, params);
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn({
        query: (text, params) => run(client, text, params),
        exec: async (sql) => {
          await client.query(sql);
        },
      });
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async copyFrom(table: string, columns: readonly string[], csvLines: AsyncIterable<string> | Iterable<string>): Promise<number> {
    const client = await this.pool.connect();
    try {
      const sql = `COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`;
      const stream = client.query(copyStreams.from(sql));
      await pipeline(Readable.from(csvLines), stream);
      return Number(stream.rowCount ?? 0);
    } finally {
      client.release();
    }
  }

  /**
   * LISTEN on a dedicated connection (a pooled one would be handed to other queries). When it
   * drops, the feed reports `null`, is not live, and reconnects with backoff (1 s doubling to
   * 30 s); once listening again it reports `null` once more, since messages sent in between
   * are lost.
   */
  async listen(channel: string, onFeed: (payload: string | null) => void): Promise<ChangeFeed> {
    let client: pg.Client | null = null;
    let stopped = false;
    let timer: NodeJS.Timeout | null = null;
    let delay = 1000;
    const connect = async (): Promise<void> => {
      const c = new pg.Client({ connectionString: this.options.url, application_name: `${this.options.applicationName ?? 'genonaut'}-listen` });
      c.on('error', () => undefined);
      c.on('notification', (m) => {
        if (m.channel === channel) onFeed(m.payload ?? '');
      });
      c.on('end', () => {
        if (client !== c) return;
        client = null;
        onFeed(null);
        schedule();
      });
      await c.connect();
      try {
        await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      } catch (err) {
        await c.end().catch(() => undefined);
        throw err;
      }
      if (stopped) {
        await c.end().catch(() => undefined);
        return;
      }
      client = c;
      delay = 1000;
      onFeed(null);
    };
    const schedule = () => {
      if (stopped || timer) return;
      timer = setTimeout(() => {
        timer = null;
        connect().catch(() => {
          delay = Math.min(delay * 2, 30_000);
          schedule();
        });
      }, delay);
      timer.unref();
    };
    // Unreachable now: serve without the feed (not live) and keep trying.
    await connect().catch(() => schedule());
    return {
      isLive: () => client !== null,
      stop: async () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        const c = client;
        client = null;
        await c?.end().catch(() => undefined);
      },
    };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
