/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week), evaluated in UTC:
 * `*`, numbers, lists `a,b`, ranges `a-b` and steps `*\/n` / `a-b/n`. Day-of-week 0 or 7 is Sunday.
 * When both day fields are restricted, either may match (as in standard cron).
 * An optional sixth, leading field is the second (`*\/5 * * * * *` = every 5 seconds), the same
 * form BullMQ's job schedulers accept; five fields mean second 0 of each matching minute.
 */
const FIELDS: Array<[number, number]> = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

export interface CronSpec {
  sets: Array<Set<number>>;
  /** Seconds of a six-field expression; null for five fields (a matching minute matches whole). */
  seconds: Set<number> | null;
  domRestricted: boolean;
  dowRestricted: boolean;
}

export function parseCron(expr: string): CronSpec {
  const all = expr.trim().split(/\s+/);
  if (all.length !== 5 && all.length !== 6) throw new Error(`cron "${expr}": expected 5 fields (or 6 with seconds first)`);
  const parts = all.length === 6 ? all.slice(1) : all;
  const seconds = all.length === 6 ? parseField(expr, all[0] as string, 0, 59, false) : null;
  const sets = parts.map((part, i) => {
    const [min, max] = FIELDS[i] as [number, number];
    return parseField(expr, part, min, max, i === 4);
  });
  return { sets, seconds, domRestricted: parts[2] !== '*', dowRestricted: parts[4] !== '*' };
}

function parseField(expr: string, part: string, min: number, max: number, dayOfWeek: boolean): Set<number> {
  const set = new Set<number>();
  for (const item of part.split(',')) {
    const m = /^(\*|\d+(?:-\d+)?)(?:\/(\d+))?$/.exec(item);
    if (!m) throw new Error(`cron "${expr}": bad field "${part}"`);
    const step = m[2] ? Number(m[2]) : 1;
    let lo = min;
    let hi = max;
    if (m[1] !== '*') {
      const [a, b] = (m[1] as string).split('-').map(Number) as [number, number | undefined];
      lo = a;
      hi = b ?? (m[2] ? max : a);
    }
    if (step < 1 || lo < min || hi > max || lo > hi) throw new Error(`cron "${expr}": field "${part}" out of range ${min}-${max}`);
    for (let v = lo; v <= hi; v += step) set.add(dayOfWeek && v === 7 ? 0 : v);
  }
  return set;
}

export function cronMatches(spec: CronSpec, date: Date): boolean {
  if (spec.seconds && !spec.seconds.has(date.getUTCSeconds())) return false;
  return minuteMatches(spec, date);
}

function minuteMatches(spec: CronSpec, date: Date): boolean {
  const [minute, hour, dom, month, dow] = spec.sets as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  if (!minute.has(date.getUTCMinutes()) || !hour.has(date.getUTCHours()) || !month.has(date.getUTCMonth() + 1)) return false;
  const domOk = dom.has(date.getUTCDate());
  const dowOk = dow.has(date.getUTCDay());
  if (spec.domRestricted && spec.dowRestricted) return domOk || dowOk;
  return domOk && dowOk;
}

/** The next time strictly after `from` that matches: a minute, or a second with six fields (up to a year ahead). */
export function nextRun(spec: CronSpec, from: Date): Date | null {
  const t = new Date(from.getTime());
  t.setUTCSeconds(0, 0);
  if (spec.seconds) {
    const seconds = [...spec.seconds].sort((a, b) => a - b);
    for (let i = 0; i <= 366 * 24 * 60; i++) {
      if (minuteMatches(spec, t)) {
        for (const s of seconds) {
          const at = t.getTime() + s * 1000;
          if (at > from.getTime()) return new Date(at);
        }
      }
      t.setUTCMinutes(t.getUTCMinutes() + 1);
    }
    return null;
  }
  for (let i = 0; i < 366 * 24 * 60; i++) {
    t.setUTCMinutes(t.getUTCMinutes() + 1);
    if (cronMatches(spec, t)) return new Date(t.getTime());
  }
  return null;
}
