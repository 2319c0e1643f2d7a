// A fingerprint of every row of every application table: how many rows and a hash of their
// contents. Two equal fingerprints mean nothing was written in between — not a row added, removed
// or changed — which is how tests prove that a refused request left no partial write behind.
// Meant for small test databases: it reads every row.
import pg from "pg";

export type DbFingerprint = Record<string, { rows: number; hash: string }>;

export type Fingerprinter = { take(): Promise<DbFingerprint>; close(): Promise<void> };

export async function fingerprinter(databaseUrl: string): Promise<Fingerprinter> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows: tables } = await client.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'
      ORDER BY table_name`,
  );
  if (tables.length === 0) throw new Error("No tables to fingerprint: is the database migrated?");
  // Row hashes sorted, so the fingerprint does not depend on physical row order.
  const sql = tables
    .map(({ name }) => `SELECT ${pg.escapeLiteral(name)} AS name, count(*)::int AS rows, md5(coalesce(string_agg(md5(t::text), '' ORDER BY md5(t::text)), '')) AS hash FROM ${pg.escapeIdentifier(name)} t`)
    .join(" UNION ALL ");
  return {
    async take() {
      const { rows } = await client.query<{ name: string; rows: number; hash: string }>(sql);
      return Object.fromEntries(rows.map((r) => [r.name, { rows: r.rows, hash: r.hash }]));
    },
    close: () => client.end(),
  };
}

/** The tables whose rows differ, with their row counts before → after; empty when nothing changed. */
export function changedTables(before: DbFingerprint, after: DbFingerprint): string[] {
  return Object.keys({ ...before, ...after })
    .filter((t) => before[t]?.hash !== after[t]?.hash)
    .map((t) => `${t} (${before[t]?.rows ?? 0} → ${after[t]?.rows ?? 0} rows)`);
}
