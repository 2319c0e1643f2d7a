import "server-only";
import path from "node:path";
import { db } from "@/lib/db";
import { migrationNames } from "@/lib/server/db/migration-names";

// Production never migrates on start (`npm run db:migrate` is an explicit step), so an app that
// was upgraded without it would fail on its first query of a new column. The health check says so
// instead. Read from the working directory: inside Next's bundle import.meta points elsewhere.
const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

export type SchemaStatus = { status: "current" } | { status: "behind"; pending: string[] } | { status: "unknown" };

let knownCurrent = false;

export async function schemaStatus(): Promise<SchemaStatus> {
  if (knownCurrent) return { status: "current" };
  let expected: string[];
  try {
    expected = migrationNames(MIGRATIONS_DIR);
  } catch {
    return { status: "unknown" };
  }
  const [{ present }] = await db.$queryRaw<{ present: boolean }[]>`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`;
  const applied = present
    ? new Set(
        (await db.$queryRaw<{ name: string }[]>`SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`).map((r) => r.name),
      )
    : new Set<string>();
  const pending = expected.filter((name) => !applied.has(name));
  if (pending.length) return { status: "behind", pending };
  // Migrations only ever get added by a new release, which restarts the app: once current, stays so.
  knownCurrent = true;
  return { status: "current" };
}
