/**
 * Five-field cron expressions (minute hour day-of-month month day-of-week), evaluated in UTC:
 * `*`, numbers, lists `a,b`, ranges `a-b` and steps `*\/n` / `a-b/n`. Day-of-week 0 or 7 is Sunday.
 * When both day fields are restricted, either may match (as in standard cron).
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
  domRestricted: boolean;
  dowRestricted: boolean;
}

export function parseCron(expr: string): CronSpec {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error(`cron "${expr}": expected 5 fields`);
  const sets = parts.map((part, i) => {
    const [min, max] = FIELDS[i] as [number, number];
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
      for (let v = lo; v <= hi; v += step) set.add(i === 4 && v === 7 ? 0 : v);
    }
    return set;
  });
  return { sets, domRestricted: parts[2] !== '*', dowRestricted: parts[4] !== '*' };
}

export function cronMatches(spec: CronSpec, date: Date): boolean {
  const [minute, hour, dom, month, dow] = spec.sets as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  if (!minute.has(date.getUTCMinutes()) || !hour.has(date.getUTCHours()) || !month.has(date.getUTCMonth() + 1)) return false;
  const domOk = dom.has(date.getUTCDate());
  const dowOk = dow.has(date.getUTCDay());
  if (spec.domRestricted && spec.dowRestricted) return domOk || dowOk;
  return domOk && dowOk;
}

/** The next minute strictly after `from` that matches (searches up to a year ahead). */
export function nextRun(spec: CronSpec, from: Date): Date | null {
  const t = new Date(from.getTime());
  t.setUTCSeconds(0, 0);
  for (let i = 0; i < 366 * 24 * 60; i++) {
    t.setUTCMinutes(t.getUTCMinutes() + 1);
    if (cronMatches(spec, t)) return new Date(t.getTime());
  }
  return null;
}
