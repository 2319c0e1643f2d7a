import "server-only";
import { db } from "@/lib/db";
import type { ProjectAccess } from "@/lib/server/authz";

// "Needs your attention": feedback by other people on the caller's own live annotations in a
// project, which the caller has not acted on yet. An item leaves the list when its author acts:
//   - a rejection, or an acceptance with a comment, on the annotation's current version — gone
//     once the annotation changes (a change resets its review state to pending) or is deleted;
//   - a discussion thread whose latest comment is someone else's — gone once the author answers
//     in it, resolves it, changes the annotation after that comment, or deletes the annotation;
//   - anything the author dismissed: feedback up to the dismissal stays hidden, newer shows again.
// Four queries whatever the number of annotations; each list is capped.

const MAX_ITEMS = 100;

export type AttentionItem = {
  /** Stable for one piece of feedback: a viewer tells new feedback from what it already showed. */
  key: string;
  kind: "rejected" | "accepted" | "comment";
  at: Date;
  by: string;
  /** The reviewer's comment, or the comment in the thread. */
  text: string;
  annotation: { id: string; documentId: string; documentTitle: string; exact: string; version: number; label: { name: string; color: string } };
};

const ANNOTATION_SELECT = {
  id: true, documentId: true, exact: true, version: true,
  document: { select: { title: true } },
  label: { select: { name: true, color: true } },
} as const;

type AnnotationRow = { id: string; documentId: string; exact: string; version: number; document: { title: string }; label: { name: string; color: string } };
const annotationOf = (a: AnnotationRow): AttentionItem["annotation"] => ({
  id: a.id, documentId: a.documentId, documentTitle: a.document.title, exact: a.exact, version: a.version, label: a.label,
});

export async function listAttention(access: ProjectAccess, filter: { documentId?: string } = {}): Promise<AttentionItem[]> {
  const { userId, projectId } = access;
  const mine = { authorId: userId, projectId, deletedAt: null, gold: false, ...(filter.documentId ? { documentId: filter.documentId } : {}) };
  const [reviewed, threads] = await Promise.all([
    db.annotation.findMany({
      where: { ...mine, reviewState: { in: ["REJECTED", "ACCEPTED"] }, reviews: { some: { reviewerId: { not: userId } } } },
      orderBy: { updatedAt: "desc" },
      take: MAX_ITEMS,
      select: {
        ...ANNOTATION_SELECT, reviewState: true,
        reviews: { select: { id: true, decision: true, comment: true, annotationVersion: true, updatedAt: true, reviewerId: true, reviewer: { select: { name: true } } } },
      },
    }),
    db.annotationComment.findMany({
      where: {
        parentId: null,
        resolved: false,
        annotation: mine,
        OR: [{ authorId: { not: userId } }, { replies: { some: { authorId: { not: userId } } } }],
      },
      orderBy: { createdAt: "desc" },
      take: MAX_ITEMS,
      select: {
        id: true, body: true, createdAt: true, authorId: true, author: { select: { name: true } },
        replies: { orderBy: { createdAt: "asc" }, select: { id: true, body: true, createdAt: true, authorId: true, author: { select: { name: true } } } },
        annotation: { select: ANNOTATION_SELECT },
      },
    }),
  ]);

  const items: AttentionItem[] = [];
  for (const a of reviewed) {
    // The verdict that set the current state, on the current version, by someone else.
    const verdict = a.reviews
      .filter((r) => r.decision === a.reviewState && r.annotationVersion === a.version && r.reviewerId !== userId)
      .sort((x, y) => y.updatedAt.getTime() - x.updatedAt.getTime())[0];
    if (!verdict || (verdict.decision === "ACCEPTED" && !verdict.comment)) continue;
    items.push({
      key: `review:${verdict.id}:${verdict.updatedAt.getTime()}`,
      kind: verdict.decision === "REJECTED" ? "rejected" : "accepted",
      at: verdict.updatedAt, by: verdict.reviewer.name, text: verdict.comment, annotation: annotationOf(a),
    });
  }

  const threadIds = new Set(threads.map((t) => t.annotation.id));
  const changedAt = threadIds.size
    ? await db.annotationHistory.groupBy({
        by: ["annotationId"],
        where: { annotationId: { in: [...threadIds] }, actorId: userId, action: "UPDATE" },
        _max: { createdAt: true },
      })
    : [];
  const lastChange = new Map(changedAt.map((h) => [h.annotationId, h._max.createdAt?.getTime() ?? 0]));
  for (const thread of threads) {
    const last = [thread, ...thread.replies].reduce((x, y) => (y.createdAt >= x.createdAt ? y : x));
    if (last.authorId === userId) continue; // answered
    if ((lastChange.get(thread.annotation.id) ?? 0) > last.createdAt.getTime()) continue; // acted on by changing the annotation
    items.push({ key: `comment:${last.id}`, kind: "comment", at: last.createdAt, by: last.author.name, text: last.body, annotation: annotationOf(thread.annotation) });
  }

  const annotationIds = [...new Set(items.map((i) => i.annotation.id))];
  const dismissals = annotationIds.length
    ? await db.attentionDismissal.findMany({ where: { userId, annotationId: { in: annotationIds } }, select: { annotationId: true, dismissedAt: true } })
    : [];
  const dismissedAt = new Map(dismissals.map((d) => [d.annotationId, d.dismissedAt.getTime()]));
  return items
    .filter((i) => i.at.getTime() > (dismissedAt.get(i.annotation.id) ?? -Infinity))
    .sort((x, y) => y.at.getTime() - x.at.getTime())
    .slice(0, MAX_ITEMS);
}
