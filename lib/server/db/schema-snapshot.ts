// Two views of the database schema in one comparable shape: what prisma/schema.prisma declares
// (read through Prisma's own schema parser) and what a migrated PostgreSQL database actually has.
// The drift test compares them, so hand-written migrations cannot silently diverge from the schema.
import type pg from "pg";

export type ColumnSnapshot = { type: string; nullable: boolean; hasDefault: boolean };
export type IndexSnapshot = { unique: boolean; primary: boolean; columns: string[] };
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
type DmmfIndex = { model: string; type: "id" | "unique" | "normal" | "fulltext"; dbName?: string | null; fields: { name: string }[] };
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

/** Defaults Prisma fills in on the client (uuid(), cuid(), @updatedAt) have no column default. */
function hasDatabaseDefault(field: DmmfField): boolean {
  if (!field.hasDefaultValue) return false;
  const d = field.default as { name?: string } | undefined;
  if (d && typeof d === "object" && "name" in d) return !["uuid", "cuid", "nanoid", "ulid"].includes(d.name ?? "");
  return true;
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
      columns[columnOf.get(field.name)!] = { type: columnType(field), nullable: !field.isRequired, hasDefault: hasDatabaseDefault(field) };
    }
    const indexes: Record<string, IndexSnapshot> = {};
    for (const index of dmmf.datamodel.indexes.filter((i) => i.model === model.name)) {
      const cols = index.fields.map((f) => columnOf.get(f.name)!);
      const suffix = index.type === "id" ? "pkey" : index.type === "unique" ? "key" : "idx";
      const name = index.dbName ?? (index.type === "id" ? `${table}_pkey` : `${table}_${cols.join("_")}_${suffix}`);
      indexes[name] = { unique: index.type !== "normal", primary: index.type === "id", columns: cols };
    }
    snapshot.tables[table] = { columns, indexes, foreignKeys };
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

  const columns = await client.query<{ table_name: string; column_name: string; udt_name: string; is_nullable: string; column_default: string | null; datetime_precision: number | null; character_maximum_length: number | null; numeric_precision: number | null; numeric_scale: number | null; data_type: string }>(`
    SELECT table_name, column_name, udt_name, is_nullable, column_default, datetime_precision,
           character_maximum_length, numeric_precision, numeric_scale, data_type
    FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
    ORDER BY table_name, ordinal_position`);
  for (const c of columns.rows) {
    const table = (snapshot.tables[c.table_name] ??= { columns: {}, indexes: {}, foreignKeys: {} });
    const isArray = c.data_type === "ARRAY";
    let type = isArray ? c.udt_name.slice(1) : c.udt_name;
    if (type === "timestamp" || type === "timestamptz") type += `(${c.datetime_precision})`;
    if ((type === "varchar" || type === "bpchar") && c.character_maximum_length) type += `(${c.character_maximum_length})`;
    if (type === "numeric" && c.numeric_precision) type += `(${c.numeric_precision},${c.numeric_scale})`;
    table.columns[c.column_name] = { type: isArray ? `${type}[]` : type, nullable: c.is_nullable === "YES", hasDefault: c.column_default !== null };
  }

  const indexes = await client.query<{ table: string; name: string; unique: boolean; primary: boolean; columns: string[] }>(`
    SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary,
           array_agg(a.attname ORDER BY k.ord)::text[] AS columns
    FROM pg_index ix
    JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
    WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'
    GROUP BY t.relname, i.relname, ix.indisunique, ix.indisprimary`);
  for (const i of indexes.rows) {
    snapshot.tables[i.table].indexes[i.name] = { unique: i.unique, primary: i.primary, columns: i.columns };
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
