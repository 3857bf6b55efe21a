/** Categories arrive flat with `parent_id`; these helpers build the nested view and guard moves. */
export interface CategoryLike {
  id: string;
  name: string;
  parent_id: string | null;
}

export interface CategoryNode<T extends CategoryLike> {
  category: T;
  depth: number;
  children: CategoryNode<T>[];
}

export function buildCategoryTree<T extends CategoryLike>(categories: T[], compare: (a: T, b: T) => number): CategoryNode<T>[] {
  const ids = new Set(categories.map((c) => c.id));
  const byParent = new Map<string | null, T[]>();
  for (const c of categories) {
    const parent = c.parent_id && ids.has(c.parent_id) && c.parent_id !== c.id ? c.parent_id : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), c]);
  }
  const seen = new Set<string>();
  const build = (parent: string | null, depth: number): CategoryNode<T>[] =>
    (byParent.get(parent) ?? [])
      .filter((c) => !seen.has(c.id))
      .sort(compare)
      .map((c) => {
        seen.add(c.id);
        return { category: c, depth, children: build(c.id, depth + 1) };
      });
  return build(null, 0);
}

export function flattenTree<T extends CategoryLike>(nodes: CategoryNode<T>[]): CategoryNode<T>[] {
  return nodes.flatMap((n) => [n, ...flattenTree(n.children)]);
}

/** The category and everything under it: none of these may become its parent (no cycles). */
export function subtreeIds(categories: CategoryLike[], id: string): Set<string> {
  const out = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of categories) {
      if (c.parent_id && out.has(c.parent_id) && !out.has(c.id)) {
        out.add(c.id);
        grew = true;
      }
    }
  }
  return out;
}

/** "Parent › Child" labels for pickers. */
export function categoryLabelMap(categories: CategoryLike[]): Map<string, string> {
  const byId = new Map(categories.map((c) => [c.id, c]));
  const out = new Map<string, string>();
  for (const c of categories) {
    const names: string[] = [];
    const seen = new Set<string>();
    let cur: CategoryLike | undefined = c;
    while (cur && !seen.has(cur.id)) {
      seen.add(cur.id);
      names.unshift(cur.name);
      cur = cur.parent_id ? byId.get(cur.parent_id) : undefined;
    }
    out.set(c.id, names.join(' › '));
  }
  return out;
}
