import pg from 'pg';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import copyStreams from 'pg-copy-streams';
import {
  PG_TYPES,
  StatementTimeoutError,
  isStatementTimeout,
  parseInt8,
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

  constructor(options: PgDatabaseOptions) {
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

  async close(): Promise<void> {
    await this.pool.end();
  }
}
