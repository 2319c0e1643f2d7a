import "server-only";
import { db } from "@/lib/db";
import { AgreementSums, documentStats, figuresFromSums, type DocumentStats } from "@/lib/agreement/agreement-stats";
import { wordTokens, type Token } from "@/lib/agreement/tokens";
import type { LabeledSpan } from "@/lib/agreement/metrics";
import { refreshDocumentStats, STATS_BATCH, STATS_BATCH_CHARACTERS, storedDocumentStats } from "@/lib/server/agreement/document-stats";

/** Up to this many points on the agreement-over-time line. */
export const AGREEMENT_POINTS = 10;

/** The earlier points are replayed again once the history grew by this share since their replay. */
export const REPLAY_GROWTH = 0.1;

export type Point = { at: Date; annotations: number; annotators: number; krippendorffAlpha: number | null; fleissKappa: number | null };

export type ReplayReport = { documents: number; batches: number; largestBatch: number };

type Cut = { i: number; at: Date; id: string };
type HistoryRow = { id: string; annotationId: string; action: string; after: unknown; createdAt: Date; annotation: { authorId: string; documentId: string } };

const pushTo = <T>(map: Map<string, T[]>, key: string, value: T) => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

// (createdAt, id) order, as PostgreSQL sorts them: uuids compare as their lowercase hex.
const notAfter = (h: { createdAt: Date; id: string }, cut: Cut) => h.createdAt.getTime() < cut.at.getTime() || (h.createdAt.getTime() === cut.at.getTime() && h.id <= cut.id);

/**
 * Agreement as it stood at up to AGREEMENT_POINTS moments, replayed from the append-only
 * history: each annotation's state at a moment is the `after` of its last change by then. The
 * moments are spread over the changes (after every tenth of them), not over the calendar, so
 * a burst of work and a quiet month each get their due. The last point is the state now.
 *
 * Replayed one batch of documents at a time: each document's history gives its statistics at
 * every moment (recomputed only where its state changed since the moment before), and the
 * moments' sums add them up — memory holds a batch, not the project's history.
 */
