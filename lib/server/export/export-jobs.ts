import "server-only";
import { db } from "@/lib/db";
import { exportOptionsSchema, type ExportOptions } from "@/lib/schemas/export";
import { authorize, isUuid, resolveProject, sessionCaller, type Caller, type ProjectAccess } from "@/lib/server/authz";
import { AppError, notFound } from "@/lib/server/errors";
import { exportProjectFor } from "@/lib/server/export/export-project";
import { enqueueExport } from "@/lib/server/jobs/queue";
import { insertJobWithinLimit, tokenGone } from "@/lib/server/jobs/active-limit";
import { sqlPool } from "@/lib/server/db/sql-pool";
import { uuidv7 } from "@/lib/ids";

// Exports made by the job runner (lib/server/jobs), not in a request: the Next server's one thread
// only records the request and later hands out the stored file, however large the project. The
// file holds what its requester may see (their access is resolved again when the job runs), so
// only they can read it back; it is kept for EXPORT_KEEP_HOURS, then purged. At most MAX_ACTIVE_JOBS
// (3) per person and project wait or run at once.

/** How long a finished export can be downloaded. */
export const EXPORT_KEEP_HOURS = 24;
/** The file is stored (and read back) in pieces of this size. */
const CHUNK_BYTES = 1024 * 1024;

export type ExportJobView = {
  id: string;
  projectId: string;
  state: "QUEUED" | "RUNNING" | "DONE" | "FAILED";
  check: boolean;
  options: Record<string, string>;
  fileName: string | null;
  bytes: number;
  annotations: number | null;
  summary: unknown;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  expiresAt: string;
  /** Where the file is, once DONE (not for checks). */
  fileUrl: string | null;
};

type Row = Awaited<ReturnType<typeof db.exportJob.findFirstOrThrow>>;

function view(row: Row): ExportJobView {
  return {
    id: row.id,
    projectId: row.projectId,
    state: row.state,
    check: row.checkOnly,
    options: row.options as Record<string, string>,
    fileName: row.fileName,
    bytes: Number(row.bytes),
    annotations: row.annotations,
    summary: row.summary,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    expiresAt: new Date(row.createdAt.getTime() + EXPORT_KEEP_HOURS * 3600_000).toISOString(),
    fileUrl: row.state === "DONE" && !row.checkOnly ? `/api/exports/${row.id}/file` : null,
  };
}

/** The options an export reads (lib/schemas/export.ts); export-jobs.test.ts checks the two agree. */
export const EXPORT_OPTION_NAMES: ReadonlySet<string> = new Set(["format", "documents", "annotators", "layers", "review", "kinds", "offsets", "bom", "embedText", "guard"]);

/** Query-string values as the export's schema reads them: lists joined by commas, booleans as words. */
export function exportParams(options: Record<string, unknown>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || value === null) continue;
    params[key] = Array.isArray(value) ? value.join(",") : String(value);
  }
  return params;
}

/**
 * Queues an export (or, with `check`, a count of what it would hold) for the caller. The options
 * are checked now, so a bad one is refused at once rather than failing in the runner.
 */
export async function requestExport(access: ProjectAccess, given: Record<string, string>, origin: string, { check = false } = {}): Promise<ExportJobView> {
  authorize(access, "export");
  exportOptionsSchema.parse(given);
  // Only the options the export reads are kept (the schema ignores others, the row need not hold them).
  const params = Object.fromEntries(Object.entries(given).filter(([key]) => EXPORT_OPTION_NAMES.has(key)));
  const id = uuidv7();
  await insertJobWithinLimit("ExportJob", access, "exports of this project", async (client) => {
    await client.query(
      `INSERT INTO "ExportJob" (id, "projectId", "userId", options, "checkOnly", origin, bytes, "tokenId") VALUES ($1, $2, $3, $4::jsonb, $5, $6, 0, $7)`,
      [id, access.projectId, access.userId, JSON.stringify(params), check, origin, access.token?.tokenId ?? null],
    );
  });
  const row = await db.exportJob.findUniqueOrThrow({ where: { id } });
  try {
    await enqueueExport({ exportId: row.id });
  } catch (error) {
    // Nothing half-made: without a queued job the row would wait forever.
    await db.exportJob.delete({ where: { id: row.id } }).catch(() => undefined);
    throw error;
  }
  return view(row);
}

/** The caller's own export job, if they may still export that project; 404 otherwise (as if it did not exist). */
async function ownJob(caller: Caller, id: string): Promise<Row> {
  const missing = () => notFound("No export with this id (it may have expired)");
  if (!isUuid(id)) throw missing();
  const row = await db.exportJob.findUnique({ where: { id } });
  if (!row || row.userId !== caller.userId) throw missing();
  // Someone who lost access to the project (or a token not for it) cannot read what they made there,
  // nor someone who now sees less than the file holds (demoted, or the project's sharing narrowed).
  const access = await resolveProject(caller, row.projectId, "export").catch(() => {
    throw missing();
  });
  if ((row.seesAll && !access.sees.all) || (row.seesGold && !access.sees.gold)) throw missing();
  return row;
}

export async function getExportJob(caller: Caller, id: string): Promise<ExportJobView> {
  return view(await ownJob(caller, id));
}

/** The caller's recent exports of a project, newest first. */
export async function listExportJobs(access: ProjectAccess): Promise<ExportJobView[]> {
  authorize(access, "export");
  const rows = await db.exportJob.findMany({ where: { projectId: access.projectId, userId: access.userId }, orderBy: { createdAt: "desc" }, take: 20 });
  return rows.map(view);
}

