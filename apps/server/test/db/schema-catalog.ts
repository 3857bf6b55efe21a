import type { Database } from '../../src/db/database.ts';

/**
 * The user-visible schema of `public`, read from the system catalogs, as sorted lines of text so two
 * engines can be compared with a plain deep-equality diff. Engine-specific noise is left out:
 * PostgreSQL 18's NOT NULL constraint rows (nullability is compared through the columns), internal
 * foreign-key triggers and object ids.
 */
export interface SchemaSnapshot {
  tables: string[];
  columns: string[];
  indexes: string[];
  constraints: string[];
  triggers: string[];
  sequences: string[];
  functions: string[];
  extensions: string[];
}

async function lines(db: Database, sql: string): Promise<string[]> {
  const res = await db.query<{ line: string }>(sql);
  return res.rows.map((r) => r.line).sort();
}

const userTables = `
  SELECT c.oid, c.relname, c.relkind, c.relispartition
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')`;

export async function schemaSnapshot(db: Database): Promise<SchemaSnapshot> {
  const tables = await lines(
    db,
    `SELECT t.relname || ' kind=' || t.relkind::text
            || coalesce(' partition-of=' || p.relname || ' ' || pg_get_expr(t2.relpartbound, t2.oid), '')
            || coalesce(' partitioned-by=' || pg_get_partkeydef(t.oid), '') AS line
     FROM (${userTables}) t
     JOIN pg_class t2 ON t2.oid = t.oid
     LEFT JOIN pg_inherits i ON i.inhrelid = t.oid
     LEFT JOIN pg_class p ON p.oid = i.inhparent`,
  );
  const columns = await lines(
    db,
    `SELECT t.relname || '.' || a.attname || ' #' || a.attnum || ' ' || format_type(a.atttypid, a.atttypmod)
            || CASE WHEN a.attnotnull THEN ' not null' ELSE ' null' END
            || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
            || CASE a.attidentity WHEN 'a' THEN ' identity always' WHEN 'd' THEN ' identity by default' ELSE '' END
            || CASE a.attgenerated WHEN 's' THEN ' generated stored' ELSE '' END
            || coalesce(' collate ' || nullif(co.collname, 'default'), '') AS line
     FROM (${userTables}) t
     JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
     LEFT JOIN pg_attrdef d ON d.adrelid = t.oid AND d.adnum = a.attnum
     LEFT JOIN pg_collation co ON co.oid = a.attcollation`,
  );
  const indexes = await lines(
    db,
    `SELECT ic.relname || ': ' || pg_get_indexdef(ix.indexrelid)
            || CASE WHEN ic.relispartition THEN ' (attached)' ELSE '' END AS line
     FROM pg_index ix
     JOIN pg_class ic ON ic.oid = ix.indexrelid
     JOIN pg_namespace n ON n.oid = ic.relnamespace
     WHERE n.nspname = 'public'`,
  );
  const constraints = await lines(
    db,
    // A foreign key that references a partitioned table gets one clone per referenced partition; the
    // engine names those clones itself (the naming changed between versions), so they are shown under
    // their parent constraint's name.
    `SELECT t.relname || '.'
            || CASE WHEN con.contype = 'f' AND con.conparentid <> 0 AND con.conrelid = parent.conrelid
                    THEN 'clone-of-' || parent.conname ELSE con.conname END
            || ' [' || con.contype::text || '] ' || pg_get_constraintdef(con.oid)
            || CASE WHEN con.conparentid <> 0 THEN ' (inherited)' ELSE '' END
            || CASE WHEN con.condeferrable THEN ' deferrable' ELSE '' END AS line
     FROM pg_constraint con
     JOIN (${userTables}) t ON t.oid = con.conrelid
     LEFT JOIN pg_constraint parent ON parent.oid = con.conparentid
     WHERE con.contype <> 'n'`,
  );
  const triggers = await lines(
    db,
    `SELECT t.relname || '.' || tg.tgname || ': ' || pg_get_triggerdef(tg.oid)
            || CASE WHEN tg.tgenabled <> 'O' THEN ' enabled=' || tg.tgenabled::text ELSE '' END AS line
     FROM pg_trigger tg
     JOIN (${userTables}) t ON t.oid = tg.tgrelid
     WHERE NOT tg.tgisinternal`,
  );
  const sequences = await lines(
    db,
    `SELECT s.sequencename || ' ' || s.data_type::text || ' start=' || s.start_value || ' inc=' || s.increment_by
            || ' min=' || s.min_value || ' max=' || s.max_value || ' cycle=' || s.cycle
            || coalesce(' owned-by=' || dt.relname || '.' || da.attname, '') AS line
     FROM pg_sequences s
     JOIN pg_class sc ON sc.relname = s.sequencename
     JOIN pg_namespace n ON n.oid = sc.relnamespace AND n.nspname = s.schemaname
     LEFT JOIN pg_depend dep ON dep.objid = sc.oid AND dep.classid = 'pg_class'::regclass
          AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i')
     LEFT JOIN pg_class dt ON dt.oid = dep.refobjid
     LEFT JOIN pg_attribute da ON da.attrelid = dep.refobjid AND da.attnum = dep.refobjsubid
     WHERE s.schemaname = 'public'`,
  );
  const functions = await lines(
    db,
    `SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') returns '
            || pg_get_function_result(p.oid) || ' ' || l.lanname || ' volatility=' || p.provolatile::text
            || ' md5=' || md5(p.prosrc) AS line
     FROM pg_proc p
     JOIN pg_namespace n ON n.oid = p.pronamespace
     JOIN pg_language l ON l.oid = p.prolang
     WHERE n.nspname = 'public'
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')`,
  );
  const extensions = await lines(db, `SELECT extname || ' ' || extversion AS line FROM pg_extension`);
  return { tables, columns, indexes, constraints, triggers, sequences, functions, extensions };
}
