// Two views of the database schema in one comparable shape: what prisma/schema.prisma declares
// (read through Prisma's own schema parser) and what a migrated PostgreSQL database actually has.
// The drift test compares them, so hand-written migrations cannot silently diverge from the schema.
// What Prisma's schema cannot express (SQL functions, triggers, sequences, CHECK constraints,
// expression, partial and GIN indexes, views, extensions) is compared separately, against the
// reviewed list in prisma/database-extras.sql — see database-extras.ts.
import type pg from "pg";

/** `default` is the column default as PostgreSQL prints it (null: none). */
export type ColumnSnapshot = { type: string; nullable: boolean; default: string | null };
/** Key columns by name; an expression key as "(expression)". `predicate` is a partial index's WHERE. */
export type IndexSnapshot = { unique: boolean; primary: boolean; method: string; columns: string[]; predicate: string | null };
export type ForeignKeySnapshot = { columns: string[]; references: string; onDelete: string };
export type SchemaSnapshot = {
  enums: Record<string, string[]>;
  tables: Record<
    string,
    { columns: Record<string, ColumnSnapshot>; indexes: Record<string, IndexSnapshot>; foreignKeys: Record<string, ForeignKeySnapshot> }
  >;
};

type DmmfField = {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "enum" | "object" | "unsupported";
  type: string;
  isList: boolean;
  isRequired: boolean;
  isUpdatedAt: boolean;
  hasDefaultValue: boolean;
  default?: unknown;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
};
type DmmfModel = { name: string; dbName: string | null; fields: DmmfField[] };
type DmmfIndex = { model: string; type: "id" | "unique" | "normal" | "fulltext"; dbName?: string | null; algorithm?: string | null; fields: { name: string }[] };
type Dmmf = { datamodel: { models: DmmfModel[]; enums: { name: string; values: { name: string }[] }[]; indexes: DmmfIndex[] } };

const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Int: "int4",
  BigInt: "int8",
  Float: "float8",
  Boolean: "bool",
  DateTime: "timestamp(3)",
  Json: "jsonb",
  Decimal: "numeric(65,30)",
  Bytes: "bytea",
};

function columnType(field: DmmfField): string {
  let type: string;
  if (field.kind === "enum") type = field.type;
  else if (field.nativeType) {
    const [name, args] = field.nativeType;
    type = name.toLowerCase() + (args.length ? `(${args.join(",")})` : "");
    if (type === "integer") type = "int4";
  } else type = SCALAR_TYPES[field.type] ?? field.type;
  return field.isList ? `${type}[]` : type;
}