/** Removes an export (a waiting one is then skipped by the runner; a running one stops at its next piece). */
export async function deleteExportJob(caller: Caller, id: string): Promise<void> {
  const row = await ownJob(caller, id);
  await db.exportJob.delete({ where: { id: row.id } });
}

/** The finished file as a stream of its stored pieces, read one at a time as the client reads. */
export async function exportFile(caller: Caller, id: string): Promise<{ fileName: string; contentType: string; bytes: number; body: ReadableStream<Uint8Array> }> {
  const row = await ownJob(caller, id);
  if (row.checkOnly) throw notFound("This was a check of what an export would hold: it has no file");
  if (row.state !== "DONE") throw new AppError("CONFLICT", row.state === "FAILED" ? `This export failed: ${row.error}` : "This export is not finished yet", { state: row.state });
  let seq = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { rows } = await sqlPool().query<{ data: Buffer }>(`SELECT data FROM "ExportChunk" WHERE "exportId" = $1 AND seq = $2`, [row.id, seq++]);
      if (rows.length) controller.enqueue(new Uint8Array(rows[0].data));
      else controller.close();
    },
  });
  return { fileName: row.fileName!, contentType: row.contentType!, bytes: Number(row.bytes), body };
}

/** Thrown inside a run when its row was deleted meanwhile (the person cancelled). */
class Cancelled extends Error {}

/**
 * Makes one export: what the runner calls for a queued job. Runs as the requester (their access
 * resolved now: someone removed from the project meanwhile gets a failed job, not a file). A rerun
 * after a dead runner starts over. Failures the person should know of are stored on the job.
 */
export async function runExportJob(exportId: string): Promise<void> {
  const row = await db.exportJob.findUnique({ where: { id: exportId } });
  if (!row || row.state === "DONE" || row.state === "FAILED") return;
  // A new run number: a run of this job still going (its runner taken for dead and the job
  // retried) finds it changed and writes nothing more. Then the old run's pieces go.
  const { attempt } = await db.exportJob.update({ where: { id: exportId }, data: { state: "RUNNING", startedAt: new Date(), bytes: 0, attempt: { increment: 1 } }, select: { attempt: true } });
  const mine = { id: exportId, attempt };
  try {
    await db.exportChunk.deleteMany({ where: { exportId } });
    let access: ProjectAccess;
    let options: ExportOptions;
    try {
      if (await tokenGone(row.tokenId)) {
        throw new Error("The API token that asked for this export was revoked or has expired.");
      }
      access = await resolveProject(sessionCaller(row.userId), row.projectId, "export");
      options = exportOptionsSchema.parse(row.options);
    } catch (error) {
      throw new AppError("FORBIDDEN", error instanceof Error ? error.message : "Not allowed to export this project");
    }
    const { result, count } = await exportProjectFor(access, options, row.origin);
    const started = await db.exportJob.updateMany({
      where: mine,
      data: { annotations: count, fileName: result.fileName, contentType: result.contentType, seesAll: access.sees.all, seesGold: access.sees.gold },
    });
    if (!started.count) throw new Cancelled();
    let seq = 0;
    let bytes = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (!pendingBytes) return;
      const data = Buffer.concat(pending);
      pending = [];
      pendingBytes = 0;
      bytes += data.length;
      if (!row.checkOnly) {
        const written = await sqlPool().query(
          `WITH job AS (UPDATE "ExportJob" SET bytes = $3 WHERE id = $1 AND attempt = $5 RETURNING id)
           INSERT INTO "ExportChunk" ("exportId", seq, data) SELECT id, $2, $4 FROM job`,
          [exportId, seq++, bytes, data, attempt],
        );
        if (!written.rowCount) throw new Cancelled();
      } else if (!(await db.exportJob.updateMany({ where: mine, data: { bytes } })).count) {
        throw new Cancelled();
      }
    };
    for await (const chunk of result.body) {
      pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      pendingBytes += chunk.byteLength;
      if (pendingBytes >= CHUNK_BYTES) await flush();
    }
    await flush();
    const done = await db.exportJob.updateMany({
      where: mine,
      data: { state: "DONE", bytes, summary: JSON.parse(JSON.stringify(result.summary())), finishedAt: new Date() },
    });
    if (!done.count) throw new Cancelled();
  } catch (error) {
    // Cancelled, or overtaken by a newer run: that run (or the deletion) owns the row now.
    if (error instanceof Cancelled) return;
    const message = error instanceof AppError ? error.message : "The export failed in the job runner; try again, or ask the operator to look at its log.";
    if (!(error instanceof AppError)) console.error(`[jobs] export ${exportId} failed`, error);
    const failed = await db.exportJob.updateMany({ where: mine, data: { state: "FAILED", error: message, finishedAt: new Date() } }).catch(() => ({ count: 0 }));
    if (failed.count) await db.exportChunk.deleteMany({ where: { exportId } }).catch(() => undefined);
  }
}

/**
 * Marks an export failed that could not finish on any try (its worker thread died each time), so
 * its requester sees the failure instead of an export running forever; its pieces go.
 */
export async function giveUpExportJob(exportId: string): Promise<void> {
  const failed = await db.exportJob.updateMany({
    where: { id: exportId, state: { in: ["QUEUED", "RUNNING"] } },
    data: { state: "FAILED", error: "The export stopped in the job runner before it was finished; try again, or ask the operator to look at its log.", finishedAt: new Date() },
  });
  if (failed.count) await db.exportChunk.deleteMany({ where: { exportId } });
}

/** Removes exports older than EXPORT_KEEP_HOURS (with their files). */
export async function purgeExpiredExports(now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - EXPORT_KEEP_HOURS * 3600_000);
  return (await db.exportJob.deleteMany({ where: { createdAt: { lt: before } } })).count;
}
