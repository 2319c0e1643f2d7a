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
    const pool = new pg.Pool({ connectionString, max: Number(process.env.SQL_POOL_SIZE ?? 4) });
    // An idle connection dies when the database stops or restarts. Without a listener that
    // 'error' event is an uncaught exception (it ends a command-line process); the pool has
    // already dropped the connection and opens a new one for the next query.
    pool.on("error", () => undefined);
    globalForPool.sqlPool = pool;
  }
  return globalForPool.sqlPool;
}

/** Closes the pool (command-line tools, so the process can exit). */
export async function closeSqlPool() {
  await globalForPool.sqlPool?.end();
  globalForPool.sqlPool = undefined;
}
