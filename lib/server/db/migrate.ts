// Applies prisma/migrations/<name>/migration.sql in order, recording each in `_prisma_migrations`
// exactly as `prisma migrate deploy` does (same table, sha256 checksum of the file, same advisory
// lock key), so that Prisma's own `migrate status` / `migrate deploy` agree with us wherever its
// schema engine is available. Unlike Prisma, each migration runs in one transaction: a failing
// migration leaves nothing half-applied.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { migrationNames } from "./migration-names";

// The key Prisma's schema engine takes with pg_advisory_lock while migrating.
const PRISMA_ADVISORY_LOCK_KEY = 72707369;

export const DEFAULT_MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../../prisma/migrations");

export type MigrationFile = { name: string; sql: string; checksum: string };

export class MigrationError extends Error {}

export function readMigrations(dir = DEFAULT_MIGRATIONS_DIR): MigrationFile[] {
  return migrationNames(dir).map((name) => {
    const bytes = fs.readFileSync(path.join(dir, name, "migration.sql"));
    return { name, sql: bytes.toString("utf8"), checksum: crypto.createHash("sha256").update(bytes).digest("hex") };
  });
}

const CREATE_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

type AppliedRow = { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null };

export type MigrateResult = { applied: string[]; alreadyApplied: number };

export async function migrate(databaseUrl: string, dir = DEFAULT_MIGRATIONS_DIR): Promise<MigrateResult> {
  const migrations = readMigrations(dir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK_KEY]);
    try {
      await client.query(CREATE_TABLE);
      const { rows } = await client.query<AppliedRow>(
        `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at`,
      );
      const applied = new Map<string, AppliedRow>();
      for (const row of rows) {
        if (row.rolled_back_at) continue;
        if (!row.finished_at) {
          throw new MigrationError(
            `Migration ${row.migration_name} was started but never finished (a failed \`prisma migrate deploy\`?). ` +
              "Repair the database by hand, then mark it rolled back or finished in _prisma_migrations.",
          );
        }
        applied.set(row.migration_name, row);
      }
      for (const migration of migrations) {
        const row = applied.get(migration.name);
        if (row && row.checksum !== migration.checksum) {
          throw new MigrationError(
            `Migration ${migration.name} was edited after it was applied to this database ` +
              `(checksum ${row.checksum.slice(0, 12)}… in the database, ${migration.checksum.slice(0, 12)}… on disk). ` +
              "Applied migrations must never change: restore the file and put the change in a new migration.",
          );
        }
      }
      const pending = migrations.filter((m) => !applied.has(m.name));
      for (const migration of pending) {
        await client.query("BEGIN");
        try {
          await client.query(migration.sql);
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count, started_at)
             VALUES ($1, $2, now(), $3, 1, now())`,
            [crypto.randomUUID(), migration.checksum, migration.name],
          );
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK");
          throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${(error as Error).message}`);
        }
      }
      return { applied: pending.map((m) => m.name), alreadyApplied: migrations.length - pending.length };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}
