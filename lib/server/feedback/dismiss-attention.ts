import "server-only";
import { db } from "@/lib/db";
import type { ProjectAccess } from "@/lib/server/authz";
import { AppError, notFound } from "@/lib/server/errors";

/**
 * The author puts away the feedback shown for one of their annotations; feedback that arrives
 * later shows again (list-attention.ts compares times).
 */
export async function dismissAttention(access: ProjectAccess, annotationId: string) {
  const { userId, projectId } = access;
  const annotation = await db.annotation.findFirst({ where: { id: annotationId, projectId, deletedAt: null }, select: { authorId: true } });
  if (!annotation) throw notFound("No such annotation in this project.");
  if (annotation.authorId !== userId) throw new AppError("FORBIDDEN", "Only an annotation's author puts away the feedback on it.");
  const dismissedAt = new Date();
  await db.attentionDismissal.upsert({
    where: { userId_annotationId: { userId, annotationId } },
    create: { userId, annotationId, dismissedAt },
    update: { dismissedAt },
  });
  return { annotationId, dismissedAt };
}
