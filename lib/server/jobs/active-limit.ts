import "server-only";
import type pg from "pg";
import { db } from "@/lib/db";
import { AppError } from "@/lib/server/errors";
import { inSqlTransaction } from "@/lib/server/db/sql-pool";

/** Jobs of one kind one person may have waiting or running in one project at once (MAX_ACTIVE_JOBS). */
export const maxActiveJobs = () => Number(process.env.MAX_ACTIVE_JOBS ?? 3);
/** Jobs of one kind one person may ask for in one project in 24 hours (MAX_JOBS_PER_DAY): finished ones keep their files that long. */
export const maxJobsPerDay = () => Number(process.env.MAX_JOBS_PER_DAY ?? 100);

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
  await inSqlTransaction(async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`${table}:${projectId}:${userId}`]);
    const { rows } = await client.query<{ active: number; today: number }>(
      `SELECT count(*) FILTER (WHERE state IN ('QUEUED', 'RUNNING'))::int AS active, count(*)::int AS today
       FROM "${table}" WHERE "projectId" = $1 AND "userId" = $2 AND "createdAt" > now() - interval '24 hours'`,
      [projectId, userId],
    );
    if (rows[0].active >= max) {
      throw new AppError("RATE_LIMITED", `You already have ${rows[0].active} ${what} waiting or running; wait for one to finish (at most ${max} at once).`, undefined, { "retry-after": "10" });
    }
    if (rows[0].today >= maxJobsPerDay()) {
      throw new AppError("RATE_LIMITED", `You have asked for ${rows[0].today} ${what} in the last 24 hours, the most allowed; finished ones are kept that long.`, undefined, { "retry-after": "3600" });
    }
    await write(client);
  });
}

/** Whether the API token a job came from was revoked (deleted) or has expired since: such a job is not run. */
export async function tokenGone(tokenId: string | null): Promise<boolean> {
  if (!tokenId) return false;
  const token = await db.apiToken.findFirst({ where: { id: tokenId, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] }, select: { id: true } });
  return token === null;
}