// PostgreSQL's reserved words that a type name could collide with are not worth listing: ours are
// CamelCase (always quoted); a lower-case identifier is printed bare.
const quoteIdent = (name: string) => (/^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`);
const quoteLiteral = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * The column default PostgreSQL prints for a Prisma @default, as Prisma's migrations write it.
 * Defaults Prisma fills in on the client (uuid(), cuid(), …) have none. A kind of default not
 * known here yields a marker that matches nothing, so the test asks for it to be taught.
 */
function databaseDefault(field: DmmfField, type: string): string | null {
  if (!field.hasDefaultValue) return null;
  const d = field.default;
  if (d && typeof d === "object" && !Array.isArray(d) && "name" in d) {
    const { name, args = [] } = d as { name: string; args?: unknown[] };
    if (["uuid", "cuid", "nanoid", "ulid"].includes(name)) return null;
    if (name === "now") return "CURRENT_TIMESTAMP";
    if (name === "dbgenerated") return String(args[0] ?? "");
    return `<@default(${name}) — teach schema-snapshot.ts its SQL>`;
  }
  if (Array.isArray(d)) {
    if (d.length === 0) return `ARRAY[]::${type}`;
    return `<@default([…]) — teach schema-snapshot.ts its SQL>`;
  }
  if (field.kind === "enum") return `${quoteLiteral(String(d))}::${quoteIdent(field.type)}`;
  if (typeof d === "boolean") return String(d);
  if (typeof d === "number") {
    const castTo = type === "int4" ? "integer" : type === "int8" ? "bigint" : type;
    return d < 0 ? `${quoteLiteral(String(d))}::${castTo}` : String(d);
  }
  if (typeof d === "string") return `${quoteLiteral(d)}::${type === "text" ? "text" : type === "jsonb" ? "jsonb" : type}`;
  return `<@default(${JSON.stringify(d)}) — teach schema-snapshot.ts its SQL>`;
}

export async function expectedSnapshot(schemaText: string): Promise<SchemaSnapshot> {
  const { getDMMF } = (await import("@prisma/internals")) as unknown as { getDMMF: (o: { datamodel: string }) => Promise<Dmmf> };
  const dmmf = await getDMMF({ datamodel: schemaText });
  const snapshot: SchemaSnapshot = { enums: {}, tables: {} };
  for (const e of dmmf.datamodel.enums) snapshot.enums[e.name] = e.values.map((v) => v.name);
  const tableOf = new Map(dmmf.datamodel.models.map((m) => [m.name, m.dbName ?? m.name]));
  for (const model of dmmf.datamodel.models) {
    const table = tableOf.get(model.name)!;
    const columnOf = new Map(model.fields.map((f) => [f.name, f.dbName ?? f.name]));
    const columns: Record<string, ColumnSnapshot> = {};
    const foreignKeys: Record<string, ForeignKeySnapshot> = {};
    for (const field of model.fields) {
      if (field.kind === "object") {
        if (field.relationFromFields?.length) {
          const cols = field.relationFromFields.map((f) => columnOf.get(f)!);
          foreignKeys[`${table}_${cols.join("_")}_fkey`] = {
            columns: cols,
            references: tableOf.get(field.type)!,
            onDelete: (field.relationOnDelete ?? (field.isRequired ? "Restrict" : "SetNull")).toUpperCase().replace("SETNULL", "SET NULL").replace("NOACTION", "NO ACTION").replace("SETDEFAULT", "SET DEFAULT"),
          };
        }
        continue;
      }
      const type = columnType(field);
      columns[columnOf.get(field.name)!] = { type, nullable: !field.isRequired, default: databaseDefault(field, type) };
    }
    const indexes: Record<string, IndexSnapshot> = {};
    for (const index of dmmf.datamodel.indexes.filter((i) => i.model === model.name)) {
      const cols = index.fields.map((f) => columnOf.get(f.name)!);
      const suffix = index.type === "id" ? "pkey" : index.type === "unique" ? "key" : "idx";
      const name = index.dbName ?? (index.type === "id" ? `${table}_pkey` : `${table}_${cols.join("_")}_${suffix}`);
      indexes[name] = { unique: index.type !== "normal", primary: index.type === "id", method: (index.algorithm ?? "btree").toLowerCase(), columns: cols, predicate: null };
    }
    snapshot.tables[table] = { columns, indexes, foreignKeys };
  }
  // Prisma's DMMF leaves out fields of a type it does not support; they are read from the schema's
  // text. Such a field with @default(dbgenerated("…")) is, in this schema, a generated column
  // (`GENERATED ALWAYS AS (…) STORED`): PostgreSQL keeps it, Prisma never writes it.
  for (const [, model, body] of schemaText.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const table = tableOf.get(model);
    if (!table) continue;
    for (const [, name, type, optional, rest] of body.matchAll(/^\s*(\w+)\s+Unsupported\("([^"]+)"\)(\?)?(.*)$/gm)) {
      const generated = /@default\(dbgenerated\("((?:[^"\\]|\\.)*)"\)\)/.exec(rest)?.[1];
      const column = /@map\("([^"]+)"\)/.exec(rest)?.[1] ?? name;
      snapshot.tables[table].columns[column] = { type, nullable: !!optional, default: generated ? `GENERATED ALWAYS AS (${generated}) STORED` : null };
    }
  }
  return snapshot;
}

const ON_DELETE: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };

export async function actualSnapshot(client: pg.Client): Promise<SchemaSnapshot> {
  const snapshot: SchemaSnapshot = { enums: {}, tables: {} };
  const enums = await client.query<{ name: string; value: string }>(`
    SELECT t.typname AS name, e.enumlabel AS value FROM pg_type t
    JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'public' ORDER BY t.typname, e.enumsortorder`);
  for (const row of enums.rows) (snapshot.enums[row.name] ??= []).push(row.value);

  const columns = await client.query<{ table_name: string; column_name: string; udt_name: string; is_nullable: string; column_default: string | null; datetime_precision: number | null; character_maximum_length: number | null; numeric_precision: number | null; numeric_scale: number | null; data_type: string; is_generated: string; generation_expression: string | null }>(`
    SELECT table_name, column_name, udt_name, is_nullable, column_default, datetime_precision,
           character_maximum_length, numeric_precision, numeric_scale, data_type, is_generated, generation_expression
    FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
    ORDER BY table_name, ordinal_position`);
  for (const c of columns.rows) {
    const table = (snapshot.tables[c.table_name] ??= { columns: {}, indexes: {}, foreignKeys: {} });
    const isArray = c.data_type === "ARRAY";
    let type = isArray ? c.udt_name.slice(1) : c.udt_name;
    if (type === "timestamp" || type === "timestamptz") type += `(${c.datetime_precision})`;
    if ((type === "varchar" || type === "bpchar") && c.character_maximum_length) type += `(${c.character_maximum_length})`;
    if (type === "numeric" && c.numeric_precision) type += `(${c.numeric_precision},${c.numeric_scale})`;
    table.columns[c.column_name] = { type: isArray ? `${type}[]` : type, nullable: c.is_nullable === "YES", default: c.is_generated === "ALWAYS" ? `GENERATED ALWAYS AS (${c.generation_expression}) STORED` : c.column_default };
  }

  // Every index, expression and partial ones included: a key column by name, an expression key as
  // PostgreSQL prints it. The drift test compares the ones Prisma declares here and the others in
  // database-extras.ts.
  const indexes = await client.query<{ table: string; name: string; unique: boolean; primary: boolean; method: string; columns: string[]; predicate: string | null }>(`
    SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary, am.amname AS method,
           array_agg(CASE WHEN k.attnum = 0 THEN '(' || pg_get_indexdef(ix.indexrelid, k.ord::int, true) || ')' ELSE a.attname::text END ORDER BY k.ord)::text[] AS columns,
           pg_get_expr(ix.indpred, ix.indrelid, true) AS predicate
    FROM pg_index ix
    JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_am am ON am.oid = i.relam
    JOIN pg_namespace n ON n.oid = t.relnamespace
    CROSS JOIN LATERAL unnest(ix.indkey[0:ix.indnkeyatts - 1]) WITH ORDINALITY AS k(attnum, ord)
    LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum AND k.attnum <> 0
    WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'
    GROUP BY t.relname, i.relname, ix.indisunique, ix.indisprimary, am.amname, ix.indexrelid, ix.indpred, ix.indrelid`);
  for (const i of indexes.rows) {
    snapshot.tables[i.table].indexes[i.name] = { unique: i.unique, primary: i.primary, method: i.method, columns: i.columns, predicate: i.predicate };
  }

  const fks = await client.query<{ table: string; name: string; references: string; on_delete: string; columns: string[] }>(`
    SELECT t.relname AS table, c.conname AS name, r.relname AS references, c.confdeltype AS on_delete,
           array_agg(a.attname ORDER BY k.ord)::text[] AS columns
    FROM pg_constraint c
    JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
    WHERE c.contype = 'f' AND n.nspname = 'public'
    GROUP BY t.relname, c.conname, r.relname, c.confdeltype`);
  for (const f of fks.rows) {
    snapshot.tables[f.table].foreignKeys[f.name] = { columns: f.columns, references: f.references, onDelete: ON_DELETE[f.on_delete] };
  }
  return snapshot;
}

/** Every leaf of a snapshot by path, e.g. "Annotation.columns.seq" → its JSON. */
function leaves(snapshot: SchemaSnapshot): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, values] of Object.entries(snapshot.enums)) out.set(`enum ${name}`, JSON.stringify(values));
  for (const [table, t] of Object.entries(snapshot.tables)) {
    out.set(`table ${table}`, "exists");
    for (const [kind, entries] of Object.entries(t)) {
      for (const [name, value] of Object.entries(entries as Record<string, unknown>)) out.set(`${table}.${kind}.${name}`, JSON.stringify(value));
    }
  }
  return out;
}

/** One line per difference between what the Prisma schema declares and what the database has. */
export function diffSnapshots(expected: SchemaSnapshot, actual: SchemaSnapshot): string[] {
  const want = leaves(expected);
  const have = leaves(actual);
  const drift: string[] = [];
  for (const [path, value] of want) {
    const found = have.get(path);
    if (found === undefined) drift.push(`${path}: in prisma/schema.prisma but missing from the database (${value})`);
    else if (found !== value) drift.push(`${path}: differs\n  schema.prisma: ${value}\n  database:      ${found}`);
  }
  for (const [path, value] of have) if (!want.has(path)) drift.push(`${path}: in the database but not in prisma/schema.prisma (${value})`);
  return drift;
}

/**
 * Everything in which a database differs from prisma/schema.prisma plus the reviewed list of
 * what Prisma cannot express (prisma/database-extras.sql); empty when they agree. Indexes Prisma
 * does not declare are compared through the list, by their full definition.
 */
export async function schemaDrift(client: pg.Client, schemaText: string, extrasText: string): Promise<{ drift: string[]; extras: string }> {
  const { actualExtras, diffExtras, formatExtras, parseExtras } = await import("@/lib/server/db/database-extras");
  const expected = await expectedSnapshot(schemaText);
  const actual = await actualSnapshot(client);
  const prismaIndexes = new Set(Object.values(expected.tables).flatMap((t) => Object.keys(t.indexes)));
  for (const table of Object.values(actual.tables)) {
    for (const name of Object.keys(table.indexes)) if (!prismaIndexes.has(name)) delete table.indexes[name];
  }
  const extras = await actualExtras(client, prismaIndexes);
  return { drift: [...diffSnapshots(expected, actual), ...diffExtras(parseExtras(extrasText), extras)], extras: formatExtras(extras) };
}
