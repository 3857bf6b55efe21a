import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
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

const identity = (v: string): string => v;
const parsers: NonNullable<PGliteOptions['parsers']> = {
  [PG_TYPES.int8]: parseInt8,
  [PG_TYPES.numeric]: Number,
  [PG_TYPES.timestamp]: identity,
  [PG_TYPES.timestamptz]: identity,
  [PG_TYPES.date]: identity,
};

type PGliteQueryable = Pick<PGlite, 'query'>;

async function run<R>(db: PGliteQueryable, text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
  try {
    const res = await db.query<R>(text, params as unknown[] | undefined);
    // pg reports the row count of a SELECT too; PGlite's affectedRows is 0 there.
    return { rows: res.rows, rowCount: Math.max(res.affectedRows ?? 0, res.rows.length) };
  } catch (err) {
    if (isStatementTimeout(err)) throw new StatementTimeoutError(text, err);
    throw err;
  }
}

export interface PgliteDatabaseOptions {
  /** A directory to persist to, or undefined for an in-memory database. */
  dataDir?: string;
  /** A tarball from `dumpDataDir()` to start from (a migrated template in tests). */
  loadDataDir?: Blob | File;
}

/** PostgreSQL compiled to WASM, in this process (embedded mode). One process owns a data dir. */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;

  private constructor(readonly pglite: PGlite) {}

  static async open(options: PgliteDatabaseOptions = {}): Promise<PgliteDatabase> {
    const pglite = await PGlite.create({
      dataDir: options.dataDir,
      loadDataDir: options.loadDataDir,
      extensions: { pg_trgm },
      parsers,
    });
    await pglite.exec("SET timezone = 'UTC'");
    return new PgliteDatabase(pglite);
  }

  query<R>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    return run<R>(this.pglite, text, params);
  }

  async exec(sql: string): Promise<void> {
    await this.pglite.exec(sql);
  }

  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.pglite.transaction((tx) =>
      fn({
        query: (text, params) => run(tx, text, params),
        exec: async (sql) => {
          await tx.exec(sql);
        },
      }),
    );
  }

  async copyFrom(table: string, columns: readonly string[], csvLines: AsyncIterable<string> | Iterable<string>): Promise<number> {
    const parts: string[] = [];
    for await (const line of csvLines) parts.push(line);
    if (parts.length === 0) return 0;
    const res = await this.pglite.query(
      `COPY ${table} (${columns.join(', ')}) FROM '/dev/blob' WITH (FORMAT csv)`,
      [],
      { blob: new Blob(parts) },
    );
    return res.affectedRows ?? parts.length;
  }

  /** A gzipped tarball of the data directory (backups, test templates). */
  dump(): Promise<Blob | File> {
    return this.pglite.dumpDataDir('gzip');
  }

  /** One connection in one process: notifications arrive with the statement that sent them, none are missed. */
  async listen(channel: string, onFeed: (payload: string | null) => void): Promise<ChangeFeed> {
    const unlisten = await this.pglite.listen(channel, (payload) => onFeed(payload));
    let live = true;
    return {
      isLive: () => live,
      stop: async () => {
        live = false;
        if (!this.pglite.closed) await unlisten();
      },
    };
  }

  async close(): Promise<void> {
    await this.pglite.close();
  }
}
