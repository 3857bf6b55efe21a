/**
 * The ids the gallery has loaded, in order, so the image view can offer previous/next within the
 * same result set. Kept per tab in sessionStorage.
 */
const KEY = 'gallery-sequence';

export function saveSequence(ids: number[]): void {
  try {
    window.sessionStorage.setItem(KEY, JSON.stringify(ids.slice(0, 5000)));
  } catch {
    // No storage: previous/next are simply not offered.
  }
}

export function neighbours(id: number): { prev: number | null; next: number | null } {
  try {
    const ids = JSON.parse(window.sessionStorage.getItem(KEY) ?? '[]') as unknown;
    if (!Array.isArray(ids)) return { prev: null, next: null };
    const i = ids.indexOf(id);
    if (i < 0) return { prev: null, next: null };
    return { prev: (ids[i - 1] as number | undefined) ?? null, next: (ids[i + 1] as number | undefined) ?? null };
  } catch {
    return { prev: null, next: null };
  }
}
