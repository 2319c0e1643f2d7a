import "server-only";
import type pg from "pg";
import { AppError } from "@/lib/server/errors";
import { sqlPool } from "@/lib/server/db/sql-pool";

/** Jobs of one kind one person may have waiting or running in one project at once (MAX_ACTIVE_JOBS). */
export const maxActiveJobs = () => Number(process.env.MAX_ACTIVE_JOBS ?? 3);

/**
 * Writes a new job (with `write`, in one transaction) unless the person already has
 * maxActiveJobs() of this kind waiting or running in the project: then 429, nothing written. A
 * lock per person, project and kind makes the count and the insert one step, so requests sent at
 * once cannot slip past the limit together.
 */
export async function insertJobWithinLimit(
  table: "ExportJob" | "ImportJob",
  { projectId, userId }: { projectId: string; userId: string },
  what: string,
  write: (client: pg.PoolClient) => Promise<void>,
): Promise<void> {
  const max = maxActiveJobs();
  const client = await sqlPool().connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`${table}:${projectId}:${userId}`]);
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${table}" WHERE "projectId" = $1 AND "userId" = $2 AND state IN ('QUEUED', 'RUNNING')`,
      [projectId, userId],
    );
    if (rows[0].n >= max) {
      throw new AppError("RATE_LIMITED", `You already have ${rows[0].n} ${what} waiting or running; wait for one to finish (at most ${max} at once).`, undefined, { "retry-after": "10" });
    }
    await write(client);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
