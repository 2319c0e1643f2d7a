import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { expect, test } from "vitest";
import { createTestDatabase } from "@/lib/testing/test-database";
import { DEFAULT_MIGRATIONS_DIR, migrate, readMigrations } from "@/lib/server/db/migrate";

function copyMigrations(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-"));
  fs.cpSync(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

test("migrations apply once, are recorded like Prisma records them, and re-running is a no-op", async () => {
  const url = await createTestDatabase({ migrated: false });
  const first = await migrate(url);
  expect(first.applied).toEqual(readMigrations().map((m) => m.name));
  const second = await migrate(url);
  expect(second.applied).toEqual([]);
  const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
    url,
    `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations"`,
  );
  expect(rows.map((r) => r.migration_name)).toEqual(first.applied);
  for (const row of rows) {
    expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(row.finished_at).toBeInstanceOf(Date);
    expect(row.applied_steps_count).toBe(1);
  }
});

test("concurrent starts apply each migration exactly once (advisory lock)", async () => {
  const url = await createTestDatabase({ migrated: false });
  const results = await Promise.all([migrate(url), migrate(url), migrate(url)]);
  const appliedCounts = results.map((r) => r.applied.length).sort();
  expect(appliedCounts).toEqual([0, 0, readMigrations().length]);
  const rows = await query<{ n: string }>(url, `SELECT count(*) AS n FROM "_prisma_migrations"`);
  expect(Number(rows[0].n)).toBe(readMigrations().length);
});

test("an applied migration that was edited afterwards stops the start with a clear message", async () => {
  const url = await createTestDatabase({ migrated: false });
  const dir = copyMigrations();
  await migrate(url, dir);
  const first = readMigrations(dir)[0];
  fs.appendFileSync(path.join(dir, first.name, "migration.sql"), "\n-- an innocent-looking edit\n");
  await expect(migrate(url, dir)).rejects.toThrow(new RegExp(`Migration ${first.name} was edited after it was applied`));
});

test("a failing migration is rolled back completely and not recorded", async () => {
  const url = await createTestDatabase({ migrated: false });
  const dir = copyMigrations();
  const bad = path.join(dir, "29991231000000_broken");
  fs.mkdirSync(bad);
  fs.writeFileSync(path.join(bad, "migration.sql"), `CREATE TABLE "Half" (id int);\nSELECT * FROM "no_such_table";\n`);
  await expect(migrate(url, dir)).rejects.toThrow(/29991231000000_broken failed and was rolled back/);
  const tables = await query<{ table_name: string }>(url, `SELECT table_name FROM information_schema.tables WHERE table_name = 'Half'`);
  expect(tables).toEqual([]);
  const names = await query<{ migration_name: string }>(url, `SELECT migration_name FROM "_prisma_migrations"`);
  expect(names.map((n) => n.migration_name)).not.toContain("29991231000000_broken");
});
