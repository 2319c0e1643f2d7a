import "server-only";
import { db } from "@/lib/db";
import type { OffsetUnit } from "@/lib/anchoring/reanchor";
import { authorize, isUuid, resolveProject, type Caller, type ProjectAccess } from "@/lib/server/authz";
import { AppError, notFound } from "@/lib/server/errors";
import { importAnnotationFiles, type ImportedFile } from "@/lib/server/import/import-annotation-sets";
import { enqueueImport } from "@/lib/server/jobs/queue";
import { uuidv7 } from "@/lib/ids";
import { insertJobWithinLimit, tokenGone } from "@/lib/server/jobs/active-limit";

// Annotation-set imports run by the job runner (lib/server/jobs): the request only stores the
// uploaded files; parsing, re-anchoring and writing 20,000 annotations happen off the Next
// server's one thread. The import itself is the same all-or-nothing transaction as the direct
// route's. The report is kept for its requester (a dry run's report names what is in the files).

/** How long a finished import's report is kept. */
export const IMPORT_KEEP_HOURS = 24;

export type ImportJobView = {
  id: string;
  projectId: string;
  state: "QUEUED" | "RUNNING" | "DONE" | "FAILED";
  dryRun: boolean;
  files: number;
  bytes: number;
  report: unknown;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
};

type Row = Awaited<ReturnType<typeof db.importJob.findFirstOrThrow>>;

const view = (row: Row): ImportJobView => ({
  id: row.id,
  projectId: row.projectId,
  state: row.state,
  dryRun: row.dryRun,
  files: row.files,
  bytes: Number(row.bytes),
  report: row.report,
  error: row.error,
  createdAt: row.createdAt.toISOString(),
  finishedAt: row.finishedAt?.toISOString() ?? null,
});

/** Stores the upload and queues its import; the answer comes at once. */
export async function requestImport(access: ProjectAccess, files: ImportedFile[], { dryRun = false, offsetUnit }: { dryRun?: boolean; offsetUnit?: OffsetUnit } = {}): Promise<ImportJobView> {
  authorize(access, "curate");
  if (!files.length) throw new AppError("INVALID_INPUT", 'No files: send them as multipart/form-data in the field "files".');
  const id = uuidv7();
  const bytes = files.reduce((n, f) => n + f.bytes.length, 0);
  // Written with the pool's own client: the files go to PostgreSQL as they are (a 50 MB upload
  // through Prisma's query engine would be re-encoded on this thread first).
  await insertJobWithinLimit("ImportJob", access, "imports into this project", async (client) => {
    await client.query(
      `INSERT INTO "ImportJob" (id, "projectId", "userId", "dryRun", "offsetUnit", "restoresProjects", files, bytes, "tokenId") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [id, access.projectId, access.userId, dryRun, offsetUnit ?? null, !access.token, files.length, bytes, access.token?.tokenId ?? null],
    );
    // One statement for all the files (at most 2,000: readForm's limit).
    await client.query(
      `INSERT INTO "ImportUpload" ("jobId", seq, name, data) SELECT $1, s - 1, n, d FROM unnest($2::text[], $3::bytea[]) WITH ORDINALITY AS u(n, d, s)`,
      [id, files.map((f) => encodeURIComponent(f.name)), files.map((f) => Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength))],
    );
  });
  const row = await db.importJob.findUniqueOrThrow({ where: { id } });
  try {
    await enqueueImport({ importId: id });
  } catch (error) {
    await db.importJob.delete({ where: { id } }).catch(() => undefined);
    throw error;
  }
  return view(row);
}

/** The caller's own import job, while they may still import into its project; 404 otherwise. */
export async function getImportJob(caller: Caller, id: string): Promise<ImportJobView> {
  const missing = () => notFound("No import with this id (it may have expired)");
  if (!isUuid(id)) throw missing();
  const row = await db.importJob.findUnique({ where: { id } });
  if (!row || row.userId !== caller.userId) throw missing();
  await resolveProject(caller, row.projectId, "curate").catch(() => {
    throw missing();
  });
  return view(row);
}

/**
 * Runs one stored import as its requester (their access resolved now). The uploads are removed
 * once read; a failure the person can act on (a refused file, lost access) is kept as the job's
 * error, with the same message the direct route would have answered.
 */
export async function runImportJob(importId: string): Promise<void> {
  const row = await db.importJob.findUnique({ where: { id: importId } });
  if (!row || row.state === "DONE" || row.state === "FAILED") return;
  await db.importJob.update({ where: { id: importId }, data: { state: "RUNNING", startedAt: new Date() } });
  try {
    if (await tokenGone(row.tokenId)) {
      throw new AppError("FORBIDDEN", "The API token that uploaded this import was revoked or has expired; nothing was imported.");
    }
    const access = await resolveProject({ userId: row.userId, token: null }, row.projectId, "curate").catch((error: unknown) => {
      throw new AppError("FORBIDDEN", error instanceof Error ? error.message : "Not allowed to import into this project");
    });
    authorize(access, "curate");
    const uploads = await db.importUpload.findMany({ where: { jobId: importId }, orderBy: { seq: "asc" } });
    // Names are stored encoded: a client may send any name, NUL included, which a text column refuses.
    const files: ImportedFile[] = uploads.map((u) => ({ name: decodeURIComponent(u.name), bytes: new Uint8Array(u.data) }));
    const report = await importAnnotationFiles(row.projectId, row.userId, files, {
      dryRun: row.dryRun,
      offsetUnit: (row.offsetUnit as OffsetUnit | null) ?? undefined,
      restoresProjects: row.restoresProjects,
    });
    await db.$transaction([
      db.importUpload.deleteMany({ where: { jobId: importId } }),
      db.importJob.update({ where: { id: importId }, data: { state: "DONE", report: JSON.parse(JSON.stringify(report)), finishedAt: new Date() } }),
    ]);
  } catch (error) {
    const message = error instanceof AppError ? error.message : "The import failed in the job runner; nothing was written. Try again, or ask the operator to look at its log.";
    if (!(error instanceof AppError)) console.error(`[jobs] import ${importId} failed`, error);
    await db.$transaction([
      db.importUpload.deleteMany({ where: { jobId: importId } }),
      db.importJob.updateMany({ where: { id: importId }, data: { state: "FAILED", error: message, finishedAt: new Date() } }),
    ]);
  }
}

/**
 * Marks an import failed that could not finish on any try (its worker thread died each time):
 * nothing of it was written (one transaction), and its requester sees that instead of an import
 * running forever.
 */
export async function giveUpImportJob(importId: string): Promise<void> {
  await db.$transaction([
    db.importUpload.deleteMany({ where: { jobId: importId } }),
    db.importJob.updateMany({
      where: { id: importId, state: { in: ["QUEUED", "RUNNING"] } },
      data: { state: "FAILED", error: "The import stopped in the job runner before it was finished; nothing was imported. Try again, or ask the operator to look at its log.", finishedAt: new Date() },
    }),
  ]);
}

/** Removes import jobs older than IMPORT_KEEP_HOURS (their uploads with them). */
export async function purgeExpiredImports(now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - IMPORT_KEEP_HOURS * 3600_000);
  return (await db.importJob.deleteMany({ where: { createdAt: { lt: before } } })).count;
}
