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

/**
 * One page of a list inside the stored figures (the project's per-document agreement: 10,000 rows
 * at research scale): PostgreSQL cuts the page out of the stored JSON, so the request parses and
 * sends that page, not the whole list. The answer carries `<list>Total` and `<list>Offset`.
 */
export type FiguresPage = { list: "documents"; offset: number; limit: number };

type StoredRow = { result: unknown; computedAt: Date | null; inputMarker: string | null; computingSince: Date | null; progressDone: number; progressTotal: number };

async function pagedRow(projectId: string, kind: FiguresKind, scope: string, { list, offset, limit }: FiguresPage): Promise<StoredRow | null> {
  const rows = await db.$queryRaw<StoredRow[]>`
    SELECT "computedAt", "inputMarker", "computingSince", "progressDone", "progressTotal",
           CASE WHEN result IS NULL OR jsonb_typeof(result -> ${list}::text) IS DISTINCT FROM 'array' THEN result
                ELSE (result - ${list}::text) || jsonb_build_object(
                  ${list}::text, coalesce((SELECT jsonb_agg(e ORDER BY i) FROM jsonb_array_elements(result -> ${list}::text) WITH ORDINALITY AS t(e, i)
                                     WHERE i > ${offset}::int AND i <= ${offset + limit}::int), '[]'::jsonb),
                  ${`${list}Total`}::text, jsonb_array_length(result -> ${list}::text),
                  ${`${list}Offset`}::text, ${offset}::int) END AS result
    FROM "ComputedFigures" WHERE "projectId" = ${projectId}::uuid AND kind = ${kind}::text AND scope = ${scope}::text`;
  return rows[0] ?? null;
}

// A recomputation that has been "running" this long lost its runner; the queue retries it.
const STUCK_MS = 30 * 60 * 1000;

/**
 * The last figures computed by the job, never computed on the request: a request reads one row
 * and the input marker (aggregates in PostgreSQL), and when the figures are stale or missing it
 * queues a recomputation (debounced; one per project or document at a time).
 */
export async function readFigures<T>(job: FiguresJob, kind: FiguresKind, page?: FiguresPage): Promise<{ result: T | null; status: FiguresStatus }> {
  const scope = job.documentId ?? "";
  const [row, marker] = await Promise.all([
    page ? pagedRow(job.projectId, kind, scope, page) : db.computedFigures.findUnique({ where: { projectId_kind_scope: { projectId: job.projectId, kind, scope } } }),
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
