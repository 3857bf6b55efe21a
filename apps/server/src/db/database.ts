/** A row as the drivers return it: timestamps as ISO-like text, int8/numeric as numbers. */
export type Row = Record<string, unknown>;

export interface QueryResult<R = Row> {
  rows: R[];
  rowCount: number;
}

/** Anything that runs one parameterised statement: the database or an open transaction. */
export interface Queryable {
  query<R = Row>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

export interface Transaction extends Queryable {
  /** Runs a script of several statements with no parameters inside the transaction. */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'pg' | 'pglite';
  /** Runs a script of several statements with no parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction; it commits when `fn` resolves and rolls back when it throws. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Bulk-loads CSV lines (no header) into `table(columns)` with COPY. */
  copyFrom(table: string, columns: readonly string[], csvLines: AsyncIterable<string> | Iterable<string>): Promise<number>;
  /**
   * Follows NOTIFY messages on `channel` until the returned function is called. `onFeed` gets
   * each payload, and `null` whenever messages may have been missed or could be missed from now
   * on (the listening connection dropped, or came back); `isLive()` tells which.
   */
  listen(channel: string, onFeed: (payload: string | null) => void): Promise<ChangeFeed>;
  close(): Promise<void>;
}

/** A running LISTEN: live while notifications are guaranteed to arrive. */
export interface ChangeFeed {
  isLive(): boolean;
  stop(): Promise<void>;
}

/** A statement cancelled by `statement_timeout` (SQLSTATE 57014). */
export class StatementTimeoutError extends Error {
  constructor(
    readonly query: string,
    cause: unknown,
  ) {
    super('canceling statement due to statement timeout', { cause });
  }
}

export function isStatementTimeout(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '57014';
}

/** PostgreSQL type OIDs both adapters parse the same way. */
export const PG_TYPES = {
  int8: 20,
  numeric: 1700,
  timestamp: 1114,
  timestamptz: 1184,
  date: 1082,
} as const;

/** int8 ids and counts fit in a double here; numeric is used for scores only. */
export function parseInt8(value: string): number {
  return Number(value);
}

/** Escapes one CSV field for COPY ... (FORMAT csv). */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) || text === '' ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly unknown[]): string {
  return values.map(csvField).join(',') + '\n';
}
