import { readFileSync } from 'node:fs';
import pg from 'pg';

/** Kernel clock ticks per second for /proc/<pid>/stat times (100 on Linux x86-64). */
const CLOCK_TICKS = 100;

/** CPU time (user + system, ms) a process has used so far; 0 when it is gone or /proc is absent. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at ") ".
    const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/**
 * CPU per request of the API process and of its PostgreSQL backends: independent of what else
 * runs on the machine, so it tells the capacity of an idle machine when the wall clock cannot.
 */
export class CpuMeter {
  private constructor(
    private readonly apiPid: number,
    private readonly databaseUrl: string | null,
  ) {}

  static forApi(apiPid: number, databaseUrl: string | null): CpuMeter {
    return new CpuMeter(apiPid, databaseUrl);
  }

  /** Backends the API holds open (application_name 'genonaut'), read when a measurement starts. */
  private async backendPids(): Promise<number[]> {
    if (!this.databaseUrl) return [];
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: 'bench-gallery' });
    await client.connect();
    try {
      const res = await client.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE application_name = 'genonaut' AND datname = current_database()`,
      );
      return res.rows.map((r) => r.pid);
    } finally {
      await client.end();
    }
  }

  /** Starts a measurement; the returned function gives CPU ms per request for `requests` requests. */
  async start(): Promise<(requests: number) => Promise<{ apiMs: number; dbMs: number }>> {
    const pids = await this.backendPids();
    const api0 = processCpuMs(this.apiPid);
    const db0 = new Map(pids.map((p) => [p, processCpuMs(p)]));
    return async (requests: number) => {
      // Backends opened during the run count from zero.
      const after = await this.backendPids();
      let db = 0;
      for (const p of after) db += processCpuMs(p) - (db0.get(p) ?? 0);
      const n = Math.max(1, requests);
      return { apiMs: (processCpuMs(this.apiPid) - api0) / n, dbMs: Math.max(0, db) / n };
    };
  }
}
