import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import type { reviewSchema } from "@/lib/schemas/review";
import { authorize, reviewAction, type Caller, type DocumentAccess } from "@/lib/server/authz";
import { toAnnotationDto } from "@/lib/server/annotations/annotation-dto";
import { findAnnotationForUser } from "@/lib/server/annotations/change-annotation";
import { bumpSeq, lockDocumentChanges, notifyAnnotationChange } from "@/lib/server/annotations/notify";
import { AppError } from "@/lib/server/errors";

const REVIEW_SELECT = {
  id: true, decision: true, comment: true, annotationVersion: true, createdAt: true, updatedAt: true,
  reviewer: { select: { id: true, name: true } },
} as const;

/**
 * Accept or reject someone else's annotation. Curators and owners review; annotators too when
 * the project allows peer review; nobody reviews their own work, and a verdict must be about the
 * annotation's current version.
 */
export async function reviewAnnotation(caller: Caller, annotationId: string, input: z.infer<typeof reviewSchema>) {
  const { userId } = caller;
  const { annotation, access } = await findAnnotationForUser(caller, annotationId);
  const project = await db.project.findUniqueOrThrow({ where: { id: access.projectId }, select: { peerReview: true } });
  authorize(access, reviewAction(project.peerReview), { ownerIds: [annotation.authorId] });
  if (annotation.deletedAt) throw new AppError("CONFLICT", "This annotation was deleted; there is nothing to review.", { current: toAnnotationDto(annotation) });
  if (annotation.version !== input.version) {
    throw new AppError("CONFLICT", `The annotation changed since you looked at it (now version ${annotation.version}); review it again.`, {
      current: toAnnotationDto(annotation),
    });
  }
  return db.$transaction(async (tx) => {
    await lockDocumentChanges(tx, annotation.documentId);
    // The annotation's state is the newest verdict, on exactly the version the reviewer saw.
    const { count } = await tx.annotation.updateMany({
      where: { id: annotationId, version: input.version, deletedAt: null },
      data: { reviewState: input.decision },
    });
    if (count === 0) throw new AppError("CONFLICT", "The annotation changed while you were reviewing it; review it again.");
    await bumpSeq(tx, annotationId);
    await notifyAnnotationChange(tx, annotation.documentId, annotationId);
    const review = await tx.review.upsert({
      where: { annotationId_reviewerId: { annotationId, reviewerId: userId } },
      create: { annotationId, reviewerId: userId, decision: input.decision, comment: input.comment, annotationVersion: annotation.version },
      update: { decision: input.decision, comment: input.comment, annotationVersion: annotation.version },
      select: REVIEW_SELECT,
    });
    await tx.annotationHistory.create({
      data: {
        annotationId, actorId: userId, action: "REVIEW", version: annotation.version,
        after: { decision: input.decision, comment: input.comment },
      },
    });
    return review;
  });
}

/** An annotation's review state (its latest verdict on the current version) and every verdict. */
export async function listReviews(access: DocumentAccess, annotationId: string) {
  const [annotation, reviews] = await Promise.all([
    db.annotation.findFirstOrThrow({ where: { id: annotationId, documentId: access.documentId }, select: { reviewState: true, version: true } }),
    db.review.findMany({ where: { annotationId }, orderBy: { updatedAt: "asc" }, select: REVIEW_SELECT }),
  ]);
  return { state: annotation.reviewState.toLowerCase() as "pending" | "accepted" | "rejected", version: annotation.version, reviews };
}
