// What migrations create that prisma/schema.prisma cannot express — SQL functions, triggers,
// sequences, CHECK and exclusion constraints, indexes Prisma does not declare (on expressions,
// partial, GIN), views and extensions — read from a database as PostgreSQL prints their
// definitions, and compared with the reviewed list prisma/database-extras.sql.
//
// "Drift" here means: the database that the migrations produce, applied one by one to an empty
// database, differs from what the Prisma schema plus that list declare. The list is generated
// from such a database (UPDATE_DATABASE_EXTRAS=1 when running lib/server/db/schema-drift.test.ts)
// and committed, so every change to these objects shows up as a diff of that file in review; a
// migration that adds, drops or alters one without the list being updated fails the test.
import type pg from "pg";

/** "kind name" → definition, e.g. "trigger AnnotationHistory.annotation_history_no_update" → "CREATE TRIGGER …". */
export type Extras = Map<string, string>;

const HEADER = "-- @extra ";

export async function actualExtras(client: pg.Client, prismaIndexes: ReadonlySet<string>): Promise<Extras> {
  const extras: Extras = new Map();
  const add = (key: string, definition: string) => extras.set(key, definition.replace(/\s+$/, ""));

  // Functions and procedures of the public schema that no extension brought along.
  const functions = await client.query<{ name: string; args: string; kind: string; definition: string | null }>(`
    SELECT p.proname AS name, pg_get_function_identity_arguments(p.oid) AS args, p.prokind AS kind,
           CASE WHEN p.prokind IN ('f', 'p', 'w') THEN pg_get_functiondef(p.oid) END AS definition
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')`);
  for (const f of functions.rows) add(`function ${f.name}(${f.args})`, f.definition ?? `aggregate ${f.name}(${f.args})`);

  const triggers = await client.query<{ table: string; name: string; definition: string; enabled: string }>(`
    SELECT c.relname AS table, t.tgname AS name, pg_get_triggerdef(t.oid) AS definition, t.tgenabled AS enabled
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE NOT t.tgisinternal AND n.nspname = 'public'`);
  for (const t of triggers.rows) add(`trigger ${t.table}.${t.name}`, t.definition + (t.enabled === "D" ? "\n-- (disabled)" : ""));

  const sequences = await client.query<{ name: string; type: string; start: string; increment: string; min: string; max: string; cache: string; cycle: boolean; owner: string | null }>(`
    SELECT c.relname AS name, format_type(s.seqtypid, NULL) AS type, s.seqstart::text AS start, s.seqincrement::text AS increment,
           s.seqmin::text AS min, s.seqmax::text AS max, s.seqcache::text AS cache, s.seqcycle AS cycle,
           (SELECT quote_ident(tc.relname) || '.' || quote_ident(a.attname) FROM pg_depend d
              JOIN pg_class tc ON tc.oid = d.refobjid JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
            WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0 LIMIT 1) AS owner
    FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public'`);
  for (const q of sequences.rows) {
    add(
      `sequence ${q.name}`,
      `CREATE SEQUENCE public.${q.name} AS ${q.type} START ${q.start} INCREMENT ${q.increment} MINVALUE ${q.min} MAXVALUE ${q.max} CACHE ${q.cache} ${q.cycle ? "CYCLE" : "NO CYCLE"}` +
        (q.owner ? ` OWNED BY ${q.owner}` : ""),
    );
  }

  // CHECK and exclusion constraints (NOT NULL, keys and foreign keys are in the Prisma comparison).
  const checks = await client.query<{ table: string; name: string; definition: string }>(`
    SELECT t.relname AS table, c.conname AS name, pg_get_constraintdef(c.oid, true) AS definition
    FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE c.contype IN ('c', 'x') AND n.nspname = 'public' AND t.relname <> '_prisma_migrations'`);
  for (const c of checks.rows) add(`check ${c.table}.${c.name}`, c.definition);

  const indexes = await client.query<{ name: string; definition: string }>(`
    SELECT i.relname AS name, pg_get_indexdef(ix.indexrelid) AS definition
    FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'`);
  for (const i of indexes.rows) if (!prismaIndexes.has(i.name)) add(`index ${i.name}`, i.definition);

  const views = await client.query<{ name: string; kind: string; definition: string }>(`
    SELECT c.relname AS name, c.relkind AS kind, pg_get_viewdef(c.oid, true) AS definition
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('v', 'm')`);
  for (const v of views.rows) add(`view ${v.name}`, `CREATE ${v.kind === "m" ? "MATERIALIZED " : ""}VIEW public.${v.name} AS\n${v.definition}`);

  // Types other than enums (those are in the Prisma comparison) and tables' own row types.
  const types = await client.query<{ name: string; kind: string; definition: string }>(`
    SELECT t.typname AS name, t.typtype AS kind, format_type(t.oid, NULL) || ' (' || t.typtype::text || ')' AS definition
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'public' AND t.typtype IN ('d', 'r', 'm') OR (n.nspname = 'public' AND t.typtype = 'c'
      AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid AND c.relkind <> 'c'))`);
  for (const t of types.rows) add(`type ${t.name}`, t.definition);

  const extensions = await client.query<{ name: string }>(`SELECT extname AS name FROM pg_extension WHERE extname <> 'plpgsql'`);
  for (const e of extensions.rows) add(`extension ${e.name}`, `CREATE EXTENSION ${e.name}`);
  return extras;
}

/** The reviewed list's text: one "-- @extra kind name" line before each definition, sorted. */
export function formatExtras(extras: Extras): string {
  const lines = [
    "-- Objects the migrations create that prisma/schema.prisma cannot express, as PostgreSQL prints",
    "-- them. lib/server/db/schema-drift.test.ts fails when a database migrated from empty differs from",
    "-- this list. After a migration that changes one of them on purpose, regenerate it with",
    "--   UPDATE_DATABASE_EXTRAS=1 npx vitest run --config lib/testing/vitest.config.ts lib/server/db/schema-drift.test.ts",
    "-- and review the diff. This file is never executed.",
    "",
  ];
  for (const key of [...extras.keys()].sort()) lines.push(`${HEADER}${key}`, extras.get(key)!, "");
  return lines.join("\n");
}

export function parseExtras(text: string): Extras {
  const extras: Extras = new Map();
  let key: string | null = null;
  let body: string[] = [];
  const flush = () => {
    if (key !== null) extras.set(key, body.join("\n").replace(/\s+$/, ""));
  };
  for (const line of text.split("\n")) {
    if (line.startsWith(HEADER)) {
      flush();
      key = line.slice(HEADER.length).trim();
      body = [];
    } else if (key !== null) body.push(line);
  }
  flush();
  return extras;
}

/** One line per difference, e.g. "trigger X.y: missing from the database", empty when none. */
export function diffExtras(declared: Extras, actual: Extras): string[] {
  const drift: string[] = [];
  for (const [key, definition] of declared) {
    const found = actual.get(key);
    if (found === undefined) drift.push(`${key}: declared in prisma/database-extras.sql but missing from the database`);
    else if (found !== definition) drift.push(`${key}: differs from prisma/database-extras.sql\n  declared: ${definition}\n  database: ${found}`);
  }
  for (const key of actual.keys()) if (!declared.has(key)) drift.push(`${key}: in the database but not declared in prisma/database-extras.sql`);
  return drift;
}
