import "server-only";
import pg from "pg";

// A small pool of plain `pg` connections for the few paths where Prisma's result mapping costs
// more than the query (streaming exports read a million rows). Everything else goes through
// lib/db.ts. Lazily created, so a process that never exports never connects.
const globalForPool = globalThis as unknown as { sqlPool?: pg.Pool };

export function sqlPool(): pg.Pool {
  if (!globalForPool.sqlPool) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set.");
    globalForPool.sqlPool = new pg.Pool({ connectionString, max: Number(process.env.SQL_POOL_SIZE ?? 4) });
  }
  return globalForPool.sqlPool;
}

/** Closes the pool (command-line tools, so the process can exit). */
export async function closeSqlPool() {
  await globalForPool.sqlPool?.end();
  globalForPool.sqlPool = undefined;
}
