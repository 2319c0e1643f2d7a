// The tasks the job runner's worker threads run (worker-pool.ts, run-in-worker.ts): each export is
// a task, named by its export name, taking and returning plain data. A whole job is one task here:
// its database reads are decoded, and its conversion or matching computed, on the thread (Prisma
// and the `pg` pool are opened per thread, on first use), so the runner's main thread only takes
// jobs from the queue and hands them over.
import { computeFigures } from "@/lib/server/figures/compute-figures";
import { runExportJob } from "@/lib/server/export/export-jobs";
import { runImportJob } from "@/lib/server/import/import-jobs";
import { runSuggestionsJob } from "@/lib/server/documents/suggest-on-import";
import type { FiguresJob, SuggestionsJobMessage } from "@/lib/server/jobs/queue";

/** Agreement and progress figures of a project, or one document's agreement. */
export const figures = (job: FiguresJob) => computeFigures(job);
/** Makes one export file: reading, converting (CoNLL, brat, W3C …) and storing it. */
export const exportFile = ({ exportId }: { exportId: string }) => runExportJob(exportId);
/** Parses, re-anchors and writes one uploaded annotation-set import. */
export const importFiles = ({ importId }: { importId: string }) => runImportJob(importId);
/** Knowledge-base suggestions and on-import recommenders for newly imported documents. */
export const suggestOnImport = (message: SuggestionsJobMessage) => runSuggestionsJob(message);
