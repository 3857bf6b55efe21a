/** Pure helpers over the flat hierarchy list (`{id, name, parent}`) the API returns. */
export interface FlatTag {
  id: string;
  name: string;
  parent: string | null;
}

export interface TagIndex {
  byId: Map<string, FlatTag>;
  byName: Map<string, FlatTag>;
  children: Map<string | null, FlatTag[]>;
}

export function indexTags(nodes: FlatTag[]): TagIndex {
  const byId = new Map<string, FlatTag>();
  const byName = new Map<string, FlatTag>();
  const children = new Map<string | null, FlatTag[]>();
  for (const n of nodes) {
    byId.set(n.id, n);
    byName.set(n.name.toLowerCase(), n);
  }
  for (const n of nodes) {
    // A parent missing from the list would orphan the node; show it at the root instead.
    const parent = n.parent && byId.has(n.parent) ? n.parent : null;
    const list = children.get(parent) ?? [];
    list.push(n);
    children.set(parent, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  return { byId, byName, children };
}

/** Root-to-node names, e.g. ["Style", "Painting", "Watercolor"]; stops on a cycle. */
export function tagPath(index: TagIndex, id: string): string[] {
  const path: string[] = [];
  const seen = new Set<string>();
  let cur = index.byId.get(id);
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id);
    path.unshift(cur.name);
    cur = cur.parent ? index.byId.get(cur.parent) : undefined;
  }
  return path;
}

export function descendantIds(index: TagIndex, id: string): string[] {
  const out: string[] = [];
  const stack = [...(index.children.get(id) ?? [])];
  const seen = new Set<string>([id]);
  while (stack.length) {
    const n = stack.pop() as FlatTag;
    if (seen.has(n.id)) continue;
    seen.add(n.id);
    out.push(n.id);
    stack.push(...(index.children.get(n.id) ?? []));
  }
  return out;
}

/**
 * Tag search as the API does it: a query in double quotes matches that exact substring; otherwise
 * every word must start a word of the tag name. Case-insensitive; results ordered by name.
 */
export function searchTags(nodes: FlatTag[], query: string): FlatTag[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const quoted = /^"(.*)"$/.exec(q);
  let match: (name: string) => boolean;
  if (quoted) {
    const needle = (quoted[1] ?? '').trim();
    match = (name) => needle.length > 0 && name.includes(needle);
  } else {
    const words = q.split(/[\s,]+/).filter(Boolean);
    match = (name) => {
      const parts = name.split(/[\s\-_/]+/);
      return words.every((w) => parts.some((p) => p.startsWith(w)));
    };
  }
  return nodes.filter((n) => match(n.name.toLowerCase())).sort((a, b) => a.name.localeCompare(b.name));
}
