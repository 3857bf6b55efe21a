/** The image view's tag order: by name or by the tags' average rating (1–5, every user's ratings). */
export const TAG_SORTS = [
  { value: 'name-asc', label: 'Name (A-Z)' },
  { value: 'name-desc', label: 'Name (Z-A)' },
  { value: 'rating-asc', label: 'Rating (Low to High)' },
  { value: 'rating-desc', label: 'Rating (High to Low)' },
] as const;

export type TagSort = (typeof TAG_SORTS)[number]['value'];

/** localStorage key of the chosen order (the original's name). */
export const TAG_SORT_KEY = 'viewPageTagSortPreference';

export function isTagSort(v: unknown): v is TagSort {
  return TAG_SORTS.some((s) => s.value === v);
}

interface SortableTag {
  name: string;
  average_rating: number | null;
}

const byName = (a: SortableTag, b: SortableTag) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true });

/**
 * A sorted copy. Rating orders put unrated tags last in either direction (an unrated tag is not
 * "lowest"), and break ties by name.
 */
export function sortTags<T extends SortableTag>(tags: readonly T[], sort: TagSort): T[] {
  const out = [...tags];
  switch (sort) {
    case 'name-asc':
      return out.sort(byName);
    case 'name-desc':
      return out.sort((a, b) => byName(b, a));
    case 'rating-asc':
    case 'rating-desc': {
      const dir = sort === 'rating-asc' ? 1 : -1;
      return out.sort((a, b) => {
        if (a.average_rating === null || b.average_rating === null) {
          if (a.average_rating !== b.average_rating) return a.average_rating === null ? 1 : -1;
          return byName(a, b);
        }
        return (a.average_rating - b.average_rating) * dir || byName(a, b);
      });
    }
  }
}
