import "server-only";
import { db } from "@/lib/db";
import { inputMarker } from "@/lib/server/figures/input-marker";
import type { FiguresKind } from "@/lib/server/figures/compute-figures";
import { enqueueFigures, type FiguresJob } from "@/lib/server/jobs/queue";

/** How fresh stored figures are; `computing` while a recomputation is queued or running. */
export type FiguresStatus = {
  computedAt: string | null;
  ageSeconds: number | null;
  /** The inputs changed since the figures were computed. */
  stale: boolean;
  computing: boolean;
  /** Steps of the running recomputation, when one runs. */
  progress: { done: number; total: number } | null;
};

// A recomputation that has been "running" this long lost its runner; the queue retries it.
const STUCK_MS = 30 * 60 * 1000;

/**
 * The last figures computed by the job, never computed on the request: a request reads one row
 * and the input marker (aggregates in PostgreSQL), and when the figures are stale or missing it
 * queues a recomputation (debounced; one per project or document at a time).
 */
export async function readFigures<T>(job: FiguresJob, kind: FiguresKind): Promise<{ result: T | null; status: FiguresStatus }> {
  const scope = job.documentId ?? "";
  const [row, marker] = await Promise.all([
    db.computedFigures.findUnique({ where: { projectId_kind_scope: { projectId: job.projectId, kind, scope } } }),
    inputMarker(job.projectId, job.documentId),
  ]);
  const stale = !row?.computedAt || row.inputMarker !== marker;
  const running = !!row?.computingSince && Date.now() - row.computingSince.getTime() < STUCK_MS;
  if (stale) await enqueueFigures(job);
  const now = Date.now();
  return {
    result: (row?.result ?? null) as T | null,
    status: {
      computedAt: row?.computedAt?.toISOString() ?? null,
      ageSeconds: row?.computedAt ? Math.max(0, Math.round((now - row.computedAt.getTime()) / 1000)) : null,
      stale,
      computing: stale || running,
      progress: running ? { done: row!.progressDone, total: row!.progressTotal } : null,
    },
  };
}
