import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { DEFAULT_MIGRATIONS_DIR, migrate } from "@/lib/server/db/migrate";

/** A new, empty database on the test server; migrated unless `migrated: false`. */
export async function createTestDatabase({ migrated = true } = {}): Promise<string> {
  const admin = new URL(inject("pgAdminUrl"));
  const host = admin.hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
    throw new Error(`Refusing to create test databases on a non-local server (${host}).`);
  }
  const name = `test_${crypto.randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  if (migrated) await migrate(url.toString());
  return url.toString();
}

/** Points lib/db at a fresh migrated database; import lib/db (dynamically) after this. */
export async function useTestDatabase(): Promise<string> {
  const url = await createTestDatabase();
  process.env.DATABASE_URL = url;
  return url;
}

/**
 * A new database as it stood just before `migration` (every migration up to it, none after), for
 * tests of what that migration does to existing data; `migrate(url)` then applies the rest.
 */
export async function createDatabaseBefore(migration: string): Promise<string> {
  const before = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-"));
  fs.cpSync(DEFAULT_MIGRATIONS_DIR, before, { recursive: true });
  for (const name of fs.readdirSync(before)) if (/^\d{14}_/.test(name) && name >= migration) fs.rmSync(path.join(before, name), { recursive: true });
  if (fs.existsSync(path.join(before, migration))) throw new Error(`${migration} is still among the migrations to apply first`);
  const url = await createTestDatabase({ migrated: false });
  await migrate(url, before);
  return url;
}
