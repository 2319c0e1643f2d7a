import crypto from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { migrate } from "@/lib/server/db/migrate";

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
