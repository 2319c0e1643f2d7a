import "server-only";
import type { ProjectAccess } from "@/lib/server/authz";
import { db } from "@/lib/db";
import { agreementOverTimeKept, type OverTimeBasis, type Point } from "@/lib/server/progress/agreement-over-time";

// The project dashboard: how far the work is (per annotator and per document), which labels are
// used, where review stands, and how agreement developed. Counts are of live annotators'
// annotations: deleted ones and the gold layer are left out, as in agreement.

const LIVE = { deletedAt: null, gold: false } as const;

export { AGREEMENT_POINTS } from "@/lib/server/progress/agreement-over-time";

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
  // Grouped once (a filter per document over every assignment was documents × assignments).
  const group = <T>(rows: T[], key: (r: T) => string) => {
    const map = new Map<string, T[]>();
    for (const r of rows) {
      const list = map.get(key(r));
      if (list) list.push(r);
      else map.set(key(r), [r]);
    }
    return map;
  };
  const assignmentsBy = { user: group(assignments, (a) => a.userId), document: group(assignments, (a) => a.documentId) };
  const countsBy = { author: group(byAuthorDoc, (r) => r.authorId), document: group(byAuthorDoc, (r) => r.documentId), state: group(byAuthorState, (r) => r.authorId) };
  const goldBy = new Map(gold.map((g) => [g.documentId, g._count._all]));
  const labelCounts = new Map(byLabel.map((r) => [r.labelId, r._count._all]));
  // Annotators always; anyone else once they have work assigned or annotations of their own.
  const busy = new Set([...byAuthorDoc.map((r) => r.authorId), ...assignments.map((a) => a.userId)]);
  const people = members.filter((m) => m.role === "ANNOTATOR" || busy.has(m.user.id));

  const annotators = people.map(({ user, role }) => {
    const mine = assignmentsBy.user.get(user.id) ?? [];
    const states = countsBy.state.get(user.id) ?? [];
    const state = (s: string) => sum(states.filter((r) => r.reviewState === s), (r) => r._count._all);
    return {
      userId: user.id,
      name: user.name,
      role,
      assigned: mine.length,
      finished: mine.filter((a) => a.finishedAt).length,
      annotations: sum(countsBy.author.get(user.id) ?? [], (r) => r._count._all),
      accepted: state("ACCEPTED"),
      rejected: state("REJECTED"),
      pending: state("PENDING"),
    };
  });

  const documentRows = documents.map((d) => {
    const on = assignmentsBy.document.get(d.id) ?? [];
    const rows = countsBy.document.get(d.id) ?? [];
    return {
      documentId: d.id,
      title: d.title,
      assigned: on.length,
      finished: on.filter((a) => a.finishedAt).length,
      annotators: rows.length,
      annotations: sum(rows, (r) => r._count._all),
      gold: goldBy.get(d.id) ?? 0,
    };
  });

  // The line as last computed, whose earlier points are kept until the history grew by a tenth.
  const stored = await db.computedFigures.findUnique({ where: { projectId_kind_scope: { projectId, kind: "progress", scope: "" } }, select: { result: true } });
  const last = stored?.result as { agreementOverTime?: (Omit<Point, "at"> & { at: string })[]; overTimeBasis?: OverTimeBasis } | null;
  const overTime = await agreementOverTimeKept(projectId, labels, assignments, last?.agreementOverTime && last.overTimeBasis ? { points: last.agreementOverTime, basis: last.overTimeBasis } : null);

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
    labels: labels.map((l) => ({ ...l, count: labelCounts.get(l.id) ?? 0 })),
    reviewStates,
    agreementOverTime: overTime.points,
    // What the earlier points were replayed from (not answered: lib/server/figures/figures.ts drops it).
    overTimeBasis: overTime.basis,
  };
}
