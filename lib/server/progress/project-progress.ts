import "server-only";
import type { ProjectAccess } from "@/lib/server/authz";
import { db } from "@/lib/db";
import { corpusAgreement } from "@/lib/agreement/document-agreement";
import { finishedMap } from "@/lib/server/progress/finished-assignments";
import type { LabeledSpan } from "@/lib/agreement/metrics";

// The project dashboard: how far the work is (per annotator and per document), which labels are
// used, where review stands, and how agreement developed. Counts are of live annotators'
// annotations: deleted ones and the gold layer are left out, as in agreement.

const LIVE = { deletedAt: null, gold: false } as const;

/** Up to this many points on the agreement-over-time line. */
export const AGREEMENT_POINTS = 10;

/** The dashboard's figures, computed now. */
export async function projectProgress(access: ProjectAccess) {
  return computeProjectProgress(access.projectId);
}

export type ProjectProgress = Awaited<ReturnType<typeof computeProjectProgress>>;

/** For the figures job (lib/server/figures), which runs for a project rather than a caller. */
export async function computeProjectProgress(projectId: string) {
  const [members, documents, labels, byAuthorDoc, byAuthorState, byLabel, assignments, gold, madeWhileShared] = await Promise.all([
    db.membership.findMany({ where: { projectId }, orderBy: [{ createdAt: "asc" }, { userId: "asc" }], select: { role: true, user: { select: { id: true, name: true } } } }),
    db.document.findMany({ where: { projectId, deletedAt: null }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, title: true } }),
    db.label.findMany({ where: { projectId }, orderBy: [{ position: "asc" }, { name: "asc" }], select: { id: true, name: true, kind: true, color: true } }),
    db.annotation.groupBy({ by: ["authorId", "documentId"], where: { projectId, ...LIVE }, _count: { _all: true } }),
    db.annotation.groupBy({ by: ["authorId", "reviewState"], where: { projectId, ...LIVE }, _count: { _all: true } }),
    db.annotation.groupBy({ by: ["labelId"], where: { projectId, ...LIVE }, _count: { _all: true } }),
    db.documentAssignment.findMany({ where: { projectId, document: { deletedAt: null } }, select: { documentId: true, userId: true, finishedAt: true } }),
    db.annotation.groupBy({ by: ["documentId"], where: { projectId, deletedAt: null, gold: true }, _count: { _all: true } }),
    db.annotation.count({ where: { projectId, ...LIVE, madeWhileShared: true } }),
  ]);

  const sum = <T>(rows: T[], pick: (r: T) => number) => rows.reduce((n, r) => n + pick(r), 0);
  // Annotators always; anyone else once they have work assigned or annotations of their own.
  const busy = new Set([...byAuthorDoc.map((r) => r.authorId), ...assignments.map((a) => a.userId)]);
  const people = members.filter((m) => m.role === "ANNOTATOR" || busy.has(m.user.id));

  const annotators = people.map(({ user, role }) => {
    const mine = assignments.filter((a) => a.userId === user.id);
    const states = byAuthorState.filter((r) => r.authorId === user.id);
    const state = (s: string) => sum(states.filter((r) => r.reviewState === s), (r) => r._count._all);
    return {
      userId: user.id,
      name: user.name,
      role,
      assigned: mine.length,
      finished: mine.filter((a) => a.finishedAt).length,
      annotations: sum(byAuthorDoc.filter((r) => r.authorId === user.id), (r) => r._count._all),
      accepted: state("ACCEPTED"),
      rejected: state("REJECTED"),
      pending: state("PENDING"),
    };
  });

  const documentRows = documents.map((d) => {
    const on = assignments.filter((a) => a.documentId === d.id);
    const rows = byAuthorDoc.filter((r) => r.documentId === d.id);
    return {
      documentId: d.id,
      title: d.title,
      assigned: on.length,
      finished: on.filter((a) => a.finishedAt).length,
      annotators: rows.length,
      annotations: sum(rows, (r) => r._count._all),
      gold: gold.find((g) => g.documentId === d.id)?._count._all ?? 0,
    };
  });

  const reviewStates = { PENDING: 0, ACCEPTED: 0, REJECTED: 0 };
  for (const r of byAuthorState) reviewStates[r.reviewState] += r._count._all;

  return {
    totals: {
      documents: documents.length,
      annotations: sum(byAuthorDoc, (r) => r._count._all),
      assignments: assignments.length,
      finishedAssignments: assignments.filter((a) => a.finishedAt).length,
      // A document is done when it has assignees and all of them finished.
      documentsDone: documentRows.filter((d) => d.assigned > 0 && d.finished === d.assigned).length,
      gold: sum(gold, (g) => g._count._all),
      // Annotations agreement counts that were made while annotators could see each other's work.
      madeWhileShared,
    },
    annotators,
    documents: documentRows,
    labels: labels.map((l) => ({ ...l, count: byLabel.find((r) => r.labelId === l.id)?._count._all ?? 0 })),
    reviewStates,
    agreementOverTime: await agreementOverTime(projectId, labels, assignments),
  };
}

