import "server-only";
import pg from "pg";

// A pool of plain `pg` connections for the paths where Prisma's query building and result mapping
// cost more than the query: streaming exports (a million rows) and the hot annotation paths
// (create, update, list — one statement each). Everything else goes through lib/db.ts. Lazily
// created. Ten connections: on two cores PostgreSQL gains nothing from more concurrent statements,
// and a create waiting for its document's change lock holds one.
const globalForPool = globalThis as unknown as { sqlPool?: pg.Pool };

export function sqlPool(): pg.Pool {
  if (!globalForPool.sqlPool) {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error("DATABASE_URL is not set.");
    const pool = new pg.Pool({ connectionString, max: Number(process.env.SQL_POOL_SIZE ?? 10) });
    // An idle connection dies when the database stops or restarts. Without a listener that
    // 'error' event is an uncaught exception (it ends a command-line process); the pool has
    // already dropped the connection and opens a new one for the next query.
    pool.on("error", () => undefined);
    globalForPool.sqlPool = pool;
  }
  return globalForPool.sqlPool;
}

/** Runs `work` in a transaction on one of the pool's connections: committed when it returns, rolled back when it throws. */
export async function inSqlTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await sqlPool().connect();
  try {
    await client.query("BEGIN");
    const value = await work(client);
    await client.query("COMMIT");
    return value;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Closes the pool (command-line tools, so the process can exit). */
export async function closeSqlPool() {
  await globalForPool.sqlPool?.end();
  globalForPool.sqlPool = undefined;
}
