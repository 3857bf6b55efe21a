import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../src/db/database.ts';

/**
 * A small polyhierarchy:
 *
 *   art ─ painting ─ oil          subject ─ animals ─ cat        myth ─ kitsune
 *       └ digital                                   ├ fox ─ kitsune
 *                                                   └ kitsune (shortcut edge)
 *   Science Fiction (root, for slug lookups)
 */
export const TREE_EDGES: Array<[child: string, parent: string]> = [
  ['painting', 'art'],
  ['oil', 'painting'],
  ['digital', 'art'],
  ['animals', 'subject'],
  ['cat', 'animals'],
  ['fox', 'animals'],
  ['kitsune', 'fox'],
  ['kitsune', 'myth'],
  ['kitsune', 'animals'],
];
export const TREE_NAMES = ['art', 'painting', 'oil', 'digital', 'subject', 'animals', 'cat', 'fox', 'kitsune', 'myth', 'Science Fiction'];

export async function insertTagTree(db: Queryable): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const name of TREE_NAMES) {
    ids[name] = randomUUID();
    await db.query(`INSERT INTO tags (id, name, tag_metadata, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)`, [
      ids[name],
      name,
      JSON.stringify({ origin: 'fixture' }),
      `2025-01-01 00:00:${String(TREE_NAMES.indexOf(name)).padStart(2, '0')}`,
    ]);
  }
  for (const [child, parent] of TREE_EDGES) {
    await db.query('INSERT INTO tag_parents (tag_id, parent_id) VALUES ($1, $2)', [ids[child], ids[parent]]);
  }
  return ids;
}

export async function setCardinality(db: Queryable, tagId: string, source: 'items' | 'auto', cardinality: number): Promise<void> {
  await db.query(
    `INSERT INTO tag_cardinality_stats (tag_id, source_type, cardinality) VALUES ($1, $2, $3)
     ON CONFLICT (tag_id, source_type) DO UPDATE SET cardinality = EXCLUDED.cardinality`,
    [tagId, source, cardinality],
  );
}