type Point = { at: Date; annotations: number; annotators: number; krippendorffAlpha: number | null; fleissKappa: number | null };

/**
 * Agreement as it stood at up to AGREEMENT_POINTS moments, replayed from the append-only
 * history: each annotation's state at a moment is the `after` of its last change by then. The
 * moments are spread over the changes (after every tenth of them), not over the calendar, so
 * a burst of work and a quiet month each get their due. The last point is the state now.
 */
async function agreementOverTime(
  projectId: string,
  labels: { id: string; name: string }[],
  assignments: { documentId: string; userId: string; finishedAt: Date | null }[],
): Promise<Point[]> {
  const [history, documents] = await Promise.all([
    db.annotationHistory.findMany({
      where: { annotation: { projectId, gold: false }, action: { in: ["CREATE", "UPDATE", "DELETE"] } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { annotationId: true, action: true, after: true, createdAt: true, annotation: { select: { authorId: true, documentId: true } } },
    }),
    db.document.findMany({ where: { projectId, deletedAt: null }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, text: true, language: true } }),
  ]);
  if (history.length === 0) return [];
  const labelName = new Map(labels.map((l) => [l.id, l.name]));
  const moments = [...new Set(Array.from({ length: AGREEMENT_POINTS }, (_, k) => Math.ceil(((k + 1) * history.length) / AGREEMENT_POINTS) - 1))];
  const state = new Map<string, { authorId: string; documentId: string; span: LabeledSpan }>();
  const points: Point[] = [];
  let next = 0;
  for (const index of moments) {
    for (; next <= index; next++) {
      const h = history[next];
      const after = h.after as { labelId?: string; start?: number; end?: number } | null;
      if (h.action === "DELETE" || !after || after.start === undefined || after.end === undefined) state.delete(h.annotationId);
      else state.set(h.annotationId, { ...h.annotation, span: { start: after.start, end: after.end, label: labelName.get(after.labelId ?? "") ?? "?" } });
    }
    const at = history[index].createdAt;
    const spans = new Map<string, Map<string, LabeledSpan[]>>();
    for (const { authorId, documentId, span } of state.values()) {
      if (!spans.has(authorId)) spans.set(authorId, new Map());
      const byDoc = spans.get(authorId)!;
      byDoc.set(documentId, [...(byDoc.get(documentId) ?? []), span]);
    }
    const figures = corpusAgreement({ documents, spans, finished: finishedMap(assignments, index === history.length - 1 ? undefined : at) });
    points.push({ at, annotations: state.size, annotators: figures.annotators.length, krippendorffAlpha: figures.krippendorffAlpha, fleissKappa: figures.fleissKappa });
  }
  return points;
}
