import type PgBoss from "pg-boss";
import { EXPORT_QUEUE, FIGURES_QUEUE, IMPORT_QUEUE, openQueue, SUGGESTIONS_QUEUE, type ExportJobMessage, type FiguresJob, type ImportJobMessage, type SuggestionsJobMessage } from "@/lib/server/jobs/queue";
import { runInWorker, workerThreads } from "@/lib/server/jobs/run-in-worker";
import { giveUpExportJob } from "@/lib/server/export/export-jobs";
import { giveUpImportJob } from "@/lib/server/import/import-jobs";
import { watchAnnotationChanges } from "@/lib/server/jobs/change-watcher";

/**
 * Takes jobs from the shared queue and hands each to a worker thread of this process's pool
 * (run-in-worker.ts) — the process `npm start` runs beside the Next server (lib/cli/worker.ts), so
 * the server's request thread never computes figures, writes export files, reads large imports or
 * suggests mentions, and this process's main thread stays free to poll, hear annotation changes
 * and start the next job while one computes. Each queue is polled by as many loops as there are
 * threads, so that many of its jobs run at once. A job this runner took and did not finish
 * (crash, kill) expires and is retried by whichever runner polls next; one whose thread died
 * fails at once and is retried.
 */
export async function startJobRunner(
  connectionString: string,
  {
    pollingIntervalSeconds = 1,
    runFigures = (job) => runInWorker("figures", job),
    runExport = (exportId) => runInWorker("exportFile", { exportId }),
    runImport = (importId) => runInWorker("importFiles", { importId }),
    runSuggestions = async (message) => void (await runInWorker("suggestOnImport", message)),
    lanes = workerThreads(),
  }: {
    pollingIntervalSeconds?: number;
    runFigures?: (job: FiguresJob, id: string) => Promise<void>;
    runExport?: (exportId: string) => Promise<void>;
    runImport?: (importId: string) => Promise<void>;
    runSuggestions?: (message: SuggestionsJobMessage) => Promise<void>;
    /** Jobs of one queue run at once (default: the pool's threads). */
    lanes?: number;
  } = {},
): Promise<PgBoss> {
  const boss = await openQueue(connectionString, { runner: true });
  const options = { batchSize: 1, pollingIntervalSeconds, includeMetadata: true as const };
  for (let lane = 0; lane < Math.max(1, lanes); lane++) {
    await boss.work<FiguresJob>(FIGURES_QUEUE, options, async ([job]) => {
      await runFigures(job.data, job.id);
    });
    // Each kind has workers of its own, so a long export does not hold up the figures (and back).
    await boss.work<ExportJobMessage>(EXPORT_QUEUE, options, async ([job]) => {
      try {
        await runExport(job.data.exportId);
      } catch (error) {
        // The export records its own failures; this is its thread dying (or the database gone).
        // After the last try the person sees a failed export instead of one running forever.
        if (job.retryCount >= job.retryLimit) await giveUpExportJob(job.data.exportId).catch(() => undefined);
        throw error;
      }
    });
    await boss.work<ImportJobMessage>(IMPORT_QUEUE, options, async ([job]) => {
      try {
        await runImport(job.data.importId);
      } catch (error) {
        if (job.retryCount >= job.retryLimit) await giveUpImportJob(job.data.importId).catch(() => undefined);
        throw error;
      }
    });
    await boss.work<SuggestionsJobMessage>(SUGGESTIONS_QUEUE, options, async ([job]) => {
      await runSuggestions(job.data);
    });
  }
  const watcher = watchAnnotationChanges(connectionString, boss);
  boss.once("stopped", () => void watcher.stop());
  // Started means listening: a change committed after this returns is heard. A database that is
  // down does not hold the start up; the watcher keeps reconnecting.
  await Promise.race([watcher.ready, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  return boss;
}
