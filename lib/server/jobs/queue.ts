import PgBoss from "pg-boss";

// The job queue every app instance shares: pg-boss keeps its jobs in PostgreSQL (schema "pgboss")
// and hands each one to exactly one runner (SELECT … FOR UPDATE SKIP LOCKED), so several
// instances and restarts are handled by the database. See README.md beside this file.

/** Recompute a project's figures (agreement, progress), or one document's agreement. */
export const FIGURES_QUEUE = "figures";
export type FiguresJob = { projectId: string; documentId?: string };

/** Make an export file (lib/server/export/export-jobs.ts). */
export const EXPORT_QUEUE = "exports";
export type ExportJobMessage = { exportId: string };

/** Import uploaded annotation sets (lib/server/import/import-jobs.ts). */
export const IMPORT_QUEUE = "imports";
export type ImportJobMessage = { importId: string };

/**
 * Knowledge-base suggestions and on-import recommenders for the documents one import made
 * (lib/server/documents/suggest-on-import.ts). The requester, not their access: it is resolved
 * again when the job runs.
 */
export const SUGGESTIONS_QUEUE = "suggestions";
export type SuggestionsJobMessage = { projectId: string; userId: string; tokenId: string | null; documentIds: string[] };

/**
 * Changes in a burst are collected into one recomputation: a job waits this long before it may
 * start, and while one waits no second is queued for the same figures (policy "stately": at most
 * one queued and one running per key).
 */
const debounceSeconds = () => Number(process.env.FIGURES_DEBOUNCE_SECONDS ?? 2);

export async function openQueue(connectionString: string, { runner }: { runner: boolean }): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString,
    max: runner ? 4 : 2,
    // Maintenance (expiring, archiving) once per database is enough, but several runners doing it
    // is safe; senders (the Next servers) leave it to the runners.
    supervise: runner,
    schedule: false,
    migrate: true,
    application_name: runner ? "workbench-jobs" : "workbench-web",
    // How often a runner looks for jobs that outlived their expiry (their runner died); tests shorten it.
    maintenanceIntervalSeconds: Number(process.env.JOBS_MAINTENANCE_SECONDS ?? 60),
  });
  boss.on("error", (error) => console.error("[jobs]", error instanceof Error ? error.message : error));
  await boss.start();
  // A job running longer than this is taken as dead (its runner crashed or was killed) and retried.
  const expireInSeconds = Number(process.env.JOBS_EXPIRE_SECONDS ?? 30 * 60);
  await boss.createQueue(FIGURES_QUEUE, { name: FIGURES_QUEUE, policy: "stately", retryLimit: 3, retryDelay: 1, expireInSeconds });
  // An export is retried once if its runner died; it starts over (its chunks are replaced).
  await boss.createQueue(EXPORT_QUEUE, { name: EXPORT_QUEUE, policy: "standard", retryLimit: 1, retryDelay: 1, expireInSeconds });
  // An import is all or nothing (one transaction), so a rerun after a dead runner is safe.
  await boss.createQueue(IMPORT_QUEUE, { name: IMPORT_QUEUE, policy: "standard", retryLimit: 1, retryDelay: 1, expireInSeconds });
  // Suggesting twice adds nothing and a recommender's run replaces its earlier proposals, so retries are safe.
  await boss.createQueue(SUGGESTIONS_QUEUE, { name: SUGGESTIONS_QUEUE, policy: "standard", retryLimit: 2, retryDelay: 2, expireInSeconds });
  return boss;
}

const globalForQueue = globalThis as unknown as { workbenchQueue?: { url: string; boss: Promise<PgBoss> } };

/** The sending side for this process (the Next server), opened on first use. */
export function senderQueue(): Promise<PgBoss> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set.");
  const held = globalForQueue.workbenchQueue;
  if (held && held.url === url) return held.boss;
  const boss = openQueue(url, { runner: false });
  globalForQueue.workbenchQueue = { url, boss };
  // A failed start is retried on the next use instead of being remembered.
  boss.catch(() => {
    if (globalForQueue.workbenchQueue?.boss === boss) globalForQueue.workbenchQueue = undefined;
  });
  return boss;
}

export const figuresKey = (job: FiguresJob) => (job.documentId ? `${job.projectId}:${job.documentId}` : job.projectId);

/** Queue a recomputation unless one for the same figures is already waiting: the new job's id, or null. */
export async function enqueueFigures(job: FiguresJob, boss?: PgBoss): Promise<string | null> {
  return (boss ?? (await senderQueue())).send(FIGURES_QUEUE, job, { singletonKey: figuresKey(job), startAfter: debounceSeconds() });
}

/** Queue the making of an export file: the pg-boss job id. */
export async function enqueueExport(message: ExportJobMessage, boss?: PgBoss): Promise<string | null> {
  return (boss ?? (await senderQueue())).send(EXPORT_QUEUE, message);
}

/** Queue an uploaded import: the pg-boss job id. */
export async function enqueueImport(message: ImportJobMessage, boss?: PgBoss): Promise<string | null> {
  return (boss ?? (await senderQueue())).send(IMPORT_QUEUE, message);
}

/** Queue the suggestions for newly imported documents: the pg-boss job id. */
export async function enqueueSuggestions(message: SuggestionsJobMessage, boss?: PgBoss): Promise<string | null> {
  return (boss ?? (await senderQueue())).send(SUGGESTIONS_QUEUE, message);
}