export async function agreementOverTime(
  projectId: string,
  labels: { id: string; name: string }[],
  assignments: { documentId: string; userId: string; finishedAt: Date | null }[],
  { batchSize = STATS_BATCH, batchCharacters = STATS_BATCH_CHARACTERS, report }: { batchSize?: number; batchCharacters?: number; report?: ReplayReport } = {},
): Promise<Point[]> {
  const [{ total }] = await db.$queryRaw<{ total: number }[]>`
    SELECT count(*)::int AS total FROM "AnnotationHistory" h JOIN "Annotation" a ON a.id = h."annotationId"
     WHERE a."projectId" = ${projectId}::uuid AND NOT a.gold AND h.action IN ('CREATE', 'UPDATE', 'DELETE')`;
  if (total === 0) return [];
  const moments = [...new Set(Array.from({ length: AGREEMENT_POINTS }, (_, k) => Math.ceil(((k + 1) * total) / AGREEMENT_POINTS) - 1))];
  const rows = await db.$queryRaw<Cut[]>`
    SELECT i, "createdAt" AS at, id FROM (
      SELECT h.id::text AS id, h."createdAt", (row_number() OVER (ORDER BY h."createdAt", h.id) - 1)::int AS i
        FROM "AnnotationHistory" h JOIN "Annotation" a ON a.id = h."annotationId"
       WHERE a."projectId" = ${projectId}::uuid AND NOT a.gold AND h.action IN ('CREATE', 'UPDATE', 'DELETE')) t
     WHERE i = ANY(${moments}::int[]) ORDER BY i`;
  const cuts = rows.map((r) => ({ ...r, at: new Date(r.at) }));
  const labelName = new Map(labels.map((l) => [l.id, l.name]));
  const finishedAt = new Map<string, { userId: string; finishedAt: Date }[]>();
  for (const a of assignments) if (a.finishedAt) pushTo(finishedAt, a.documentId, { userId: a.userId, finishedAt: a.finishedAt });
  const sums = cuts.map(() => new AgreementSums());
  const live = cuts.map(() => 0);

  // Every document, deleted ones too: their annotations count among the annotations of the moment
  // (as they did then), but not in agreement.
  let after: string | null = null;
  for (;;) {
    const page: { id: string; length: number; deletedAt: Date | null }[] = await db.document.findMany({
      where: { projectId, ...(after ? { id: { gt: after } } : {}) },
      orderBy: { id: "asc" },
      take: batchSize,
      select: { id: true, length: true, deletedAt: true },
    });
    if (!page.length) break;
    let characters = 0;
    const batch = page.filter((d, i) => (characters += d.deletedAt ? 0 : d.length) <= batchCharacters || i === 0);
    after = batch.at(-1)!.id;
    const ids = batch.map((d) => d.id);
    const [history, texts] = await Promise.all([
      db.annotationHistory.findMany({
        where: { annotation: { projectId, gold: false, documentId: { in: ids } }, action: { in: ["CREATE", "UPDATE", "DELETE"] } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { id: true, annotationId: true, action: true, after: true, createdAt: true, annotation: { select: { authorId: true, documentId: true } } },
      }),
      db.document.findMany({ where: { id: { in: batch.filter((d) => !d.deletedAt).map((d) => d.id) } }, select: { id: true, text: true, language: true } }),
    ]);
    const rowsOf = new Map<string, HistoryRow[]>();
    for (const h of history) pushTo(rowsOf, h.annotation.documentId, h);
    const textOf = new Map(texts.map((t) => [t.id, t]));
    for (const documentId of ids) {
      const rows = rowsOf.get(documentId) ?? [];
      const text = textOf.get(documentId);
      let tokens: Token[] | null = null;
      const state = new Map<string, { authorId: string; span: LabeledSpan }>();
      let next = 0;
      let last: { key: string; stats: DocumentStats | null } | null = null;
      for (let k = 0; k < cuts.length; k++) {
        const cut = cuts[k];
        let changed = false;
        for (; next < rows.length && notAfter(rows[next], cut); next++) {
          const h = rows[next];
          const a = h.after as { labelId?: string; start?: number; end?: number } | null;
          if (h.action === "DELETE" || !a || a.start === undefined || a.end === undefined) state.delete(h.annotationId);
          else state.set(h.annotationId, { authorId: h.annotation.authorId, span: { start: a.start, end: a.end, label: labelName.get(a.labelId ?? "") ?? "?" } });
          changed = true;
        }
        live[k] += state.size;
        if (!text) continue;
        const isLast = k === cuts.length - 1;
        const finished = (finishedAt.get(documentId) ?? []).filter((f) => isLast || f.finishedAt <= cut.at).map((f) => f.userId);
        const key = finished.sort().join(",");
        if (!last || changed || last.key !== key) {
          let stats: DocumentStats | null = null;
          if (state.size || finished.length) {
            tokens ??= wordTokens(text.text, text.language ?? "en");
            const spans = new Map<string, LabeledSpan[]>();
            for (const { authorId, span } of state.values()) pushTo(spans, authorId, span);
            stats = documentStats(tokens, spans, finished);
          }
          last = { key, stats };
        }
        if (last.stats) sums[k].add(last.stats);
      }
    }
    if (report) {
      report.documents += ids.length;
      report.batches++;
      report.largestBatch = Math.max(report.largestBatch, ids.length);
    }
  }
  return cuts.map((cut, k) => {
    const figures = figuresFromSums(sums[k]);
    return { at: cut.at, annotations: live[k], annotators: figures.annotators.length, krippendorffAlpha: figures.krippendorffAlpha, fleissKappa: figures.fleissKappa };
  });
}

/** What the earlier points were replayed from: the number of changes, and what else shapes the past. */
export type OverTimeBasis = { changes: number; marker: string };

/**
 * What past points depend on besides the history: which documents are deleted (a deleted one
 * leaves every point; a new one has no past), label names, and who had finished what by the last
 * earlier point (`before`; finishing now changes only the last point, un-finishing the past).
 */
async function pastMarker(projectId: string, before: Date | null): Promise<{ changes: number; lastChange: Date | null; marker: string }> {
  const [row] = await db.$queryRaw<{ changes: number; lastChange: Date | null; marker: string }[]>`
    SELECT count(*)::int AS changes, max(h."createdAt") AS "lastChange",
      md5(concat_ws('|',
        (SELECT md5(string_agg(id::text, ',' ORDER BY id)) FROM "Document" WHERE "projectId" = ${projectId}::uuid AND "deletedAt" IS NOT NULL),
        (SELECT md5(string_agg(id::text || name, ',' ORDER BY id)) FROM "Label" WHERE "projectId" = ${projectId}::uuid),
        (SELECT md5(string_agg("documentId"::text || "userId"::text || "finishedAt"::text, ',' ORDER BY "documentId", "userId"))
           FROM "DocumentAssignment" WHERE "projectId" = ${projectId}::uuid AND "finishedAt" <= ${before}::timestamptz)
      )) AS marker
      FROM "AnnotationHistory" h JOIN "Annotation" a ON a.id = h."annotationId"
     WHERE a."projectId" = ${projectId}::uuid AND NOT a.gold AND h.action IN ('CREATE', 'UPDATE', 'DELETE')`;
  return { ...row, lastChange: row.lastChange ? new Date(row.lastChange) : null };
}

type StoredPoint = Omit<Point, "at"> & { at: string | Date };

/** The moment of the last earlier point (before the last one, now), which the marker covers. */
const lastEarlier = (points: StoredPoint[]) => (points.length > 1 ? new Date(points[points.length - 2].at) : null);

/**
 * The agreement-over-time line, replayed (agreementOverTime) only when the history grew by a
 * tenth since the last replay, or something that shapes the past changed; otherwise the earlier
 * points of the last replay are kept and the last point — now — is the sum of the documents'
 * stored agreement statistics (recomputed for the documents that changed). The work per change
 * is then that of the changed documents; a replay of the whole history happens about ten times
 * while a project's history grows tenfold.
 */
export async function agreementOverTimeKept(
  projectId: string,
  labels: { id: string; name: string }[],
  assignments: { documentId: string; userId: string; finishedAt: Date | null }[],
  previous: { points: StoredPoint[]; basis: OverTimeBasis } | null,
  options: { batchSize?: number; batchCharacters?: number; report?: ReplayReport } = {},
): Promise<{ points: Point[]; basis: OverTimeBasis }> {
  if (previous && previous.points.length > 1) {
    const { changes, lastChange, marker } = await pastMarker(projectId, lastEarlier(previous.points));
    const { basis } = previous;
    if (lastChange && marker === basis.marker && changes >= basis.changes && changes < basis.changes * (1 + REPLAY_GROWTH)) {
      await refreshDocumentStats(projectId, options);
      const sums = new AgreementSums();
      for await (const batch of storedDocumentStats(projectId, options.batchSize)) batch.forEach((d) => sums.add(d.stats));
      const figures = figuresFromSums(sums);
      const annotations = await db.annotation.count({ where: { projectId, gold: false, deletedAt: null } });
      const now: Point = { at: lastChange, annotations, annotators: figures.annotators.length, krippendorffAlpha: figures.krippendorffAlpha, fleissKappa: figures.fleissKappa };
      return { points: [...previous.points.slice(0, -1).map((p) => ({ ...p, at: new Date(p.at) })), now], basis };
    }
  }
  const points = await agreementOverTime(projectId, labels, assignments, options);
  // Read after the replay, whose moments it needs: new changes made meanwhile land in the next
  // run's last point; a document deleted meanwhile would stay in the earlier points until the next
  // replay (a window of one replay's length).
  const { changes, marker } = await pastMarker(projectId, lastEarlier(points));
  return { points, basis: { changes, marker } };
}
