import type PgBoss from "pg-boss";
import { computeFigures } from "@/lib/server/figures/compute-figures";
import { EXPORT_QUEUE, FIGURES_QUEUE, IMPORT_QUEUE, openQueue, type ExportJobMessage, type FiguresJob, type ImportJobMessage } from "@/lib/server/jobs/queue";
import { runImportJob } from "@/lib/server/import/import-jobs";
import { runExportJob } from "@/lib/server/export/export-jobs";
import { watchAnnotationChanges } from "@/lib/server/jobs/change-watcher";

/**
 * Takes jobs from the shared queue and runs them, one at a time, in this process — the worker
 * process `npm start` runs beside the Next server (lib/cli/worker.ts), so the server's request
 * thread never computes figures, writes export files or reads large imports. A job this runner took and did not finish (crash, kill) expires
 * and is retried by whichever runner polls next.
 */
export async function startJobRunner(
  connectionString: string,
  { pollingIntervalSeconds = 1, runFigures = computeFigures, runExport = runExportJob, runImport = runImportJob }: {
    pollingIntervalSeconds?: number;
    runFigures?: (job: FiguresJob, id: string) => Promise<void>;
    runExport?: (exportId: string) => Promise<void>;
    runImport?: (importId: string) => Promise<void>;
  } = {},
): Promise<PgBoss> {
  const boss = await openQueue(connectionString, { runner: true });
  await boss.work<FiguresJob>(FIGURES_QUEUE, { batchSize: 1, pollingIntervalSeconds }, async ([job]) => {
    await runFigures(job.data, job.id);
  });
  // Exports have a worker of their own, so a long export does not hold up the figures (and back).
  await boss.work<ExportJobMessage>(EXPORT_QUEUE, { batchSize: 1, pollingIntervalSeconds }, async ([job]) => {
    await runExport(job.data.exportId);
  });
  await boss.work<ImportJobMessage>(IMPORT_QUEUE, { batchSize: 1, pollingIntervalSeconds }, async ([job]) => {
    await runImport(job.data.importId);
  });
  const watcher = watchAnnotationChanges(connectionString, boss);
  boss.once("stopped", () => void watcher.stop());
  // Started means listening: a change committed after this returns is heard. A database that is
  // down does not hold the start up; the watcher keeps reconnecting.
  await Promise.race([watcher.ready, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  return boss;
}
