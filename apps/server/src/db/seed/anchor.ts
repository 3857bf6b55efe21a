/**
 * The seed's anchor: the newest moment of the demo data. Every seeded date is an offset before it,
 * drawn from the random seed, so the same seed and the same anchor give the same rows.
 *
 * - `""` (or `fixed`): 2026-11-01 minus `seed mod 10` days, independent of the clock (tests, benchmarks);
 * - `now`: the UTC start of the day the seed runs, so a fresh demo's "recent" data is recent;
 * - an ISO date (`2026-11-29`, midnight UTC) or date-time with a zone (`2026-11-29T18:00:00Z`).
 */

const DAY_MS = 86_400_000;
const FIXED_BASE_MS = Date.UTC(2026, 10, 1);

export type SeedAnchor = { kind: 'fixed' } | { kind: 'now' } | { kind: 'at'; ms: number };

export class SeedAnchorError extends Error {
  override name = 'SeedAnchorError';
}

export const SEED_ANCHOR_FORMS =
  '"" or "fixed" (2026-11-01 minus seed mod 10 days), "now" (the start of today, UTC), a date such as 2026-11-29 (UTC) or a date-time with a zone such as 2026-11-29T18:00:00Z';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;

function invalid(value: string, why?: string): SeedAnchorError {
  return new SeedAnchorError(`seed anchor "${value}"${why ? ` ${why}` : ' is not understood'}; use ${SEED_ANCHOR_FORMS}`);
}

/** Calendar check: 2026-02-30 is refused rather than rolled over into March. */
function dayMs(value: string, y: number, m: number, d: number): number {
  if (y < 2000) throw invalid(value, 'is before the year 2000');
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) throw invalid(value, 'is not a calendar date');
  return ms;
}

/** Parses a `seed.anchor` value; throws SeedAnchorError naming the accepted forms. */
export function parseSeedAnchor(value: string): SeedAnchor {
  const v = value.trim();
  if (v === '' || v.toLowerCase() === 'fixed') return { kind: 'fixed' };
  if (v.toLowerCase() === 'now') return { kind: 'now' };
  const date = DATE.exec(v);
  if (date) return { kind: 'at', ms: dayMs(value, Number(date[1]), Number(date[2]), Number(date[3])) };
  const dt = DATE_TIME.exec(v);
  if (!dt) {
    if (/^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(v)) throw invalid(value, 'has no time zone (add Z or an offset such as +01:00)');
    throw invalid(value);
  }
  const [, y, mo, d, h, mi, s, frac, zone, sign, oh, om] = dt;
  const hours = Number(h);
  const minutes = Number(mi);
  const seconds = Number(s ?? 0);
  if (hours > 23 || minutes > 59 || seconds > 59) throw invalid(value, 'is not a valid time of day');
  let offsetMin = 0;
  if (zone !== 'Z') {
    if (Number(oh) > 14 || Number(om) > 59) throw invalid(value, 'has an invalid zone offset');
    offsetMin = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  }
  const ms =
    dayMs(value, Number(y), Number(mo), Number(d)) +
    ((hours * 60 + minutes - offsetMin) * 60 + seconds) * 1000 +
    Number((frac ?? '0').padEnd(3, '0'));
  return { kind: 'at', ms };
}

/** True when `value` is a valid `seed.anchor` (for config validation). */
export function isSeedAnchor(value: string): boolean {
  try {
    parseSeedAnchor(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * The anchor in epoch milliseconds. `now` is the clock (injectable for tests). An explicit anchor
 * in the future is refused: the data would be dated after the moment it was made.
 */
export function resolveSeedAnchor(anchor: SeedAnchor | string, randomSeed: number, now: number = Date.now()): number {
  const a = typeof anchor === 'string' ? parseSeedAnchor(anchor) : anchor;
  switch (a.kind) {
    case 'fixed':
      return FIXED_BASE_MS - (Math.abs(randomSeed) % 10) * DAY_MS;
    case 'now':
      return Math.floor(now / DAY_MS) * DAY_MS;
    case 'at':
      if (a.ms > now) throw new SeedAnchorError(`seed anchor ${new Date(a.ms).toISOString()} lies in the future; the demo data would be dated after today`);
      return a.ms;
  }
}
