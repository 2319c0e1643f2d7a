import "server-only";
import type { z } from "zod";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { commentSchema } from "@/lib/schemas/comment";
import { authorize, resolveResource, type Caller, type ProjectAccess } from "@/lib/server/authz";
import { findAnnotationForUser } from "@/lib/server/annotations/change-annotation";
import { bumpSeq, lockDocumentChanges, notifyAnnotationChange } from "@/lib/server/annotations/notify";
import { AppError } from "@/lib/server/errors";

const COMMENT_SELECT = {
  id: true, parentId: true, body: true, resolved: true, createdAt: true, author: { select: { id: true, name: true } },
} as const;

/** Threads of an annotation, oldest first, replies nested. Reading changes nothing: markCommentsSeen does. */
export async function listComments(caller: Caller, annotationId: string) {
  await findAnnotationForUser(caller, annotationId);
  const comments = await db.annotationComment.findMany({ where: { annotationId }, orderBy: { createdAt: "asc" }, select: COMMENT_SELECT });
  const threads = comments.filter((c) => !c.parentId).map((thread) => ({ ...thread, replies: comments.filter((c) => c.parentId === thread.id) }));
  return { threads };
}

/**
 * The annotation's author has seen its discussion (the viewer showed it to them): its comments no
 * longer count as new replies. Anyone else who may read it changes nothing. A request of its own,
 * not a side effect of reading: a read-only token, a prefetch or a link preview marks nothing.
 */
export async function markCommentsSeen(caller: Caller, annotationId: string): Promise<{ seen: number }> {
  const { annotation } = await findAnnotationForUser(caller, annotationId);
  if (annotation.authorId !== caller.userId) return { seen: 0 };
  const { count } = await db.annotationComment.updateMany({ where: { annotationId, seenByAnnotationAuthor: false }, data: { seenByAnnotationAuthor: true } });
  return { seen: count };
}

/** Members who may annotate may discuss; a reply goes to a thread of the same annotation. */
export async function addComment(caller: Caller, annotationId: string, input: z.infer<typeof commentSchema>) {
  const { userId } = caller;
  const { annotation, access } = await findAnnotationForUser(caller, annotationId);
  authorize(access, "comment");
  if (input.parentId) {
    const parent = await db.annotationComment.findFirst({ where: { id: input.parentId, annotationId, parentId: null }, select: { id: true } });
    if (!parent) throw new AppError("INVALID_INPUT", "You can only reply to a thread of this annotation.");
  }
  return db.$transaction(async (tx) => {
    const comment = await tx.annotationComment.create({
      data: { annotationId, authorId: userId, parentId: input.parentId, body: input.body, seenByAnnotationAuthor: annotation.authorId === userId },
      select: COMMENT_SELECT,
    });
    await announceDiscussion(tx, annotation.documentId, annotationId);
    return comment;
  });
}

/**
 * A discussion changed: the annotation goes out again on its document's change stream (same
 * version, new place in the change order), so an open viewer of its author hears of the comment
 * — and a viewer that was offline catches up — without an event kind of its own.
 */
async function announceDiscussion(tx: Prisma.TransactionClient, documentId: string, annotationId: string) {
  await lockDocumentChanges(tx, documentId);
  await bumpSeq(tx, annotationId);
  await notifyAnnotationChange(tx, documentId, annotationId);
}

/** The thread's starter, the annotation's author and curators resolve or reopen a thread; viewers never. */
export async function setThreadResolved(caller: Caller, commentId: string, resolved: boolean) {
  const access = await resolveResource(caller, "Comment", commentId);
  const comment = await db.annotationComment.findUniqueOrThrow({
    where: { id: commentId },
    select: { id: true, parentId: true, authorId: true, annotationId: true, annotation: { select: { authorId: true, documentId: true } } },
  });
  if (comment.parentId) throw new AppError("INVALID_INPUT", "Only a thread (its first comment) is resolved, not a reply.");
  // Viewers only read, also one who started the thread or wrote the annotation before a demotion.
  authorize(access, "resolve-thread", { ownerIds: [comment.authorId, comment.annotation.authorId] });
  return db.$transaction(async (tx) => {
    const updated = await tx.annotationComment.update({ where: { id: commentId }, data: { resolved }, select: COMMENT_SELECT });
    await announceDiscussion(tx, comment.annotation.documentId, comment.annotationId);
    return updated;
  });
}

/** Comments by others on the caller's annotations in a project that the caller has not seen yet. */
export async function unseenReplies(access: ProjectAccess) {
  const { userId, projectId } = access;
  return db.annotationComment.findMany({
    where: { seenByAnnotationAuthor: false, authorId: { not: userId }, annotation: { authorId: userId, projectId, deletedAt: null } },
    orderBy: { createdAt: "desc" },
    take: 50,
    select: { ...COMMENT_SELECT, annotation: { select: { id: true, exact: true, documentId: true } } },
  });
}
